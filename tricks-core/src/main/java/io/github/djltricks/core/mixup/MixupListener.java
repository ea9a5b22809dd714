/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Tells a {@link Mixup} the epoch: {@code 0} when the trainer is created, one more at the end of
 * every epoch of {@code EasyTrain.fit}, so the mixer switches itself off from its {@code offEpoch}
 * on. Add it with {@code DefaultTrainingConfig.addTrainingListeners}.
 */
public final class MixupListener extends TrainingListenerAdapter {

    private final Mixup mixup;

    /**
     * Creates a listener that drives the given mixer's epoch.
     *
     * @param mixup the mixer whose epoch to advance
     */
    public MixupListener(Mixup mixup) {
        if (mixup == null) {
            throw new IllegalArgumentException("mixup must not be null");
        }
        this.mixup = mixup;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        mixup.setEpoch(0);
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        mixup.setEpoch(mixup.getEpoch() + 1);
    }
}
