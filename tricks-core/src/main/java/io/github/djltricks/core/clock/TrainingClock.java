/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.clock;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place that says how far training has come: {@code iteration} counts trained batches
 * ({@code onTrainingBatch}) and {@code epoch} finished epochs ({@code onEpoch}), both from 0 when
 * the clock is made. Data-side pieces read it (a {@code Mixup} switches off from its {@code
 * offEpoch}, a detection dataset takes each batch's size from the iteration and its draws from the
 * epoch), so one clock added once to the training configuration drives them all:
 *
 * <pre>{@code
 * TrainingClock clock = new TrainingClock();
 * config.addTrainingListeners(clock); // once, before model.newTrainer(config)
 * }</pre>
 *
 * <p>Add it to one trainer only: with {@code SyncTrain}'s shard trainers, to the configuration of
 * the trainer that {@code EasyTrain.fit} drives. Outside a trainer, call {@link #advanceBatch()}
 * after each batch and {@link #advanceEpoch()} after each epoch. Reads and updates are atomic, so
 * data made on other threads sees a consistent count.
 */
public final class TrainingClock extends TrainingListenerAdapter {

    private final AtomicLong iteration = new AtomicLong();
    private final AtomicInteger epoch = new AtomicInteger();

    /** Creates a clock at iteration 0 of epoch 0. */
    public TrainingClock() {}

    /**
     * Returns the number of batches trained so far.
     *
     * @return the zero-based index of the next iteration
     */
    public long iteration() {
        return iteration.get();
    }

    /**
     * Returns the number of epochs finished so far.
     *
     * @return the zero-based index of the current epoch
     */
    public int epoch() {
        return epoch.get();
    }

    /** Counts one trained batch. */
    public void advanceBatch() {
        iteration.incrementAndGet();
    }

    /** Counts one finished epoch. */
    public void advanceEpoch() {
        epoch.incrementAndGet();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        advanceBatch();
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        advanceEpoch();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "TrainingClock[iteration=" + iteration() + ", epoch=" + epoch() + "]";
    }
}
