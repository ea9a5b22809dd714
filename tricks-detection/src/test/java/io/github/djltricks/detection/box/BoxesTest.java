/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.github.djltricks.detection.Golden;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class BoxesTest {

    private static NDArray boxes(NDManager m, float[] flat) {
        return m.create(flat, new Shape(flat.length / 4, 4));
    }

    @Test
    void pairwiseIouAndGiouMatchTorchvision() {
        JsonObject g = Golden.load("detection_box_loss").getAsJsonObject("pairwise");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = boxes(m, Golden.floats(g.get("boxes1")));
            NDArray b = boxes(m, Golden.floats(g.get("boxes2")));
            float[] iou = Boxes.iou(a, b).toFloatArray();
            float[] giou = Boxes.giou(a, b).toFloatArray();
            double[] wantIou = Golden.doubles(g.get("iou"));
            double[] wantGiou = Golden.doubles(g.get("giou"));
            assertThat(Boxes.iou(a, b).getShape()).isEqualTo(new Shape(9, 8));
            for (int i = 0; i < wantIou.length; i++) {
                assertThat((double) iou[i]).as("iou %d", i).isCloseTo(wantIou[i], within(1e-6));
                assertThat((double) giou[i]).as("giou %d", i).isCloseTo(wantGiou[i], within(1e-6));
            }
            // The golden set holds copies of boxes1[0..1] in boxes2[5..6]: IoU 1 on the diagonal.
            assertThat(iou[5]).isEqualTo(1f);
            assertThat(iou[8 + 6]).isEqualTo(1f);
        }
    }

    @Test
    void zeroAreaAndEmptyInputsGiveFiniteMatrices() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray points = boxes(m, new float[] {1, 1, 1, 1, 2, 2, 2, 5, 0, 0, 4, 4});
            float[] iou = Boxes.iou(points, points).toFloatArray();
            float[] giou = Boxes.giou(points, points).toFloatArray();
            for (int i = 0; i < iou.length; i++) {
                assertThat(iou[i]).isFinite().isBetween(0f, 1f);
                assertThat(giou[i]).isFinite().isBetween(-1f, 1f);
            }
            assertThat(iou[0]).isZero(); // a point against itself: union 0, IoU taken as 0
            assertThat(iou[8]).isEqualTo(1f); // the proper box against itself
            NDArray empty = m.zeros(new Shape(0, 4));
            assertThat(Boxes.iou(empty, points).getShape()).isEqualTo(new Shape(0, 3));
            assertThat(Boxes.giou(points, empty).getShape()).isEqualTo(new Shape(3, 0));
            assertThat(Boxes.area(empty).getShape()).isEqualTo(new Shape(0));
        }
    }

    @Test
    void malformedBoxesAreRejectedNamingTheRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray good = boxes(m, new float[] {0, 0, 1, 1});
            NDArray flipped = boxes(m, new float[] {0, 0, 1, 1, 5, 0, 3, 2});
            NDArray nan = boxes(m, new float[] {0, 0, 1, 1, 0, 0, 1, 1, 0, Float.NaN, 1, 1});
            NDArray inf = boxes(m, new float[] {Float.NEGATIVE_INFINITY, 0, 1, 1});
            assertThatThrownBy(() -> Boxes.iou(flipped, good))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("boxes1 row 1")
                    .hasMessageContaining("x1 <= x2");
            assertThatThrownBy(() -> Boxes.giou(good, nan))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("boxes2 row 2")
                    .hasMessageContaining("NaN");
            assertThatThrownBy(() -> Boxes.checkXyxy(inf, "anchors"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("anchors row 0");
            assertThatThrownBy(() -> Boxes.area(m.zeros(new Shape(2, 3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(..., 4)");
        }
    }

    @Test
    void conversionsAreaClipScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xyxy = boxes(m, new float[] {10, 20, 40, 60, -5, 0, 5, 10});
            assertThat(Boxes.convert(xyxy, BoxFormat.XYXY, BoxFormat.XYWH).toFloatArray())
                    .containsExactly(10, 20, 30, 40, -5, 0, 10, 10);
            assertThat(Boxes.convert(xyxy, BoxFormat.XYXY, BoxFormat.CXCYWH).toFloatArray())
                    .containsExactly(25, 40, 30, 40, 0, 5, 10, 10);
            NDArray cxcywh = boxes(m, new float[] {25, 40, 30, 40});
            assertThat(Boxes.convert(cxcywh, BoxFormat.CXCYWH, BoxFormat.XYWH).toFloatArray())
                    .containsExactly(10, 20, 30, 40);
            assertThat(Boxes.area(xyxy).toFloatArray()).containsExactly(1200, 100);
            assertThat(Boxes.clip(xyxy, 30, 50).toFloatArray())
                    .containsExactly(10, 20, 30, 50, 0, 0, 5, 10);
            assertThat(Boxes.scale(xyxy, 0.5, 2).toFloatArray())
                    .containsExactly(5, 40, 20, 120, -2.5f, 0, 2.5f, 20);
            NDArray batched = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(1, 2, 4));
            assertThat(Boxes.convert(batched, BoxFormat.XYWH, BoxFormat.XYXY).getShape())
                    .isEqualTo(new Shape(1, 2, 4));
            assertThat(Boxes.area(batched).getShape()).isEqualTo(new Shape(1, 2));
            NDArray doubles = xyxy.toType(DataType.FLOAT64, false);
            assertThat(Boxes.scale(doubles, 2, 2).getDataType()).isEqualTo(DataType.FLOAT64);
            assertThatThrownBy(() -> Boxes.clip(xyxy, -1, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("width must be finite and >= 0, got -1.0");
        }
    }

    @Property(tries = 60)
    void conversionsRoundTrip(
            @ForAll @FloatRange(min = -100, max = 100) float x,
            @ForAll @FloatRange(min = -100, max = 100) float y,
            @ForAll @FloatRange(min = 0, max = 50) float w,
            @ForAll @FloatRange(min = 0, max = 50) float h) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xyxy = boxes(m, new float[] {x, y, x + w, y + h});
            for (BoxFormat f : BoxFormat.values()) {
                float[] back =
                        Boxes.convert(Boxes.convert(xyxy, BoxFormat.XYXY, f), f, BoxFormat.XYXY)
                                .toFloatArray();
                float[] orig = xyxy.toFloatArray();
                for (int i = 0; i < 4; i++) {
                    assertThat(back[i]).isCloseTo(orig[i], within(1e-4f));
                }
            }
            // IoU of a box with itself is 1 unless it has zero area; GIoU likewise.
            float self = Boxes.iou(xyxy, xyxy).getFloat(0, 0);
            float area = Boxes.area(xyxy).getFloat(0);
            assertThat(self).isEqualTo(area > 0 ? 1f : 0f);
        }
    }

    @Property(tries = 60)
    void iouIsSymmetricBoundedAndGiouBelowIou(
            @ForAll @FloatRange(min = 0, max = 60) float ax,
            @ForAll @FloatRange(min = 0, max = 60) float ay,
            @ForAll @FloatRange(min = 0, max = 40) float aw,
            @ForAll @FloatRange(min = 0, max = 40) float ah,
            @ForAll @FloatRange(min = 0, max = 60) float bx,
            @ForAll @FloatRange(min = 0, max = 60) float by,
            @ForAll @FloatRange(min = 0, max = 40) float bw,
            @ForAll @FloatRange(min = 0, max = 40) float bh) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = boxes(m, new float[] {ax, ay, ax + aw, ay + ah});
            NDArray b = boxes(m, new float[] {bx, by, bx + bw, by + bh});
            float ab = Boxes.iou(a, b).getFloat(0, 0);
            float ba = Boxes.iou(b, a).getFloat(0, 0);
            float gab = Boxes.giou(a, b).getFloat(0, 0);
            assertThat(ab).isEqualTo(ba).isBetween(0f, 1f);
            assertThat(gab).isBetween(-1f, 1f).isLessThanOrEqualTo(ab + 1e-6f);
        }
    }
}
