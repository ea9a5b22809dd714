/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
public class SmoothL1Loss extends RegressionLoss {

    private final double beta;

    SmoothL1Loss(Builder builder) {
        super(builder.name, builder.reduction);
        beta = builder.beta;
    }

    /**
     * Returns a builder with β = 1 and reduction {@link Reduction#MEAN}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The per-element losses, of the predictions' shape. */
    @Override
    NDArray unweighted(NDArray pred, NDArray target) {
        NDArray d = pred.sub(target).abs();
        if (beta == 0) {
            return d;
        }
        NDArray square = d.square();
        return NDArrays.where(
                d.lt(beta), square.mul(Scalar.like(square, 0.5 / beta)), d.sub(0.5 * beta));
    }

    /**
     * Returns β, where the loss turns from quadratic to linear.
     *
     * @return β &ge; 0
     */
    public double getBeta() {
        return beta;
    }

    /** Builds a {@link SmoothL1Loss}. */
    public static final class Builder extends RegressionLoss.Builder<Builder> {

        private double beta = 1;

        private Builder() {
            super("SmoothL1Loss");
        }

        /** {@inheritDoc} */
        @Override
        Builder self() {
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
