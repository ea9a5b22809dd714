/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.MetricSummary;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The bar chart of an {@link AblationResult}: per row one bar at the mean of a metric over seeds,
 * the error bar one standard deviation. The bars start at zero.
 */
public final class AblationChart {

    /** Rotation in degrees of the variant names when they do not fit side by side. */
    static final int LABEL_ROTATION = 30;

    /** The share of a bar's slot that two neighbouring half names may fill. */
    private static final double LABEL_FILL = 0.9;

    /** About the width the y axis, its title and the margins take from the plot. */
    private static final int Y_AXIS_PIXELS = 80;

    /** The room left above the highest error bar (below the lowest), as a share of the range. */
    private static final double HEADROOM = 0.1;

    private AblationChart() {}

    /**
     * Draws a bar chart of one metric: one bar per row at its mean, the error bar one standard
     * deviation, the value axis from zero (or from below the lowest error bar when a mean is
     * negative). A row with failed runs says so under its bar ("(2 failed)"); a row whose every run
     * failed has no bar and is labelled "(failed)". The variant names are slanted by 30° when two
     * neighbours would overlap side by side.
     *
     * @param result the ablation
     * @param metric the metric to draw
     * @return the chart
     * @throws IllegalArgumentException if the metric is not reported
     */
    public static CategoryChart of(AblationResult result, String metric) {
        if (!result.metrics().contains(metric)) {
            throw new IllegalArgumentException(
                    "metric '" + metric + "' is not reported; metrics: " + result.metrics());
        }
        List<AblationResult.Row> rows = result.rows();
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        double lo = 0;
        double hi = 0;
        for (AblationResult.Row row : rows) {
            MetricSummary s = row.metrics().get(metric);
            int failed = row.failures().size();
            // a failed run is named under its bar, never drawn as a score
            names.add(
                    failed == 0
                            ? row.name()
                            : row.name()
                                    + (failed == row.runs().size()
                                            ? " (failed)"
                                            : " (" + failed + " failed)"));
            boolean finite = Double.isFinite(s.mean());
            double std = Double.isFinite(s.std()) ? s.std() : 0;
            // a row without a finished run gets an empty bar (XChart's error bars take no
            // missing value)
            means.add(finite ? s.mean() : 0.0);
            stds.add(finite ? std : 0.0);
            if (finite) {
                lo = Math.min(lo, s.mean() - std);
                hi = Math.max(hi, s.mean() + std);
            }
        }
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(Math.max(480, 140 * rows.size()))
                        .height(420)
                        .title(metric + " (mean ± std over " + result.seeds().length + " seeds)")
                        .xAxisTitle("variant")
                        .yAxisTitle(metric)
                        .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        if (hi > lo) {
            double margin = HEADROOM * (hi - lo);
            chart.getStyler().setYAxisMin(lo < 0 ? lo - margin : 0.0);
            chart.getStyler().setYAxisMax(hi > 0 ? hi + margin : 0.0);
        }
        chart.addSeries(metric, names, means, stds);
        double slot = (chart.getWidth() - Y_AXIS_PIXELS) / (double) names.size();
        if (widestNeighbours(names, chart.getStyler().getAxisTickLabelsFont())
                > LABEL_FILL * slot) {
            chart.getStyler().setXAxisLabelRotation(LABEL_ROTATION);
        }
        return chart;
    }

    /**
     * Writes the bar chart of the headline metric as PNG.
     *
     * @param result the ablation
     * @param file the PNG file
     * @throws IOException if it cannot be written
     * @throws IllegalStateException if no run finished
     */
    public static void write(AblationResult result, Path file) throws IOException {
        if (result.headline() == null) {
            throw new IllegalStateException("No run finished: there is no metric to chart");
        }
        write(result, file, result.headline());
    }

    /**
     * Writes the bar chart of one metric as PNG.
     *
     * @param result the ablation
     * @param file the PNG file
     * @param metric the metric
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if the metric is not reported
     */
    public static void write(AblationResult result, Path file, String metric) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = of(result, metric);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * Returns the largest mean width in pixels of two neighbouring names drawn in the font: centred
     * under their bars, they overlap when it exceeds a bar's slot.
     */
    private static double widestNeighbours(List<String> names, Font font) {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            FontMetrics metrics = g.getFontMetrics(font);
            int[] w = names.stream().mapToInt(metrics::stringWidth).toArray();
            double widest = w.length == 0 ? 0 : w[0];
            for (int i = 1; i < w.length; i++) {
                widest = Math.max(widest, 0.5 * (w[i - 1] + w[i]));
            }
            return widest;
        } finally {
            g.dispose();
        }
    }
}
