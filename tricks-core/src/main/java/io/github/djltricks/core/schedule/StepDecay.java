/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * Step decay: the base value multiplied by {@code γ} every {@code stepSize} steps after the warmup,
 * {@code b·γ^⌊s/stepSize⌋}, as in the Bag of Tricks baseline (He et al., arXiv 1812.01187, §2: ÷10
 * every 30 epochs). PyTorch's {@code StepLR(step_size, gamma)}. It ends at its own value, {@code
 * b·γ^⌊D/stepSize⌋}.
 */
final class StepDecay implements Decay {

    private final int stepSize;
    private final float factor;

    /**
     * Creates the shape; {@link #check} validates it.
     *
     * @param stepSize the steps between decays, {@code ≥ 1}
     * @param factor the factor {@code γ} in {@code (0, 1]}
     */
    StepDecay(int stepSize, float factor) {
        this.stepSize = stepSize;
        this.factor = factor;
    }

    @Override
    public double value(long s, Span span) {
        return span.base() * Math.pow(factor, s / stepSize);
    }

    @Override
    public void check(Span span) {
        Checks.check(stepSize >= 1, "stepSize must be >= 1, got %s", stepSize);
        Checks.factor("factor", factor);
    }

    @Override
    public String name() {
        return "step";
    }

    @Override
    public String describe() {
        return name() + " x" + WarmupSchedule.number(factor) + " every " + stepSize;
    }

    @Override
    public boolean endsAtOwnValue() {
        return true;
    }
}
