/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.weightdecay;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * "No bias decay" (He et al. 2019, "Bag of Tricks for Image Classification with Convolutional
 * Neural Networks", arXiv 1812.01187, section 3.1, after Jia et al. 2018, arXiv 1807.11205): weight
 * decay λ on the weights of convolutions and linear layers only, none on biases, batch-norm γ and β
 * or any other parameter. For SGD with learning rate η,
 *
 * <pre>
 * w ← w − η · (∇L(w) + λ · w)    for every weight w of a convolution or linear layer
 * b ← b − η · ∇L(b)              for every other trained parameter (biases, γ, β, ...)
 * </pre>
 *
 * and with momentum, Adam or any other DJL optimizer the same update rule with decay λ or 0.
 *
 * <p>DJL's optimizers apply the one weight decay they are built with to every parameter they
 * update, and {@code Optimizer.update(parameterId, weight, grad)} sees only the parameter's id.
 * This optimizer therefore holds two optimizers built by one factory, one with decay λ and one with
 * decay 0, and passes each update to one of them by the parameter the id belongs to in the trained
 * block:
 *
 * <pre>{@code
 * Optimizer sgd = NoBiasDecay.builder()
 *         .setOptimizer(wd -> Optimizer.sgd().setLearningRateTracker(lr)
 *                 .optMomentum(0.9f).optWeightDecays(wd).build())
 *         .setWeightDecay(1e-4f)
 *         .setBlock(net)                      // the block the trainer trains
 *         .build();
 * DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(sgd);
 * }</pre>
 *
 * <p>A parameter is decayed when the rule of {@link Builder#optDecayed} holds for it; by default
 * when its type is {@link Parameter.Type#WEIGHT}, which among DJL's layers are the weights of
 * convolutions, linear layers, embeddings and recurrent layers. Biases ({@code BIAS}), γ and β of
 * batch and layer norm ({@code GAMMA}, {@code BETA}) and {@code OTHER} parameters are not; the
 * running statistics are never updated by an optimizer. Parameters created after this optimizer
 * (DJL blocks that make theirs when initialized) are found at their first update.
 *
 * <p>The two optimizers behave exactly as one optimizer with decay λ on the decayed parameters and
 * one with decay 0 on the others: every parameter's momentum (or Adam moments) lives in the one of
 * them that updates it, under the same id. A DJL optimizer's update count, which its learning-rate
 * tracker and Adam's bias correction read, is the largest count of any parameter it has updated;
 * the two counts equal the count of a single optimizer as long as each group keeps being updated,
 * which DJL's trainer does (every trained parameter once per step and device). If one group stopped
 * while the other went on (every bias frozen for a while, then thawed), its optimizer would fall
 * behind a single optimizer's schedule: the update that would show it throws {@link
 * IllegalStateException} instead. Build the learning-rate tracker once, outside the factory, so
 * that a tracker with state sees the calls of a single optimizer. With every parameter decayed the
 * updates are those of the decayed optimizer alone, bit for bit.
 */
public final class NoBiasDecay extends Optimizer {

    /** Builds the optimizer of one group; called twice, with the weight decay and with 0. */
    @FunctionalInterface
    public interface OptimizerFactory {

        /**
         * Builds a new optimizer with the given weight decay and everything else (learning rate,
         * momentum, ...) as the caller wants it for every parameter.
         *
         * @param weightDecay the weight decay λ to pass to {@code optWeightDecays}, or 0
         * @return a new optimizer
         */
        Optimizer build(float weightDecay);
    }

    private final Optimizer decayed;
    private final Optimizer undecayed;
    private final float weightDecay;
    private final Block block;
    private final Predicate<Parameter> rule;

    /** Per parameter id: whether it is decayed. */
    private final Map<String, Boolean> decays = new HashMap<>();

    /** Per parameter id: its updates so far. */
    private final Map<String, Integer> counts = new HashMap<>();

    /** The largest count of any parameter: the update count of a single optimizer. */
    private int latest;

    /** The largest count of a decayed parameter: the update count of the decayed optimizer. */
    private int latestDecayed;

    /** The largest count of an undecayed parameter: that of the undecayed optimizer. */
    private int latestUndecayed;

    private NoBiasDecay(Builder builder, Optimizer decayed, Optimizer undecayed) {
        super(new Unused());
        this.decayed = decayed;
        this.undecayed = undecayed;
        this.weightDecay = builder.weightDecay;
        this.block = builder.block;
        this.rule = builder.rule;
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
     * Returns the weight decay λ of the decayed parameters.
     *
     * @return λ
     */
    public float weightDecay() {
        return weightDecay;
    }

    /**
     * Returns the names (as {@code block.getParameters()} names them) of the block's trained
     * parameters that get weight decay, in the block's order.
     *
     * @return the decayed parameters
     */
    public List<String> decayedParameters() {
        return names(true);
    }

    /**
     * Returns the names of the block's trained parameters that get no weight decay, in the block's
     * order.
     *
     * @return the undecayed parameters: biases, γ, β and the others the rule leaves out
     */
    public List<String> undecayedParameters() {
        return names(false);
    }

    /**
     * Returns whether the parameter with this id is decayed.
     *
     * @param parameterId a parameter's {@code getId()}
     * @return whether its updates get the weight decay
     * @throws IllegalArgumentException if no parameter of the block has this id
     */
    public boolean isDecayed(String parameterId) {
        Boolean decay = decays.get(parameterId);
        if (decay == null) {
            scan();
            decay = decays.get(parameterId);
        }
        if (decay == null) {
            throw new IllegalArgumentException(
                    "parameterId must be the id of a parameter of the block given to setBlock, got "
                            + parameterId
                            + ": give NoBiasDecay the block the trainer trains");
        }
        return decay;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Passes the update to the optimizer with weight decay λ if the parameter is decayed, else
     * to the one with weight decay 0.
     *
     * @throws IllegalArgumentException if the id is not a parameter of the block
     * @throws IllegalStateException if the chosen optimizer's update count would differ from a
     *     single optimizer's (one group left un-updated while the other trained)
     */
    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        boolean decay = isDecayed(parameterId);
        int count = counts.merge(parameterId, 1, Integer::sum);
        latest = Math.max(latest, count);
        int group;
        if (decay) {
            latestDecayed = Math.max(latestDecayed, count);
            group = latestDecayed;
        } else {
            latestUndecayed = Math.max(latestUndecayed, count);
            group = latestUndecayed;
        }
        if (group != latest) {
            throw new IllegalStateException(
                    "NoBiasDecay cannot update parameter "
                            + parameterId
                            + " as a single optimizer would: its "
                            + (decay ? "decayed" : "undecayed")
                            + " group has had "
                            + group
                            + " updates and the other "
                            + latest
                            + ", so the learning-rate schedule would restart for it; every trained"
                            + " parameter must be updated once per step (do not freeze every"
                            + " parameter of one group while the other trains)");
        }
        (decay ? decayed : undecayed).update(parameterId, weight, grad);
    }

    /** Reads the rule's verdict on every parameter of the block not seen yet. */
    private void scan() {
        for (Pair<String, Parameter> p : block.getParameters()) {
            decays.computeIfAbsent(p.getValue().getId(), id -> rule.test(p.getValue()));
        }
    }

    private List<String> names(boolean decay) {
        scan();
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && decays.get(parameter.getId()) == decay) {
                names.add(p.getKey());
            }
        }
        return names;
    }

    /** The settings of DJL's base class, which this optimizer does not use. */
    private static final class Unused extends Optimizer.OptimizerBuilder<Unused> {

        /** {@inheritDoc} */
        @Override
        protected Unused self() {
            return this;
        }
    }

    /** Builds a {@link NoBiasDecay}. */
    public static final class Builder {

        private OptimizerFactory factory;
        private float weightDecay = Float.NaN;
        private Block block;
        private Predicate<Parameter> rule = p -> p.getType() == Parameter.Type.WEIGHT;

        Builder() {}

        /**
         * Sets how to build the optimizer of each group (required): called once with the weight
         * decay and once with 0, it must return a new optimizer each time, alike in everything but
         * the weight decay.
         *
         * @param factory builds an optimizer with a given weight decay
         * @return this builder
         * @throws IllegalArgumentException if the factory is null
         */
        public Builder setOptimizer(OptimizerFactory factory) {
            if (factory == null) {
                throw new IllegalArgumentException("optimizer factory must not be null");
            }
            this.factory = factory;
            return this;
        }

        /**
         * Sets the weight decay λ of the decayed parameters (required).
         *
         * @param weightDecay λ, finite and ≥ 0 (the paper's ResNet-50 uses 1e-4)
         * @return this builder
         * @throws IllegalArgumentException if λ is negative or not finite
         */
        public Builder setWeightDecay(float weightDecay) {
            if (!(weightDecay >= 0 && Float.isFinite(weightDecay))) {
                throw new IllegalArgumentException(
                        "weightDecay must be finite and >= 0, got " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the block the trainer trains (required): the parameters the updates name are looked
         * up in it.
         *
         * @param block the trained block (for distillation, the whole distillation block)
         * @return this builder
         * @throws IllegalArgumentException if the block is null
         */
        public Builder setBlock(Block block) {
            if (block == null) {
                throw new IllegalArgumentException("block must not be null");
            }
            this.block = block;
            return this;
        }

        /**
         * Sets which parameters are decayed; default those of type {@link Parameter.Type#WEIGHT}
         * (the weights of convolutions and linear layers).
         *
         * @param rule true for a parameter that gets the weight decay
         * @return this builder
         * @throws IllegalArgumentException if the rule is null
         */
        public Builder optDecayed(Predicate<Parameter> rule) {
            if (rule == null) {
                throw new IllegalArgumentException("rule must not be null");
            }
            this.rule = rule;
            return this;
        }

        /**
         * Builds the optimizer: calls the factory with λ, then with 0.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the factory, the weight decay or the block is
         *     missing, or the factory returns null, a {@code NoBiasDecay} or the same optimizer
         *     twice
         */
        public NoBiasDecay build() {
            if (factory == null) {
                throw new IllegalArgumentException(
                        "optimizer factory is required: call setOptimizer");
            }
            if (Float.isNaN(weightDecay)) {
                throw new IllegalArgumentException("weightDecay is required: call setWeightDecay");
            }
            if (block == null) {
                throw new IllegalArgumentException("block is required: call setBlock");
            }
            Optimizer withDecay = check(factory.build(weightDecay), weightDecay);
            Optimizer withoutDecay = check(factory.build(0f), 0f);
            if (withDecay == withoutDecay) {
                throw new IllegalArgumentException(
                        "optimizer factory must build a new optimizer on every call: the decayed"
                                + " and undecayed parameters need one each, got the same "
                                + withDecay.getClass().getSimpleName()
                                + " twice");
            }
            return new NoBiasDecay(this, withDecay, withoutDecay);
        }

        private static Optimizer check(Optimizer optimizer, float weightDecay) {
            if (optimizer == null) {
                throw new IllegalArgumentException(
                        "optimizer factory returned null for weight decay " + weightDecay);
            }
            if (optimizer instanceof NoBiasDecay) {
                throw new IllegalArgumentException(
                        "optimizer factory must build a plain optimizer (Sgd, Adam, ...), got a"
                                + " NoBiasDecay for weight decay "
                                + weightDecay);
            }
            return optimizer;
        }
    }
}
