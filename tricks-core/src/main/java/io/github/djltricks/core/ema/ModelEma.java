/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.ema;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Weight EMA (Polyak averaging, as YOLOv5's {@code ModelEMA} and timm's {@code ModelEmaV2}): a
 * shadow copy of a block's parameters and batch-norm statistics, moved towards the live values
 * after every optimizer step,
 *
 * <pre>
 * θ_ema ← d_t · θ_ema + (1 − d_t) · θ,    d_t = d · (1 − exp(−t / τ))
 * </pre>
 *
 * where {@code t} counts the updates from 1, {@code d} is the decay ({@link Builder#optDecay},
 * default 0.9999) and τ the ramp ({@link Builder#optRampUpdates}, default 2,000; 0 turns the ramp
 * off, {@code d_t = d}). The ramp lets the shadow follow the fast early changes; without it a decay
 * of 0.9999 would keep the initial weights for thousands of steps (Polyak and Juditsky 1992; the
 * ramp is YOLOv5's). Every initialised floating-point parameter is averaged: the weights (frozen
 * ones too, as they stand) and the batch-norm running statistics (DJL's running mean and variance,
 * or any other parameter without a gradient that is not a weight, bias, γ or β).
 *
 * <p>As a training listener it works with {@code EasyTrain.fit} and with the sharded step of {@link
 * io.github.djltricks.core.norm.SyncTrain}. DJL calls {@code onTrainingBatch} after the forward and
 * backward passes and before the optimizer step, so the listener applies update {@code t} at the
 * next batch (or at the end of the epoch): the weights after step {@code t} and the statistics
 * after forward pass {@code t}, copied when batch {@code t} was seen; exactly one update per
 * optimizer step, as YOLOv5 updates after {@code optimizer.step()}. The shadow starts from the
 * first state the listener sees: the weights before the first step, the statistics after the first
 * forward pass. In a loop of your own call {@link #update(Block)} after each step.
 *
 * <p>Evaluate or save with the shadow through {@link #apply(Block)}, which writes the shadow into
 * the block and restores the trained weights when closed:
 *
 * <pre>
 * try (ModelEma.Applied applied = ema.apply(block)) {
 *     evaluate(block);   // or model.save(...)
 * }
 * </pre>
 *
 * The shadow holds one copy of every parameter and no gradient; its arrays live in a manager of
 * their own, under the block's, freed by {@link #close()} or with the model.
 */
public final class ModelEma extends TrainingListenerAdapter implements AutoCloseable {

    private final Block block;
    private final double decay;
    private final double ramp;

    private NDManager manager;
    private Block averaged;
    private List<Parameter> parameters;
    private List<String> names;
    private List<NDArray> shadow;

    /** Per parameter: the statistics copied at the last batch, null for trained weights. */
    private List<NDArray> statistics;

    private long updates;
    private boolean stepPending;

    private ModelEma(Builder builder) {
        block = builder.block;
        decay = builder.decay;
        ramp = builder.ramp;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the decay of the {@code t}-th update: {@code d · (1 − exp(−t / τ))}, or {@code d}
     * without a ramp.
     *
     * @param t the update, from 1
     * @return the decay d_t in [0, d]
     */
    public double decayAt(long t) {
        return ramp == 0 ? decay : decay * (1 - Math.exp(-t / ramp));
    }

    /**
     * Returns the number of updates applied so far.
     *
     * @return the update count t
     */
    public long getUpdates() {
        return updates;
    }

    /**
     * Moves the shadow one update towards the block's current weights; the first call copies them
     * first (the weights before training, when called before the first step).
     *
     * @param block the block whose weights to average: the same block on every call
     * @throws IllegalArgumentException if a different block is passed than on the first call
     */
    public void update(Block block) {
        start(block);
        advance(false);
    }

    /** One update, from the live weights and the live or the copied statistics. */
    private void advance(boolean copiedStatistics) {
        updates++;
        float d = (float) decayAt(updates);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray copied = copiedStatistics ? statistics.get(i) : null;
            NDArray live = copied != null ? copied : parameters.get(i).getArray().stopGradient();
            NDArray scaled = live.mul(1f - d);
            shadow.get(i).muli(d).addi(scaled);
            scaled.close();
            if (copied == null) {
                live.close();
            }
        }
    }

    /** Copies the batch-norm statistics as the current forward pass left them. */
    private void copyStatistics() {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray old = statistics.get(i);
            if (old != null) {
                NDArray copy = detachedCopy(parameters.get(i).getArray());
                statistics.set(i, copy);
                old.close();
            }
        }
    }

    /**
     * Returns a copy of the shadow of a parameter, for inspection.
     *
     * @param name the parameter's name as in {@code block.getParameters()}
     * @param manager the manager of the copy
     * @return the copy
     * @throws IllegalArgumentException if no such parameter is averaged, or nothing is yet
     */
    public NDArray getShadow(String name, NDManager manager) {
        if (parameters != null) {
            for (int i = 0; i < parameters.size(); i++) {
                if (names.get(i).equals(name)) {
                    NDArray copy = shadow.get(i).duplicate();
                    copy.attach(manager);
                    return copy;
                }
            }
        }
        throw new IllegalArgumentException(
                "name must be a parameter of the averaged block"
                        + (parameters == null ? " after the first update" : "")
                        + ", got \""
                        + name
                        + "\"");
    }

    /**
     * Writes the shadow into the block's weights until the returned handle is closed, which writes
     * the trained weights back.
     *
     * @param block the averaged block
     * @return the handle that restores the trained weights
     * @throws IllegalStateException if nothing has been averaged yet
     * @throws IllegalArgumentException if a different block is passed than the averaged one
     */
    public Applied apply(Block block) {
        if (parameters == null) {
            throw new IllegalStateException("no update yet: call update or train first");
        }
        checkBlock(block);
        List<NDArray> saved = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            NDArray live = parameters.get(i).getArray();
            NDArray copy = detachedCopy(live);
            saved.add(copy);
            live.set(shadow.get(i).toByteBuffer());
        }
        return new Applied(saved);
    }

    /** Frees the shadow; further use starts again from the block's weights. */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
        manager = null;
        parameters = null;
        shadow = null;
        statistics = null;
        names = null;
        updates = 0;
        stepPending = false;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        Block trained = block != null ? block : trainer.getModel().getBlock();
        start(trained);
        if (stepPending) {
            advance(true);
        }
        copyStatistics();
        stepPending = true;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        flush(trainer);
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        flush(trainer);
    }

    private void flush(Trainer trainer) {
        if (stepPending) {
            start(block != null ? block : trainer.getModel().getBlock());
            advance(true);
            stepPending = false;
        }
    }

    private void start(Block block) {
        if (parameters != null) {
            checkBlock(block);
            return;
        }
        averaged = block;
        parameters = new ArrayList<>();
        names = new ArrayList<>();
        shadow = new ArrayList<>();
        statistics = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.isInitialized() || !parameter.getArray().getDataType().isFloating()) {
                continue;
            }
            NDArray live = parameter.getArray();
            if (manager == null) {
                manager = live.getManager().newSubManager();
            }
            NDArray copy = detachedCopy(live);
            parameters.add(parameter);
            names.add(p.getKey());
            shadow.add(copy);
            NDArray statistic = null;
            if (isStatistic(parameter)) {
                statistic = detachedCopy(live);
            }
            statistics.add(statistic);
        }
        if (parameters.isEmpty()) {
            parameters = null;
            throw new IllegalArgumentException(
                    "block must have initialised floating-point parameters, got none in "
                            + block.getClass().getSimpleName());
        }
    }

    /**
     * Whether a parameter is a statistic that the forward pass changes, to be copied after each
     * forward pass: DJL's running mean and variance, or a parameter of no other type (or none)
     * without a gradient. A frozen weight, bias, γ or β is a weight, read live at each update:
     * frozen, it is not copied at every batch; unfrozen later, it is averaged after each step, not
     * one step late.
     */
    private static boolean isStatistic(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type == Parameter.Type.RUNNING_MEAN
                || type == Parameter.Type.RUNNING_VAR
                || ((type == null || type == Parameter.Type.OTHER)
                        && !parameter.requiresGradient());
    }

    /** A copy of an array without its gradient, in this EMA's manager. */
    private NDArray detachedCopy(NDArray array) {
        NDArray view = array.stopGradient();
        NDArray copy = view.duplicate();
        view.close();
        copy.attach(manager);
        return copy;
    }

    private void checkBlock(Block block) {
        if (block != averaged) {
            throw new IllegalArgumentException(
                    "block must be the averaged block "
                            + averaged.getClass().getSimpleName()
                            + ", got another "
                            + block.getClass().getSimpleName());
        }
    }

    /** The shadow weights written into the block; closing writes the trained weights back. */
    public final class Applied implements AutoCloseable {

        private final List<NDArray> saved;

        private Applied(List<NDArray> saved) {
            this.saved = saved;
        }

        /** Writes the trained weights back into the block. */
        @Override
        public void close() {
            for (int i = 0; i < saved.size(); i++) {
                parameters.get(i).getArray().set(saved.get(i).toByteBuffer());
                saved.get(i).close();
            }
            saved.clear();
        }
    }

    /** The builder of a {@link ModelEma}. */
    public static final class Builder {

        private Block block;
        private double decay = 0.9999;
        private double ramp = 2000;

        Builder() {}

        /**
         * Sets the block to average; by default the listener averages its trainer's model block.
         *
         * @param block the block
         * @return this builder
         */
        public Builder optBlock(Block block) {
            this.block = block;
            return this;
        }

        /**
         * Sets the decay d (default 0.9999, YOLOv5's and timm's).
         *
         * @param decay the decay, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if the decay is outside [0, 1)
         */
        public Builder optDecay(double decay) {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
            }
            this.decay = decay;
            return this;
        }

        /**
         * Sets the ramp τ in updates (default 2,000, YOLOv5's); 0 turns the ramp off.
         *
         * @param tau the ramp, finite and ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if τ is negative or not finite
         */
        public Builder optRampUpdates(double tau) {
            if (!(tau >= 0 && Double.isFinite(tau))) {
                throw new IllegalArgumentException(
                        "tau (the ramp in updates) must be finite and >= 0, got " + tau);
            }
            this.ramp = tau;
            return this;
        }

        /**
         * Builds the weight EMA.
         *
         * @return the weight EMA
         */
        public ModelEma build() {
            return new ModelEma(this);
        }
    }
}
