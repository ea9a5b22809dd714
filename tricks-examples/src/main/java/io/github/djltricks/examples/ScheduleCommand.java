/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.schedule.WarmupMode;
import io.github.djltricks.core.schedule.WarmupSchedule;
import java.awt.Font;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code schedule}: builds a {@link WarmupSchedule} from the command line, writes its value at
 * every step to CSV and draws it to PNG, so a user can look at a schedule before training with it.
 *
 * <p>The CSV has one row per step {@code t = 0 … T}: the step, the DJL update number that first
 * reads it ({@code t·k + 1} with {@code k} the updates per step) and the value the optimizer gets
 * there (a float).
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = {
            "Write a learning-rate schedule (warmup + decay) to CSV and draw it to PNG.",
            "Example: schedule --base 0.1 --warmup 500 --total 20000 --shape cosine"
        })
public final class ScheduleCommand implements Callable<Integer> {

    /** The longest schedule written, in steps: the CSV holds one row per step (about 0.3 GB). */
    static final long MAX_STEPS = OptionRanges.MAX_SCHEDULE_STEPS;

    /** The most points drawn; longer schedules are drawn from evenly spaced steps. */
    static final int MAX_POINTS = 4000;

    @Spec private CommandSpec spec;

    @Option(
            names = "--shape",
            defaultValue = "cosine",
            description =
                    "Decay after warmup: cosine, restarts, step, multistep, polynomial, linear or"
                            + " constant (default: ${DEFAULT-VALUE}).")
    private String shape;

    @Option(
            names = "--base",
            defaultValue = "0.1",
            description = "Base value, " + OptionRanges.POSITIVE_HELP + " (default: 0.1).")
    private float base;

    @Option(
            names = "--final",
            description =
                    "Final value at step T, "
                            + OptionRanges.SCHEDULE_VALUE_HELP
                            + " and at most --base (cosine, restarts, polynomial, linear;"
                            + " default 0).")
    private Float finalValue;

    @Option(
            names = "--warmup",
            description = "Warmup steps W, " + OptionRanges.WARMUP_HELP + " (default 0).")
    private Integer warmup;

    @Option(
            names = "--warmup-epochs",
            description = "Warmup length in epochs, " + OptionRanges.WARMUP_HELP + ".")
    private Integer warmupEpochs;

    @Option(
            names = "--warmup-begin",
            defaultValue = "0",
            description =
                    "Value at step 0, "
                            + OptionRanges.SCHEDULE_VALUE_HELP
                            + " and at most --base (default: 0).")
    private float warmupBegin;

    @Option(
            names = "--warmup-mode",
            defaultValue = "linear",
            description = "linear or constant (default: ${DEFAULT-VALUE}).")
    private String warmupMode;

    @Option(
            names = "--total",
            description =
                    "Total steps T, "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + " (the CSV has a row per step).")
    private Integer total;

    @Option(
            names = "--total-epochs",
            description =
                    "Total length in epochs, "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + "; times --steps-per-epoch at most "
                            + OptionRanges.MAX_SCHEDULE_STEPS
                            + " steps.")
    private Integer totalEpochs;

    @Option(
            names = "--steps-per-epoch",
            description =
                    "Steps per epoch, with the epoch options, "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + ".")
    private Integer stepsPerEpoch;

    @Option(
            names = "--updates-per-step",
            defaultValue = "1",
            description =
                    "DJL updates per step, e.g. the number of devices, "
                            + OptionRanges.UPDATES_PER_STEP_HELP
                            + " (default: 1).")
    private int updatesPerStep;

    @Option(
            names = "--factor",
            defaultValue = "0.1",
            description =
                    "Decay factor of step and multistep, "
                            + OptionRanges.FACTOR_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private float factor;

    @Option(
            names = "--step-size",
            description =
                    "Steps between decays, for --shape step, "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + ".")
    private Integer stepSize;

    @Option(
            names = "--milestones",
            split = ",",
            description =
                    "Steps after warmup where multistep decays, e.g. 30000,60000, each "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + ".")
    private int[] milestones;

    @Option(
            names = "--power",
            defaultValue = "2",
            description =
                    "Power of polynomial decay, "
                            + OptionRanges.POSITIVE_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private float power;

    @Option(
            names = "--cycle",
            description =
                    "First cycle length in steps, for restarts, "
                            + OptionRanges.SCHEDULE_STEPS_HELP
                            + ".")
    private Integer cycle;

    @Option(
            names = "--cycle-mult",
            defaultValue = "1",
            description =
                    "Cycle length multiplier for restarts, "
                            + OptionRanges.CYCLE_MULTIPLIER_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private int cycleMultiplier;

    @Option(
            names = "--cycle-decay",
            defaultValue = "1",
            description =
                    "Peak decay per cycle for restarts, "
                            + OptionRanges.FACTOR_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private float cycleDecay;

    @Option(
            names = "--csv",
            defaultValue = "schedule.csv",
            description = "CSV output (default: ${DEFAULT-VALUE}).")
    private Path csv;

    @Option(
            names = "--png",
            defaultValue = "schedule.png",
            description = "PNG output (default: ${DEFAULT-VALUE}).")
    private Path png;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        checkRanges();
        WarmupSchedule schedule = build();
        if (schedule.getTotalSteps() > MAX_STEPS) {
            throw new IllegalArgumentException(
                    "--total (or --total-epochs x --steps-per-epoch) must be at most "
                            + MAX_STEPS
                            + " steps, as the CSV holds one row per step; got "
                            + schedule.getTotalSteps());
        }
        write(schedule, csv);
        draw(schedule, png);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("schedule: %s%n", schedule);
        long w = schedule.getWarmupSteps();
        long t = schedule.getTotalSteps();
        out.printf(
                Locale.ROOT,
                "value(0) = %s, value(W=%d) = %s, value(T=%d) = %s%n",
                schedule.getNewValue(1),
                w,
                (float) schedule.value(w),
                t,
                (float) schedule.value(t));
        out.printf("wrote %s (%d rows) and %s%n", csv, t + 1, png);
        out.flush();
        return 0;
    }

    /**
     * Checks every numeric option against its range, whichever shape is drawn, so that a value an
     * unused option could never take (NaN, a negative count) is an error and not ignored.
     */
    private void checkRanges() {
        OptionRanges.POSITIVE.check("--base", base);
        if (finalValue != null) {
            OptionRanges.SCHEDULE_VALUE.check("--final", finalValue);
        }
        if (warmup != null) {
            OptionRanges.WARMUP.check("--warmup", warmup);
        }
        if (warmupEpochs != null) {
            OptionRanges.WARMUP.check("--warmup-epochs", warmupEpochs);
        }
        OptionRanges.SCHEDULE_VALUE.check("--warmup-begin", warmupBegin);
        if (total != null) {
            OptionRanges.SCHEDULE_STEPS.check("--total", total);
        }
        if (totalEpochs != null) {
            OptionRanges.SCHEDULE_STEPS.check("--total-epochs", totalEpochs);
        }
        if (stepsPerEpoch != null) {
            OptionRanges.SCHEDULE_STEPS.check("--steps-per-epoch", stepsPerEpoch);
        }
        OptionRanges.UPDATES_PER_STEP.check("--updates-per-step", updatesPerStep);
        OptionRanges.FACTOR.check("--factor", factor);
        if (stepSize != null) {
            OptionRanges.SCHEDULE_STEPS.check("--step-size", stepSize);
        }
        if (milestones != null) {
            OptionRanges.SCHEDULE_STEPS.checkEach("--milestones", milestones);
        }
        OptionRanges.POSITIVE.check("--power", power);
        if (cycle != null) {
            OptionRanges.SCHEDULE_STEPS.check("--cycle", cycle);
        }
        OptionRanges.CYCLE_MULTIPLIER.check("--cycle-mult", cycleMultiplier);
        OptionRanges.FACTOR.check("--cycle-decay", cycleDecay);
    }

    /** Builds the schedule from the options; bad values fail in {@code build()}. */
    WarmupSchedule build() {
        WarmupSchedule.Builder b =
                WarmupSchedule.builder()
                        .setBaseValue(base)
                        .optWarmupBegin(warmupBegin)
                        .optWarmupMode(mode())
                        .optUpdatesPerStep(updatesPerStep);
        if (finalValue != null) {
            b.optFinalValue(finalValue);
        }
        if (warmup != null) {
            b.optWarmupSteps(warmup);
        }
        if (warmupEpochs != null) {
            b.optWarmupEpochs(warmupEpochs);
        }
        if (total != null) {
            b.setTotalSteps(total);
        }
        if (totalEpochs != null) {
            b.setTotalEpochs(totalEpochs);
        }
        if (stepsPerEpoch != null) {
            b.setStepsPerEpoch(stepsPerEpoch);
        }
        switch (shape.toLowerCase(Locale.ROOT)) {
            case "cosine":
                b.cosine();
                break;
            case "restarts":
                b.cosineRestarts(required(cycle, "--cycle"), cycleMultiplier, cycleDecay);
                break;
            case "step":
                b.step(required(stepSize, "--step-size"), factor);
                break;
            case "multistep":
                if (milestones == null) {
                    throw new ParameterException(
                            spec.commandLine(), "--shape multistep needs --milestones");
                }
                b.multiStep(milestones, factor);
                break;
            case "polynomial":
                b.polynomial(power);
                break;
            case "linear":
                b.linear();
                break;
            case "constant":
                b.constant();
                break;
            default:
                throw new ParameterException(
                        spec.commandLine(),
                        "--shape must be cosine, restarts, step, multistep, polynomial, linear or"
                                + " constant, got '"
                                + shape
                                + "'");
        }
        return b.build();
    }

    private WarmupMode mode() {
        switch (warmupMode.toLowerCase(Locale.ROOT)) {
            case "linear":
                return WarmupMode.LINEAR;
            case "constant":
                return WarmupMode.CONSTANT;
            default:
                throw new ParameterException(
                        spec.commandLine(),
                        "--warmup-mode must be linear or constant, got '" + warmupMode + "'");
        }
    }

    private int required(Integer value, String option) {
        if (value == null) {
            throw new ParameterException(
                    spec.commandLine(), "--shape " + shape + " needs " + option);
        }
        return value;
    }

    /** Writes {@code step,num_update,value} for every step {@code 0 … T}. */
    static void write(WarmupSchedule schedule, Path file) throws IOException {
        createParent(file);
        int k = schedule.getUpdatesPerStep();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("step,num_update,value\n");
            for (long t = 0; t <= schedule.getTotalSteps(); t++) {
                long numUpdate = t * k + 1;
                float value =
                        numUpdate <= Integer.MAX_VALUE
                                ? schedule.getNewValue((int) numUpdate)
                                : (float) schedule.value(t);
                out.write(t + "," + numUpdate + "," + value + "\n");
            }
        }
    }

    /** Draws the schedule over steps {@code 0 … T}, at most {@link #MAX_POINTS} points. */
    static void draw(WarmupSchedule schedule, Path file) throws IOException {
        createParent(file);
        System.setProperty("java.awt.headless", "true");
        double[][] points = points(schedule);
        double[] steps = points[0];
        double[] values = points[1];
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(500)
                        .title(schedule.toString())
                        .xAxisTitle("step")
                        .yAxisTitle("value")
                        .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.addSeries("value", steps, values).setMarker(SeriesMarkers.NONE);
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * The points drawn: every step if there are at most {@link #MAX_POINTS}, else evenly spaced
     * steps from 0 to {@code T}.
     */
    static double[][] points(WarmupSchedule schedule) {
        long total = schedule.getTotalSteps();
        int points = (int) Math.min(total + 1, MAX_POINTS);
        double[] steps = new double[points];
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
            long t = points == total + 1 ? i : Math.round((double) i * total / (points - 1));
            steps[i] = t;
            values[i] = schedule.value(t);
        }
        return new double[][] {steps, values};
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
