/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * What the box-regression losses share ({@link IouLoss}, {@link SmoothL1Loss}): labels {@code
 * [targets]} or {@code [targets, weights]} read by {@link RegressionLabels}, an unweighted loss per
 * element or box, the weights applied, then the {@link Reduction}; and the builder part that sets
 * the name and the reduction.
 */
abstract class RegressionLoss extends Loss {

    private final Reduction reduction;

    RegressionLoss(String name, Reduction reduction) {
        super(name);
        this.reduction = reduction;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.get(0);
        NDArray target = RegressionLabels.targets(labels, pred);
        NDArray loss = unweighted(pred, target);
        loss = RegressionLabels.weighted(loss, labels, loss.getShape(), pred.getDataType());
        return reduction.apply(loss, null);
    }

    /**
     * Returns the loss of every element, or of every box, before the weights.
     *
     * @param pred the predictions
     * @param target the targets, of the predictions' shape
     * @return the losses, of the shape the weights broadcast to
     */
    abstract NDArray unweighted(NDArray pred, NDArray target);

    /**
     * Returns the reduction.
     *
     * @return the reduction
     */
    public Reduction getReduction() {
        return reduction;
    }

    /**
     * The builder part the regression losses share.
     *
     * @param <B> the builder's own type, which the setters return
     */
    abstract static class Builder<B extends Builder<B>> {

        String name;
        Reduction reduction = Reduction.MEAN;

        Builder(String name) {
            this.name = name;
        }

        /**
         * Returns this builder.
         *
         * @return this builder, as its own type
         */
        abstract B self();

        /**
         * Sets the loss's name, as the trainer reports it.
         *
         * @param name the name; default {@code SmoothL1Loss} for the smooth L1 loss, the kind
         *     followed by {@code Loss} for an IoU loss, e.g. {@code GIOULoss}
         * @return this builder
         */
        public B optName(String name) {
            this.name = name;
            return self();
        }

        /**
         * Sets the reduction.
         *
         * @param reduction none, sum or mean; default mean
         * @return this builder
         */
        public B optReduction(Reduction reduction) {
            this.reduction = reduction;
            return self();
        }
    }
}
