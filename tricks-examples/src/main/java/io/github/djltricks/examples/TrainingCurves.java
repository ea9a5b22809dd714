/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Training curves of an experiment: one series of (step, value) points per run, written as a CSV
 * table ({@code series,step,value}) and read back from that table (drawn by {@link
 * io.github.djltricks.examples.chart.TrainingCurveChart}), so that a resumed experiment keeps the
 * curves of the runs it does not repeat. Thread-safe, so trials may record from training threads.
 */
public final class TrainingCurves {

    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    /** Creates empty curves. */
    public TrainingCurves() {}

    /**
     * Returns the series names of an ablation's runs, {@code "<row> / seed <seed>"}, seed by seed
     * in row order: the names to keep when reading the curves of a resumed ablation back.
     *
     * @param rows the row names
     * @param seeds the seeds
     * @return the names
     */
    public static List<String> series(Collection<String> rows, long... seeds) {
        List<String> names = new ArrayList<>();
        for (long seed : seeds) {
            for (String row : rows) {
                names.add(row + " / seed " + seed);
            }
        }
        return names;
    }

    /**
     * Reads the curves a {@link #writeCsv} wrote, keeping only the named series (in the file's
     * order), so that a resumed experiment starts from the curves of its finished runs.
     *
     * @param file the CSV file; if it does not exist the curves are empty
     * @param keep the series to keep; series of the file not named are left out
     * @return the curves read
     * @throws IOException if the file exists but cannot be read
     * @throws IllegalArgumentException if a line is not {@code "series",step,value}
     */
    public static TrainingCurves read(Path file, Collection<String> keep) throws IOException {
        return read(file, keep::contains);
    }

    /**
     * Reads every series a {@link #writeCsv} wrote, in the file's order.
     *
     * @param file the CSV file; if it does not exist the curves are empty
     * @return the curves read
     * @throws IOException if the file exists but cannot be read
     * @throws IllegalArgumentException if a line is not {@code "series",step,value}
     */
    public static TrainingCurves read(Path file) throws IOException {
        return read(file, name -> true);
    }

    private static TrainingCurves read(Path file, Predicate<String> keep) throws IOException {
        TrainingCurves curves = new TrainingCurves();
        if (!Files.exists(file)) {
            return curves;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int close = line.lastIndexOf('"');
            String[] rest = close > 0 ? line.substring(close + 1).split(",", -1) : new String[0];
            if (!line.startsWith("\"") || rest.length != 3 || !rest[0].isEmpty()) {
                throw malformed(file, i, line, null);
            }
            long step;
            double value;
            try {
                step = Long.parseLong(rest[1]);
                value = Double.parseDouble(rest[2]);
            } catch (NumberFormatException e) {
                throw malformed(file, i, line, e);
            }
            String name = line.substring(1, close).replace("\"\"", "\"");
            if (keep.test(name)) {
                curves.record(name, step, value);
            }
        }
        return curves;
    }

    /**
     * Records one point of a series.
     *
     * @param name the series, e.g. {@code "+ mixup / seed 2"}
     * @param step the x value (training step)
     * @param value the y value (training loss, say)
     */
    public synchronized void record(String name, long step, double value) {
        series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {step, value});
    }

    private static IllegalArgumentException malformed(
            Path file, int index, String line, NumberFormatException cause) {
        return new IllegalArgumentException(
                "line "
                        + (index + 1)
                        + " of "
                        + file
                        + " must be \"series\",step,value, got: "
                        + line,
                cause);
    }

    /**
     * Removes a series, so that a run recorded again replaces its earlier curve.
     *
     * @param name the series
     */
    public synchronized void remove(String name) {
        series.remove(name);
    }

    /**
     * Returns the names of the recorded series, in the order of their first point.
     *
     * @return the names
     */
    public synchronized List<String> names() {
        return List.copyOf(series.keySet());
    }

    /**
     * Returns the values of one series in recording order.
     *
     * @param name the series
     * @return its y values, empty if it has none
     */
    public synchronized double[] values(String name) {
        return series.getOrDefault(name, List.of()).stream().mapToDouble(p -> p[1]).toArray();
    }

    /**
     * Returns the steps of one series in recording order.
     *
     * @param name the series
     * @return its x values, empty if it has none
     */
    public synchronized double[] steps(String name) {
        return series.getOrDefault(name, List.of()).stream().mapToDouble(p -> p[0]).toArray();
    }

    /**
     * Writes every point as CSV with the header {@code series,step,value}.
     *
     * @param file the CSV file
     * @throws IOException if it cannot be written
     */
    public synchronized void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("series,step,value\n");
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String name = '"' + e.getKey().replace("\"", "\"\"") + '"';
            for (double[] p : e.getValue()) {
                csv.append(name)
                        .append(',')
                        .append((long) p[0])
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.6g", p[1]))
                        .append('\n');
            }
        }
        createParent(file);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
