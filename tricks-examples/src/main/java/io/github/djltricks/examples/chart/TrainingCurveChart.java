/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.chart;

import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.examples.TrainingCurves;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart of an experiment's {@link TrainingCurves}: one line per row, not per run. The runs of a
 * row are the series named {@code "<row> / seed <n>"} (a series without {@code " / seed "} is a row
 * of its own). Each run's curve is smoothed by a bias-corrected exponential moving average whose
 * span is a fiftieth of the run ({@code β = 1 − 2 / (span + 1)}); the line is the mean of the
 * smoothed runs at each step the runs share, and a band of the row's colour spans their minimum to
 * maximum. Every row has a colour of its own.
 */
public final class TrainingCurveChart {

    /** What separates a row's name from the seed in a series name. */
    static final String SEED_SEPARATOR = " / seed ";

    /** The smoothing span is the run's length divided by this. */
    static final int SPANS_PER_RUN = 50;

    /** The most points drawn per line; longer runs are thinned evenly, the last point kept. */
    static final int MAX_POINTS = 500;

    /** Tableau's ten colours, used while the rows are no more. */
    private static final int[] TABLEAU = {
        0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f,
        0xbab0ac
    };

    /** Appended to a row's name to name its band. */
    static final String BAND_SUFFIX = " (band)";

    /** The alpha of a row's band. */
    private static final int BAND_ALPHA = 50;

    private TrainingCurveChart() {}

    /**
     * Draws the curves: per row the mean of its runs' smoothed curves, and a band from their
     * minimum to maximum when it has more than one run.
     *
     * @param curves the curves, series named {@code "<row> / seed <n>"}
     * @param title the chart title
     * @param yAxis the y-axis label
     * @return the chart
     */
    public static XYChart of(TrainingCurves curves, String title, String yAxis) {
        Map<String, List<String>> rows = rows(curves.names());
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(560)
                        .title(title + " (smoothed; line: mean over seeds, band: min to max)")
                        .xAxisTitle("step")
                        .yAxisTitle(yAxis)
                        .build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Color> colors = colors(rows.size());
        List<Map.Entry<String, Line>> lines = new ArrayList<>();
        List<Color> lineColors = new ArrayList<>();
        int r = 0;
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            Color color = colors.get(r++);
            Line line = line(curves, row.getValue());
            if (line.steps.length == 0) {
                continue;
            }
            if (row.getValue().size() > 1) {
                int n = line.steps.length;
                double[] x = new double[2 * n];
                double[] y = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    x[i] = line.steps[i];
                    y[i] = line.high[i];
                    x[2 * n - 1 - i] = line.steps[i];
                    y[2 * n - 1 - i] = line.low[i];
                }
                XYSeries band = chart.addSeries(row.getKey() + BAND_SUFFIX, x, y);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setMarker(SeriesMarkers.NONE);
                band.setFillColor(
                        new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setShowInLegend(false);
            }
            lines.add(Map.entry(row.getKey(), line));
            lineColors.add(color);
        }
        // the lines over every band
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i).getValue();
            XYSeries series = chart.addSeries(lines.get(i).getKey(), line.steps, line.mean);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(lineColors.get(i));
            series.setLineStyle(SeriesLines.SOLID);
            series.setLineWidth(1.5f);
        }
        return chart;
    }

    /**
     * Writes the chart as PNG.
     *
     * @param curves the curves
     * @param file the PNG file
     * @param title the chart title
     * @param yAxis the y-axis label
     * @throws IOException if it cannot be written
     */
    public static void write(TrainingCurves curves, Path file, String title, String yAxis)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = of(curves, title, yAxis);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * Returns the row of a series: its name before the last {@code " / seed "}, or the whole name.
     *
     * @param series the series name
     * @return the row name
     */
    static String row(String series) {
        int at = series.lastIndexOf(SEED_SEPARATOR);
        return at < 0 ? series : series.substring(0, at);
    }

    /** The series of each row, rows in the order of their first series. */
    static Map<String, List<String>> rows(List<String> names) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String name : names) {
            rows.computeIfAbsent(row(name), k -> new ArrayList<>()).add(name);
        }
        return rows;
    }

    /**
     * Smooths a curve by the bias-corrected exponential moving average of span {@code span}: {@code
     * s_t = β s_{t−1} + (1 − β) y_t}, reported as {@code s_t / (1 − β^t)}, {@code β = 1 − 2 / (span
     * + 1)}; a span of 1 leaves the curve as it is.
     *
     * @param y the curve
     * @param span the span, {@code >= 1}
     * @return the smoothed curve
     */
    static double[] smooth(double[] y, int span) {
        return ConvergenceListener.smooth(y, 1 - 2.0 / (span + 1));
    }

    /**
     * Returns {@code n} distinct colours: Tableau's ten while they suffice, else hues evenly spread
     * around the colour wheel.
     *
     * @param n the number of colours
     * @return the colours
     */
    static List<Color> colors(int n) {
        List<Color> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(
                    n <= TABLEAU.length
                            ? new Color(TABLEAU[i])
                            : Color.getHSBColor((float) i / n, 0.75f, 0.8f));
        }
        return out;
    }

    /**
     * A row's line: the steps all its runs share, the mean and extremes of their smoothed values.
     */
    private record Line(double[] steps, double[] mean, double[] low, double[] high) {}

    private static Line line(TrainingCurves curves, List<String> runs) {
        List<Map<Long, Double>> smoothed = new ArrayList<>();
        Set<Long> shared = null;
        for (String run : runs) {
            double[] x = curves.steps(run);
            double[] s = smooth(curves.values(run), Math.max(1, x.length / SPANS_PER_RUN));
            Map<Long, Double> byStep = new LinkedHashMap<>();
            for (int i = 0; i < x.length; i++) {
                byStep.put((long) x[i], s[i]);
            }
            smoothed.add(byStep);
            if (shared == null) {
                shared = new LinkedHashSet<>(byStep.keySet());
            } else {
                shared.retainAll(byStep.keySet());
            }
        }
        List<Long> steps = shared == null ? List.of() : new ArrayList<>(shared);
        int every = Math.max(1, (steps.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < steps.size(); i += every) {
            kept.add(i);
        }
        if (!steps.isEmpty() && kept.get(kept.size() - 1) != steps.size() - 1) {
            kept.add(steps.size() - 1);
        }
        double[] x = new double[kept.size()];
        double[] mean = new double[kept.size()];
        double[] low = new double[kept.size()];
        double[] high = new double[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            long step = steps.get(kept.get(k));
            x[k] = step;
            double sum = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Map<Long, Double> run : smoothed) {
                double v = run.get(step);
                sum += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            mean[k] = sum / smoothed.size();
            low[k] = lo;
            high[k] = hi;
        }
        return new Line(x, mean, low, high);
    }
}
