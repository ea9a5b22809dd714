/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

import ai.djl.ndarray.NDArray;

/**
 * The weight and bias of a convolution with the batch normalization that follows it folded in
 * ({@link BatchNormFolding#foldedWeights}): for output channel c, with s<sub>c</sub> =
 * γ<sub>c</sub> / √(σ²<sub>c</sub> + ε),
 *
 * <pre>
 *   W'[c] = s_c · W[c],   b'_c = β_c − s_c · μ_c + s_c · b_c   (b = 0 without a conv bias)
 * </pre>
 *
 * Closing it closes both arrays.
 *
 * @param weight W', in the convolution's layout (OIHW for a {@code Conv2d})
 * @param bias b', one value per output channel
 */
public record FoldedWeights(NDArray weight, NDArray bias) implements AutoCloseable {

    /** Closes both arrays. */
    @Override
    public void close() {
        weight.close();
        bias.close();
    }
}
