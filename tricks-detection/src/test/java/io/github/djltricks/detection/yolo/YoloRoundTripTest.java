/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/** decode(assign(gt)) with perfect logits returns the ground-truth boxes. */
class YoloRoundTripTest {

    @Property(tries = 40)
    void perfectLogitsDecodeToTheGroundTruth(
            @ForAll @FloatRange(min = 4, max = 90) float x,
            @ForAll @FloatRange(min = 4, max = 60) float y,
            @ForAll @FloatRange(min = 3, max = 60) float w,
            @ForAll @FloatRange(min = 3, max = 60) float h,
            @ForAll @IntRange(min = 0, max = 1) int cls) {
        float x2 = Math.min(96, x + w);
        float y2 = Math.min(64, y + h);
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = YoloNetTest.small(2);
            YoloAssigner assigner = YoloAssigner.builderFor(net).build();
            NDList targets =
                    assigner.assign(
                            manager,
                            64,
                            96,
                            manager.create(new float[] {x, y, x2, y2}, new Shape(1, 1, 4)),
                            manager.create(new float[] {cls}, new Shape(1, 1)),
                            manager.ones(new Shape(1, 1)),
                            manager.ones(new Shape(1, 1)));
            NDList logits = new NDList();
            for (NDArray t : targets) {
                logits.add(perfect(t));
            }
            NDList decoded = new YoloDecoder(net).decode(logits);
            NDArray boxes = decoded.get(0);
            NDArray scores = decoded.get(1);
            assertThat(boxes.getShape().get(1)).isEqualTo(3 * (8 * 12 + 4 * 6 + 2 * 3));
            long best = scores.get(0).max(new int[] {1}).argMax().getLong();
            NDArray box = boxes.get(new NDIndex("0, {}", best));
            assertThat(iou(box.toFloatArray(), new float[] {x, y, x2, y2})).isGreaterThan(0.99f);
            assertThat(scores.get(new NDIndex("0, {}", best)).argMax().getLong()).isEqualTo(cls);
            assertThat(scores.get(new NDIndex("0, {}, {}", best, cls)).getFloat())
                    .isGreaterThan(0.99f);
        }
    }

    /** Logits that a perfect network would output for these targets. */
    private static NDArray perfect(NDArray t) {
        NDArray obj = t.get(new NDIndex("..., 0:1"));
        NDArray offsets = t.get(new NDIndex("..., 7:9")).clip(1e-4, 1 - 1e-4);
        NDArray txy = offsets.div(offsets.neg().add(1)).log(); // logit
        NDArray twh = t.get(new NDIndex("..., 9:11"));
        NDArray objLogit = obj.mul(40).sub(20);
        NDArray cls = t.get(new NDIndex("..., 12:")).mul(40).sub(20);
        return NDArrays.concat(new NDList(txy, twh, objLogit, cls), 4);
    }

    private static float iou(float[] a, float[] b) {
        float iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        float ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        float inter = iw * ih;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
