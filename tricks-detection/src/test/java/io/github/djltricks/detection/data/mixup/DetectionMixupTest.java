/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.Samples;
import io.github.djltricks.detection.data.Seeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class DetectionMixupTest {

    @Provide
    Arbitrary<DetectionSample> samples() {
        return Samples.samples(24, 5);
    }

    /**
     * Pixels: {@code λa + (1−λ)b} where both cover, {@code λa} or {@code (1−λ)b} where one covers,
     * 0 where neither does; the canvas is the larger height by the larger width.
     */
    @Property(tries = 100)
    void pixelsFollowTheCoverageRule(
            @ForAll("samples") DetectionSample a,
            @ForAll("samples") DetectionSample b,
            @ForAll @DoubleRange(min = 0, max = 1) double lambda) {
        DetectionSample m = DetectionMixup.mix(a, b, lambda);
        int h = Math.max(a.height(), b.height());
        int w = Math.max(a.width(), b.width());
        assertThat(m.height()).isEqualTo(h);
        assertThat(m.width()).isEqualTo(w);
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inA = y < a.height() && x < a.width();
                    boolean inB = y < b.height() && x < b.width();
                    double pa = inA ? a.image()[(c * a.height() + y) * a.width() + x] : 0;
                    double pb = inB ? b.image()[(c * b.height() + y) * b.width() + x] : 0;
                    double want = lambda * pa + (1 - lambda) * pb;
                    worst = Math.max(worst, Math.abs(m.image()[(c * h + y) * w + x] - want));
                }
            }
        }
        // float arithmetic on values up to 255: a few ulps
        assertThat(worst).isLessThan(1e-3);
    }

    @Property
    void boxesOfBothAreKeptWithWeightsLambdaAndOneMinusLambda(
            @ForAll("samples") DetectionSample a,
            @ForAll("samples") DetectionSample b,
            @ForAll @DoubleRange(min = 0, max = 1) double lambda) {
        DetectionSample m = DetectionMixup.mix(a, b, lambda);
        assertThat(m.boxCount()).isEqualTo(a.boxCount() + b.boxCount());
        assertThat(Samples.boxesValid(m)).isTrue();
        for (int i = 0; i < a.boxCount(); i++) {
            assertThat(m.boxes()[i]).containsExactly(a.boxes()[i]);
            assertThat(m.classIds()[i]).isEqualTo(a.classIds()[i]);
            assertThat(m.weights()[i]).isEqualTo((float) lambda);
        }
        for (int i = 0; i < b.boxCount(); i++) {
            int k = a.boxCount() + i;
            assertThat(m.boxes()[k]).containsExactly(b.boxes()[i]);
            assertThat(m.classIds()[k]).isEqualTo(b.classIds()[i]);
            assertThat(m.weights()[k]).isEqualTo((float) (1 - lambda));
        }
    }

    @Test
    void lambdaFollowsBetaOnePointFiveOnePointFive() {
        DetectionMixup mixup = DetectionMixup.builder().build();
        double[] lambdas = draw(mixup, 4000, 11);
        BetaDistribution beta = BetaDistribution.of(1.5, 1.5);
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();
        assertThat(ks.test(lambdas, beta::cumulativeProbability).getPValue()).isGreaterThan(1e-3);
        // The test has power: the same draws are rejected against a nearby Beta(3, 3).
        BetaDistribution other = BetaDistribution.of(3, 3);
        assertThat(ks.test(lambdas, other::cumulativeProbability).getPValue()).isLessThan(1e-3);
    }

    @Test
    void betaParametersAreConfigurable() {
        DetectionMixup mixup = DetectionMixup.builder().optBeta(0.5, 2).build();
        double[] lambdas = draw(mixup, 4000, 12);
        BetaDistribution beta = BetaDistribution.of(0.5, 2);
        assertThat(
                        KolmogorovSmirnovTest.withDefaults()
                                .test(lambdas, beta::cumulativeProbability)
                                .getPValue())
                .isGreaterThan(1e-3);
    }

    private static double[] draw(DetectionMixup mixup, int n, long seed) {
        UniformRandomProvider rng = Seeds.of(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mixup.sampleLambda(rng);
        }
        return out;
    }

    @Test
    void switchedOffForTheLastEpochs() {
        DetectionMixup mixup = DetectionMixup.builder().optOffForLastEpochs(10, 3).build();
        assertThat(mixup.isActive(0)).isTrue();
        assertThat(mixup.isActive(6)).isTrue();
        assertThat(mixup.isActive(7)).isFalse();
        assertThat(mixup.isActive(9)).isFalse();
        assertThat(DetectionMixup.builder().build().isActive(1_000_000)).isTrue();
    }

    @Test
    void imagesWithoutBoxesMix() {
        DetectionSample a = Samples.random(3, 5, 7, 0);
        DetectionSample b = Samples.random(4, 6, 3, 0);
        DetectionSample m = DetectionMixup.builder().build().mix(a, b, Seeds.of(1));
        assertThat(m.boxCount()).isZero();
        assertThat(m.height()).isEqualTo(6);
        assertThat(m.width()).isEqualTo(7);
    }
}
