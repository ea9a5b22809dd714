/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SoftNmsTest {

    // A = [0,0,10,10] 0.9; D = [0,0,10,8] 0.88 (IoU A 0.8); B = [0,0,10,5] 0.85 (IoU A 0.5,
    // IoU D 0.625); C = [20,20,30,30] 0.8, disjoint from all.
    private static final float[] BOXES = {0, 0, 10, 10, 0, 0, 10, 8, 0, 0, 10, 5, 20, 20, 30, 30};
    private static final float[] SCORES = {0.9f, 0.88f, 0.85f, 0.8f};

    @Test
    void gaussianDecayByHand() {
        SoftNms.Result r = SoftNms.builder().optSigma(0.5).build().select(BOXES, SCORES, null);
        double d = 0.88f * Math.exp(-0.64 / 0.5); // decayed by A: 0.2447
        double b = 0.85f * Math.exp(-0.25 / 0.5); // decayed by A: 0.5155
        double dAfterB = d * Math.exp(-0.625 * 0.625 / 0.5); // then by B: 0.1120
        assertThat(r.indices()).containsExactly(0, 3, 2, 1);
        assertThat(r.scores()[0]).isEqualTo(0.9f);
        assertThat(r.scores()[1]).isEqualTo(0.8f);
        assertThat((double) r.scores()[2]).isCloseTo(b, within(1e-6));
        assertThat((double) r.scores()[3]).isCloseTo(dAfterB, within(1e-6));
    }

    @Test
    void linearDecayByHand() {
        SoftNms.Result r =
                SoftNms.builder()
                        .optMethod(SoftNms.Method.LINEAR)
                        .optIouThreshold(0.55)
                        .build()
                        .select(BOXES, SCORES, null);
        // A keeps; D (IoU 0.8 > 0.55) drops to 0.88 * 0.2 = 0.176; B (IoU 0.5 <= 0.55) stays 0.85.
        // B is next and decays D again (IoU 0.625): 0.176 * 0.375 = 0.066. C is disjoint.
        assertThat(r.indices()).containsExactly(0, 2, 3, 1);
        assertThat((double) r.scores()[1]).isCloseTo(0.85, within(1e-6));
        assertThat((double) r.scores()[3]).isCloseTo(0.88 * 0.2 * 0.375, within(1e-6));
        // With a score threshold above D's decayed score, D is dropped altogether.
        SoftNms.Result cut =
                SoftNms.builder()
                        .optMethod(SoftNms.Method.LINEAR)
                        .optIouThreshold(0.55)
                        .optScoreThreshold(0.1)
                        .build()
                        .select(BOXES, SCORES, null);
        assertThat(cut.indices()).containsExactly(0, 2, 3);
    }

    @Test
    void classAwareDecaysOnlyTheSameClassAndNdArrayFormAgrees() {
        long[] classes = {0, 1, 0, 0};
        SoftNms soft = SoftNms.builder().build();
        SoftNms.Result r = soft.select(BOXES, SCORES, classes);
        assertThat(r.indices()).containsExactly(0, 1, 3, 2); // D is alone in class 1: 0.88 stays
        assertThat(r.scores()[1]).isEqualTo(0.88f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out =
                    soft.apply(
                            m.create(BOXES, new Shape(4, 4)), m.create(SCORES), m.create(classes));
            assertThat(out.get(0).getDataType()).isEqualTo(DataType.INT64);
            assertThat(out.get(0).toLongArray()).containsExactly(0, 1, 3, 2);
            assertThat(out.get(1).toFloatArray()).containsExactly(r.scores());
            NDList empty = soft.apply(m.zeros(new Shape(0, 4)), m.zeros(new Shape(0)));
            assertThat(empty.get(0).getShape()).isEqualTo(new Shape(0));
        }
    }

    @Property(tries = 40)
    void scoresOnlyDecayAndComeOutNonIncreasing(
            @ForAll @IntRange(min = 0, max = 80) int n, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] boxes = NmsTest.randomBoxes(rng, n);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) rng.nextDouble();
        }
        for (SoftNms.Method method : SoftNms.Method.values()) {
            SoftNms.Result r =
                    SoftNms.builder().optMethod(method).build().select(boxes, scores, null);
            assertThat(r.indices()).doesNotHaveDuplicates();
            for (int k = 0; k < r.indices().length; k++) {
                assertThat(r.scores()[k])
                        .isLessThanOrEqualTo(scores[r.indices()[k]])
                        .isGreaterThan(0.001f);
                if (k > 0) {
                    assertThat(r.scores()[k]).isLessThanOrEqualTo(r.scores()[k - 1]);
                }
            }
        }
        // Linear decay with N_t = 1 never applies: every box stays, by decreasing score.
        SoftNms.Result none =
                SoftNms.builder()
                        .optMethod(SoftNms.Method.LINEAR)
                        .optIouThreshold(1)
                        .optScoreThreshold(-1)
                        .build()
                        .select(boxes, scores, null);
        assertThat(none.indices()).containsExactly(Nms.order(scores, -1));
        assertThat(none.scores())
                .containsExactly(
                        toFloats(Arrays.stream(none.indices()).mapToDouble(i -> scores[i])));
    }

    @Test
    void badSettingsAndInputsAreRejected() {
        assertThatThrownBy(() -> SoftNms.builder().optSigma(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> SoftNms.builder().optMethod(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
        assertThatThrownBy(
                        () ->
                                SoftNms.builder()
                                        .build()
                                        .select(new float[] {2, 0, 1, 1}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxes row 0");
    }

    private static float[] toFloats(java.util.stream.DoubleStream values) {
        double[] d = values.toArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
