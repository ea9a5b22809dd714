/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static io.github.djltricks.detection.yolo.YoloAssigner.BOX_INDEX;
import static io.github.djltricks.detection.yolo.YoloAssigner.CHANNELS;
import static io.github.djltricks.detection.yolo.YoloAssigner.OBJECTNESS_INDEX;
import static io.github.djltricks.detection.yolo.YoloAssigner.OBJECTNESS_MASK_INDEX;
import static io.github.djltricks.detection.yolo.YoloAssigner.OFFSET_INDEX;
import static io.github.djltricks.detection.yolo.YoloAssigner.SCALE_INDEX;
import static io.github.djltricks.detection.yolo.YoloAssigner.WEIGHT_INDEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-built cases: which head, anchor and cell a human would pick, what is ignored, weights. */
class YoloAssignerTest {

    // Two heads, stride 16 (anchors 8x8, 16x16) and stride 32 (anchors 32x32, 48x24).
    static final float[][][] ANCHORS = {{{8, 8}, {16, 16}}, {{32, 32}, {48, 24}}};
    static final int[] STRIDES = {16, 32};

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private YoloAssigner.Builder assigner() {
        return YoloAssigner.builder().setAnchors(ANCHORS).setStrides(STRIDES).setNumClasses(3);
    }

    private NDList assign(YoloAssigner a, float[][] boxes, int[] classes, float[] weights) {
        int m = boxes.length;
        float[] flat = new float[m * 4];
        float[] cls = new float[m];
        float[] mask = new float[m];
        for (int j = 0; j < m; j++) {
            System.arraycopy(boxes[j], 0, flat, 4 * j, 4);
            cls[j] = classes[j];
            mask[j] = 1;
        }
        return a.assign(
                manager,
                64,
                64,
                manager.create(flat, new Shape(1, m, 4)),
                manager.create(cls, new Shape(1, m)),
                manager.create(weights, new Shape(1, m)),
                manager.create(mask, new Shape(1, m)));
    }

    private static float[] slot(NDList targets, int head, int anchor, int gy, int gx) {
        return targets.get(head).get(new NDIndex("0, {}, {}, {}", anchor, gy, gx)).toFloatArray();
    }

    @Test
    void aSmallBoxGoesToTheSmallAnchorOfTheFineHeadInTheCellOfItsCentre() {
        // 16x16 box centred at (40, 24): best anchor is head 0, anchor 1 (IoU 1); cell (x=2, y=1)
        NDList t =
                assign(
                        assigner().build(),
                        new float[][] {{32, 16, 48, 32}},
                        new int[] {2},
                        new float[] {1});
        assertThat(t.get(0).getShape()).isEqualTo(new Shape(1, 2, 4, 4, CHANNELS + 3));
        assertThat(t.get(1).getShape()).isEqualTo(new Shape(1, 2, 2, 2, CHANNELS + 3));
        float[] s = slot(t, 0, 1, 1, 2);
        assertThat(s[OBJECTNESS_INDEX]).isEqualTo(1f);
        assertThat(s[WEIGHT_INDEX]).isEqualTo(1f);
        assertThat(new float[] {s[BOX_INDEX], s[BOX_INDEX + 1], s[BOX_INDEX + 2], s[BOX_INDEX + 3]})
                .containsExactly(32, 16, 48, 32);
        assertThat(s[OFFSET_INDEX]).isCloseTo(0.5f, within(1e-6f)); // 40/16 - 2
        assertThat(s[OFFSET_INDEX + 1]).isCloseTo(0.5f, within(1e-6f)); // 24/16 - 1
        assertThat(s[OFFSET_INDEX + 2]).isCloseTo(0f, within(1e-6f)); // log(16/16)
        assertThat(s[SCALE_INDEX]).isCloseTo(2f - 256f / 4096f, within(1e-6f));
        assertThat(new float[] {s[CHANNELS], s[CHANNELS + 1], s[CHANNELS + 2]})
                .containsExactly(0, 0, 1);
        // exactly one positive in the whole batch
        float positives = 0;
        for (NDArray head : t) {
            positives += head.get(new NDIndex("..., {}", OBJECTNESS_INDEX)).sum().getFloat();
        }
        assertThat(positives).isEqualTo(1f);
    }

    @Test
    void aPositiveThresholdMakesEveryWellShapedAnchorAPositiveInItsOwnHeadsCell() {
        // 16x16 box centred at (40, 24). Shape IoU with the anchors: 8x8 0.25, 16x16 1 (best),
        // 32x32 0.25, 48x24 256/1152 = 0.222
        float[][] box = {{32, 16, 48, 32}};
        NDList t =
                assign(
                        assigner().optPositiveThreshold(0.24f).build(),
                        box,
                        new int[] {1},
                        new float[] {0.5f});
        assertThat(positives(t)).isEqualTo(3f);
        float[] small = slot(t, 0, 0, 1, 2);
        assertThat(small[OBJECTNESS_INDEX]).isEqualTo(1f);
        assertThat(small[WEIGHT_INDEX]).isEqualTo(0.5f);
        assertThat(small[OFFSET_INDEX + 2]).isCloseTo((float) Math.log(2), within(1e-6f));
        assertThat(small[CHANNELS + 1]).isEqualTo(1f);
        float[] coarse = slot(t, 1, 0, 0, 1); // 40/32 -> column 1, 24/32 -> row 0
        assertThat(coarse[OBJECTNESS_INDEX]).isEqualTo(1f);
        assertThat(coarse[OFFSET_INDEX]).isCloseTo(40f / 32 - 1, within(1e-6f));
        assertThat(coarse[OFFSET_INDEX + 1]).isCloseTo(24f / 32, within(1e-6f));
        assertThat(coarse[OFFSET_INDEX + 3]).isCloseTo((float) Math.log(0.5), within(1e-6f));
        assertThat(slot(t, 1, 1, 0, 1)[OBJECTNESS_INDEX]).isEqualTo(0f);

        NDList lower =
                assign(
                        assigner().optPositiveThreshold(0.2f).build(),
                        box,
                        new int[] {1},
                        new float[] {1});
        assertThat(positives(lower)).isEqualTo(4f);
        assertThat(slot(lower, 1, 1, 0, 1)[OBJECTNESS_INDEX]).isEqualTo(1f);
        // 1 (the default) keeps YOLOv3's single positive, as if the option were not set
        NDList one =
                assign(
                        assigner().optPositiveThreshold(1f).build(),
                        box,
                        new int[] {1},
                        new float[] {1});
        NDList standard = assign(assigner().build(), box, new int[] {1}, new float[] {1});
        for (int h = 0; h < 2; h++) {
            assertThat(one.get(h).toFloatArray()).containsExactly(standard.get(h).toFloatArray());
        }
        assertThatThrownBy(() -> assigner().optPositiveThreshold(1.5f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positiveThreshold")
                .hasMessageContaining("1.5");
    }

    private static float positives(NDList targets) {
        float positives = 0;
        for (NDArray head : targets) {
            positives += head.get(new NDIndex("..., {}", OBJECTNESS_INDEX)).sum().getFloat();
        }
        return positives;
    }

    @Test
    void aWideBoxGoesToTheWideAnchorOfTheCoarseHead() {
        // 48x24 box centred at (40, 36) -> head 1 anchor 1, cell (x=1, y=1); t_w = log(48/48) = 0
        NDList t =
                assign(
                        assigner().build(),
                        new float[][] {{16, 24, 64, 48}},
                        new int[] {0},
                        new float[] {0.4f});
        float[] s = slot(t, 1, 1, 1, 1);
        assertThat(s[OBJECTNESS_INDEX]).isEqualTo(1f);
        assertThat(s[WEIGHT_INDEX]).isCloseTo(0.4f, within(1e-7f)); // mixup weight carried
        assertThat(s[OFFSET_INDEX]).isCloseTo(40f / 32 - 1, within(1e-6f));
        assertThat(s[OFFSET_INDEX + 1]).isCloseTo(36f / 32 - 1, within(1e-6f));
        assertThat(s[OFFSET_INDEX + 2]).isCloseTo(0f, within(1e-6f));
        assertThat(s[OFFSET_INDEX + 3]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void unassignedAnchorsThatOverlapAGroundTruthWellAreIgnored() {
        // A 32x32 box at cell (0,0) of head 1 exactly covers anchor 0's box there: assigned.
        // Head 0's 16x16 anchors cannot reach IoU 0.7 with it (at most 0.25): not ignored.
        // With the threshold at 0.2, head 0's anchor 1 in the 4 covered cells (IoU 0.25) is
        // ignored.
        float[][] box = {{0, 0, 32, 32}};
        NDList strict = assign(assigner().build(), box, new int[] {1}, new float[] {1});
        assertThat(slot(strict, 1, 0, 0, 0)[OBJECTNESS_INDEX]).isEqualTo(1f);
        assertThat(
                        strict.get(0)
                                .get(new NDIndex("..., {}", OBJECTNESS_MASK_INDEX))
                                .min()
                                .getFloat())
                .isEqualTo(1f);
        NDList loose =
                assign(
                        assigner().optIgnoreThreshold(0.2f).build(),
                        box,
                        new int[] {1},
                        new float[] {1});
        for (int gy = 0; gy < 2; gy++) {
            for (int gx = 0; gx < 2; gx++) {
                assertThat(slot(loose, 0, 1, gy, gx)[OBJECTNESS_MASK_INDEX]).isEqualTo(0f);
                assertThat(slot(loose, 0, 0, gy, gx)[OBJECTNESS_MASK_INDEX])
                        .isEqualTo(1f); // 8x8: 1/16
            }
        }
        assertThat(slot(loose, 0, 1, 2, 2)[OBJECTNESS_MASK_INDEX]).isEqualTo(1f); // far away
        assertThat(slot(loose, 1, 0, 0, 0)[OBJECTNESS_MASK_INDEX]).isEqualTo(1f); // the positive
        // the other anchor at the positive's cell: 48x24 vs 32x32 centred at (16,16) -> IoU
        // 768/1408 = 0.55
        assertThat(slot(loose, 1, 1, 0, 0)[OBJECTNESS_MASK_INDEX]).isEqualTo(0f);
    }

    @Test
    void gluonCvSmoothingAndExplicitEpsilon() {
        float[][] box = {{32, 16, 48, 32}};
        NDList t =
                assign(assigner().optLabelSmoothing().build(), box, new int[] {0}, new float[] {1});
        float eps = 1f / 40; // min(1/3, 1/40)
        float[] s = slot(t, 0, 1, 1, 2);
        assertThat(s[CHANNELS]).isCloseTo(1 - eps, within(1e-7f));
        assertThat(s[CHANNELS + 1]).isCloseTo(eps, within(1e-7f));
        NDList u =
                assign(
                        assigner().optLabelSmoothing(0.1f).build(),
                        box,
                        new int[] {0},
                        new float[] {1});
        assertThat(slot(u, 0, 1, 1, 2)[CHANNELS + 2]).isCloseTo(0.1f, within(1e-7f));
        assertThatThrownBy(() -> assigner().optLabelSmoothing(0.5f).build())
                .hasMessageContaining("epsilon")
                .hasMessageContaining("0.5");
    }

    @Test
    void twoBoxesOnOneSlotLetTheSmallerWin() {
        // both best match head 0 anchor 1, both centred in cell (2, 1)
        float[][] boxes = {{33, 17, 47, 31}, {32, 16, 48, 32}};
        NDList t = assign(assigner().build(), boxes, new int[] {0, 1}, new float[] {1, 1});
        float[] s = slot(t, 0, 1, 1, 2);
        assertThat(s[BOX_INDEX]).isEqualTo(33f);
        assertThat(s[CHANNELS]).isEqualTo(1f);
    }

    @Test
    void emptyImagesZeroAreaBoxesAndPaddingGiveNoPositives() {
        YoloAssigner a = assigner().build();
        NDList t =
                a.assign(
                        manager,
                        64,
                        64,
                        manager.create(
                                new float[] {10, 10, 10, 20, 0, 0, 0, 0}, new Shape(1, 2, 4)),
                        manager.zeros(new Shape(1, 2)),
                        manager.ones(new Shape(1, 2)),
                        manager.create(new float[] {1, 0}, new Shape(1, 2)));
        for (NDArray head : t) {
            assertThat(head.get(new NDIndex("..., {}", OBJECTNESS_INDEX)).sum().getFloat())
                    .isZero();
            assertThat(head.get(new NDIndex("..., {}", OBJECTNESS_MASK_INDEX)).min().getFloat())
                    .isEqualTo(1f);
            assertThat(head.isNaN().any().getBoolean()).isFalse();
        }
        NDList none =
                a.assign(
                        manager,
                        64,
                        64,
                        manager.zeros(new Shape(2, 0, 4)),
                        manager.zeros(new Shape(2, 0)),
                        manager.zeros(new Shape(2, 0)),
                        manager.zeros(new Shape(2, 0)));
        assertThat(none.get(0).getShape()).isEqualTo(new Shape(2, 2, 4, 4, CHANNELS + 3));
    }

    @Test
    void malformedInputIsRejectedByName() {
        YoloAssigner a = assigner().build();
        assertThatThrownBy(
                        () ->
                                assign(
                                        a,
                                        new float[][] {{10, 10, 5, 20}},
                                        new int[] {0},
                                        new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x2 >= x1");
        assertThatThrownBy(
                        () ->
                                assign(
                                        a,
                                        new float[][] {{0, 0, Float.NaN, 5}},
                                        new int[] {0},
                                        new float[] {1}))
                .hasMessageContaining("NaN");
        assertThatThrownBy(
                        () ->
                                assign(
                                        a,
                                        new float[][] {{0, 0, 5, 5}},
                                        new int[] {3},
                                        new float[] {1}))
                .hasMessageContaining("class id")
                .hasMessageContaining("3");
        assertThatThrownBy(
                        () ->
                                assign(
                                        a,
                                        new float[][] {{0, 0, 5, 5}},
                                        new int[] {0},
                                        new float[] {1.5f}))
                .hasMessageContaining("weight")
                .hasMessageContaining("1.5");
        assertThatThrownBy(
                        () ->
                                a.assign(
                                        manager,
                                        60,
                                        64,
                                        manager.zeros(new Shape(1, 0, 4)),
                                        manager.zeros(new Shape(1, 0)),
                                        manager.zeros(new Shape(1, 0)),
                                        manager.zeros(new Shape(1, 0))))
                .hasMessageContaining("60x64");
        assertThatThrownBy(() -> assigner().optIgnoreThreshold(-0.1f).build())
                .hasMessageContaining("ignoreThreshold")
                .hasMessageContaining("-0.1");
    }
}
