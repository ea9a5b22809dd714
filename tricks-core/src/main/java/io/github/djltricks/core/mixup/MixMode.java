/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

/** Whether {@link Mixup} draws its random choices once per batch or once per sample. */
public enum MixMode {

    /**
     * One draw per batch: whether to mix, mixup or CutMix, one λ and (for CutMix) one box shared by
     * every sample. The default, as in Zhang et al. 2018 and timm's {@code mode='batch'}.
     */
    BATCH,

    /**
     * One draw per sample: each sample decides on its own whether to mix, which kind, its own λ and
     * box (timm's {@code mode='elem'}).
     */
    SAMPLE
}
