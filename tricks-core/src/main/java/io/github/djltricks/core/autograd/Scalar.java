/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A constant for the differentiated path: a 0-dimensional array whose memory outlives the backward
 * pass.
 *
 * <p>DJL's PyTorch engine computes {@code x.mul(2f)} (and {@code div}, {@code pow}, {@code
 * maximum}, {@code minimum} with a Java number) as {@code x · c}, where {@code c} is a tensor over
 * a direct buffer that the engine releases when the operation returns. Autograd keeps {@code c} for
 * the backward pass ({@code ∂(x·c)/∂x = c}); once the garbage collector frees the buffer, the
 * gradient reads freed memory and is wrong. Write {@code x.mul(Scalar.like(x, 2))} instead: its
 * memory belongs to the engine, and autograd keeps it alive for as long as it needs it, even if the
 * array is closed before the backward pass. ({@code add} and {@code sub} of a number keep no
 * operand and are safe.)
 */
public final class Scalar {

    private Scalar() {}

    /**
     * Returns {@code value} as a 0-dimensional array of {@code like}'s type, in {@code like}'s
     * manager.
     *
     * @param like the array the constant will meet
     * @param value the constant
     * @return the array, attached to {@code like.getManager()}
     */
    public static NDArray like(NDArray like, double value) {
        return of(like.getManager(), value, like.getDataType());
    }

    /**
     * Returns {@code value} as a 0-dimensional array of the given type in the manager, in memory
     * the engine owns; float64 keeps every bit of the value.
     *
     * @param manager where the array is attached
     * @param value the constant
     * @param type its data type
     * @return the array
     */
    public static NDArray of(NDManager manager, double value, DataType type) {
        if (type != DataType.FLOAT64) {
            return manager.full(new Shape(), (float) value, type);
        }
        // full() takes a float: copy the exact double out of its Java buffer instead.
        try (NDArray wrapped = manager.create(value)) {
            return wrapped.duplicate();
        }
    }
}
