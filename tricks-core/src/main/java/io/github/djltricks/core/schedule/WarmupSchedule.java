/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static io.github.djltricks.core.schedule.Checks.check;
import static io.github.djltricks.core.schedule.Checks.finite;

import ai.djl.training.tracker.Tracker;
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
 * <p><b>Composition.</b> Each decay shape is a {@link Decay}, one small class per shape; the
 * schedule composes the rest around whichever it is given: the warmup ({@link WarmupMode}), the
 * clipping to {@code [f, b]}, the final value from step {@code T} on, and the mapping from DJL's
 * update number to the step ({@link #stepOf}, the only place that maps it). A shape of your own
 * plugs in with {@link Builder#decay(Decay)} and gets all of that unchanged.
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
 * Tracker lr = WarmupSchedule.builder()
 *         .setBaseValue(0.1f)
 *         .optWarmupSteps(500)
 *         .optWarmupBegin(0f)
 *         .setTotalSteps(20_000)
 *         .optFinalValue(0f)
 *         .cosine()
 *         .build();
 * }</pre>
 */
public final class WarmupSchedule implements Tracker {

    private final double base;
    private final double begin;
    private final double finalValue;
    private final long warmup;
    private final long total;
    private final WarmupMode warmupMode;
    private final Decay decay;
    private final Decay.Span span;
    private final int updatesPerStep;

    private WarmupSchedule(Builder b, long warmup, long total, Decay.Span span) {
        this.base = span.base();
        this.begin = b.warmupBegin;
        this.warmup = warmup;
        this.total = total;
        this.warmupMode = b.warmupMode;
        this.decay = b.decay;
        this.span = span;
        this.updatesPerStep = b.updatesPerStep;
        this.finalValue = span.finalValue();
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
            return atMostBase(warmupMode.value(t, warmup, begin, base));
        }
        if (t >= total) {
            return finalValue;
        }
        double value = atMostBase(decay.value(t - warmup, span));
        return value < finalValue ? finalValue : value;
    }

    /**
     * Clamps round-off above the base value. (A comparison, not {@code Math.min}: its NaN and
     * signed-zero handling doubled the cost of a lookup, and no value here is NaN.)
     */
    private double atMostBase(double value) {
        return value > base ? base : value;
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
        text.append(decay.describe());
        return text.append(" to ")
                .append(number(finalValue))
                .append(" at step ")
                .append(total)
                .toString();
    }

    /**
     * Formats a setting for {@link #toString()}: six significant digits, no trailing zeros.
     *
     * @param value the setting
     * @return its text, e.g. {@code 0.1} or {@code 1e-05}
     */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.6g", value);
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("\\.?0+$", "");
        }
        return e < 0 ? mantissa : mantissa + text.substring(e);
    }

    /**
     * Builds a {@link WarmupSchedule}. Required: {@link #setBaseValue}, the length ({@link
     * #setTotalSteps}, or {@link #setTotalEpochs} with {@link #setStepsPerEpoch}) and one decay
     * shape ({@link #cosine}, {@link #cosineRestarts}, {@link #step}, {@link #multiStep}, {@link
     * #polynomial}, {@link #linear} or {@link #constant}, or one of your own with {@link #decay}).
     * Everything is validated in {@link #build()}.
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
        private Decay decay;

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
            return decay(new CosineDecay());
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
            return decay(new CosineRestartsDecay(cycleSteps, cycleMultiplier, cycleDecay));
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
            return decay(new StepDecay(stepSize, factor));
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
            return decay(new MultiStepDecay(milestones, factor));
        }

        /**
         * Decays as {@code f + (b − f)·(1 − p)^power}.
         *
         * @param power the power, finite and {@code > 0}
         * @return this builder
         */
        public Builder polynomial(float power) {
            return decay(new PolynomialDecay(power));
        }

        /**
         * Decays linearly from the base to the final value: {@code b − (b − f)·p}.
         *
         * @return this builder
         */
        public Builder linear() {
            return decay(new LinearDecay());
        }

        /**
         * Keeps the base value after the warmup.
         *
         * @return this builder
         */
        public Builder constant() {
            return decay(new ConstantDecay());
        }

        /**
         * Decays along a shape of your own (see {@link Decay}): {@code decay.value(s, span)} at
         * decay step {@code s = t − W}, clipped to {@code [f, b]}, after the same warmup as the
         * shapes above. Its final value is the one set with {@link #optFinalValue} (0 unless set),
         * or the shape's own value at {@code s = D} if it {@link Decay#endsAtOwnValue() ends at its
         * own value}. {@link #build()} has it {@link Decay#check check} its settings after the
         * schedule's own.
         *
         * @param decay the decay shape
         * @return this builder
         */
        public Builder decay(Decay decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         * @throws IllegalStateException if a required setting is missing
         * @throws IllegalArgumentException if a setting is out of range, named in the message
         */
        public WarmupSchedule build() {
            if (decay == null) {
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
                        !decay.endsAtOwnValue(),
                        "finalValue does not apply to %s decay, which ends at its own value;"
                                + " got finalValue=%s",
                        decay.name(),
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
            Decay.Span span = new Decay.Span(base, finalValue, total - warmup);
            decay.check(span);
            if (decay.endsAtOwnValue()) {
                span = new Decay.Span(base, decay.value(span.length(), span), span.length());
            }
            return new WarmupSchedule(this, warmup, total, span);
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
    }
}
