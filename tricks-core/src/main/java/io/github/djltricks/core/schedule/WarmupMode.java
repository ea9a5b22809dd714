/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * How a {@link WarmupSchedule} moves from its warmup begin value to its base value over the first
 * {@code W} steps.
 */
public enum WarmupMode {
    /**
     * Linear ramp (Goyal et al., "Accurate, Large Minibatch SGD", arXiv 1706.02677): {@code
     * value(t) = begin + (base − begin)·t/W} for {@code 0 ≤ t < W}; equal increments, {@code
     * value(0) = begin}, {@code value(W) = base}. PyTorch's {@code LinearLR(start_factor =
     * begin/base, total_iters = W)}.
     */
    LINEAR,

    /**
     * Constant: {@code value(t) = begin} for {@code 0 ≤ t < W}, then {@code base} at {@code t = W}
     * (He et al., "Deep Residual Learning", arXiv 1512.03385, §4.2). PyTorch's {@code
     * ConstantLR(factor = begin/base, total_iters = W)}.
     */
    CONSTANT;

    /**
     * Returns the warmup value at step {@code t}, {@code 0 ≤ t < W}, before the schedule clips it
     * to the base value.
     *
     * @param t the step
     * @param warmup the warmup length {@code W ≥ 1}
     * @param begin the warmup begin value
     * @param base the base value, reached at {@code t = W}
     * @return the value at step {@code t}
     */
    double value(long t, long warmup, double begin, double base) {
        return this == CONSTANT ? begin : begin + (base - begin) * ((double) t / warmup);
    }
}
