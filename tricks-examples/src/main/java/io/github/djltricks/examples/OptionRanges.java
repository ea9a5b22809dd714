/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import java.util.Arrays;
import java.util.List;

/**
 * The ranges of the example commands' numeric options, each defined once and shared by every
 * command that has the option, checked before any work starts so that every command rejects the
 * same values with the same one-line message: the option, what is allowed and the value, e.g.
 * {@code --seeds must be in [1, 100], got 2147483647}.
 *
 * <p>Each range has a {@link Range} for the check and a {@code …_HELP} text, a compile-time
 * constant that the option's {@code --help} description quotes ({@link #ROWS}, which counts a
 * command's rows, is quoted by the help that command writes at run time instead); {@code
 * NumericOptionsTest} checks that every numeric option of every command has a range here, that its
 * help states it, and that the command rejects values outside it.
 *
 * <p>{@code --width} means two things: the channels of the first stage of a classification ResNet
 * (an integer, {@link #WIDTH}) and the width multiplier of the example detector (a real number,
 * {@link #WIDTH_MULTIPLIER}); {@link #forOption} tells them apart by the option's type.
 */
public final class OptionRanges {

    /** The most seeds a command runs, and the greatest seed of a run. */
    public static final int MAX_SEEDS = 100;

    /** The most epochs a training run has. */
    public static final int MAX_EPOCHS = 10_000;

    /** The largest batch size. */
    public static final int MAX_BATCH_SIZE = 65_536;

    /** The most PyTorch threads. */
    public static final int MAX_THREADS = 1024;

    /** The largest network width in channels (of a ResNet's first stage). */
    public static final int MAX_WIDTH = 1024;

    /** The largest width multiplier of the example detector (2 is twice YOLOv3's channels). */
    public static final int MAX_WIDTH_MULTIPLIER = 2;

    /**
     * The most training or test images (canvases): Fashion-MNIST holds 60,000 and 10,000, so more
     * than that means all of them there; canvases are made on the fly.
     */
    public static final int MAX_IMAGES = 1_000_000;

    /** The side of a detection canvas is a multiple of this, the detector's largest stride. */
    public static final int SIZE_STEP = 32;

    /** The smallest canvas side, in pixels: two cells of the coarsest head. */
    public static final int MIN_SIZE = 64;

    /** The largest canvas side, in pixels. */
    public static final int MAX_SIZE = 1024;

    /** The most shards of a batch (virtual devices). */
    public static final int MAX_SHARDS = 64;

    /** The most runs at once, each in a JVM of its own. */
    public static final int MAX_WORKERS = 64;

    /** The most backbone pretraining steps. */
    public static final int MAX_PRETRAIN_STEPS = 1_000_000;

    /** The most items on a detection canvas. */
    public static final int MAX_OBJECTS = 64;

    /** The longest schedule {@code schedule} writes, in steps: its CSV holds one row per step. */
    public static final int MAX_SCHEDULE_STEPS = 10_000_000;

    /** The most DJL updates per schedule step (devices). */
    public static final int MAX_UPDATES_PER_STEP = 1024;

    /** The largest cycle length multiplier of cosine restarts. */
    public static final int MAX_CYCLE_MULTIPLIER = 100;

    /** The fewest {@code soak} steps: ten samples of one step each. */
    public static final int MIN_SOAK_STEPS = 10;

    /** The most {@code soak} steps. */
    public static final int MAX_SOAK_STEPS = 10_000_000;

    /** The longest schedule of a {@code regime-map} cell, in steps. */
    public static final int MAX_GRID_STEPS = 1_000_000;

    /** The most steps between two {@code soak} samples. */
    public static final int MAX_SOAK_EVERY = 1_000_000;

    /** The help text of {@link #SEEDS}: {@value}. */
    public static final String SEEDS_HELP = "in [1, " + MAX_SEEDS + "]";

    /** The help text of {@link #SEED}: {@value}. */
    public static final String SEED_HELP = "in [1, " + MAX_SEEDS + "]";

    /** The help text of {@link #EPOCHS}: {@value}. */
    public static final String EPOCHS_HELP = "in [1, " + MAX_EPOCHS + "]";

    /** The help text of {@link #BATCH_SIZE}: {@value}. */
    public static final String BATCH_SIZE_HELP = "in [1, " + MAX_BATCH_SIZE + "]";

    /** The help text of {@link #THREADS}: {@value}. */
    public static final String THREADS_HELP = "in [1, " + MAX_THREADS + "]";

    /** The help text of {@link #WIDTH}: {@value}. */
    public static final String WIDTH_HELP = "in [1, " + MAX_WIDTH + "]";

    /** The help text of {@link #WIDTH_MULTIPLIER}: {@value}. */
    public static final String WIDTH_MULTIPLIER_HELP = "in (0, " + MAX_WIDTH_MULTIPLIER + "]";

    /** The help text of {@link #IMAGES}: {@value}. */
    public static final String IMAGES_HELP = "in [1, " + MAX_IMAGES + "]";

    /** The help text of {@link #LEARNING_RATE}: {@value}. */
    public static final String LEARNING_RATE_HELP = "finite and > 0";

    /** The help text of {@link #TEMPERATURE}: {@value}. */
    public static final String TEMPERATURE_HELP = "finite and > 0";

    /** The help text of {@link #SHARE}: {@value}. */
    public static final String SHARE_HELP = "in [0, 1]";

    /** The help text of {@link #SIZE}: {@value}. */
    public static final String SIZE_HELP =
            "a multiple of " + SIZE_STEP + " in [" + MIN_SIZE + ", " + MAX_SIZE + "]";

    /** The help text of {@link #SHARDS}: {@value}. */
    public static final String SHARDS_HELP = "in [1, " + MAX_SHARDS + "]";

    /** The help text of {@link #WORKERS}: {@value}. */
    public static final String WORKERS_HELP = "in [1, " + MAX_WORKERS + "]";

    /** The help text of {@link #PRETRAIN_STEPS}: {@value}. */
    public static final String PRETRAIN_STEPS_HELP = "in [0, " + MAX_PRETRAIN_STEPS + "]";

    /** The help text of {@link #ITEM_SCALE}: {@value}. */
    public static final String ITEM_SCALE_HELP = "in [1, " + MAX_SIZE + "]";

    /** The help text of {@link #OBJECTS}: {@value}. */
    public static final String OBJECTS_HELP = "in [0, " + MAX_OBJECTS + "]";

    /** The help text of {@link #SCHEDULE_STEPS}: {@value}. */
    public static final String SCHEDULE_STEPS_HELP = "in [1, " + MAX_SCHEDULE_STEPS + "]";

    /** The help text of {@link #WARMUP}: {@value}. */
    public static final String WARMUP_HELP = "in [0, " + MAX_SCHEDULE_STEPS + "]";

    /** The help text of {@link #UPDATES_PER_STEP}: {@value}. */
    public static final String UPDATES_PER_STEP_HELP = "in [1, " + MAX_UPDATES_PER_STEP + "]";

    /** The help text of {@link #CYCLE_MULTIPLIER}: {@value}. */
    public static final String CYCLE_MULTIPLIER_HELP = "in [1, " + MAX_CYCLE_MULTIPLIER + "]";

    /** The help text of {@link #SCHEDULE_VALUE}: {@value}. */
    public static final String SCHEDULE_VALUE_HELP = "finite and >= 0";

    /** The help text of {@link #POSITIVE}: {@value}. */
    public static final String POSITIVE_HELP = "finite and > 0";

    /** The help text of {@link #FACTOR}: {@value}. */
    public static final String FACTOR_HELP = "in (0, 1]";

    /** The help text of {@link #SOAK_STEPS}: {@value}. */
    public static final String SOAK_STEPS_HELP =
            "in [" + MIN_SOAK_STEPS + ", " + MAX_SOAK_STEPS + "]";

    /** The help text of {@link #SOAK_EVERY}: {@value}. */
    public static final String SOAK_EVERY_HELP = "in [1, " + MAX_SOAK_EVERY + "]";

    /** {@code --seeds}: seeds per run or row, 1 to {@value #MAX_SEEDS}. */
    public static final Range SEEDS = Range.integers(1, MAX_SEEDS, "--seeds");

    /** {@code --seed} ({@code detector-run}): one of the seeds {@code --seeds} gives. */
    public static final Range SEED = Range.integers(1, MAX_SEEDS, "--seed");

    /** {@code --epochs}, {@code --teacher-epochs}: 1 to {@value #MAX_EPOCHS}. */
    public static final Range EPOCHS =
            Range.integers(1, MAX_EPOCHS, "--epochs", "--teacher-epochs");

    /** {@code --batch-size}: 1 to {@value #MAX_BATCH_SIZE}. */
    public static final Range BATCH_SIZE = Range.integers(1, MAX_BATCH_SIZE, "--batch-size");

    /** {@code --threads}: 1 to {@value #MAX_THREADS}. */
    public static final Range THREADS = Range.integers(1, MAX_THREADS, "--threads");

    /** {@code --width}, {@code --teacher-width} in channels: 1 to {@value #MAX_WIDTH}. */
    public static final Range WIDTH = Range.integers(1, MAX_WIDTH, "--width", "--teacher-width");

    /** {@code --width}, {@code --widths} as the detector's width multiplier: (0, 2]. */
    public static final Range WIDTH_MULTIPLIER =
            Range.reals(0, true, MAX_WIDTH_MULTIPLIER, "--width", "--widths");

    /** {@code --train-size}, {@code --test-size}: 1 to {@value #MAX_IMAGES}. */
    public static final Range IMAGES =
            Range.integers(1, MAX_IMAGES, "--train-size", "--test-size", "--train-sizes");

    /** {@code --lr}: finite and positive. */
    public static final Range LEARNING_RATE =
            Range.reals(0, true, Double.POSITIVE_INFINITY, "--lr");

    /** {@code --temperature}, {@code --kd-temperature}: finite and positive. */
    public static final Range TEMPERATURE =
            Range.reals(0, true, Double.POSITIVE_INFINITY, "--temperature", "--kd-temperature");

    /** {@code --alpha}, {@code --kd-alpha}, the share of the distillation term: [0, 1]. */
    public static final Range SHARE = Range.reals(0, false, 1, "--alpha", "--kd-alpha");

    /** {@code --size}: a multiple of {@value #SIZE_STEP} from 64 to 1024. */
    public static final Range SIZE = Range.multiples(SIZE_STEP, MIN_SIZE, MAX_SIZE, "--size");

    /** {@code --shards}: 1 to {@value #MAX_SHARDS}, and at most the batch size. */
    public static final Range SHARDS = Range.integers(1, MAX_SHARDS, "--shards");

    /** {@code --workers}: 1 to {@value #MAX_WORKERS}. */
    public static final Range WORKERS = Range.integers(1, MAX_WORKERS, "--workers");

    /** {@code --pretrain-steps}: 0 (from scratch) to {@value #MAX_PRETRAIN_STEPS}. */
    public static final Range PRETRAIN_STEPS =
            Range.integers(0, MAX_PRETRAIN_STEPS, "--pretrain-steps");

    /** {@code --item-scale}, each of its two values: 1 to {@value #MAX_SIZE} pixels. */
    public static final Range ITEM_SCALE = Range.integers(1, MAX_SIZE, "--item-scale");

    /** {@code --objects}, each of its two values: 0 to {@value #MAX_OBJECTS}. */
    public static final Range OBJECTS = Range.integers(0, MAX_OBJECTS, "--objects");

    /**
     * {@code --rows} ({@code bof-detection}): 1 to the number of its rows, the baseline counted
     * ({@link BofDetectionCommand#ALL_ROWS}); its help is written from the rows, not from a
     * constant.
     */
    public static final Range ROWS = Range.integers(1, BofDetectionCommand.ALL_ROWS, "--rows");

    /** What {@link #GRID_STEPS} allows. */
    public static final String GRID_STEPS_HELP = "in [1, " + MAX_GRID_STEPS + "]";

    /** The step counts of {@code schedule}: 1 to {@value #MAX_SCHEDULE_STEPS}. */
    public static final Range SCHEDULE_STEPS =
            Range.integers(
                    1,
                    MAX_SCHEDULE_STEPS,
                    "--total",
                    "--total-epochs",
                    "--steps-per-epoch",
                    "--step-size",
                    "--milestones",
                    "--cycle");

    /** {@code --warmup}, {@code --warmup-epochs}: 0 to {@value #MAX_SCHEDULE_STEPS}. */
    public static final Range WARMUP =
            Range.integers(0, MAX_SCHEDULE_STEPS, "--warmup", "--warmup-epochs");

    /** {@code --updates-per-step}: 1 to {@value #MAX_UPDATES_PER_STEP}. */
    public static final Range UPDATES_PER_STEP =
            Range.integers(1, MAX_UPDATES_PER_STEP, "--updates-per-step");

    /** {@code --cycle-mult}: 1 to {@value #MAX_CYCLE_MULTIPLIER}. */
    public static final Range CYCLE_MULTIPLIER =
            Range.integers(1, MAX_CYCLE_MULTIPLIER, "--cycle-mult");

    /**
     * {@code --final}, {@code --warmup-begin}: finite and not negative (at most {@code --base},
     * which the schedule checks).
     */
    public static final Range SCHEDULE_VALUE =
            Range.reals(0, false, Double.POSITIVE_INFINITY, "--final", "--warmup-begin");

    /** {@code --base}, {@code --power}: finite and positive. */
    public static final Range POSITIVE =
            Range.reals(0, true, Double.POSITIVE_INFINITY, "--base", "--power");

    /** {@code --factor}, {@code --cycle-decay}: (0, 1]. */
    public static final Range FACTOR = Range.reals(0, true, 1, "--factor", "--cycle-decay");

    /** {@code --steps} ({@code soak}): {@value #MIN_SOAK_STEPS} to {@value #MAX_SOAK_STEPS}. */
    public static final Range SOAK_STEPS =
            Range.integers(MIN_SOAK_STEPS, MAX_SOAK_STEPS, "--steps");

    /** {@code --step-counts} ({@code regime-map}): 1 to {@value #MAX_GRID_STEPS}. */
    public static final Range GRID_STEPS = Range.integers(1, MAX_GRID_STEPS, "--step-counts");

    /** {@code --every} ({@code soak}): 1 to {@value #MAX_SOAK_EVERY}. */
    public static final Range SOAK_EVERY = Range.integers(1, MAX_SOAK_EVERY, "--every");

    /** Every range above. */
    public static final List<Range> ALL =
            List.of(
                    SEEDS,
                    SEED,
                    EPOCHS,
                    BATCH_SIZE,
                    THREADS,
                    WIDTH,
                    WIDTH_MULTIPLIER,
                    IMAGES,
                    LEARNING_RATE,
                    TEMPERATURE,
                    SHARE,
                    SIZE,
                    SHARDS,
                    WORKERS,
                    PRETRAIN_STEPS,
                    ITEM_SCALE,
                    OBJECTS,
                    ROWS,
                    SCHEDULE_STEPS,
                    GRID_STEPS,
                    WARMUP,
                    UPDATES_PER_STEP,
                    CYCLE_MULTIPLIER,
                    SCHEDULE_VALUE,
                    POSITIVE,
                    FACTOR,
                    SOAK_STEPS,
                    SOAK_EVERY);

    private OptionRanges() {}

    /**
     * Returns the range of an option.
     *
     * @param option the option's name, e.g. {@code --seeds}
     * @param integral whether the option takes integers (else real numbers)
     * @return the range, or null if no range has that option and kind
     */
    public static Range forOption(String option, boolean integral) {
        for (Range range : ALL) {
            if (range.integral() == integral && range.options().contains(option)) {
                return range;
            }
        }
        return null;
    }

    /**
     * Checks that an option given as a pair {@code least,greatest} has two values, each in its
     * range, the first at most the second.
     *
     * @param range the range of each value
     * @param option the option's name
     * @param values the values given
     * @throws IllegalArgumentException naming the option, the values and what is allowed otherwise
     */
    public static void checkPair(Range range, String option, int[] values) {
        if (values.length != 2 || values[0] > values[1]) {
            throw new IllegalArgumentException(
                    option
                            + " must be two values least,greatest, each "
                            + range.text()
                            + ", got "
                            + Arrays.toString(values));
        }
        range.check(option, values[0]);
        range.check(option, values[1]);
    }

    /**
     * A range of numbers an option allows: integers in {@code [min, max]} (optionally multiples of
     * a step), or finite real numbers from {@code min} (open or closed) to {@code max} (closed, or
     * none).
     */
    public static final class Range {

        private final List<String> options;
        private final boolean integral;
        private final double min;
        private final boolean minOpen;
        private final double max;
        private final long step;
        private final String text;

        private Range(
                List<String> options,
                boolean integral,
                double min,
                boolean minOpen,
                double max,
                long step) {
            this.options = options;
            this.integral = integral;
            this.min = min;
            this.minOpen = minOpen;
            this.max = max;
            this.step = step;
            if (integral) {
                String interval = "in [" + number(min) + ", " + number(max) + "]";
                text = step > 1 ? "a multiple of " + step + " " + interval : interval;
            } else if (Double.isInfinite(max)) {
                text = "finite and " + (minOpen ? "> " : ">= ") + number(min);
            } else {
                text = "in " + (minOpen ? "(" : "[") + number(min) + ", " + number(max) + "]";
            }
        }

        /** Integers in {@code [min, max]}. */
        static Range integers(long min, long max, String... options) {
            return new Range(List.of(options), true, min, false, max, 1);
        }

        /** Multiples of {@code step} in {@code [min, max]}. */
        static Range multiples(long step, long min, long max, String... options) {
            return new Range(List.of(options), true, min, false, max, step);
        }

        /**
         * Finite real numbers above {@code min} (or from it, unless {@code minOpen}) up to {@code
         * max} (or without bound if it is infinite).
         */
        static Range reals(double min, boolean minOpen, double max, String... options) {
            return new Range(List.of(options), false, min, minOpen, max, 1);
        }

        /**
         * Returns the options that have this range.
         *
         * @return their names, e.g. {@code --epochs}
         */
        public List<String> options() {
            return options;
        }

        /**
         * Returns whether the options take integers.
         *
         * @return true for integers, false for real numbers
         */
        public boolean integral() {
            return integral;
        }

        /**
         * Returns what the range allows, as the options' help and error messages say it, e.g.
         * {@code in [1, 100]}, {@code finite and > 0} or {@code a multiple of 32 in [64, 1024]}.
         *
         * @return the text
         */
        public String text() {
            return text;
        }

        /**
         * Returns whether a value lies in the range.
         *
         * @param value the value; NaN and infinities never do
         * @return true if the range allows it
         */
        public boolean contains(double value) {
            if (!Double.isFinite(value) || value < min || value > max) {
                return false;
            }
            if (minOpen && value == min) {
                return false;
            }
            return !integral || (value == Math.rint(value) && value % step == 0);
        }

        /**
         * Checks an integer value.
         *
         * @param option the option's name
         * @param value its value
         * @throws IllegalArgumentException naming the option, what is allowed and the value
         */
        public void check(String option, long value) {
            if (!contains(value)) {
                throw outside(option, Long.toString(value));
            }
        }

        /**
         * Checks an integer option that may be left out (its default then applies unchecked).
         *
         * @param option the option's name
         * @param value its value, or null when not given
         * @throws IllegalArgumentException naming the option, what is allowed and the value
         */
        public void checkIfGiven(String option, Integer value) {
            if (value != null) {
                check(option, (long) value);
            }
        }

        /**
         * Checks a real value given as a float.
         *
         * @param option the option's name
         * @param value its value
         * @throws IllegalArgumentException naming the option, what is allowed and the value
         */
        public void check(String option, float value) {
            if (!contains(value)) {
                throw outside(option, Float.toString(value));
            }
        }

        /**
         * Checks a real value.
         *
         * @param option the option's name
         * @param value its value
         * @throws IllegalArgumentException naming the option, what is allowed and the value
         */
        public void check(String option, double value) {
            if (!contains(value)) {
                throw outside(option, Double.toString(value));
            }
        }

        /**
         * Checks every value of a list option.
         *
         * @param option the option's name
         * @param values its values
         * @throws IllegalArgumentException naming the option, what is allowed and the first value
         *     outside
         */
        public void checkEach(String option, int[] values) {
            for (int v : values) {
                check(option, v);
            }
        }

        /**
         * Checks every value of a list option.
         *
         * @param option the option's name
         * @param values its values
         * @throws IllegalArgumentException naming the option, what is allowed and the first value
         *     outside
         */
        public void checkEach(String option, double[] values) {
            for (double v : values) {
                check(option, v);
            }
        }

        private IllegalArgumentException outside(String option, String value) {
            return new IllegalArgumentException(option + " must be " + text + ", got " + value);
        }

        private static String number(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }

        /**
         * Describes the range.
         *
         * @return the options and the text
         */
        @Override
        public String toString() {
            return String.join(", ", options) + " " + text;
        }
    }
}
