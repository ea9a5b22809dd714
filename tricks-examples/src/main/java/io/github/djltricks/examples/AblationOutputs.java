/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.examples.chart.AblationChart;
import io.github.djltricks.examples.chart.TrainingCurveChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What an ablation command leaves in its output directory once its runner has finished, written the
 * same way by every command (the runner itself keeps {@code results.json} up to date after every
 * run):
 *
 * <ul>
 *   <li>{@code table.md}: the header, {@link RunInfo#header} (the command as run, the machine, the
 *       start and the wall time) and the command's own lines on data and model, then the command's
 *       summary table, or the runner's full table ({@link AblationResult#toMarkdown()}) when it has
 *       none;
 *   <li>{@code full-table.md}, with a summary only: the header and the runner's full table, every
 *       metric with its deltas and Welch p-values;
 *   <li>one bar chart with error bars per chosen metric, {@code <metric>.png} ({@link
 *       AblationChart});
 *   <li>{@code curves.csv} and {@code curves.png}: the training curves, when there are any.
 * </ul>
 *
 * <p>It then prints the table, where the files went and the wall time.
 *
 * <pre>{@code
 * new AblationOutputs(out, spec, started)        // the command's CommandSpec and start
 *         .optSummary(table)                     // else table.md holds the full table
 *         .addCharts("voc07", "coco_ap")
 *         .optCurves(curves, "bof-detection training loss", "loss")
 *         .write(details, result, console);      // details: the command's own header lines
 * }</pre>
 */
public final class AblationOutputs {

    private final Path out;
    private final CommandSpec spec;
    private final Instant started;
    private final List<String> charts = new ArrayList<>();
    private String title;
    private String summary;
    private TrainingCurves curves;
    private String curvesTitle;
    private String curvesAxis;

    /**
     * Creates the outputs of a command.
     *
     * @param out the output directory, created if missing
     * @param spec the command's spec: its name heads the files, and the arguments it ran with go
     *     into the header
     * @param started when the command started, for the wall time
     */
    public AblationOutputs(Path out, CommandSpec spec, Instant started) {
        this.out = out;
        this.spec = spec;
        this.started = started;
        this.title = spec.name();
    }

    /**
     * Sets the files' heading; default the command's name.
     *
     * @param title the heading, e.g. {@code "bof-detection, one trick at a time"}
     * @return these outputs
     */
    public AblationOutputs optTitle(String title) {
        this.title = title;
        return this;
    }

    /**
     * Sets the command's own summary table for {@code table.md}; the runner's full table then goes
     * to {@code full-table.md}.
     *
     * @param table the Markdown table, ending in a newline
     * @return these outputs
     */
    public AblationOutputs optSummary(String table) {
        this.summary = table;
        return this;
    }

    /**
     * Adds metrics to chart, one PNG each.
     *
     * @param metrics the metric names
     * @return these outputs
     */
    public AblationOutputs addCharts(String... metrics) {
        charts.addAll(List.of(metrics));
        return this;
    }

    /**
     * Sets the training curves to write as {@code curves.csv} and {@code curves.png}.
     *
     * @param curves the curves
     * @param title the chart's title
     * @param yAxis the chart's y-axis label
     * @return these outputs
     */
    public AblationOutputs optCurves(TrainingCurves curves, String title, String yAxis) {
        this.curves = curves;
        this.curvesTitle = title;
        this.curvesAxis = yAxis;
        return this;
    }

    /**
     * Writes the files, then prints the table, where the files went and the wall time.
     *
     * @param details the command's own Markdown lines below {@link RunInfo#header} (data, model,
     *     recipe), ending in a blank line
     * @param result the ablation's result
     * @param console where the table is printed
     * @throws IOException if a file cannot be written
     */
    public void write(String details, AblationResult result, PrintWriter console)
            throws IOException {
        Duration wall = Duration.between(started, Instant.now());
        String header = RunInfo.header(title, spec, started, wall) + details;
        Files.createDirectories(out);
        String table = summary != null ? summary : result.toMarkdown();
        Files.writeString(out.resolve("table.md"), header + table, StandardCharsets.UTF_8);
        if (summary != null) {
            Files.writeString(
                    out.resolve("full-table.md"),
                    header + result.toMarkdown(),
                    StandardCharsets.UTF_8);
        }
        for (String metric : charts) {
            AblationChart.write(result, out.resolve(metric + ".png"), metric);
        }
        if (curves != null) {
            curves.writeCsv(out.resolve("curves.csv"));
            TrainingCurveChart.write(curves, out.resolve("curves.png"), curvesTitle, curvesAxis);
        }
        console.println();
        console.print(table);
        console.printf(Locale.ROOT, "results in %s (%s)%n", out, ProgressBar.format(wall));
        console.flush();
    }
}
