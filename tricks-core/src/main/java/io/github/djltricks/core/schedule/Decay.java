/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * The decay shape of a {@link WarmupSchedule}: its value after the warmup as a function of the
 * decay step {@code s = t − W}, for a decay over {@code D = T − W} steps from the base value {@code
 * b} to the final value {@code f}.
 *
 * <p>The schedule composes everything else around the shape: it maps DJL's update number to the
 * step {@code t}, runs the warmup for {@code t < W}, asks the shape for {@code value(t − W, span)}
 * for {@code W ≤ t < T}, clips that to {@code [f, b]}, and holds {@code f} from step {@code T} on.
 * A shape states its curve and nothing more: it never sees the warmup, the update count or a step
 * past the decay.
 *
 * <p>The builder's shapes ({@link WarmupSchedule.Builder#cosine() cosine}, {@link
 * WarmupSchedule.Builder#cosineRestarts cosineRestarts}, {@link WarmupSchedule.Builder#step step},
 * {@link WarmupSchedule.Builder#multiStep multiStep}, {@link WarmupSchedule.Builder#polynomial
 * polynomial}, {@link WarmupSchedule.Builder#linear() linear}, {@link
 * WarmupSchedule.Builder#constant() constant}) are decays; {@link
 * WarmupSchedule.Builder#decay(Decay)} takes one of your own, and the warmup, the update mapping,
 * epochs and validation of the schedule apply to it unchanged. For example exponential decay {@code
 * b·γ^s}, which ends at its own value:
 *
 * <pre>{@code
 * Decay exponential = new Decay() {
 *     public double value(long s, Decay.Span span) {
 *         return span.base() * Math.pow(0.999, s);
 *     }
 *
 *     public String name() {
 *         return "exponential";
 *     }
 *
 *     public boolean endsAtOwnValue() {
 *         return true;
 *     }
 * };
 * Tracker lr = WarmupSchedule.builder()
 *         .setBaseValue(0.1f)
 *         .optWarmupSteps(500)
 *         .setTotalSteps(20_000)
 *         .decay(exponential)
 *         .build();
 * }</pre>
 *
 * <p>A shape must be immutable and its value a pure function of its arguments (the schedule keeps
 * no state, so a resumed run continues exactly), and it is asked once per parameter per update:
 * precompute what it can.
 */
public interface Decay {

    /**
     * Returns the value at decay step {@code s}, in double precision. The schedule asks for {@code
     * 0 ≤ s < D}, and once for {@code s = D} when building a shape that {@link #endsAtOwnValue()
     * ends at its own value}; it clips the result to {@code [f, b]}.
     *
     * @param s the decay step, counted from the end of the warmup
     * @param span the base value, final value and decay length the shape fills
     * @return the value at that step
     */
    double value(long s, Span span);

    /**
     * Returns the shape's short name, e.g. {@code cosine} or {@code step}, as messages name it.
     *
     * @return the name
     */
    String name();

    /**
     * Describes the shape with its settings, e.g. {@code step x0.5 every 10}, for {@link
     * WarmupSchedule#toString()}; the default is {@link #name()}.
     *
     * @return a short description
     */
    default String describe() {
        return name();
    }

    /**
     * Whether the shape ends at its own value, as step, multistep and constant decay do: then the
     * schedule's final value is {@code value(D, span)} and setting one is an error. The default,
     * {@code false}, is a shape that ends at the final value set (0 unless set).
     *
     * @return whether the shape ends at its own value
     */
    default boolean endsAtOwnValue() {
        return false;
    }

    /**
     * Checks the shape's settings against the span it is to fill; called once by {@link
     * WarmupSchedule.Builder#build()} after the schedule's own settings are checked. The default
     * accepts every span.
     *
     * @param span the base value, the final value set (0 unless set) and the decay length
     * @throws IllegalArgumentException if a setting is out of range, named in the message
     */
    default void check(Span span) {}

    /**
     * What a decay fills: it falls from the base value {@code b} at {@code s = 0} to the final
     * value {@code f} at {@code s = D}.
     *
     * @param base the base value {@code b > 0}, the value at the end of the warmup
     * @param finalValue the final value {@code f} in {@code [0, b]}
     * @param length the decay length {@code D = T − W ≥ 1}, in steps
     */
    record Span(double base, double finalValue, long length) {

        /**
         * Returns the progress {@code p = s/D} through the decay.
         *
         * @param s the decay step
         * @return {@code s/D}, in double precision
         */
        public double progress(long s) {
            return (double) s / length;
        }
    }
}
