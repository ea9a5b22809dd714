/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import io.github.djltricks.core.experiment.MarginalUtility;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The chart of a {@link MarginalUtility.Result}: the metric against MACs on a logarithmic axis, one
 * line per variant.
 */
public final class UtilityChart {

    private UtilityChart() {}

    /**
     * Draws the metric against MACs (log x-axis), one curve per variant; points whose metric is not
     * finite are left out, and a variant without a finite point has no curve.
     *
     * @param result the sweep
     * @return the chart
     */
    public static XYChart of(MarginalUtility.Result result) {
        XYChart chart =
                new XYChartBuilder()
                        .width(640)
                        .height(440)
                        .title(result.metric() + " against compute")
                        .xAxisTitle("MACs (log scale)")
                        .yAxisTitle(result.metric())
                        .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (String variant : result.variants()) {
            List<MarginalUtility.Point> curve =
                    result.curve(variant).stream()
                            .filter(p -> Double.isFinite(p.metric()))
                            .toList();
            if (curve.isEmpty()) {
                continue;
            }
            double[] x = curve.stream().mapToDouble(p -> (double) p.macs()).toArray();
            double[] y = curve.stream().mapToDouble(MarginalUtility.Point::metric).toArray();
            chart.addSeries(variant, x, y);
        }
        return chart;
    }

    /**
     * Writes {@link #of} as PNG.
     *
     * @param result the sweep
     * @param file the PNG file
     * @throws IOException if it cannot be written
     */
    public static void write(MarginalUtility.Result result, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = of(result);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
