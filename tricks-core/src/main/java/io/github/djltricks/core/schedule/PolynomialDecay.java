/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * Polynomial decay, the "poly" policy (Chen et al., "DeepLab", arXiv 1606.00915, with power 0.9):
 * {@code f + (b − f)·(1 − p)^power} with {@code p = s/D}. PyTorch's {@code PolynomialLR(total_iters
 * = D, power)} for {@code f = 0}.
 */
final class PolynomialDecay implements Decay {

    private final float power;

    /**
     * Creates the shape; {@link #check} validates it.
     *
     * @param power the power, finite and {@code > 0}
     */
    PolynomialDecay(float power) {
        this.power = power;
    }

    @Override
    public double value(long s, Span span) {
        return curve(span, span.progress(s), power);
    }

    /**
     * The polynomial curve at progress {@code p}: {@code b − (b − f)·(1 − (1 − p)^power)}.
     *
     * @param span the base and final value
     * @param p the progress, in {@code [0, 1]}
     * @param power the power
     * @return the value
     */
    static double curve(Span span, double p, double power) {
        double base = span.base();
        return base - (base - span.finalValue()) * (1 - Math.pow(1 - p, power));
    }

    @Override
    public void check(Span span) {
        Checks.finite("power", power);
        Checks.check(power > 0, "power must be > 0, got %s", power);
    }

    @Override
    public String name() {
        return "polynomial";
    }

    @Override
    public String describe() {
        return name() + " power " + WarmupSchedule.number(power);
    }
}
