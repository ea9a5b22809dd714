/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * No decay: the base value {@code b} after the warmup, which is also the final value. PyTorch's
 * {@code LinearLR} or {@code ConstantLR} warmup with no scheduler after it.
 */
final class ConstantDecay implements Decay {

    @Override
    public double value(long s, Span span) {
        return span.base();
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public boolean endsAtOwnValue() {
        return true;
    }
}
