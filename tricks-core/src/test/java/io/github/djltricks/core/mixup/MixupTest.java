/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djltricks.core.clock.TrainingClock;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mixup and CutMix: the defining identities, the Beta law of λ, the switches, seeding and the input
 * checks.
 */
class MixupTest {

    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 4;

    private static float[] randomImages(Random random, int batch) {
        float[] x = new float[batch * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }

    private static long[] randomLabels(Random random, int batch, int classes) {
        long[] y = new long[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /** Checks every sample of a mixed batch against the record it carries. */
    private static void assertIdentities(
            MixedBatch mixed, float[] x, long[] y, int batch, int classes) {
        float[] out = mixed.data().toType(DataType.FLOAT32, false).toFloatArray();
        float[] t = mixed.targets().toType(DataType.FLOAT32, false).toFloatArray();
        assertThat(mixed.targets().getShape()).isEqualTo(new Shape(batch, classes));
        int[] sorted = mixed.partners().clone();
        Arrays.sort(sorted);
        for (int i = 0; i < batch; i++) {
            assertThat(sorted[i]).as("partners are a permutation").isEqualTo(i);
        }
        int plane = H * W;
        for (int i = 0; i < batch; i++) {
            int j = mixed.partners()[i];
            double lambda = mixed.lambdas()[i];
            MixKind kind = mixed.kinds()[i];
            int[] box = mixed.boxes()[i];
            assertThat(lambda).isBetween(0.0, 1.0);
            if (kind == MixKind.NONE) {
                assertThat(lambda).isEqualTo(1.0);
            }
            if (kind == MixKind.CUTMIX) {
                double area = (double) (box[1] - box[0]) * (box[3] - box[2]) / plane;
                assertThat(1 - lambda).as("pasted fraction").isCloseTo(area, within(1e-6));
            } else {
                assertThat(box).isNull();
            }
            for (int c = 0; c < C; c++) {
                for (int r = 0; r < H; r++) {
                    for (int s = 0; s < W; s++) {
                        int off = c * plane + r * W + s;
                        double xi = x[i * C * plane + off];
                        double xj = x[j * C * plane + off];
                        double expected;
                        if (kind == MixKind.CUTMIX) {
                            boolean inside = r >= box[0] && r < box[1] && s >= box[2] && s < box[3];
                            expected = inside ? xj : xi;
                        } else {
                            expected = lambda * xi + (1 - lambda) * xj;
                        }
                        assertThat((double) out[i * C * plane + off])
                                .isCloseTo(expected, within(1e-6));
                    }
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double expected = lambda * (y[i] == k ? 1 : 0) + (1 - lambda) * (y[j] == k ? 1 : 0);
                assertThat((double) t[i * classes + k]).isCloseTo(expected, within(1e-6));
                sum += t[i * classes + k];
            }
            assertThat(sum).as("target row sums to 1").isCloseTo(1.0, within(1e-6));
            if (kind == MixKind.CUTMIX && y[i] != y[j]) {
                double area = (double) (box[1] - box[0]) * (box[3] - box[2]) / plane;
                assertThat((double) t[i * classes + (int) y[j]]).isCloseTo(area, within(1e-6));
            }
        }
    }

    @Property(tries = 60)
    void everyMixedSampleMatchesItsRecord(
            @ForAll @IntRange(min = 1, max = 9) int batch,
            @ForAll @IntRange(min = 2, max = 6) int classes,
            @ForAll boolean perSample,
            @ForAll @IntRange(min = 0, max = 2) int cut,
            @ForAll long seed) {
        Random random = new Random(seed);
        Mixup.Builder builder =
                Mixup.builder()
                        .setNumClasses(classes)
                        .optMixupAlpha(0.2 + random.nextDouble() * 2)
                        .optMode(perSample ? MixMode.SAMPLE : MixMode.BATCH)
                        .optProbability(random.nextBoolean() ? 1.0 : 0.7)
                        .optSeed(seed);
        if (cut > 0) {
            builder.optCutMixAlpha(1.0).optSwitchProbability(cut == 1 ? 1.0 : 0.5);
        }
        Mixup mixup = builder.build();
        float[] x = randomImages(random, batch);
        long[] y = randomLabels(random, batch, classes);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.create(x, new Shape(batch, C, H, W));
            MixedBatch mixed = mixup.mix(data, manager.create(y));
            assertIdentities(mixed, x, y, batch, classes);
            if (cut == 1) {
                assertThat(mixed.kinds()).doesNotContain(MixKind.MIXUP);
            }
            if (cut == 0) {
                assertThat(mixed.kinds()).doesNotContain(MixKind.CUTMIX);
            }
            if (!perSample) {
                assertThat(Arrays.stream(mixed.kinds()).distinct().count()).isEqualTo(1);
                assertThat(Arrays.stream(mixed.boxes()).distinct().count()).isEqualTo(1);
            }
        }
    }

    @Test
    void denseLabelsAreMixedAsTheyAre() {
        Mixup mixup = Mixup.builder().setNumClasses(3).optMixupAlpha(1.0).optSeed(7).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] rows = {0.2f, 0.8f, 0, 0, 0, 1, 1, 0, 0, 0.5f, 0.25f, 0.25f};
            NDArray labels = manager.create(rows, new Shape(4, 3));
            NDArray data = manager.randomUniform(0, 1, new Shape(4, 3));
            MixedBatch mixed = mixup.mix(data, labels);
            float[] t = mixed.targets().toFloatArray();
            for (int i = 0; i < 4; i++) {
                int j = mixed.partners()[i];
                float l = mixed.lambdas()[i];
                for (int k = 0; k < 3; k++) {
                    assertThat(t[i * 3 + k])
                            .isCloseTo(
                                    l * rows[i * 3 + k] + (1 - l) * rows[j * 3 + k], within(1e-6f));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 1.0, 1.5})
    void lambdaFollowsBetaAlphaAlpha(double alpha) {
        int n = 10_000;
        Mixup mixup =
                Mixup.builder()
                        .setNumClasses(2)
                        .optMixupAlpha(alpha)
                        .optMode(MixMode.SAMPLE)
                        .optSeed(12345)
                        .build();
        double[] lambdas = new double[n];
        try (NDManager manager = NDManager.newBaseManager()) {
            MixedBatch mixed =
                    mixup.mix(manager.zeros(new Shape(n, 1)), manager.zeros(new Shape(n)));
            for (int i = 0; i < n; i++) {
                assertThat(mixed.kinds()[i]).isEqualTo(MixKind.MIXUP);
                lambdas[i] = mixed.lambdas()[i];
            }
        }
        assertKolmogorovSmirnov(lambdas, alpha);
    }

    @Test
    void lambdaPerBatchFollowsBetaToo() {
        // One draw per mix() call: fewer calls than the per-sample test's 10,000 to keep it short.
        int n = 2_000;
        double alpha = 0.4;
        Mixup mixup = Mixup.builder().setNumClasses(2).optMixupAlpha(alpha).optSeed(99).build();
        double[] lambdas = new double[n];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.zeros(new Shape(2, 1));
            NDArray labels = manager.create(new long[] {0, 1});
            for (int i = 0; i < n; i++) {
                try (NDManager batch = manager.newSubManager()) {
                    data.tempAttach(batch);
                    MixedBatch mixed = mixup.mix(data, labels);
                    lambdas[i] = mixed.lambdas()[0];
                    assertThat(mixed.lambdas()[1]).isEqualTo(mixed.lambdas()[0]);
                }
            }
        }
        assertKolmogorovSmirnov(lambdas, alpha);
    }

    private static void assertKolmogorovSmirnov(double[] lambdas, double alpha) {
        BetaDistribution beta = BetaDistribution.of(alpha, alpha);
        SignificanceResult result =
                KolmogorovSmirnovTest.withDefaults().test(lambdas, beta::cumulativeProbability);
        assertThat(result.getPValue()).as("KS p-value for alpha=" + alpha).isGreaterThan(0.001);
        // The test has power: the same draws are far from Beta(alpha + 1, alpha + 1).
        BetaDistribution other = BetaDistribution.of(alpha + 1, alpha + 1);
        assertThat(
                        KolmogorovSmirnovTest.withDefaults()
                                .test(lambdas, other::cumulativeProbability)
                                .getPValue())
                .isLessThan(0.001);
    }

    @Test
    void batchOfOneIsLeftAsItIs() {
        Mixup mixup = Mixup.builder().setNumClasses(2).optCutMixAlpha(1.0).optSeed(1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.randomUniform(0, 1, new Shape(1, 1, 3, 3));
            float[] before = data.toFloatArray();
            MixedBatch mixed = mixup.mix(data, manager.create(new long[] {1}));
            assertThat(mixed.data().toFloatArray()).containsExactly(before);
            assertThat(mixed.targets().toFloatArray()).containsExactly(0f, 1f);
            assertThat(mixed.kinds()).containsExactly(MixKind.NONE);
            assertThat(mixed.lambdas()).containsExactly(1f);
        }
    }

    @Test
    void probabilityDecidesHowOftenSamplesAreMixed() {
        int n = 4000;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.zeros(new Shape(n, 1));
            NDArray labels = manager.zeros(new Shape(n));
            Mixup never = Mixup.builder().setNumClasses(2).optProbability(0).optSeed(3).build();
            assertThat(never.mix(data, labels).kinds()).containsOnly(MixKind.NONE);
            Mixup some =
                    Mixup.builder()
                            .setNumClasses(2)
                            .optProbability(0.3)
                            .optMode(MixMode.SAMPLE)
                            .optSeed(3)
                            .build();
            long mixed =
                    Arrays.stream(some.mix(data, labels).kinds())
                            .filter(k -> k == MixKind.MIXUP)
                            .count();
            double sigma = Math.sqrt(n * 0.3 * 0.7);
            assertThat((double) mixed).isCloseTo(n * 0.3, within(5 * sigma));
            Mixup cut =
                    Mixup.builder()
                            .setNumClasses(2)
                            .optCutMixAlpha(1.0)
                            .optSwitchProbability(0.25)
                            .optMode(MixMode.SAMPLE)
                            .optSeed(5)
                            .build();
            NDArray images = manager.zeros(new Shape(n, 1, 2, 2));
            long cuts =
                    Arrays.stream(cut.mix(images, labels).kinds())
                            .filter(k -> k == MixKind.CUTMIX)
                            .count();
            assertThat((double) cuts).isCloseTo(n * 0.25, within(5 * Math.sqrt(n * 0.25 * 0.75)));
        }
    }

    @Test
    void switchesOffFromOffEpochOfItsClock() {
        Mixup mixup = Mixup.builder().setNumClasses(2).optOffEpoch(2).optSeed(4).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.randomUniform(0, 1, new Shape(6, 2));
            NDArray labels = manager.create(new long[] {0, 1, 0, 1, 1, 0});
            assertThat(mixup.getEpoch()).isZero();
            assertThat(mixup.mix(data, labels).kinds()).containsOnly(MixKind.MIXUP);
            mixup.clock().onEpoch(null);
            assertThat(mixup.isActive()).isTrue();
            assertThat(mixup.mix(data, labels).kinds()).containsOnly(MixKind.MIXUP);
            mixup.clock().onEpoch(null);
            assertThat(mixup.getEpoch()).isEqualTo(2);
            assertThat(mixup.isActive()).isFalse();
            MixedBatch off = mixup.mix(data, labels);
            assertThat(off.kinds()).containsOnly(MixKind.NONE);
            assertThat(off.data().toFloatArray()).containsExactly(data.toFloatArray());
            assertThat(off.targets().toFloatArray())
                    .containsExactly(1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0);
        }
    }

    @Test
    void readsTheSharedClockItIsGiven() {
        TrainingClock clock = new TrainingClock();
        Mixup mixup =
                Mixup.builder().setNumClasses(2).optOffEpoch(1).optClock(clock).optSeed(4).build();
        assertThat(mixup.clock()).isSameAs(clock);
        assertThat(mixup.isActive()).isTrue();
        clock.advanceEpoch();
        assertThat(mixup.isActive()).isFalse();
        Mixup own = Mixup.builder().setNumClasses(2).optClock(null).build();
        assertThat(own.clock()).isNotNull().isNotSameAs(clock);
    }

    @Test
    void sameSeedSameBatchesOtherSeedOtherBatches() {
        Consumer<Mixup.Builder> config =
                b -> b.setNumClasses(4).optCutMixAlpha(1.0).optMode(MixMode.SAMPLE);
        Mixup.Builder a = Mixup.builder().optSeed(11);
        Mixup.Builder b = Mixup.builder().optSeed(11);
        Mixup.Builder c = Mixup.builder().optSeed(12);
        config.accept(a);
        config.accept(b);
        config.accept(c);
        Mixup first = a.build();
        Mixup second = b.build();
        Mixup third = c.build();
        Random random = new Random(8);
        boolean differs = false;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 5; round++) {
                NDArray data = manager.create(randomImages(random, 7), new Shape(7, C, H, W));
                NDArray labels = manager.create(randomLabels(random, 7, 4));
                MixedBatch one = first.mix(data, labels);
                MixedBatch two = second.mix(data, labels);
                MixedBatch three = third.mix(data, labels);
                assertThat(two.data().toFloatArray()).containsExactly(one.data().toFloatArray());
                assertThat(two.targets().toFloatArray())
                        .containsExactly(one.targets().toFloatArray());
                assertThat(two.partners()).containsExactly(one.partners());
                differs |= !Arrays.equals(three.lambdas(), one.lambdas());
            }
        }
        assertThat(differs).isTrue();
    }

    @Test
    void rejectsBadParametersNamingTheValue() {
        for (double alpha : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Mixup.builder().setNumClasses(3).optMixupAlpha(alpha).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mixupAlpha=" + alpha);
            assertThatThrownBy(() -> Mixup.builder().setNumClasses(3).optCutMixAlpha(alpha).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cutMixAlpha=" + alpha);
        }
        for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Mixup.builder().setNumClasses(3).optProbability(p).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("probability=" + p)
                    .hasMessageContaining("[0, 1]");
            assertThatThrownBy(
                            () -> Mixup.builder().setNumClasses(3).optSwitchProbability(p).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("switchProbability=" + p);
        }
        assertThatThrownBy(() -> Mixup.builder().setNumClasses(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClasses=1");
        assertThatThrownBy(() -> Mixup.builder().setNumClasses(2).optOffEpoch(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offEpoch=-1");
    }

    @Test
    void rejectsLabelsThatDoNotMatch() {
        Mixup mixup = Mixup.builder().setNumClasses(5).optSeed(2).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray data = manager.zeros(new Shape(3, 1, 2, 2));
            assertThatThrownBy(() -> mixup.mix(data, manager.create(new long[] {0, 5, 1})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label 5")
                    .hasMessageContaining("numClasses=5");
            assertThatThrownBy(() -> mixup.mix(data, manager.zeros(new Shape(3, 4))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(3, 4)")
                    .hasMessageContaining("numClasses=5");
            assertThatThrownBy(() -> mixup.mix(data, manager.zeros(new Shape(4))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(4)");
            Mixup cut = Mixup.builder().setNumClasses(5).optCutMixAlpha(1).build();
            assertThatThrownBy(
                            () ->
                                    cut.mix(
                                            manager.zeros(new Shape(3, 4)),
                                            manager.zeros(new Shape(3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rank >= 3")
                    .hasMessageContaining("(3, 4)");
            assertThatThrownBy(
                            () ->
                                    mixup.mix(
                                            manager.zeros(new Shape(3), DataType.INT32),
                                            manager.zeros(new Shape(3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("int32");
        }
    }
}
