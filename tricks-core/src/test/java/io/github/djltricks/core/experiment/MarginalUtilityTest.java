/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djltricks.core.compute.ComputeCounter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarginalUtilityTest {

    private static final Shape INPUT = new Shape(1, 3, 64, 64);

    @TempDir Path dir;

    private static Block mobileNet(double width) {
        return MobileNetV1.builder().optWidthMultiplier((float) width).setOutSize(10).build();
    }

    /** A fake metric that rises with the logarithm of the parameter count, saturating. */
    private static double fakeAccuracy(Block block, double bonus) {
        long params =
                block.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
        return 1 - 0.5 / Math.log10(params) + bonus;
    }

    @Test
    void sweepCountsTrainsAndTabulatesEveryPoint() throws Exception {
        double[] widths = {0.25, 0.5, 1.0};
        MarginalUtility.Result result =
                MarginalUtility.builder()
                        .setMultipliers(widths)
                        .setInputShape(INPUT)
                        .addVariant(
                                "baseline",
                                MarginalUtilityTest::mobileNet,
                                (block, m) -> {
                                    // The block comes fresh: the count left it uninitialized.
                                    assertThat(block.isInitialized()).isFalse();
                                    return fakeAccuracy(block, 0);
                                })
                        .addVariant(
                                "+ tricks",
                                MarginalUtilityTest::mobileNet,
                                (block, m) -> fakeAccuracy(block, 0.02))
                        .optMetric("top-1")
                        .build()
                        .run();

        assertThat(result.variants()).containsExactly("baseline", "+ tricks");
        List<MarginalUtility.Point> curve = result.curve("baseline");
        assertThat(curve).hasSize(3);
        for (int i = 0; i < widths.length; i++) {
            var report = ComputeCounter.count(mobileNet(widths[i]), INPUT);
            assertThat(curve.get(i).multiplier()).isEqualTo(widths[i]);
            assertThat(curve.get(i).macs()).isEqualTo(report.macs());
            assertThat(curve.get(i).params()).isEqualTo(report.params());
        }
        // Width multiplier alpha scales MACs by about alpha^2 (Howard et al. 2017, section 3.3).
        assertThat((double) curve.get(2).macs() / curve.get(1).macs()).isBetween(3.0, 4.0);

        double[] utility = result.marginalUtility("baseline");
        assertThat(utility).hasSize(2);
        for (int i = 1; i < 3; i++) {
            double expected =
                    (curve.get(i).metric() - curve.get(i - 1).metric())
                            / (Math.log((double) curve.get(i).macs() / curve.get(i - 1).macs())
                                    / Math.log(2));
            assertThat(utility[i - 1]).isCloseTo(expected, within(1e-12));
        }
        assertThat(result.curve("+ tricks").get(1).metric() - curve.get(1).metric())
                .isCloseTo(0.02, within(1e-12));

        String md = result.toMarkdown();
        assertThat(md.lines().filter(l -> l.startsWith("| baseline") || l.startsWith("| + tricks")))
                .hasSize(6);
        assertThat(md).contains("Δ per 2× MACs", "top-1");

        assertThat(result.metric()).isEqualTo("top-1");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> MarginalUtility.builder().setInputShape(INPUT).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multipliers");
        assertThatThrownBy(
                        () ->
                                MarginalUtility.builder()
                                        .setMultipliers(0.5, -1)
                                        .setInputShape(INPUT)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0.5, -1.0]");
        assertThatThrownBy(
                        () ->
                                MarginalUtility.builder()
                                        .addVariant(
                                                "a", MarginalUtilityTest::mobileNet, (b, m) -> 0)
                                        .addVariant(
                                                "a", MarginalUtilityTest::mobileNet, (b, m) -> 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' twice");
        assertThatThrownBy(
                        () ->
                                MarginalUtility.builder()
                                        .setMultipliers(0.25)
                                        .setInputShape(INPUT)
                                        .addVariant(
                                                "broken",
                                                MarginalUtilityTest::mobileNet,
                                                (b, m) -> {
                                                    throw new IllegalStateException("diverged");
                                                })
                                        .build()
                                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'broken' failed at multiplier 0.25: diverged");
    }
}
