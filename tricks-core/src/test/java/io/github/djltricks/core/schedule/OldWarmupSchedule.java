/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;

/**
 * A learning-rate schedule: an optional warmup over the first {@code W} steps, then a decay from
 * the base value that ends at the final value at step {@code T} and stays there.
 *
 * <p>With step {@code t} (counted from 0), base {@code b}, final {@code f}, warmup begin {@code
 * b0}, decay length {@code D = T − W}, decay step {@code s = t − W} and progress {@code p = s/D}:
 *
 * <ul>
 *   <li>warmup, {@code 0 ≤ t < W}: {@code b0 + (b − b0)·t/W} ({@link WarmupMode#LINEAR}) or {@code
 *       b0} ({@link WarmupMode#CONSTANT});
 *   <li>cosine (Loshchilov and Hutter, "SGDR", arXiv 1608.03983; the Bag of Freebies schedule of He
 *       et al., arXiv 1812.01187, §3.3): {@code f + (b − f)·½(1 + cos(π·p))};
 *   <li>cosine with restarts (SGDR): cycles of {@code C, C·m, C·m², …} steps fill {@code D}; in
 *       cycle {@code i} at position {@code τ} of {@code Cᵢ} the value is {@code f + (b·dⁱ − f)·½(1
 *       + cos(π·τ/Cᵢ))}, {@code d} the per-cycle decay;
 *   <li>polynomial: {@code f + (b − f)·(1 − p)^power}; linear is {@code power = 1};
 *   <li>step by {@code γ} every {@code stepSize} steps: {@code b·γ^⌊s/stepSize⌋}; multistep at
 *       milestones {@code m₁ < m₂ < …}: {@code b·γ^|{j : mⱼ ≤ s}|}; constant: {@code b}. These end
 *       at their own value at {@code s = D}, which is their final value.
 * </ul>
 *
 * <p>For {@code t ≥ T} the value is the final value. Every value is computed in double precision
 * from the step alone: the schedule keeps no state, so a resumed run continues exactly.
 *
 * <p><b>Update numbers.</b> DJL's optimizers ask their tracker for {@code getNewValue(numUpdate)}
 * with {@code numUpdate = 1} on the first update, and advance it once per parameter copy: with
 * {@code k} copies (devices) per step the count rises by {@code k} per step. This schedule maps
 * {@code numUpdate} to the step {@code t = ⌊(numUpdate − 1)/k⌋} with {@code k} set by {@link
 * Builder#optUpdatesPerStep(int)} (default 1), so the first training step uses {@code value(0)}:
 * the warmup begin value, as in PyTorch where the first {@code optimizer.step()} runs before the
 * first {@code scheduler.step()}. {@code numUpdate = 0} (which DJL's own {@code WarmUpTracker} asks
 * for at build time) also gives {@code value(0)}. To resume after {@code n} steps, build the
 * optimizer with {@code optBeginNumUpdate(n·k)}: its first update is then {@code n·k + 1}, which
 * reads {@code value(n)}.
 *
 * <p>Example, 500 warmup steps from 0 then cosine to 0 at step 20 000:
 *
 * <pre>{@code
 * Tracker lr = OldWarmupSchedule.builder()
 *         .setBaseValue(0.1f)
 *         .optWarmupSteps(500)
 *         .optWarmupBegin(0f)
 *         .setTotalSteps(20_000)
 *         .optFinalValue(0f)
 *         .cosine()
 *         .build();
 * }</pre>
 */
public final class OldWarmupSchedule implements Tracker {

    private enum Shape {
        COSINE("cosine"),
        COSINE_RESTARTS("cosine with restarts"),
        STEP("step"),
        MULTI_STEP("multistep"),
        POLYNOMIAL("polynomial"),
        LINEAR("linear"),
        CONSTANT("constant");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        boolean endsAtOwnValue() {
            return this == STEP || this == MULTI_STEP || this == CONSTANT;
        }
    }

    private final double base;
    private final double begin;
    private final double finalValue;
    private final long warmup;
    private final long total;
    private final WarmupMode warmupMode;
    private final Shape shape;
    private final double factor;
    private final long stepSize;
    private final long[] milestones;
    private final double power;
    private final long cycle;
    private final int cycleMultiplier;
    private final double cycleDecay;
    private final long[] cycleStarts;
    private final int updatesPerStep;

    private OldWarmupSchedule(
            Builder b, long warmup, long total, double finalValue, long[] starts) {
        this.base = b.baseValue;
        this.begin = b.warmupBegin;
        this.warmup = warmup;
        this.total = total;
        this.warmupMode = b.warmupMode;
        this.shape = b.shape;
        this.factor = b.factor;
        this.stepSize = b.stepSize;
        this.milestones = b.milestones == null ? null : b.milestones.clone();
        this.power = b.shape == Shape.LINEAR ? 1.0 : b.power;
        this.cycle = b.cycle;
        this.cycleMultiplier = b.cycleMultiplier;
        this.cycleDecay = b.cycleDecay;
        this.cycleStarts = starts;
        this.updatesPerStep = b.updatesPerStep;
        this.finalValue = finalValue;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the value for DJL's update number: {@code value(⌊(numUpdate − 1)/k⌋)} with {@code k}
     * the updates per step, rounded to float.
     *
     * @param numUpdate DJL's update count, 1 on the first update (0 is read as 1)
     * @return the learning rate for that update
     * @throws IllegalArgumentException if {@code numUpdate} is negative
     */
    @Override
    public float getNewValue(int numUpdate) {
        return (float) value(stepOf(numUpdate));
    }

    /**
     * Returns the step {@code t} that DJL's update number {@code numUpdate} falls in: {@code
     * ⌊(numUpdate − 1)/k⌋} with {@code k} the updates per step, and 0 for {@code numUpdate = 0}.
     *
     * @param numUpdate DJL's update count, 1 on the first update
     * @return the step, counted from 0
     * @throws IllegalArgumentException if {@code numUpdate} is negative
     */
    public long stepOf(int numUpdate) {
        if (numUpdate < 0) {
            throw new IllegalArgumentException(
                    "numUpdate must be >= 0 (DJL counts updates from 1), got " + numUpdate);
        }
        if (updatesPerStep == 1) {
            return numUpdate == 0 ? 0 : numUpdate - 1;
        }
        return numUpdate == 0 ? 0 : (numUpdate - 1) / updatesPerStep;
    }

    /**
     * Returns the schedule's value at step {@code t}, in double precision (see the class
     * description for the formulas).
     *
     * @param t the step, counted from 0
     * @return the value at that step
     * @throws IllegalArgumentException if {@code t} is negative
     */
    public double value(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("step t must be >= 0, got " + t);
        }
        if (t < warmup) {
            if (warmupMode == WarmupMode.CONSTANT) {
                return begin;
            }
            return atMostBase(begin + (base - begin) * ((double) t / warmup));
        }
        if (t >= total) {
            return finalValue;
        }
        double value = atMostBase(decay(t - warmup));
        return value < finalValue ? finalValue : value;
    }

    /**
     * Clamps round-off above the base value. (A comparison, not {@code Math.min}: its NaN and
     * signed-zero handling doubled the cost of a lookup, and no value here is NaN.)
     */
    private double atMostBase(double value) {
        return value > base ? base : value;
    }

    /** The decay part at decay step {@code s}, {@code 0 ≤ s < D}. */
    private double decay(long s) {
        long length = total - warmup;
        switch (shape) {
            case COSINE:
                return cosine(base, (double) s / length);
            case COSINE_RESTARTS:
                return restarts(s);
            case POLYNOMIAL:
            case LINEAR:
                return base - (base - finalValue) * (1 - Math.pow(1 - (double) s / length, power));
            case STEP:
                return base * Math.pow(factor, s / stepSize);
            case MULTI_STEP:
                return base * Math.pow(factor, passed(milestones, s));
            case CONSTANT:
            default:
                return base;
        }
    }

    /**
     * Half a cosine from {@code peak} at {@code p = 0} down to the final value at {@code p = 1}.
     */
    private double cosine(double peak, double p) {
        return peak - (peak - finalValue) * (1 - Math.cos(Math.PI * p)) / 2;
    }

    private double restarts(long s) {
        long index;
        long position;
        long length;
        if (cycleStarts == null) {
            index = s / cycle;
            position = s % cycle;
            length = cycle;
        } else {
            int i = passed(cycleStarts, s) - 1;
            index = i;
            position = s - cycleStarts[i];
            length = cycleStarts[i + 1] - cycleStarts[i];
        }
        return cosine(base * Math.pow(cycleDecay, index), (double) position / length);
    }

    /** How many of the sorted {@code marks} are at most {@code s}. */
    private static int passed(long[] marks, long s) {
        int i = Arrays.binarySearch(marks, s);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * Returns the base value: the value at the end of warmup and the peak of the decay.
     *
     * @return the base value
     */
    public float getBaseValue() {
        return (float) base;
    }

    /**
     * Returns the final value, reached at step {@code T} and kept after it: the one set for cosine,
     * polynomial and linear decay; {@code b·γⁿ} for step and multistep decay ({@code n} the decays
     * up to {@code T}); the base value for a constant schedule.
     *
     * @return the final value
     */
    public float getFinalValue() {
        return (float) finalValue;
    }

    /**
     * Returns the warmup begin value, {@code value(0)} when there is a warmup.
     *
     * @return the warmup begin value
     */
    public float getWarmupBegin() {
        return (float) begin;
    }

    /**
     * Returns the number of warmup steps {@code W}.
     *
     * @return the warmup length in steps
     */
    public long getWarmupSteps() {
        return warmup;
    }

    /**
     * Returns the total number of steps {@code T}, the step at which the final value is reached.
     *
     * @return the schedule length in steps
     */
    public long getTotalSteps() {
        return total;
    }

    /**
     * Returns how many DJL updates make one step.
     *
     * @return the updates per step
     */
    public int getUpdatesPerStep() {
        return updatesPerStep;
    }

    /**
     * Describes the schedule in words, e.g. {@code linear warmup 0 -> 0.1 over 500 steps, cosine to
     * 0 at step 20000}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (warmup > 0) {
            text.append(warmupMode == WarmupMode.LINEAR ? "linear" : "constant")
                    .append(" warmup ")
                    .append(number(begin))
                    .append(" -> ")
                    .append(number(base))
                    .append(" over ")
                    .append(warmup)
                    .append(" steps, ");
        } else {
            text.append("from ").append(number(base)).append(", ");
        }
        text.append(shape.label);
        switch (shape) {
            case STEP:
                text.append(" x").append(number(factor)).append(" every ").append(stepSize);
                break;
            case MULTI_STEP:
                text.append(" x")
                        .append(number(factor))
                        .append(" at ")
                        .append(Arrays.toString(milestones));
                break;
            case POLYNOMIAL:
                text.append(" power ").append(number(power));
                break;
            case COSINE_RESTARTS:
                text.append(" (cycle ")
                        .append(cycle)
                        .append(", x")
                        .append(cycleMultiplier)
                        .append(" length, x")
                        .append(number(cycleDecay))
                        .append(" peak)");
                break;
            default:
                break;
        }
        return text.append(" to ")
                .append(number(finalValue))
                .append(" at step ")
                .append(total)
                .toString();
    }

    private static String number(double value) {
        String text = String.format(Locale.ROOT, "%.6g", value);
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("\\.?0+$", "");
        }
        return e < 0 ? mantissa : mantissa + text.substring(e);
    }

    /**
     * Builds a {@link OldWarmupSchedule}. Required: {@link #setBaseValue}, the length ({@link
     * #setTotalSteps}, or {@link #setTotalEpochs} with {@link #setStepsPerEpoch}) and one decay
     * shape ({@link #cosine}, {@link #cosineRestarts}, {@link #step}, {@link #multiStep}, {@link
     * #polynomial}, {@link #linear} or {@link #constant}). Everything is validated in {@link
     * #build()}.
     *
     * <p>Step counts of the shapes (step size, milestones, cycle length) are in steps after the
     * warmup, also when the length is given in epochs.
     */
    public static final class Builder {

        private Float baseValue;
        private float finalValue;
        private boolean finalSet;
        private float warmupBegin;
        private WarmupMode warmupMode = WarmupMode.LINEAR;
        private Integer warmupSteps;
        private Integer warmupEpochs;
        private Integer totalSteps;
        private Integer totalEpochs;
        private Integer stepsPerEpoch;
        private int updatesPerStep = 1;
        private Shape shape;
        private float factor = 1f;
        private int stepSize = 1;
        private long[] milestones;
        private float power = 1f;
        private int cycle = 1;
        private int cycleMultiplier = 1;
        private float cycleDecay = 1f;

        private Builder() {}

        /**
         * Sets the base value: the value at the end of warmup, where the decay starts.
         *
         * @param baseValue the base value, finite and {@code > 0}
         * @return this builder
         */
        public Builder setBaseValue(float baseValue) {
            this.baseValue = baseValue;
            return this;
        }

        /**
         * Sets the value the decay ends at, at step {@code T}; default 0. Applies to cosine,
         * polynomial and linear decay (step, multistep and constant end at their own value).
         *
         * @param finalValue the final value, in {@code [0, base]}
         * @return this builder
         */
        public Builder optFinalValue(float finalValue) {
            this.finalValue = finalValue;
            this.finalSet = true;
            return this;
        }

        /**
         * Sets the number of warmup steps {@code W}; default 0 (no warmup).
         *
         * @param warmupSteps the warmup length, {@code 0 ≤ W < T}
         * @return this builder
         */
        public Builder optWarmupSteps(int warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        /**
         * Sets the warmup length in epochs: {@code W = warmupEpochs · stepsPerEpoch}.
         *
         * @param warmupEpochs the warmup length in epochs, {@code ≥ 0}
         * @return this builder
         */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /**
         * Sets the value at step 0, where the warmup begins; default 0.
         *
         * @param warmupBegin the warmup begin value, in {@code [0, base]}
         * @return this builder
         */
        public Builder optWarmupBegin(float warmupBegin) {
            this.warmupBegin = warmupBegin;
            return this;
        }

        /**
         * Sets how the warmup rises; default {@link WarmupMode#LINEAR}.
         *
         * @param warmupMode the warmup mode
         * @return this builder
         */
        public Builder optWarmupMode(WarmupMode warmupMode) {
            this.warmupMode = warmupMode;
            return this;
        }

        /**
         * Sets the total number of steps {@code T}: the final value is reached at step {@code T}
         * and kept after it. The warmup is part of it; the decay runs over {@code T − W} steps.
         *
         * @param totalSteps the schedule length, {@code ≥ 1}
         * @return this builder
         */
        public Builder setTotalSteps(int totalSteps) {
            this.totalSteps = totalSteps;
            return this;
        }

        /**
         * Sets the length in epochs: {@code T = totalEpochs · stepsPerEpoch}.
         *
         * @param totalEpochs the schedule length in epochs, {@code ≥ 1}
         * @return this builder
         */
        public Builder setTotalEpochs(int totalEpochs) {
            this.totalEpochs = totalEpochs;
            return this;
        }

        /**
         * Sets the steps (batches) per epoch, required with {@link #setTotalEpochs} or {@link
         * #optWarmupEpochs}.
         *
         * @param stepsPerEpoch the steps per epoch, {@code ≥ 1}
         * @return this builder
         */
        public Builder setStepsPerEpoch(int stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        /**
         * Sets how many DJL updates make one step; default 1. DJL's {@code LocalParameterServer}
         * calls the optimizer once per device copy of a parameter, so training on {@code N} devices
         * needs {@code N} here for the schedule to advance once per step.
         *
         * @param updatesPerStep the optimizer updates per training step, {@code ≥ 1}
         * @return this builder
         */
        public Builder optUpdatesPerStep(int updatesPerStep) {
            this.updatesPerStep = updatesPerStep;
            return this;
        }

        /**
         * Decays along half a cosine from the base to the final value: {@code f + (b − f)·½(1 +
         * cos(π·p))}.
         *
         * @return this builder
         */
        public Builder cosine() {
            this.shape = Shape.COSINE;
            return this;
        }

        /**
         * Decays along cosine cycles with warm restarts (SGDR): cycles of {@code C, C·m, C·m², …}
         * steps, cycle {@code i} falling from {@code b·dⁱ} to the final value. {@code T − W} must
         * be a whole number of cycles, so the last cycle ends at step {@code T}.
         *
         * @param cycleSteps the first cycle's length {@code C}, {@code ≥ 1}
         * @param cycleMultiplier the factor {@code m ≥ 1} from one cycle's length to the next
         * @param cycleDecay the factor {@code d} in {@code (0, 1]} from one cycle's peak to the
         *     next
         * @return this builder
         */
        public Builder cosineRestarts(int cycleSteps, int cycleMultiplier, float cycleDecay) {
            this.shape = Shape.COSINE_RESTARTS;
            this.cycle = cycleSteps;
            this.cycleMultiplier = cycleMultiplier;
            this.cycleDecay = cycleDecay;
            return this;
        }

        /**
         * Multiplies the value by {@code factor} every {@code stepSize} steps after the warmup:
         * {@code b·γ^⌊s/stepSize⌋}.
         *
         * @param stepSize the steps between decays, {@code ≥ 1}
         * @param factor the factor {@code γ} in {@code (0, 1]}
         * @return this builder
         */
        public Builder step(int stepSize, float factor) {
            this.shape = Shape.STEP;
            this.stepSize = stepSize;
            this.factor = factor;
            return this;
        }

        /**
         * Multiplies the value by {@code factor} at each milestone, counted in steps after the
         * warmup: {@code b·γ^|{j : mⱼ ≤ s}|}.
         *
         * @param milestones strictly increasing steps after warmup, each in {@code [1, T − W]}
         * @param factor the factor {@code γ} in {@code (0, 1]}
         * @return this builder
         */
        public Builder multiStep(int[] milestones, float factor) {
            this.shape = Shape.MULTI_STEP;
            this.milestones =
                    milestones == null ? null : Arrays.stream(milestones).asLongStream().toArray();
            this.factor = factor;
            return this;
        }

        /**
         * Decays as {@code f + (b − f)·(1 − p)^power}.
         *
         * @param power the power, finite and {@code > 0}
         * @return this builder
         */
        public Builder polynomial(float power) {
            this.shape = Shape.POLYNOMIAL;
            this.power = power;
            return this;
        }

        /**
         * Decays linearly from the base to the final value: {@code b − (b − f)·p}.
         *
         * @return this builder
         */
        public Builder linear() {
            this.shape = Shape.LINEAR;
            return this;
        }

        /**
         * Keeps the base value after the warmup.
         *
         * @return this builder
         */
        public Builder constant() {
            this.shape = Shape.CONSTANT;
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         * @throws IllegalStateException if a required setting is missing
         * @throws IllegalArgumentException if a setting is out of range, named in the message
         */
        public OldWarmupSchedule build() {
            if (shape == null) {
                throw new IllegalStateException(
                        "no decay shape chosen: call cosine(), cosineRestarts(..), step(..),"
                                + " multiStep(..), polynomial(..), linear() or constant()");
            }
            if (baseValue == null) {
                throw new IllegalStateException("baseValue is required: call setBaseValue(..)");
            }
            float base = baseValue;
            finite("baseValue", base);
            check(base > 0, "baseValue must be > 0, got %s", base);
            finite("warmupBegin", warmupBegin);
            check(
                    warmupBegin >= 0 && warmupBegin <= base,
                    "warmupBegin must be in [0, baseValue] = [0, %s], got %s",
                    base,
                    warmupBegin);
            if (finalSet) {
                finite("finalValue", finalValue);
                check(
                        !shape.endsAtOwnValue(),
                        "finalValue does not apply to %s decay, which ends at its own value;"
                                + " got finalValue=%s",
                        shape.label,
                        finalValue);
                check(
                        finalValue >= 0 && finalValue <= base,
                        "finalValue must be in [0, baseValue] = [0, %s], got %s",
                        base,
                        finalValue);
            }
            if (warmupMode == null) {
                throw new IllegalArgumentException(
                        "warmupMode must be LINEAR or CONSTANT, got null");
            }
            check(updatesPerStep >= 1, "updatesPerStep must be >= 1, got %s", updatesPerStep);
            long total = length("totalSteps", totalSteps, "totalEpochs", totalEpochs, true);
            check(total >= 1, "totalSteps must be >= 1, got %s", total);
            long warmup = length("warmupSteps", warmupSteps, "warmupEpochs", warmupEpochs, false);
            check(
                    warmup >= 0 && warmup < total,
                    "warmupSteps must be in [0, totalSteps) = [0, %s), got %s",
                    total,
                    warmup);
            long decay = total - warmup;

            double end = finalValue;
            long[] starts = null;
            switch (shape) {
                case STEP:
                    check(stepSize >= 1, "stepSize must be >= 1, got %s", stepSize);
                    checkFactor();
                    end = base * Math.pow(factor, decay / stepSize);
                    break;
                case MULTI_STEP:
                    checkFactor();
                    checkMilestones(decay);
                    end = base * Math.pow(factor, milestones.length);
                    break;
                case POLYNOMIAL:
                    finite("power", power);
                    check(power > 0, "power must be > 0, got %s", power);
                    break;
                case COSINE_RESTARTS:
                    starts = checkCycles(decay, base);
                    break;
                case CONSTANT:
                    end = base;
                    break;
                default:
                    break;
            }
            return new OldWarmupSchedule(this, warmup, total, end, starts);
        }

        /**
         * Reads a length given in steps or in epochs, at least 1 when required and 0 otherwise;
         * {@code 0} when optional and not given.
         */
        private long length(
                String stepName,
                Integer steps,
                String epochName,
                Integer epochs,
                boolean required) {
            int min = required ? 1 : 0;
            if (steps != null && epochs != null) {
                throw new IllegalArgumentException(
                        "set "
                                + stepName
                                + " or "
                                + epochName
                                + ", not both; got "
                                + stepName
                                + "="
                                + steps
                                + ", "
                                + epochName
                                + "="
                                + epochs);
            }
            if (steps != null) {
                check(steps >= min, "%s must be >= %s, got %s", stepName, min, steps);
                return steps;
            }
            if (epochs == null) {
                if (required) {
                    throw new IllegalStateException(
                            stepName
                                    + " is required: call setTotalSteps(..), or setTotalEpochs(..)"
                                    + " with setStepsPerEpoch(..)");
                }
                return 0;
            }
            check(epochs >= min, "%s must be >= %s, got %s", epochName, min, epochs);
            if (stepsPerEpoch == null) {
                throw new IllegalStateException(
                        epochName
                                + "="
                                + epochs
                                + " needs stepsPerEpoch: call setStepsPerEpoch(..)");
            }
            check(stepsPerEpoch >= 1, "stepsPerEpoch must be >= 1, got %s", stepsPerEpoch);
            return (long) epochs * stepsPerEpoch;
        }

        private void checkFactor() {
            finite("factor", factor);
            check(factor > 0 && factor <= 1, "factor must be in (0, 1], got %s", factor);
        }

        private void checkMilestones(long decay) {
            check(
                    milestones != null && milestones.length > 0,
                    "milestones must name at least one step, got %s",
                    milestones == null ? "null" : "[]");
            for (int i = 0; i < milestones.length; i++) {
                check(
                        milestones[i] >= 1 && milestones[i] <= decay,
                        "milestones must be steps after warmup in [1, totalSteps - warmupSteps] ="
                                + " [1, %s], got %s at index %s",
                        decay,
                        milestones[i],
                        i);
                check(
                        i == 0 || milestones[i] > milestones[i - 1],
                        "milestones must be strictly increasing, got %s",
                        Arrays.toString(milestones));
            }
        }

        /** Validates the restart cycles; returns their start steps for a multiplier > 1. */
        private long[] checkCycles(long decay, float base) {
            check(cycle >= 1, "cycleSteps must be >= 1, got %s", cycle);
            check(cycleMultiplier >= 1, "cycleMultiplier must be >= 1, got %s", cycleMultiplier);
            finite("cycleDecay", cycleDecay);
            check(
                    cycleDecay > 0 && cycleDecay <= 1,
                    "cycleDecay must be in (0, 1], got %s",
                    cycleDecay);
            long cycles;
            long[] starts = null;
            if (cycleMultiplier == 1) {
                check(
                        decay % cycle == 0,
                        "totalSteps - warmupSteps = %s must be a whole number of restart cycles of"
                                + " %s steps; nearest ends: %s, %s",
                        decay,
                        cycle,
                        Math.max(cycle, decay / cycle * cycle),
                        (decay / cycle + 1) * cycle);
                cycles = decay / cycle;
            } else {
                long[] ends = new long[64];
                int n = 0;
                long length = cycle;
                long end = 0;
                while (end < decay) {
                    end += length;
                    ends[n++] = end;
                    length = length > decay ? length : length * cycleMultiplier;
                }
                check(
                        end == decay,
                        "totalSteps - warmupSteps = %s must be a whole number of restart cycles"
                                + " (%s steps, each x%s): cycles end at %s",
                        decay,
                        cycle,
                        cycleMultiplier,
                        Arrays.toString(Arrays.copyOf(ends, n)));
                starts = new long[n + 1];
                System.arraycopy(ends, 0, starts, 1, n);
                cycles = n;
            }
            double lastPeak = base * Math.pow(cycleDecay, cycles - 1);
            check(
                    lastPeak >= finalValue,
                    "cycleDecay=%s brings the last cycle's peak to %s, below finalValue=%s",
                    cycleDecay,
                    lastPeak,
                    finalValue);
            return starts;
        }

        private static void finite(String name, float value) {
            check(Float.isFinite(value), "%s must be finite, got %s", name, value);
        }

        private static void check(boolean ok, String format, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
            }
        }
    }
}
