/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Mixup (Zhang et al. 2018, arXiv 1710.09412) and CutMix (Yun et al. 2019, arXiv 1905.04899) for
 * {@code EasyTrain.fit}: {@link io.github.djltricks.core.mixup.Mixup} mixes a batch, {@link
 * io.github.djltricks.core.mixup.MixupDataset} wraps the training dataset so every training batch
 * is mixed, and the mixer's {@link io.github.djltricks.core.clock.TrainingClock}, added to the
 * training configuration, tells it the epoch so it switches itself off for the last epochs.
 *
 * <p>Mixing emits dense target rows and never smooths them: pair it with {@link
 * io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss}, which accepts both the mixed dense
 * targets and the plain class indices of validation batches.
 */
package io.github.djltricks.core.mixup;
