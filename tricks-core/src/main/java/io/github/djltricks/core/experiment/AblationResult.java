/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * The summary of an ablation: per row and metric the mean ± standard deviation over seeds, the
 * delta against the baseline and against the row above, and Welch t-test p-values (see {@link
 * MetricSummary}); as a Markdown table. The rows, their runs and summaries are public, so a chart
 * library of the caller's choice can draw them (the examples module draws bars with error bars with
 * XChart).
 *
 * <p>A metric named {@value ConvergenceListener#METRIC} (1 when a run converged, 0 when it did not,
 * −1 when it was too short to judge, as {@link ConvergenceListener.Verdict#toMetrics()} gives it)
 * is shown as counts, not tested: converged runs over judged runs, and the runs too short to judge
 * apart, e.g. {@code 2/3 (1 too short)}; a run too short to judge is never counted as converged,
 * nor as not converged.
 */
public final class AblationResult {

    private static final TTest WELCH = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC);

    /**
     * One row of the table.
     *
     * @param name the row name
     * @param configuration the row's configuration
     * @param changes what the row changes against the row above (empty for the baseline)
     * @param runs the recorded runs of the row, finished and failed
     * @param metrics the summary per metric over the finished runs, in metric order
     */
    public record Row(
            String name,
            Configuration configuration,
            Map<String, Object> changes,
            List<RunRecord> runs,
            Map<String, MetricSummary> metrics) {

        /**
         * Returns the failed runs of the row.
         *
         * @return the failed runs
         */
        public List<RunRecord> failures() {
            return runs.stream().filter(r -> !r.ok()).toList();
        }

        /**
         * Returns the values of a metric over the finished runs, in seed order.
         *
         * @param metric the metric name
         * @return the values
         */
        public double[] values(String metric) {
            return runs.stream()
                    .filter(RunRecord::ok)
                    .mapToDouble(r -> r.metrics().get(metric))
                    .toArray();
        }
    }

    private final AblationRunner.Mode mode;
    private final long[] seeds;
    private final List<String> metrics;
    private final String headline;
    private final List<Row> rows;

    AblationResult(
            Map<String, Configuration> configurations,
            AblationRunner.Mode mode,
            long[] seeds,
            String headline,
            List<RunRecord> records) {
        this.mode = mode;
        this.seeds = seeds.clone();
        this.metrics = metricNames(records);
        if (headline != null && !metrics.isEmpty() && !metrics.contains(headline)) {
            throw new IllegalArgumentException(
                    "headline metric '" + headline + "' is not reported; metrics: " + metrics);
        }
        this.headline = headline != null ? headline : metrics.isEmpty() ? null : metrics.get(0);
        List<Row> built = new ArrayList<>();
        Row baseline = null;
        Row previous = null;
        for (Map.Entry<String, Configuration> entry : configurations.entrySet()) {
            List<RunRecord> runs = new ArrayList<>();
            for (long seed : seeds) {
                records.stream()
                        .filter(r -> r.variant().equals(entry.getKey()) && r.seed() == seed)
                        .findFirst()
                        .ifPresent(runs::add);
            }
            Map<String, Object> changes =
                    previous == null
                            ? Map.of()
                            : entry.getValue()
                                    .diff(
                                            mode == AblationRunner.Mode.CUMULATIVE
                                                    ? previous.configuration()
                                                    : baseline.configuration());
            Row row =
                    new Row(
                            entry.getKey(),
                            entry.getValue(),
                            changes,
                            List.copyOf(runs),
                            new LinkedHashMap<>());
            for (String metric : metrics) {
                row.metrics().put(metric, summarize(row, metric, baseline, previous));
            }
            built.add(row);
            if (baseline == null) {
                baseline = row;
            }
            previous = row;
        }
        this.rows = List.copyOf(built);
    }

    /** The metric names of the finished runs; every finished run must report the same ones. */
    private static List<String> metricNames(List<RunRecord> records) {
        Set<String> names = null;
        RunRecord first = null;
        for (RunRecord r : records) {
            if (!r.ok()) {
                continue;
            }
            if (names == null) {
                names = new LinkedHashSet<>(r.metrics().keySet());
                first = r;
            } else if (!names.equals(r.metrics().keySet())) {
                Set<String> missing = new LinkedHashSet<>(names);
                missing.removeAll(r.metrics().keySet());
                Set<String> extra = new LinkedHashSet<>(r.metrics().keySet());
                extra.removeAll(names);
                throw new IllegalStateException(
                        "Every finished run must report the same metrics: run '"
                                + r.name()
                                + "' (row '"
                                + r.variant()
                                + "', seed "
                                + r.seed()
                                + ") lacks "
                                + missing
                                + (extra.isEmpty() ? "" : " and adds " + extra)
                                + " compared with run '"
                                + first.name()
                                + "', which reports "
                                + names);
            }
        }
        return names == null ? List.of() : List.copyOf(names);
    }

    private static MetricSummary summarize(Row row, String metric, Row baseline, Row previous) {
        double[] x = row.values(metric);
        double mean = x.length == 0 ? Double.NaN : Mean.of(x).getAsDouble();
        double std = x.length == 0 ? Double.NaN : StandardDeviation.of(x).getAsDouble();
        double deltaBaseline = Double.NaN;
        double pBaseline = Double.NaN;
        double deltaPrevious = Double.NaN;
        double pPrevious = Double.NaN;
        if (baseline != null) {
            double[] b = baseline.values(metric);
            deltaBaseline = mean - (b.length == 0 ? Double.NaN : Mean.of(b).getAsDouble());
            pBaseline = welch(x, b);
        }
        if (previous != null) {
            double[] p = previous.values(metric);
            deltaPrevious = mean - (p.length == 0 ? Double.NaN : Mean.of(p).getAsDouble());
            pPrevious = welch(x, p);
        }
        return new MetricSummary(
                x.length, mean, std, deltaBaseline, deltaPrevious, pBaseline, pPrevious);
    }

    private static double welch(double[] x, double[] y) {
        if (x.length < 2 || y.length < 2) {
            return Double.NaN;
        }
        if (StandardDeviation.of(x).getAsDouble() == 0
                && StandardDeviation.of(y).getAsDouble() == 0) {
            return Double.NaN;
        }
        return WELCH.test(x, y).getPValue();
    }

    /**
     * Returns the rows: the baseline, then the variants.
     *
     * @return the rows in table order
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * Returns the row of the given name.
     *
     * @param name the row name
     * @return the row
     * @throws IllegalArgumentException if there is no such row
     */
    public Row row(String name) {
        return rows.stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "No row '"
                                                + name
                                                + "'; rows: "
                                                + rows.stream().map(Row::name).toList()));
    }

    /**
     * Returns the seeds every row was run with.
     *
     * @return a copy of the seeds, in run order
     */
    public long[] seeds() {
        return seeds.clone();
    }

    /**
     * Returns the metric names, in the order the runs report them.
     *
     * @return the metrics
     */
    public List<String> metrics() {
        return metrics;
    }

    /**
     * Returns the headline metric (null when no run finished).
     *
     * @return the headline metric
     */
    public String headline() {
        return headline;
    }

    /**
     * Formats the table as Markdown: one line per row; per metric the mean ± std, the deltas and
     * the p-values (in {@link AblationRunner.Mode#ONE_AT_A_TIME} mode only against the baseline),
     * the mean wall time, then the failures.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        boolean cumulative = mode == AblationRunner.Mode.CUMULATIVE;
        List<String> header = new ArrayList<>(List.of("variant", "runs"));
        for (String metric : metrics) {
            if (metric.equals(ConvergenceListener.METRIC)) {
                header.add(metric);
                continue;
            }
            header.addAll(List.of(metric, "Δ baseline", "p baseline"));
            if (cumulative) {
                header.addAll(List.of("Δ previous", "p previous"));
            }
        }
        header.add("wall s");
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i < 2 ? "---" : "---:");
        }
        line(sb, rule);
        boolean first = true;
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(escape(row.name()));
            int failed = row.failures().size();
            int done = row.runs().size() - failed;
            cells.add(done + (failed > 0 ? " (+" + failed + " failed)" : ""));
            for (String metric : metrics) {
                MetricSummary s = row.metrics().get(metric);
                if (metric.equals(ConvergenceListener.METRIC)) {
                    cells.add(convergedCell(row.values(metric)));
                    continue;
                }
                cells.add(
                        s.n() == 0
                                ? "–"
                                : fmt("%.4g", s.mean())
                                        + (s.n() > 1 ? " ± " + fmt("%.2g", s.std()) : ""));
                cells.add(first ? "" : delta(s.deltaBaseline()));
                cells.add(first ? "" : p(s.pBaseline()));
                if (cumulative) {
                    cells.add(first ? "" : delta(s.deltaPrevious()));
                    cells.add(first ? "" : p(s.pPrevious()));
                }
            }
            double wall =
                    row.runs().stream().mapToDouble(RunRecord::wallSeconds).average().orElse(0);
            cells.add(fmt("%.3g", wall));
            line(sb, cells);
            first = false;
        }
        sb.append('\n')
                .append(
                        cumulative
                                ? "Cumulative: each row adds its change to the row above. "
                                : "One change at a time: each row changes the baseline alone. ")
                .append("Mean ± sample std over seeds ")
                .append(Arrays.toString(seeds))
                .append("; p: Welch's two-sided t-test.\n");
        List<RunRecord> failures = rows.stream().flatMap(r -> r.failures().stream()).toList();
        if (!failures.isEmpty()) {
            sb.append("\nFailed runs:\n\n");
            for (RunRecord r : failures) {
                sb.append("- ")
                        .append(escape(r.variant()))
                        .append(", seed ")
                        .append(r.seed())
                        .append(": ")
                        .append(escape(r.message()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toMarkdown()} to a file.
     *
     * @param file the Markdown file
     * @throws IOException if it cannot be written
     */
    public void writeMarkdown(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, toMarkdown(), StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String delta(double delta) {
        return Double.isNaN(delta) ? "–" : fmt("%+.3g", delta);
    }

    private static String p(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        return p < 1e-4 ? "<1e-4" : fmt("%.3g", p);
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /**
     * Formats the counts of a row's convergence verdicts: converged over judged, and the runs too
     * short to judge, e.g. {@code "2/3 (1 too short)"}.
     *
     * @param verdicts the row's {@value ConvergenceListener#METRIC} values
     * @return the cell text
     */
    public static String convergedCell(double[] verdicts) {
        long converged = 0;
        long tooShort = 0;
        for (double v : verdicts) {
            ConvergenceListener.Status status = ConvergenceListener.Status.ofMetric(v);
            if (status == ConvergenceListener.Status.CONVERGED) {
                converged++;
            } else if (status == ConvergenceListener.Status.TOO_SHORT) {
                tooShort++;
            }
        }
        return converged
                + "/"
                + (verdicts.length - tooShort)
                + (tooShort > 0 ? " (" + tooShort + " too short)" : "");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
