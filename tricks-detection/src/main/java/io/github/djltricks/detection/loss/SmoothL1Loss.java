/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;

/**
 * The smooth L1 (Huber-like) loss of Fast R-CNN (Girshick, ICCV 2015) with transition point β: for
 * d = prediction − target,
 *
 * <pre>
 * ℓ(d) = 0.5·d² / β    if |d| &lt; β
 *        |d| − 0.5·β   otherwise
 * </pre>
 *
 * <p>and ℓ(d) = |d| when β = 0. It equals PyTorch's {@code smooth_l1_loss(beta=β)} (golden vectors,
 * 1e-6).
 *
 * <p><b>Layout.</b> Predictions: {@code [predictions]} of any shape. Labels: {@code [targets]} or
 * {@code [targets, weights]}; targets have the predictions' shape, weights broadcast to it. The
 * per-element losses are multiplied by the weights and reduced by {@link Reduction} ({@code MEAN}
 * divides by the number of elements; none give 0).
 */
public class SmoothL1Loss extends Loss {

    private final double beta;
    private final Reduction reduction;

    SmoothL1Loss(Builder builder) {
        super(builder.name);
        beta = builder.beta;
        reduction = builder.reduction;
    }

    /**
     * Returns a builder with β = 1 and reduction {@link Reduction#MEAN}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.get(0);
        NDArray target = RegressionLabels.targets(labels, pred);
        NDArray d = pred.sub(target).abs();
        NDArray loss;
        if (beta == 0) {
            loss = d;
        } else {
            NDArray square = d.square();
            loss =
                    NDArrays.where(
                            d.lt(beta),
                            square.mul(Scalar.like(square, 0.5 / beta)),
                            d.sub(0.5 * beta));
        }
        loss = RegressionLabels.weighted(loss, labels, pred.getShape(), pred.getDataType());
        return reduction.apply(loss, null);
    }

    /**
     * Returns β, where the loss turns from quadratic to linear.
     *
     * @return β &ge; 0
     */
    public double getBeta() {
        return beta;
    }

    /**
     * Returns the reduction.
     *
     * @return the reduction
     */
    public Reduction getReduction() {
        return reduction;
    }

    /** Builds a {@link SmoothL1Loss}. */
    public static final class Builder {

        private String name = "SmoothL1Loss";
        private double beta = 1;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Sets the loss's name, as the trainer reports it.
         *
         * @param name the name; default {@code SmoothL1Loss}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets β, where the loss turns from quadratic to linear; 0 gives the L1 loss.
         *
         * @param beta β, finite and &ge; 0; default 1
         * @return this builder
         */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets the reduction.
         *
         * @param reduction none, sum or mean; default mean
         * @return this builder
         */
        public Builder optReduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the smooth L1 loss
         * @throws IllegalArgumentException if a setting is out of range
         */
        public SmoothL1Loss build() {
            if (!(beta >= 0) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
            }
            Reduction.checkNotNull(reduction);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name must be non-empty, got " + name);
            }
            return new SmoothL1Loss(this);
        }
    }
}
