/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.compute;

import ai.djl.ndarray.types.Shape;

/**
 * The compute of one layer (a leaf block, or the own parameters of a block with children).
 *
 * @param path the block's place in the network: the child names from the root, joined by {@code /}
 * @param kind what the counter took the block for: {@code Conv2d}, {@code Linear}, {@code
 *     BatchNorm}, {@code pool}, {@code elementwise}, {@code reshape}, or the class name of a block
 *     it does not know (then {@code counted} is false)
 * @param inputShape the shape of the block's first input
 * @param outputShape the shape of the block's first output
 * @param macs multiply-accumulates of the weighted layers (convolution, transposed convolution,
 *     linear) for the whole input batch; zero for other layers
 * @param elementOps element-wise work left out of {@code macs}, as published figures do: one
 *     operation per output element for batch norm (folded to {@code a·x + b}) and activations, one
 *     per input element for pooling
 * @param params learnable parameters: every parameter except batch-norm running statistics
 * @param buffers batch-norm running mean and variance (state, not parameters)
 * @param counted false when the counter does not know the block's kind: its MACs are unknown and
 *     reported as zero
 */
public record LayerCost(
        String path,
        String kind,
        Shape inputShape,
        Shape outputShape,
        long macs,
        long elementOps,
        long params,
        long buffers,
        boolean counted) {}
