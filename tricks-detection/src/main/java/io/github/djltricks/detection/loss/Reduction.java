/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.djltricks.core.autograd.Scalar;

/**
 * How a loss turns its per-element values ℓ<sub>i</sub>, already multiplied by their weights
 * w<sub>i</sub>, into what {@link ai.djl.training.loss.Loss#evaluate} returns.
 */
public enum Reduction {
    /** No reduction: the array of w<sub>i</sub>ℓ<sub>i</sub>, shaped like the input. */
    NONE,
    /** The sum Σ w<sub>i</sub>ℓ<sub>i</sub>, a scalar. */
    SUM,
    /**
     * The mean Σ w<sub>i</sub>ℓ<sub>i</sub> / max(1, n) over the n elements that count (all of
     * them, or those not ignored where the loss takes an ignore mask), a scalar; 0 when n = 0.
     */
    MEAN;

    /**
     * Applies the reduction.
     *
     * @param weighted the weighted per-element losses
     * @param count the number of elements a mean divides by, or {@code null} for all of them
     * @return the reduced loss
     */
    NDArray apply(NDArray weighted, NDArray count) {
        switch (this) {
            case NONE:
                return weighted;
            case SUM:
                return weighted.sum();
            default:
                if (count == null) {
                    NDArray sum = weighted.sum();
                    return sum.div(Scalar.like(sum, Math.max(1L, weighted.size())));
                }
                return weighted.sum().div(count.maximum(Scalar.like(count, 1)));
        }
    }

    /**
     * Rejects a missing reduction, as the losses' builders do.
     *
     * @param reduction the reduction a builder was given
     * @throws IllegalArgumentException if it is null
     */
    static void checkNotNull(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must be NONE, SUM or MEAN, got null");
        }
    }

    /**
     * Checks that {@code weights} broadcasts to {@code shape}: aligned from the last axis, each
     * axis of the weights is 1 or equal to the shape's.
     */
    static void checkBroadcast(NDArray weights, Shape shape, String name) {
        Shape ws = weights.getShape();
        boolean ok = ws.dimension() <= shape.dimension();
        for (int i = 1; ok && i <= ws.dimension(); i++) {
            long w = ws.get(ws.dimension() - i);
            ok = w == 1 || w == shape.get(shape.dimension() - i);
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    name + " of shape " + ws + " must broadcast to the loss shape " + shape);
        }
    }
}
