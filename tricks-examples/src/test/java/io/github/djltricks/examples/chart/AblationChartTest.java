/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.MetricSummary;
import io.github.djltricks.core.experiment.Trial;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class AblationChartTest {

    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** top1 = 0.70 + 0.01 per step of the configuration + 0.001 per seed; loss = −top1. */
    private static final Trial TRIAL =
            (c, seed) -> {
                double top1 = 0.70 + 0.01 * c.getInt("step") + 0.001 * seed;
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("top1", top1);
                metrics.put("loss", -top1);
                return metrics;
            };

    private AblationResult ablation(Trial trial, long... seeds) throws Exception {
        return AblationRunner.builder()
                .setBaseline(Map.of("step", 0))
                .addVariant("+ cosine", Map.of("step", 1))
                .addVariant("+ label smoothing", Map.of("step", 2))
                .addVariant("+ batch 256", Map.of("step", 3))
                .setSeeds(seeds)
                .setTrial(trial)
                .optHeadline("top1")
                .setResultsFile(dir.resolve("runs.json"))
                .build()
                .run();
    }

    @Test
    void oneBarPerRowAtItsMeanWithItsStdFromZero() throws Exception {
        AblationResult result = ablation(TRIAL, 1, 2, 3);
        CategoryChart chart = AblationChart.of(result, "top1");

        assertThat(chart.getTitle()).isEqualTo("top1 (mean ± std over 3 seeds)");
        assertThat(chart.getXAxisTitle()).isEqualTo("variant");
        assertThat(chart.getYAxisTitle()).isEqualTo("top1");
        assertThat(chart.getSeriesMap()).containsOnlyKeys("top1");
        CategorySeries bars = chart.getSeriesMap().get("top1");
        assertThat(new ArrayList<Object>(bars.getXData()))
                .containsExactly("baseline", "+ cosine", "+ label smoothing", "+ batch 256");
        List<Number> heights = new ArrayList<>(bars.getYData());
        List<Number> errors = new ArrayList<>(bars.getExtraValues());
        for (int i = 0; i < result.rows().size(); i++) {
            MetricSummary s = result.rows().get(i).metrics().get("top1");
            assertThat(heights.get(i).doubleValue()).isEqualTo(s.mean());
            assertThat(errors.get(i).doubleValue()).isEqualTo(s.std()).isPositive();
        }
        // The bars start at zero, and the highest error bar fits under the top of the axis.
        MetricSummary top = result.row("+ batch 256").metrics().get("top1");
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(0.0);
        assertThat(chart.getStyler().getYAxisMax()).isGreaterThan(top.mean() + top.std());
        assertThat(chart.getStyler().getXAxisLabelRotation())
                .as("short names stand side by side")
                .isZero();

        Path png = dir.resolve("out/top1.png");
        AblationChart.write(result, png, "top1");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(chart.getWidth());
        assertThat(image.getHeight()).isEqualTo(420);

        Path headline = dir.resolve("headline.png");
        AblationChart.write(result, headline);
        assertThat(ImageIO.read(headline.toFile()).getWidth()).isEqualTo(chart.getWidth());
    }

    /** Negative means hang down from zero: the axis ends at zero and reaches the lowest bar. */
    @Test
    void negativeBarsHangFromZero() throws Exception {
        AblationResult result = ablation(TRIAL, 1, 2);
        CategoryChart chart = AblationChart.of(result, "loss");
        MetricSummary low = result.row("+ batch 256").metrics().get("loss");
        assertThat(chart.getStyler().getYAxisMax()).isEqualTo(0.0);
        assertThat(chart.getStyler().getYAxisMin()).isLessThan(low.mean() - low.std());
    }

    /** Names wider than their bar's slot are drawn slanted instead of overlapping. */
    @Test
    void longVariantNamesAreRotated() throws Exception {
        AblationRunner.Builder b =
                AblationRunner.builder()
                        .setBaseline(Map.of("step", 0))
                        .optBaselineName("baseline (per-shard batch norm)")
                        .setSeeds(1, 2)
                        .setTrial((c, seed) -> Map.of("top1", 0.5 + 0.01 * seed))
                        .optHeadline("top1")
                        .setResultsFile(dir.resolve("long.json"));
        for (int i = 1; i <= 7; i++) {
            b.addVariant("+ class label smoothing, step " + i, Map.of("step", i));
        }
        AblationResult result = b.build().run();
        CategoryChart chart = AblationChart.of(result, "top1");
        assertThat(chart.getStyler().getXAxisLabelRotation())
                .isEqualTo(AblationChart.LABEL_ROTATION);
        Path png = dir.resolve("long.png");
        AblationChart.write(result, png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(chart.getWidth());
    }

    /** A failed run is named under its bar; a row whose every run failed has an empty bar. */
    @Test
    void failedRunsAreNamedNeverDrawnAsAScore() throws Exception {
        Trial failing =
                (c, seed) -> {
                    int step = c.getInt("step");
                    if (step == 3 || (step == 1 && seed == 2)) {
                        throw new IllegalStateException("out of memory");
                    }
                    return TRIAL.run(c, seed);
                };
        AblationResult result = ablation(failing, 1, 2);
        CategoryChart chart = AblationChart.of(result, "top1");
        CategorySeries bars = chart.getSeriesMap().get("top1");
        assertThat(new ArrayList<Object>(bars.getXData()))
                .containsExactly(
                        "baseline",
                        "+ cosine (1 failed)",
                        "+ label smoothing",
                        "+ batch 256 (failed)");
        List<Number> heights = new ArrayList<>(bars.getYData());
        assertThat(heights.get(1).doubleValue())
                .isEqualTo(result.row("+ cosine").metrics().get("top1").mean());
        assertThat(heights.get(3).doubleValue()).isZero();
        assertThat(new ArrayList<Number>(bars.getExtraValues()).get(3).doubleValue()).isZero();
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(0.0);

        Path png = dir.resolve("failed.png");
        AblationChart.write(result, png, "top1");
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void anUnreportedMetricIsRejected() throws Exception {
        AblationResult result = ablation(TRIAL, 1);
        assertThatThrownBy(() -> AblationChart.of(result, "top5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'top5'")
                .hasMessageContaining("[top1, loss]");
    }
}
