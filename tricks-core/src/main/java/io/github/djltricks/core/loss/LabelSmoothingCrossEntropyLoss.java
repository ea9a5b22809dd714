/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy of logits against label-smoothed targets (Szegedy et al. 2016, arXiv
 * 1512.00567; He et al. 2019, arXiv 1812.01187, §5.2).
 *
 * <p>For logits {@code z} of shape {@code [..., K]} (classes on the last axis) and a target row
 * {@code y}, the smoothed target is {@code q = (1 − ε)·y + ε/K} ({@link Smoothing#UNIFORM}, the
 * default, as in PyTorch and timm) or {@code q = (1 − ε)·y + ε/(K − 1)·(1 − y)} ({@link
 * Smoothing#OTHER_CLASSES}, as in the Bag-of-Tricks paper), and the loss of a row is {@code ℓ =
 * −Σ_k w_k·q_k·log softmax(z)_k}, with {@code log softmax} computed stably as {@code z −
 * logsumexp(z)}. Without class weights ({@code w = 1}) the loss is the mean of {@code ℓ} over the
 * rows and its gradient is {@code ∂loss/∂z = (softmax(z) − q)/N}.
 *
 * <p>Labels come in either of two forms, told apart by their shape:
 *
 * <ul>
 *   <li>class indices, shape {@code [...]} or {@code [..., 1]} (one per row, any numeric type, each
 *       in {@code [0, K)}): the plain labels DJL's trainer passes on validation batches;
 *   <li>dense targets, the same shape as the logits (one-hot or soft probability rows, such as
 *       mixup and CutMix in {@link io.github.djltricks.core.mixup} produce). Mixup does not smooth;
 *       smoothing is this loss's job, applied on top of the mixed rows.
 * </ul>
 *
 * <p>With class weights the reduction follows PyTorch's {@code cross_entropy(weight=w,
 * label_smoothing=ε)}: for class indices the summed loss is divided by {@code Σ_i w_{y_i}}, for
 * dense targets by the number of rows.
 *
 * <p>With {@code ε = 0} and no weights this equals DJL's {@link
 * ai.djl.training.loss.SoftmaxCrossEntropyLoss} (sparse or dense labels).
 */
public final class LabelSmoothingCrossEntropyLoss extends Loss {

    private final double epsilon;
    private final Smoothing smoothing;
    private final double[] classWeights;

    private LabelSmoothingCrossEntropyLoss(Builder builder) {
        super(builder.name);
        this.epsilon = builder.epsilon;
        this.smoothing = builder.smoothing;
        this.classWeights = builder.classWeights;
    }

    /**
     * Returns a builder; every option has a default ({@code ε = 0.1}, {@link Smoothing#UNIFORM}, no
     * class weights).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the smoothing factor ε.
     *
     * @return ε, in {@code [0, 1)}
     */
    public double getEpsilon() {
        return epsilon;
    }

    /**
     * Returns how the smoothing mass is spread over the classes.
     *
     * @return the smoothing convention
     */
    public Smoothing getSmoothing() {
        return smoothing;
    }

    /**
     * Returns a copy of the class weights, or {@code null} when every class weighs 1.
     *
     * @return the class weights or {@code null}
     */
    public double[] getClassWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * Returns the smoothed target rows {@code q} of the given labels, shape {@code [N, K]} with
     * {@code N} the number of rows of the logits.
     *
     * @param labels class indices or dense target rows (see the class documentation)
     * @param logits the logits, shape {@code [..., K]}
     * @return the smoothed targets, in the logits' data type
     * @throws IllegalArgumentException if the labels do not match the logits
     */
    public NDArray smoothedTargets(NDArray labels, NDArray logits) {
        int classes = classCount(logits);
        long rows = logits.size() / classes;
        NDArray target = targetRows(labels, logits, classes, rows);
        return smooth(target, classes);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = classCount(logits);
        long rows = logits.size() / classes;
        NDArray label = labels.singletonOrThrow();
        boolean dense = label.getShape().equals(logits.getShape());
        NDArray target = targetRows(label, logits, classes, rows);
        NDArray q = smooth(target, classes);
        NDArray logp = logits.reshape(rows, classes).logSoftmax(1);
        if (classWeights == null) {
            return logp.mul(q).sum(new int[] {1}).neg().mean();
        }
        if (classWeights.length != classes) {
            throw new IllegalArgumentException(
                    "classWeights has "
                            + classWeights.length
                            + " entries but the logits have K="
                            + classes
                            + " classes; they must match");
        }
        NDArray w =
                logits.getManager()
                        .create(classWeights)
                        .toType(logits.getDataType(), false)
                        .reshape(1, classes);
        NDArray total = logp.mul(q).mul(w).sum().neg();
        if (dense) {
            return total.div(rows);
        }
        // Class indices: normalised by the weight of each row's class, as PyTorch's nll_loss.
        return total.div(target.mul(w).sum());
    }

    private static int classCount(NDArray logits) {
        Shape shape = logits.getShape();
        if (shape.dimension() < 1) {
            throw new IllegalArgumentException(
                    "logits must have the classes on the last axis, got shape " + shape);
        }
        long classes = shape.get(shape.dimension() - 1);
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "logits must have K >= 2 classes on the last axis, got K="
                            + classes
                            + " (shape "
                            + shape
                            + ")");
        }
        return Math.toIntExact(classes);
    }

    /** The unsmoothed target rows {@code [N, K]}: dense labels as they are, indices one-hot. */
    private static NDArray targetRows(NDArray label, NDArray logits, int classes, long rows) {
        DataType type = logits.getDataType();
        Shape shape = logits.getShape();
        if (label.getShape().equals(shape)) {
            return label.reshape(rows, classes).toType(type, false);
        }
        Shape indexShape = shape.slice(0, shape.dimension() - 1);
        Shape withOne = indexShape.add(1);
        if (!label.getShape().equals(indexShape) && !label.getShape().equals(withOne)) {
            throw new IllegalArgumentException(
                    "labels of shape "
                            + label.getShape()
                            + " match neither class indices "
                            + indexShape
                            + " nor dense targets "
                            + shape
                            + " for logits of shape "
                            + shape
                            + " (K="
                            + classes
                            + ")");
        }
        NDArray index = label.reshape(rows).toType(DataType.INT64, false);
        // One copy to the host checks every index; cheaper than a chain of device ops and a sync.
        for (long value : index.toLongArray()) {
            if (value < 0 || value >= classes) {
                throw new IllegalArgumentException(
                        "label " + value + " is not a class index in [0, K=" + classes + ")");
            }
        }
        return index.oneHot(classes, type);
    }

    private NDArray smooth(NDArray target, int classes) {
        if (epsilon == 0) {
            return target;
        }
        if (smoothing == Smoothing.UNIFORM) {
            return target.mul(1 - epsilon).add(epsilon / classes);
        }
        double other = epsilon / (classes - 1);
        return target.mul(1 - epsilon - other).add(other);
    }

    /** Builds a {@link LabelSmoothingCrossEntropyLoss}; validated in {@link #build()}. */
    public static final class Builder {

        private String name = "LabelSmoothingCrossEntropyLoss";
        private double epsilon = 0.1;
        private Smoothing smoothing = Smoothing.UNIFORM;
        private double[] classWeights;

        private Builder() {}

        /**
         * Sets the loss's name, under which DJL reports it.
         *
         * @param name the name, default {@code LabelSmoothingCrossEntropyLoss}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the smoothing factor ε.
         *
         * @param epsilon ε in {@code [0, 1)}, default 0.1 (the Bag-of-Tricks paper's value)
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets how the smoothing mass is spread over the classes.
         *
         * @param smoothing the convention, default {@link Smoothing#UNIFORM}
         * @return this builder
         */
        public Builder optSmoothing(Smoothing smoothing) {
            this.smoothing = smoothing;
            return this;
        }

        /**
         * Sets one weight per class, as PyTorch's {@code cross_entropy(weight=...)}.
         *
         * @param classWeights {@code K} finite, non-negative weights; {@code null} for none
         * @return this builder
         */
        public Builder optClassWeights(double... classWeights) {
            this.classWeights = classWeights == null ? null : classWeights.clone();
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         * @throws IllegalArgumentException if ε is outside {@code [0, 1)}, a class weight is
         *     negative or not finite, or an argument is {@code null}
         */
        public LabelSmoothingCrossEntropyLoss build() {
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw new IllegalArgumentException(
                        "epsilon must be in [0, 1), got epsilon=" + epsilon);
            }
            if (smoothing == null) {
                throw new IllegalArgumentException(
                        "smoothing must be UNIFORM or OTHER_CLASSES, got null");
            }
            if (name == null) {
                throw new IllegalArgumentException("name must not be null");
            }
            if (classWeights != null) {
                for (int k = 0; k < classWeights.length; k++) {
                    double w = classWeights[k];
                    if (!(w >= 0) || Double.isInfinite(w)) {
                        throw new IllegalArgumentException(
                                "classWeights[" + k + "] must be finite and >= 0, got " + w);
                    }
                }
            }
            return new LabelSmoothingCrossEntropyLoss(this);
        }
    }
}
