/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.djltricks.core.experiment.MarginalUtility;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class UtilityChartTest {

    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A two-layer perceptron whose hidden width is 32 times the multiplier. */
    private static Block mlp(double width) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(Math.round(32 * width)).build())
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    void oneLinePerVariantOfItsFinitePointsAgainstLogMacs() throws Exception {
        MarginalUtility.Result result =
                MarginalUtility.builder()
                        .setMultipliers(0.25, 0.5, 1.0)
                        .setInputShape(new Shape(1, 16))
                        .addVariant("baseline", UtilityChartTest::mlp, (block, m) -> 0.5 + 0.1 * m)
                        .addVariant("+ tricks", UtilityChartTest::mlp, (block, m) -> 0.6 + 0.1 * m)
                        .addVariant(
                                "diverged",
                                UtilityChartTest::mlp,
                                (block, m) -> m == 0.5 ? 0.55 : Double.NaN)
                        .addVariant("all NaN", UtilityChartTest::mlp, (block, m) -> Double.NaN)
                        .optMetric("top-1")
                        .build()
                        .run();

        XYChart chart = UtilityChart.of(result);
        assertThat(chart.getTitle()).isEqualTo("top-1 against compute");
        assertThat(chart.getXAxisTitle()).isEqualTo("MACs (log scale)");
        assertThat(chart.getYAxisTitle()).isEqualTo("top-1");
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getSeriesMap()).containsOnlyKeys("baseline", "+ tricks", "diverged");
        XYSeries tricks = chart.getSeriesMap().get("+ tricks");
        List<MarginalUtility.Point> curve = result.curve("+ tricks");
        assertThat(tricks.getXData())
                .containsExactly(curve.stream().mapToDouble(p -> (double) p.macs()).toArray());
        assertThat(tricks.getYData())
                .containsExactly(
                        curve.stream().mapToDouble(MarginalUtility.Point::metric).toArray());
        // 16 -> 32w -> 10: 16·32w + 32w·10 multiply-adds.
        assertThat(tricks.getXData()[0]).isEqualTo(16 * 8 + 8 * 10);
        assertThat(chart.getSeriesMap().get("diverged").getYData()).containsExactly(0.55);

        Path png = dir.resolve("out/utility.png");
        UtilityChart.write(result, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(440);
    }
}
