/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.djltricks.examples.TrainingCurves;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** One smoothed line per row, the mean over its seeds, a band for their spread, own colours. */
class TrainingCurveChartTest {

    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static double[] ys(XYSeries s) {
        return s.getYData();
    }

    @Test
    void oneLineAndOneBandPerRowAtTheMeanAndSpreadOfItsSeeds() throws Exception {
        TrainingCurves curves = new TrainingCurves();
        // 8 rows x 3 seeds = 24 runs, as bof-detection draws; seed k of row r is flat at r + k
        for (int seed = 1; seed <= 3; seed++) {
            for (int r = 0; r < 8; r++) {
                for (int step = 1; step <= 200; step++) {
                    curves.record("row " + r + " / seed " + seed, step, r + seed);
                }
            }
        }
        XYChart chart = TrainingCurveChart.of(curves, "bof-detection training loss", "loss");

        assertThat(chart.getSeriesMap()).hasSize(16);
        List<XYSeries> lines =
                chart.getSeriesMap().values().stream()
                        .filter(s -> !s.getName().endsWith(TrainingCurveChart.BAND_SUFFIX))
                        .toList();
        assertThat(lines)
                .extracting(XYSeries::getName)
                .containsExactly(
                        "row 0", "row 1", "row 2", "row 3", "row 4", "row 5", "row 6", "row 7");
        assertThat(lines).allMatch(XYSeries::isShowInLegend);
        for (int r = 0; r < 8; r++) {
            // the smoothing keeps a flat curve; the mean of r+1, r+2, r+3 is r+2
            double expected = r + 2.0;
            double[] line = ys(lines.get(r));
            assertThat(line).hasSize(200);
            for (double v : line) {
                assertThat(v).isCloseTo(expected, within(1e-9));
            }
            XYSeries band = chart.getSeriesMap().get("row " + r + TrainingCurveChart.BAND_SUFFIX);
            assertThat(band.isShowInLegend()).isFalse();
            assertThat(band.getXYSeriesRenderStyle())
                    .isEqualTo(XYSeries.XYSeriesRenderStyle.PolygonArea);
            double[] y = ys(band);
            assertThat(y).hasSize(400);
            assertThat(y[0]).isCloseTo(r + 3.0, within(1e-9));
            assertThat(y[399]).isCloseTo(r + 1.0, within(1e-9));
        }
        Set<Color> colors = new HashSet<>();
        for (XYSeries line : lines) {
            colors.add(line.getLineColor());
        }
        assertThat(colors).hasSize(8);
        // solid lines all: XChart's theme would dash the later series
        assertThat(lines).allMatch(l -> l.getLineStyle().getDashArray() == null);

        Path png = dir.resolve("curves.png");
        TrainingCurveChart.write(curves, png, "bof-detection training loss", "loss");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
    }

    @Test
    void theLinesAreSmoothed() {
        TrainingCurves curves = new TrainingCurves();
        // noise of ±1 around 5: the raw curve swings by 2, the smoothed one hardly
        for (int step = 1; step <= 1000; step++) {
            curves.record("noisy / seed 1", step, 5 + (step % 2 == 0 ? 1 : -1));
        }
        XYChart chart = TrainingCurveChart.of(curves, "t", "loss");
        XYSeries line = chart.getSeriesMap().get("noisy");
        assertThat(chart.getSeriesMap()).containsOnlyKeys("noisy");
        double[] y = ys(line);
        assertThat(y.length).isLessThanOrEqualTo(TrainingCurveChart.MAX_POINTS + 1);
        assertThat(line.getXData()[y.length - 1]).isEqualTo(1000.0);
        // span 20: the EMA of a ±1 alternation swings by about 2 / (span + 1) · 2 ≈ 0.1 late on
        for (int i = y.length / 2; i < y.length; i++) {
            assertThat(y[i]).isCloseTo(5.0, within(0.1));
        }
    }

    @Test
    void smoothingIsABiasCorrectedMovingAverage() {
        double[] s = TrainingCurveChart.smooth(new double[] {2, 2, 2}, 19);
        assertThat(s).containsExactly(new double[] {2, 2, 2}, within(1e-12));
        double beta = 0.9;
        double[] t = TrainingCurveChart.smooth(new double[] {1, 3}, 19);
        assertThat(t[1]).isCloseTo((beta * 0.1 + 0.1 * 3) / (1 - beta * beta), within(1e-12));
        assertThat(TrainingCurveChart.smooth(new double[] {1, 3, 2}, 1)).containsExactly(1, 3, 2);
    }

    @Test
    void rowsAreTheNamesBeforeTheSeedAndColoursStayDistinctPastTen() {
        assertThat(TrainingCurveChart.row("+ cosine, warmup / seed 12"))
                .isEqualTo("+ cosine, warmup");
        assertThat(TrainingCurveChart.row("teacher")).isEqualTo("teacher");
        assertThat(new HashSet<>(TrainingCurveChart.colors(24))).hasSize(24);
        assertThat(new HashSet<>(TrainingCurveChart.colors(10))).hasSize(10);
    }
}
