/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** The identities that define IoU, for every form of {@link BoxIou}. */
class BoxIouProperties {

    /** A box of positive area with coordinates in [−1000, 1000]. */
    @Provide
    Arbitrary<float[]> boxes() {
        Arbitrary<Float> corner = Arbitraries.floats().between(-1000f, 1000f).ofScale(4);
        Arbitrary<Float> side =
                Arbitraries.oneOf(
                        Arbitraries.floats().between(1e-3f, 500f).ofScale(4),
                        Arbitraries.integers().between(1, 20).map(Integer::floatValue));
        return Combinators.combine(corner, corner, side, side)
                .as((x, y, w, h) -> new float[] {x, y, x + w, y + h})
                .filter(b -> b[2] > b[0] && b[3] > b[1]);
    }

    /** A box, zero-area ones included. */
    @Provide
    Arbitrary<float[]> anyBoxes() {
        Arbitrary<Float> corner = Arbitraries.integers().between(0, 10).map(Integer::floatValue);
        Arbitrary<Float> side = Arbitraries.integers().between(0, 5).map(Integer::floatValue);
        return Arbitraries.oneOf(
                boxes(),
                Combinators.combine(corner, corner, side, side)
                        .as((x, y, w, h) -> new float[] {x, y, x + w, y + h}));
    }

    private static float iou32(float[] a, float[] b) {
        return BoxIou.float32(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isSymmetricToTheBit(@ForAll("anyBoxes") float[] a, @ForAll("anyBoxes") float[] b) {
        assertThat(BoxIou.of(a, b)).isEqualTo(BoxIou.of(b, a));
        assertThat(iou32(a, b)).isEqualTo(iou32(b, a));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void liesInTheUnitInterval(@ForAll("anyBoxes") float[] a, @ForAll("anyBoxes") float[] b) {
        assertThat(BoxIou.of(a, b)).isBetween(0.0, 1.0);
        assertThat(iou32(a, b)).isBetween(0f, 1f);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isExactlyOneForABoxWithItself(@ForAll("boxes") float[] a) {
        assertThat(BoxIou.of(a, a.clone())).isEqualTo(1.0);
        assertThat(iou32(a, a.clone())).isEqualTo(1f);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isZeroForDisjointOrTouchingBoxes(
            @ForAll("boxes") float[] a,
            @ForAll @DoubleRange(min = 0, max = 50) double gap,
            @ForAll @DoubleRange(min = 0.001, max = 50) @Scale(4) double size,
            @ForAll boolean alongX) {
        float g = (float) gap; // 0: the boxes touch along an edge
        float s = (float) size;
        float[] b =
                alongX
                        ? new float[] {a[2] + g, a[1], a[2] + g + s, a[3]}
                        : new float[] {a[0], a[3] + g, a[2], a[3] + g + s};
        assertThat(BoxIou.of(a, b)).isZero();
        assertThat(iou32(a, b)).isZero();
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isZeroWithAZeroAreaBox(@ForAll("boxes") float[] a, @ForAll("anyBoxes") float[] b) {
        float[] line = {b[0], b[1], b[0], b[3]}; // zero width, maybe a point
        assertThat(BoxIou.of(a, line)).isZero();
        assertThat(BoxIou.of(line, line)).isZero();
        assertThat(iou32(a, line)).isZero();
        assertThat(iou32(line, line)).isZero();
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isUnchangedByScalingBothBoxesByAPowerOfTwo(
            @ForAll("anyBoxes") float[] a,
            @ForAll("anyBoxes") float[] b,
            @ForAll @IntRange(min = -20, max = 20) int exponent) {
        float k = (float) Math.scalb(1.0, exponent); // exact: every step scales exactly
        assertThat(BoxIou.of(scale(a, k, k), scale(b, k, k))).isEqualTo(BoxIou.of(a, b));
        assertThat(iou32(scale(a, k, k), scale(b, k, k))).isEqualTo(iou32(a, b));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void isUnchangedByAnyScalingUpToRounding(
            @ForAll("boxes") float[] a,
            @ForAll("boxes") float[] b,
            @ForAll @DoubleRange(min = 0.01, max = 100) @Scale(6) double sx,
            @ForAll @DoubleRange(min = 0.01, max = 100) @Scale(6) double sy) {
        double[] da = widen(a);
        double[] db = widen(b);
        double scaled =
                BoxIou.of(
                        da[0] * sx,
                        da[1] * sy,
                        da[2] * sx,
                        da[3] * sy,
                        db[0] * sx,
                        db[1] * sy,
                        db[2] * sx,
                        db[3] * sy);
        assertThat(scaled).isCloseTo(BoxIou.of(a, b), within(1e-6));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void float32AgreesWithFloat64ToFloatPrecision(
            @ForAll("boxes") float[] a, @ForAll("boxes") float[] b) {
        assertThat((double) iou32(a, b)).isCloseTo(BoxIou.of(a, b), within(1e-5));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void sizesAreTheSpecialCaseOfBoxesWithACommonCorner(
            @ForAll @DoubleRange(min = 1e-3, max = 1e4) @Scale(6) double w1,
            @ForAll @DoubleRange(min = 1e-3, max = 1e4) @Scale(6) double h1,
            @ForAll @DoubleRange(min = 1e-3, max = 1e4) @Scale(6) double w2,
            @ForAll @DoubleRange(min = 1e-3, max = 1e4) @Scale(6) double h2) {
        // To the bit with a common corner at the origin ...
        assertThat(BoxIou.ofSizes(w1, h1, w2, h2)).isEqualTo(BoxIou.of(0, 0, w1, h1, 0, 0, w2, h2));
        // ... and up to rounding with a common centre anywhere.
        double cx = 37.5;
        double cy = -12.25;
        double centred =
                BoxIou.of(
                        cx - w1 / 2,
                        cy - h1 / 2,
                        cx + w1 / 2,
                        cy + h1 / 2,
                        cx - w2 / 2,
                        cy - h2 / 2,
                        cx + w2 / 2,
                        cy + h2 / 2);
        assertThat(BoxIou.ofSizes(w1, h1, w2, h2)).isCloseTo(centred, within(1e-9));
    }

    @Example
    void worksByHand() {
        // 2x2 boxes overlapping in a 1x1 square: 1 / (4 + 4 − 1).
        assertThat(BoxIou.of(0, 0, 2, 2, 1, 1, 3, 3)).isEqualTo(1.0 / 7);
        assertThat(BoxIou.float32(0, 0, 2, 2, 1, 1, 3, 3)).isEqualTo(1f / 7);
        // Nested: a 1x1 box inside a 2x2 one.
        assertThat(BoxIou.of(new float[] {0, 0, 2, 2}, new float[] {0.5f, 0.5f, 1.5f, 1.5f}))
                .isEqualTo(0.25);
        // An inverted box overlaps nothing; NaN gives 0, never NaN.
        assertThat(BoxIou.of(2, 2, 0, 0, 0, 0, 2, 2)).isZero();
        assertThat(BoxIou.of(Double.NaN, 0, 2, 2, 0, 0, 2, 2)).isZero();
        assertThat(BoxIou.float32(Float.NaN, 0, 2, 2, 0, 0, 2, 2)).isZero();
        // Sizes: 10x20 and 20x10 share a 10x10 square.
        assertThat(BoxIou.ofSizes(10, 20, 20, 10)).isEqualTo(100.0 / 300);
    }

    private static float[] scale(float[] box, float kx, float ky) {
        return new float[] {box[0] * kx, box[1] * ky, box[2] * kx, box[3] * ky};
    }

    private static double[] widen(float[] box) {
        return new double[] {box[0], box[1], box[2], box[3]};
    }
}
