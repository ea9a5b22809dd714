/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import ai.djl.ndarray.NDArray;

/**
 * The result of {@link Mixup#mix}: the mixed data and dense targets, and for every sample {@code i}
 * what was done to it, so that {@code data[i] = λ_i·x_i + (1 − λ_i)·x_{partners[i]}} (mixup) or
 * {@code x_i} with the box {@code boxes[i]} taken from {@code x_{partners[i]}} (CutMix), and {@code
 * targets[i] = λ_i·y_i + (1 − λ_i)·y_{partners[i]}}.
 *
 * @param data the mixed data, the input's shape and type
 * @param targets the dense target rows {@code [B, K]}, each summing to 1 (not smoothed)
 * @param lambdas per sample the weight {@code λ_i} of its own target: the Beta draw for mixup, the
 *     unpasted area fraction for CutMix, 1 when left as it was
 * @param partners per sample the index {@code j} of the sample it was mixed with (a random
 *     permutation of the batch; a sample may be its own partner)
 * @param kinds per sample what was done to it
 * @param boxes per sample the pasted box {@code {top, bottom, left, right}} (bottom and right
 *     exclusive) for CutMix, {@code null} otherwise
 */
public record MixedBatch(
        NDArray data,
        NDArray targets,
        float[] lambdas,
        int[] partners,
        MixKind[] kinds,
        int[][] boxes) {}
