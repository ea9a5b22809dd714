/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;

/**
 * The sigmoid focal loss of RetinaNet (Lin et al., "Focal Loss for Dense Object Detection", ICCV
 * 2017), computed from logits.
 *
 * <p>For a logit x and a target t ∈ [0, 1] (1 positive, 0 negative, or soft in between), with p =
 * σ(x):
 *
 * <pre>
 * FL(x, t) = α_t · (1 − p_t)^γ · BCE(x, t)
 * BCE(x, t) = softplus(x) − x·t = log(1 + e^x) − x·t  (binary cross-entropy with logits)
 * 1 − p_t   = t + p·(1 − 2t)                         (= 1 − (p·t + (1 − p)(1 − t)))
 * α_t       = α·t + (1 − α)(1 − t)                   (1 when α is disabled)
 * </pre>
 *
 * <p>Stable: softplus never overflows (PyTorch computes log1p(e^x), and x itself for x &gt; 20), so
 * saturated logits (|x| of 30, 200, …) give finite values and gradients, and (1 − p_t)^γ for γ &lt;
 * 1 is taken of max(1 − p_t, FLT_MIN) so its gradient stays finite. The error is absolute, of the
 * order of the float epsilon times |x|: an easy example whose loss is below ~1e-7 may come out as
 * 0. With γ = 0 and α disabled it is the binary cross-entropy with logits; it equals torchvision's
 * {@code sigmoid_focal_loss} (golden vectors, 1e-6) for every α and γ tested.
 *
 * <p><b>Layout.</b> Predictions: {@code [logits]} of any shape. Labels: {@code [targets]}, {@code
 * [targets, weights]} or {@code [targets, weights, ignore]}; targets have the logits' shape and
 * values in [0, 1]; weights (≥ 0, e.g. mixup's per-box weights) and the ignore mask (boolean or
 * numeric, non-zero = ignore, e.g. anchors between the IoU thresholds) broadcast to that shape.
 * Pass a weight of 1 to give an ignore mask without weights.
 *
 * <p><b>Reduction.</b> The per-element losses are multiplied by weight × (1 − ignore), then reduced
 * by {@link Reduction}: {@code MEAN} divides by the number of elements not ignored. With {@link
 * Builder#optNormalizeByPositives(boolean)} and {@code SUM}, the sum is divided instead by max(1, Σ
 * t) over the elements not ignored, which for one-hot targets is the number of positive anchors, as
 * RetinaNet normalises.
 *
 * <p>Targets outside [0, 1] or NaN are rejected with an {@link IllegalArgumentException} (one read
 * of a boolean per call).
 */
public class FocalLoss extends Loss {

    private final double alpha;
    private final double gamma;
    private final Reduction reduction;
    private final boolean normalizeByPositives;

    FocalLoss(Builder builder) {
        super(builder.name);
        alpha = builder.alpha;
        gamma = builder.gamma;
        reduction = builder.reduction;
        normalizeByPositives = builder.normalizeByPositives;
    }

    /**
     * Returns a builder with α = 0.25, γ = 2 and reduction {@link Reduction#MEAN}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray x = predictions.get(0);
        return evaluate(prepare(labels, x), x);
    }

    /**
     * Checks the labels once and folds them for {@link #evaluate(Targets, NDArray)}: for targets
     * that stay the same over several evaluations (a detector's assignment, read by every term and
     * every accumulator of a batch), so that each evaluation runs only the loss's own operators.
     *
     * <p>The weights α_t, the per-element weights and 1 − ignore are multiplied into one array;
     * targets that are all exactly 0 or 1 are kept as signs s = 1 − 2t, with which (BCE and 1 − p_t
     * of the class Javadoc, for t ∈ {0, 1})
     *
     * <pre>
     * BCE(x, t) = softplus(s·x),   1 − p_t = σ(s·x),   FL = α_t·σ(s·x)^γ·softplus(s·x)
     * </pre>
     *
     * so the loss costs one product, softplus, sigmoid and the power; soft targets take the general
     * formula.
     *
     * @param labels {@code [targets]}, {@code [targets, weights]} or {@code [targets, weights,
     *     ignore]}, laid out as for {@link #evaluate(NDList, NDList)}
     * @param logits logits of the shape and data type the targets are for (only these are read)
     * @return the prepared targets, in the logits' data type, owned by the targets' manager
     * @throws IllegalArgumentException if the targets do not have the shape, are outside [0, 1] or
     *     NaN, or the weights or ignore mask do not broadcast to it
     */
    public Targets prepare(NDList labels, NDArray logits) {
        Shape shape = logits.getShape();
        NDArray t = labels.get(0);
        if (!t.getShape().equals(shape)) {
            throw new IllegalArgumentException(
                    "targets must have the logits' shape " + shape + ", got " + t.getShape());
        }
        DataType type = logits.getDataType();
        t = t.toType(type, false);
        NDManager manager = t.getManager();
        boolean binary = true;
        if (t.size() > 0) {
            // |t − 0.5| <= 0.5 exactly when t is in [0, 1] (NaN fails); = 0.5 everywhere when
            // binary
            NDArray d = t.sub(Scalar.of(manager, 0.5, type)).abs();
            double[] range =
                    NDArrays.stack(new NDList(d.max(), d.min()))
                            .toType(DataType.FLOAT64, false)
                            .toDoubleArray();
            if (!(range[0] <= 0.5)) {
                throw new IllegalArgumentException(
                        "targets must be in [0, 1], got values from "
                                + t.min().getFloat()
                                + " to "
                                + t.max().getFloat()
                                + " (or NaN)");
            }
            binary = range[1] == 0.5;
        }
        NDArray weight = null;
        if (!Double.isNaN(alpha)) {
            // α_t = α·t + (1 − α)(1 − t)
            weight =
                    t.mul(Scalar.of(manager, 2 * alpha - 1, type))
                            .add(Scalar.of(manager, 1 - alpha, type));
        }
        if (labels.size() > 1) {
            NDArray w = labels.get(1);
            Reduction.checkBroadcast(w, shape, "weights");
            w = w.toType(type, false);
            weight = weight == null ? w : weight.mul(w);
        }
        NDArray keep = null;
        if (labels.size() > 2) {
            NDArray ignore = labels.get(2);
            Reduction.checkBroadcast(ignore, shape, "ignore");
            keep =
                    ignore.toType(type, false)
                            .eq(Scalar.of(manager, 0, type))
                            .toType(type, false)
                            .broadcast(shape);
            weight = weight == null ? keep : weight.mul(keep);
        }
        NDArray count = null;
        if (normalizeByPositives) {
            count =
                    (keep == null ? t.sum() : t.mul(keep).sum())
                            .maximum(Scalar.of(manager, 1, type));
        } else if (reduction == Reduction.MEAN && keep != null) {
            count = keep.sum().maximum(Scalar.of(manager, 1, type));
        }
        NDArray sign = t.mul(Scalar.of(manager, -2, type)).add(Scalar.of(manager, 1, type));
        return new Targets(shape, binary ? null : t, sign, weight, count);
    }

    /**
     * Returns the loss of logits against prepared targets: the same value as {@link
     * #evaluate(NDList, NDList)} on the labels the targets were prepared from.
     *
     * @param targets targets from {@link #prepare(NDList, NDArray)} of this loss
     * @param logits the logits, of the shape the targets were prepared for
     * @return the reduced loss, or the per-element losses for {@link Reduction#NONE}
     * @throws IllegalArgumentException if the logits' shape differs from the targets'
     */
    public NDArray evaluate(Targets targets, NDArray logits) {
        NDArray x = logits;
        if (!x.getShape().equals(targets.shape)) {
            throw new IllegalArgumentException(
                    "logits must have the targets' shape "
                            + targets.shape
                            + ", got "
                            + x.getShape());
        }
        DataType type = x.getDataType();
        NDArray s = targets.sign.toType(type, false);
        NDArray loss;
        NDArray q = null; // 1 − p_t
        if (targets.soft == null) {
            NDArray z = x.mul(s);
            loss = Activation.softPlus(z);
            if (gamma != 0) {
                q = Activation.sigmoid(z);
            }
        } else {
            // BCE = softplus(x) − x·t; PyTorch's softplus is log1p(exp(x)), and x itself above 20.
            NDArray t = targets.soft.toType(type, false);
            loss = Activation.softPlus(x).sub(x.mul(t));
            if (gamma != 0) {
                // 1 − p_t = t + p·(1 − 2t), p = σ(x): the gradient flows through one product only
                q = Activation.sigmoid(x).mul(s).add(t);
            }
        }
        if (gamma == 1) {
            loss = loss.mul(q);
        } else if (gamma == 2) {
            loss = loss.mul(q.square());
        } else if (gamma != 0) {
            // engine-owned scalars: autograd keeps both operands of maximum and pow
            NDManager manager = x.getManager();
            loss =
                    loss.mul(
                            q.maximum(Scalar.of(manager, Float.MIN_NORMAL, type))
                                    .pow(Scalar.of(manager, gamma, type)));
        }
        if (targets.weight != null) {
            loss = loss.mul(targets.weight.toType(type, false));
        }
        switch (reduction) {
            case NONE:
                return loss;
            case SUM:
                return targets.count == null
                        ? loss.sum()
                        : loss.sum().div(targets.count.toType(type, false));
            default:
                return targets.count == null
                        ? loss.sum().div(Scalar.of(x.getManager(), Math.max(1L, loss.size()), type))
                        : loss.sum().div(targets.count.toType(type, false));
        }
    }

    /**
     * Targets checked and folded by {@link #prepare(NDList, NDArray)}: the signs 1 − 2t, the soft
     * targets where they are not all 0 or 1, the product of α_t, weights and 1 − ignore, and the
     * divisor of the reduction. They live in the manager of the targets they come from.
     */
    public static final class Targets {

        private final Shape shape;
        private final NDArray soft;
        private final NDArray sign;
        private final NDArray weight;
        private final NDArray count;

        Targets(Shape shape, NDArray soft, NDArray sign, NDArray weight, NDArray count) {
            this.shape = shape;
            this.soft = soft;
            this.sign = sign;
            this.weight = weight;
            this.count = count;
        }

        /**
         * Returns whether the targets are all exactly 0 or 1 (the loss then takes the one-softplus
         * form).
         *
         * @return whether the targets are binary
         */
        public boolean isBinary() {
            return soft == null;
        }

        /**
         * Returns whether the arrays behind these targets are still open.
         *
         * @return false once the manager they live in has been closed
         */
        public boolean isReleased() {
            return sign.isReleased();
        }
    }

    /**
     * Returns α, the weight of positives.
     *
     * @return α in [0, 1], or NaN when disabled
     */
    public double getAlpha() {
        return alpha;
    }

    /**
     * Returns γ, the focusing exponent.
     *
     * @return γ &ge; 0
     */
    public double getGamma() {
        return gamma;
    }

    /**
     * Returns the reduction.
     *
     * @return the reduction
     */
    public Reduction getReduction() {
        return reduction;
    }

    /**
     * Returns whether a sum is divided by the number of positives.
     *
     * @return whether the loss is normalised by positives
     */
    public boolean isNormalizeByPositives() {
        return normalizeByPositives;
    }

    /** Builds a {@link FocalLoss}. */
    public static final class Builder {

        private String name = "FocalLoss";
        private double alpha = 0.25;
        private double gamma = 2;
        private Reduction reduction = Reduction.MEAN;
        private boolean normalizeByPositives;

        private Builder() {}

        /**
         * Sets the loss's name, as the trainer reports it.
         *
         * @param name the name; default {@code FocalLoss}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets α, the weight of positive targets (negatives get 1 − α).
         *
         * @param alpha α in [0, 1]; default 0.25
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException(
                        "alpha must be in [0, 1] (or disabled with optAlphaDisabled()), got "
                                + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /**
         * Disables the α weighting: α_t = 1 for every element.
         *
         * @return this builder
         */
        public Builder optAlphaDisabled() {
            this.alpha = Double.NaN;
            return this;
        }

        /**
         * Sets γ, the focusing exponent of (1 − p_t).
         *
         * @param gamma γ, finite and &ge; 0; default 2
         * @return this builder
         */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
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
         * Divides the sum by the number of positives, max(1, Σ t) over the elements not ignored,
         * instead of reducing by {@link Reduction}; needs the reduction {@link Reduction#SUM}.
         *
         * @param normalizeByPositives whether to normalise by positives; default false
         * @return this builder
         */
        public Builder optNormalizeByPositives(boolean normalizeByPositives) {
            this.normalizeByPositives = normalizeByPositives;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the focal loss
         * @throws IllegalArgumentException if a setting is out of range
         */
        public FocalLoss build() {
            if (!(gamma >= 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
            }
            Reduction.checkNotNull(reduction);
            if (normalizeByPositives && reduction != Reduction.SUM) {
                throw new IllegalArgumentException(
                        "normalizeByPositives needs reduction SUM, got " + reduction);
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name must be non-empty, got " + name);
            }
            return new FocalLoss(this);
        }
    }
}
