/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
        if (isDense(labels, logits, classes)) {
            return scaledDense(labels, logits, classes, rows, 1, null);
        }
        long[] index = classIndices(labels, classes);
        return scaledIndices(index, logits, classes, 1, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Computed as {@code Σ_{i,k} c_ik·log softmax(z_i)_k} with the coefficients {@code c_ik =
     * −w_k·q_ik/D} ({@code D} the denominator of the reduction) made apart from the logits: for
     * class indices in one array from the labels' single copy on the host, for dense targets by two
     * scalar operations. The logits go through three differentiable operations only.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = classCount(logits);
        long rows = logits.size() / classes;
        NDArray label = labels.singletonOrThrow();
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(
                    "classWeights has "
                            + classWeights.length
                            + " entries but the logits have K="
                            + classes
                            + " classes; they must match");
        }
        NDArray coefficients;
        if (isDense(label, logits, classes)) {
            coefficients = scaledDense(label, logits, classes, rows, -1.0 / rows, classWeights);
        } else {
            long[] index = classIndices(label, classes);
            double denominator = rows;
            if (classWeights != null) {
                // Class indices: normalised by the weight of each row's class, as PyTorch's
                // nll_loss.
                denominator = 0;
                for (long k : index) {
                    denominator += classWeights[(int) k];
                }
            }
            coefficients = scaledIndices(index, logits, classes, -1.0 / denominator, classWeights);
        }
        NDArray flat = logits.getShape().dimension() == 2 ? logits : logits.reshape(rows, classes);
        return flat.logSoftmax(1).mul(coefficients).sum();
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

    /** Whether the labels are dense target rows (else class indices); rejects other shapes. */
    private static boolean isDense(NDArray label, NDArray logits, int classes) {
        Shape shape = logits.getShape();
        if (label.getShape().equals(shape)) {
            return true;
        }
        Shape indexShape = shape.slice(0, shape.dimension() - 1);
        if (label.getShape().equals(indexShape) || label.getShape().equals(indexShape.add(1))) {
            return false;
        }
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

    /** The class indices, copied to the host once, each checked to lie in {@code [0, K)}. */
    private static long[] classIndices(NDArray label, int classes) {
        long[] index = label.toType(DataType.INT64, false).toLongArray();
        for (long value : index) {
            if (value < 0 || value >= classes) {
                throw new IllegalArgumentException(
                        "label " + value + " is not a class index in [0, K=" + classes + ")");
            }
        }
        return index;
    }

    /** Share of a target row's own mass kept by smoothing: {@code q = keep·y + floor}. */
    private double keep(int classes) {
        return smoothing == Smoothing.UNIFORM ? 1 - epsilon : 1 - epsilon - epsilon / (classes - 1);
    }

    /** Smoothing mass every class receives: {@code q = keep·y + floor}. */
    private double floor(int classes) {
        return smoothing == Smoothing.UNIFORM ? epsilon / classes : epsilon / (classes - 1);
    }

    /** {@code scale·w_k·q_ik} of dense rows {@code y}, {@code [N, K]}, by device operations. */
    private NDArray scaledDense(
            NDArray label, NDArray logits, int classes, long rows, double scale, double[] weights) {
        NDArray y = label.getShape().dimension() == 2 ? label : label.reshape(rows, classes);
        NDArray q = y.toType(logits.getDataType(), false).mul(keep(classes) * scale);
        if (epsilon > 0) {
            q = q.add(floor(classes) * scale);
        }
        if (weights == null) {
            return q;
        }
        NDArray w =
                logits.getManager()
                        .create(weights)
                        .toType(logits.getDataType(), false)
                        .reshape(1, classes);
        return q.mul(w);
    }

    /** {@code scale·w_k·q_ik} of class indices, {@code [N, K]}, made on the host in one array. */
    private NDArray scaledIndices(
            long[] index, NDArray logits, int classes, double scale, double[] weights) {
        double keep = keep(classes);
        double floor = floor(classes);
        int rows = index.length;
        double[] q = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < classes; k++) {
                double target = k == index[i] ? keep + floor : floor;
                q[i * classes + k] = scale * (weights == null ? target : weights[k] * target);
            }
        }
        Shape shape = new Shape(rows, classes);
        NDManager manager = logits.getManager();
        if (logits.getDataType() == DataType.FLOAT64) {
            return manager.create(q, shape);
        }
        float[] single = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            single[i] = (float) q[i];
        }
        return manager.create(single, shape).toType(logits.getDataType(), false);
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
