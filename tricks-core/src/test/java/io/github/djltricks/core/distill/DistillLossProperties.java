/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Each loss is zero when the student's input equals the teacher's (Overhaul: the margin-ReLU'd
 * teacher's), positive when they differ, finite, and of the input's data type.
 */
class DistillLossProperties {

    private static final int N = 4;
    private static final int C = 6;

    @Provide
    Arbitrary<float[]> values() {
        return Arbitraries.floats().between(-4f, 4f).array(float[].class).ofSize(N * C);
    }

    private static double value(NDArray loss, DataType type) {
        assertThat(loss.getDataType()).isEqualTo(type);
        assertThat(loss.getShape()).isEqualTo(new Shape());
        double v = loss.toType(DataType.FLOAT64, false).getDouble();
        assertThat(v).isFinite();
        return v;
    }

    @Property(tries = 40)
    void softTargetZeroIffSameDistribution(
            @ForAll("values") float[] t,
            @ForAll @IntRange(min = 0, max = N * C - 1) int at,
            @ForAll @FloatRange(min = 0.5f, max = 3f) float delta,
            @ForAll @FloatRange(min = 0.5f, max = 8f) float temperature) {
        try (NDManager m = NDManager.newBaseManager()) {
            SoftTargetLoss loss = SoftTargetLoss.builder().optTemperature(temperature).build();
            NDArray teacher = m.create(t, new Shape(N, C));
            assertThat(value(loss.compute(teacher, teacher.duplicate()), DataType.FLOAT32))
                    .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
            float[] s = t.clone();
            s[at] += delta;
            assertThat(value(loss.compute(teacher, m.create(s, new Shape(N, C))), DataType.FLOAT32))
                    .isPositive();
        }
    }

    @Property(tries = 40)
    void hintZeroIffEqual(
            @ForAll("values") float[] t,
            @ForAll @IntRange(min = 0, max = N * C - 1) int at,
            @ForAll @FloatRange(min = 0.01f, max = 3f) float delta) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(N, C / 2, 2, 1);
            NDArray teacher = m.create(t, shape);
            HintLoss loss = new HintLoss();
            assertThat(value(loss.compute(teacher, teacher.duplicate()), DataType.FLOAT32))
                    .isZero();
            float[] s = t.clone();
            s[at] -= delta;
            assertThat(value(loss.compute(teacher, m.create(s, shape)), DataType.FLOAT32))
                    .isPositive();
        }
    }

    @Property(tries = 40)
    void overhaulZeroAtMarginReluPositiveOutsideTheSkippedRegion(
            @ForAll("values") float[] t,
            @ForAll @IntRange(min = 0, max = N * C - 1) int at,
            @ForAll @FloatRange(min = 0.01f, max = 3f) float delta) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(N, 3, 2, 1);
            OverhaulLoss loss = OverhaulLoss.builder().setMargin(-0.2f, -1f, -3f).build();
            NDArray teacher = m.create(t, shape);
            NDArray target = loss.marginRelu(teacher);
            assertThat(value(loss.compute(teacher, target.duplicate()), DataType.FLOAT32)).isZero();

            float[] goal = target.toFloatArray();
            // Above the target: always counted.
            float[] above = goal.clone();
            above[at] += delta;
            assertThat(value(loss.compute(teacher, m.create(above, shape)), DataType.FLOAT32))
                    .isPositive();
            // Below the target: counted iff the target is positive.
            float[] below = goal.clone();
            below[at] -= delta;
            double v = value(loss.compute(teacher, m.create(below, shape)), DataType.FLOAT32);
            if (goal[at] > 0) {
                assertThat(v).isPositive();
            } else {
                assertThat(v).isZero();
            }
        }
    }

    @Property(tries = 30)
    void relationalZeroForIdenticalPositiveWhenAPointMoves(
            @ForAll("values") float[] t,
            @ForAll @IntRange(min = 0, max = N - 1) int row,
            @ForAll @IntRange(min = 0, max = C - 1) int column,
            @ForAll @FloatRange(min = 0.5f, max = 3f) float delta) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(t, new Shape(N, C));
            // Distinct teacher points: collapsed ones have no structure to compare.
            Assume.that(minPairwiseDistance(t) > 0.5);
            RelationalLoss loss = RelationalLoss.builder().build();
            assertThat(value(loss.compute(teacher, teacher.duplicate()), DataType.FLOAT32))
                    .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
            // Invariant to scale: the same structure, twice as large.
            assertThat(value(loss.compute(teacher, teacher.mul(2)), DataType.FLOAT32))
                    .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
            float[] s = t.clone();
            s[row * C + column] += delta;
            NDArray student = m.create(s, new Shape(N, C));
            double d = value(RelationalLoss.distanceLoss(teacher, student), DataType.FLOAT32);
            double a = value(RelationalLoss.angleLoss(teacher, student), DataType.FLOAT32);
            assertThat(d).isPositive();
            assertThat(a).isPositive();
        }
    }

    private static double minPairwiseDistance(float[] t) {
        double min = Double.MAX_VALUE;
        for (int i = 0; i < N; i++) {
            for (int j = i + 1; j < N; j++) {
                double sum = 0;
                for (int c = 0; c < C; c++) {
                    double diff = t[i * C + c] - t[j * C + c];
                    sum += diff * diff;
                }
                min = Math.min(min, Math.sqrt(sum));
            }
        }
        return min;
    }

    @Property(tries = 10)
    void batchOfOneIsFiniteAndFloat64Kept(@ForAll("values") float[] t) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.create(t, new Shape(1, N * C)).toType(DataType.FLOAT64, false);
            // Per-class offsets 0..23 the values in [-4, 4] cannot cancel: the distributions
            // differ.
            NDArray other =
                    one.add(m.arange(N * C).toType(DataType.FLOAT64, false).reshape(1, N * C));
            assertThat(
                            value(
                                    RelationalLoss.builder().build().compute(one, other),
                                    DataType.FLOAT64))
                    .isZero();
            assertThat(
                            value(
                                    SoftTargetLoss.builder().build().compute(one, other),
                                    DataType.FLOAT64))
                    .isPositive();
            assertThat(value(new HintLoss().compute(one, other), DataType.FLOAT64)).isPositive();
        }
    }
}
