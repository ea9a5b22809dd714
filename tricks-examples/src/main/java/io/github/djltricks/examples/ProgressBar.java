/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A console progress bar with an estimated time to completion for the example programs.
 *
 * <p>Work is counted in units (training steps, typically) against a known total. The estimate is
 * linear in the rate measured since the first unit finished, so that the set-up before it (data,
 * pretraining, the first step's warm-up) does not count as work: {@code eta = (now − t₁) / (done −
 * done₁) · (total − done)}, where {@code t₁} and {@code done₁} are the time and count when the
 * first units were reported. It is shown only once {@value #MIN_UNITS} units have finished since
 * then ({@code --:--} before). On a terminal the bar redraws one line with a carriage return;
 * elsewhere (a log, CI) it prints a line at most every {@code interval} and always at the end, so
 * logs stay short.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar(out, "bof-detection", totalSteps);
 * config.addTrainingListeners(bar.listener());   // one unit per training batch
 * ...
 * bar.finish();
 * }</pre>
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    /** The units that must finish after the first before an estimate is shown. */
    static final int MIN_UNITS = 5;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long started;
    private long done;
    private long firstDone;
    private long firstAt;
    private long lastPrinted;
    private boolean printed;
    private String note = "";

    /**
     * Creates a bar that redraws in place when the process has a console and prints a line every 30
     * s otherwise.
     *
     * @param out where the bar is printed
     * @param label the name shown before the bar
     * @param total the number of units of the whole job, {@code >= 1}
     * @throws IllegalArgumentException if {@code total < 1}
     */
    public ProgressBar(PrintWriter out, String label, long total) {
        this(out, label, total, System.console() != null, Duration.ofSeconds(30), System::nanoTime);
    }

    /**
     * Creates a bar.
     *
     * @param out where the bar is printed
     * @param label the name shown before the bar
     * @param total the number of units of the whole job, {@code >= 1}
     * @param terminal whether to redraw one line in place
     * @param interval the least time between two printed lines when not on a terminal
     * @param clock the time source in nanoseconds
     * @throws IllegalArgumentException if {@code total < 1}
     */
    public ProgressBar(
            PrintWriter out,
            String label,
            long total,
            boolean terminal,
            Duration interval,
            LongSupplier clock) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1, got " + total);
        }
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /**
     * Counts units as done and redraws the bar if it is due.
     *
     * @param units the number of units just finished, {@code >= 0}
     * @throws IllegalArgumentException if {@code units < 0}
     */
    public synchronized void advance(long units) {
        if (units < 0) {
            throw new IllegalArgumentException("units must be >= 0, got " + units);
        }
        long now = clock.getAsLong();
        if (done == 0 && units > 0) {
            firstAt = now;
            firstDone = Math.min(total, units);
        }
        done = Math.min(total, done + units);
        if (terminal || !printed || now - lastPrinted >= intervalNanos || done == total) {
            print(now);
        }
    }

    /**
     * Sets the note shown after the bar (the current row and seed, say) and redraws it.
     *
     * @param text the note
     */
    public synchronized void note(String text) {
        note = text == null ? "" : text;
        if (terminal) {
            print(clock.getAsLong());
        }
    }

    /**
     * Returns the units counted so far.
     *
     * @return the units done
     */
    public synchronized long done() {
        return done;
    }

    /**
     * Returns the estimated time left: zero when all is done, {@code null} until {@value
     * #MIN_UNITS} units have finished after the first.
     *
     * @return the linear estimate of the time to completion, or null
     */
    public synchronized Duration eta() {
        return eta(clock.getAsLong());
    }

    /**
     * Returns a listener that advances the bar by one unit per training batch.
     *
     * @return the listener
     */
    public TrainingListener listener() {
        return new TrainingListenerAdapter() {
            @Override
            public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                advance(1);
            }
        };
    }

    /** Completes the bar: prints its last state and ends the line. */
    public synchronized void finish() {
        done = total;
        print(clock.getAsLong());
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    /**
     * Renders the bar as it would be printed now.
     *
     * @return the bar's text
     */
    public synchronized String render() {
        return render(clock.getAsLong());
    }

    private Duration eta(long now) {
        if (done == total) {
            return Duration.ZERO;
        }
        if (done == 0 || done - firstDone < MIN_UNITS) {
            return null;
        }
        double perUnit = (double) (now - firstAt) / (done - firstDone);
        return Duration.ofNanos((long) (perUnit * (total - done)));
    }

    private String render(long now) {
        int filled = (int) (WIDTH * done / total);
        Duration eta = eta(now);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%% %d/%d  elapsed %s  ETA %s%s",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                100 * done / total,
                done,
                total,
                format(Duration.ofNanos(now - started)),
                eta == null ? "--:--" : format(eta),
                note.isEmpty() ? "" : "  " + note);
    }

    private void print(long now) {
        lastPrinted = now;
        printed = true;
        String line = render(now);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * Formats a duration as {@code h:mm:ss} or {@code m:ss}.
     *
     * @param d the duration
     * @return the text
     */
    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
