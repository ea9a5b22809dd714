/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

/** What {@link Mixup} did to one sample of a batch. */
public enum MixKind {

    /** Left as it was: {@code x̃ = x_i}, target the sample's own one-hot (or dense) row. */
    NONE,

    /** Mixup: {@code x̃ = λ·x_i + (1 − λ)·x_j}, {@code ỹ = λ·y_i + (1 − λ)·y_j}. */
    MIXUP,

    /**
     * CutMix: a box of {@code x_j} pasted into {@code x_i}; {@code ỹ = λ·y_i + (1 − λ)·y_j} with
     * {@code 1 − λ} the pasted fraction of the image.
     */
    CUTMIX
}
