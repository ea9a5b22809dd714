/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;
import io.github.djltricks.core.clock.TrainingClock;

/**
 * Decoupled knowledge distillation (DKD) of Zhao, Cui, Song, Qiu and Liang, "Decoupled Knowledge
 * Distillation" (2022, arXiv 2203.08679): Hinton's soft-target loss split into a target-class and a
 * non-target-class term that are weighted separately.
 *
 * <p>With temperature T &gt; 0, logits z (teacher z<sup>T</sup>, student z<sup>S</sup>) and the
 * target class t of a row, p = softmax(z/T); the binary target/non-target distribution is b = [p_t,
 * 1 − p_t] and the distribution among the non-target classes is p̂ = softmax of z/T over the
 * classes j ≠ t only. Then
 *
 * <pre>
 *   TCKD = KL(b^T ‖ b^S)                 target-class knowledge
 *   NCKD = KL(p̂^T ‖ p̂^S)                 non-target-class knowledge
 *   L    = T² · (1/N) Σ_n (α · TCKD_n + β · NCKD_n)
 * </pre>
 *
 * <p>averaged over the N rows of the batch. Classic KD is the special case that couples the two
 * (the paper's Eq. 4/5): KL(p<sup>T</sup> ‖ p<sup>S</sup>) = TCKD + (1 − p<sub>t</sub><sup>T</sup>)
 * · NCKD, so a confident teacher suppresses NCKD there; DKD weighs NCKD by β instead. The defaults
 * are the paper's CIFAR setting, α = 1, β = 8, T = 4. Train with the task loss beside it: {@code
 * task + DKD}, for example a {@link DistillationLoss} with this loss as a term of weight 1.
 *
 * <p>Computed in log space and exactly: the non-target logits are gathered out of each row (no
 * large constant is subtracted from the target), log b = log_softmax([z_t/T, logsumexp_{j≠t}
 * z_j/T]) and log p̂ = log_softmax of the non-target logits, so one-hot teachers, very large logits
 * and two classes (p̂ = [1], NCKD = 0) give finite values and gradients.
 *
 * <p>In {@link #evaluate(NDList, NDList)} the labels are the teacher's logits (N, C) followed by
 * the class labels (N) or (N, 1), what a {@link DistillationLoss} term receives; the predictions
 * are the student's logits (N, C). The teacher side carries no gradient.
 *
 * <p>Optionally, as in the paper's training, the loss is warmed up linearly over the first epochs:
 * in epoch e = 1, 2, … it is multiplied by min(e / E, 1), with e read from a {@link TrainingClock}
 * ({@link Builder#optWarmup}). Off by default.
 */
public final class DecoupledKdLoss extends Loss {

    private final float alpha;
    private final float beta;
    private final float temperature;
    private final TrainingClock clock;
    private final int warmupEpochs;

    private DecoupledKdLoss(Builder builder) {
        super(builder.name);
        this.alpha = builder.alpha;
        this.beta = builder.beta;
        this.temperature = builder.temperature;
        this.clock = builder.clock;
        this.warmupEpochs = builder.warmupEpochs;
    }

    /**
     * Returns a builder with the paper's CIFAR defaults α = 1, β = 8, T = 4 and no warm-up.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the weight α of the target-class term TCKD.
     *
     * @return α, finite and ≥ 0
     */
    public float getAlpha() {
        return alpha;
    }

    /**
     * Returns the weight β of the non-target-class term NCKD.
     *
     * @return β, finite and ≥ 0
     */
    public float getBeta() {
        return beta;
    }

    /**
     * Returns the temperature T.
     *
     * @return the temperature, positive
     */
    public float getTemperature() {
        return temperature;
    }

    /**
     * Returns the number of warm-up epochs E.
     *
     * @return E, or 0 without warm-up
     */
    public int getWarmupEpochs() {
        return warmupEpochs;
    }

    /**
     * Returns the warm-up factor min(e / E, 1) of the current epoch e = {@code clock.epoch() + 1},
     * or 1 without warm-up.
     *
     * @return the factor, in (0, 1]
     */
    public double warmupFactor() {
        if (clock == null) {
            return 1;
        }
        return Math.min((clock.epoch() + 1.0) / warmupEpochs, 1.0);
    }

    /**
     * Computes T² · (1/N) Σ (α·TCKD + β·NCKD), times the warm-up factor if there is one.
     *
     * @param teacher the teacher's logits (N, C); no gradient flows into them
     * @param student the student's logits (N, C), C ≥ 2
     * @param labels the target classes (N) or (N, 1), integer values in [0, C), any numeric type
     * @return the scalar loss, of the student's data type
     * @throws IllegalArgumentException if the shapes differ or are not (N, C) with C ≥ 2, or a
     *     label is not a class index in [0, C)
     */
    public NDArray compute(NDArray teacher, NDArray student, NDArray labels) {
        NDList parts = decompose(teacher, student, labels);
        long rows = student.getShape().get(0);
        double scale = (double) temperature * temperature / rows * warmupFactor();
        NDArray tckd = parts.get(0).sum();
        NDArray nckd = parts.get(1).sum();
        return tckd.mul(Scalar.like(tckd, alpha * scale))
                .add(nckd.mul(Scalar.like(nckd, beta * scale)));
    }

    /**
     * Returns the two terms of each row, unweighted and without the factor T²: TCKD = KL(b^T ‖ b^S)
     * and NCKD = KL(p̂^T ‖ p̂^S).
     *
     * @param teacher the teacher's logits (N, C); no gradient flows into them
     * @param student the student's logits (N, C), C ≥ 2
     * @param labels the target classes (N) or (N, 1), integer values in [0, C), any numeric type
     * @return TCKD (N) and NCKD (N), in that order, of the student's data type
     * @throws IllegalArgumentException if the shapes differ or are not (N, C) with C ≥ 2, or a
     *     label is not a class index in [0, C)
     */
    public NDList decompose(NDArray teacher, NDArray student, NDArray labels) {
        Checks.sameShape("student logits", student, "teacher logits", teacher);
        Shape shape = student.getShape();
        if (shape.dimension() != 2 || shape.get(1) < 2 || shape.get(0) < 1) {
            throw new IllegalArgumentException(
                    "student logits must be (N, C) with N >= 1 rows and C >= 2 classes, got shape "
                            + shape);
        }
        long[] targets = classIndices(labels, shape.get(0), shape.get(1));
        NDManager manager = student.getManager();
        try (NDArray target = targetIndex(manager, targets);
                NDArray others = otherIndices(manager, targets, shape.get(1))) {
            NDArray[] logT = logParts(teacher.stopGradient().div(temperature), target, others);
            NDArray[] logS =
                    logParts(student.div(Scalar.like(student, temperature)), target, others);
            NDArray tckd = kl(logT[0], logS[0]);
            NDArray nckd = kl(logT[1], logS[1]);
            return new NDList(tckd, nckd);
        }
    }

    /**
     * Returns log b = log [p_t, 1 − p_t] (N, 2) and log p̂ (N, C − 1) of scaled logits z/T.
     *
     * <p>logsumexp over the non-target classes subtracts their row maximum, taken without gradient:
     * the result does not depend on it, so its gradient is exact.
     */
    private static NDArray[] logParts(NDArray scaled, NDArray target, NDArray others) {
        NDArray zTarget = scaled.gather(target, 1);
        NDArray zOthers = scaled.gather(others, 1);
        NDArray max = zOthers.max(new int[] {1}, true).stopGradient();
        NDArray lseOthers = zOthers.sub(max).exp().sum(new int[] {1}, true).log().add(max);
        NDArray logBinary = zTarget.concat(lseOthers, 1).logSoftmax(1);
        NDArray logHat = zOthers.logSoftmax(1);
        return new NDArray[] {logBinary, logHat};
    }

    /** KL(p ‖ q) of each row from log p (no gradient) and log q: Σ_j p_j (log p_j − log q_j). */
    private static NDArray kl(NDArray logP, NDArray logQ) {
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {1});
    }

    /** The labels as class indices, copied to the host once, each checked to lie in [0, C). */
    private static long[] classIndices(NDArray labels, long rows, long classes) {
        Shape shape = labels.getShape();
        boolean column = shape.equals(new Shape(rows)) || shape.equals(new Shape(rows, 1));
        if (!column) {
            throw new IllegalArgumentException(
                    "labels shape "
                            + shape
                            + " must be (N) or (N, 1) with N = "
                            + rows
                            + " rows of the logits: one class index per row");
        }
        double[] values = labels.toType(DataType.FLOAT64, false).toDoubleArray();
        long[] index = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(
                        "labels["
                                + i
                                + "] = "
                                + v
                                + " must be a class index, an integer in [0, "
                                + classes
                                + ")");
            }
            index[i] = (long) v;
        }
        return index;
    }

    /** The target column of each row, (N, 1), in memory the engine owns. */
    private static NDArray targetIndex(NDManager manager, long[] targets) {
        return engineOwned(manager, targets, new Shape(targets.length, 1));
    }

    /** The non-target columns of each row in ascending order, (N, C − 1). */
    private static NDArray otherIndices(NDManager manager, long[] targets, long classes) {
        int c = Math.toIntExact(classes);
        long[] index = new long[targets.length * (c - 1)];
        int k = 0;
        for (long t : targets) {
            for (int j = 0; j < c; j++) {
                if (j != t) {
                    index[k++] = j;
                }
            }
        }
        return engineOwned(manager, index, new Shape(targets.length, c - 1));
    }

    /**
     * An index array the backward pass may read after the Java buffer it was made from is gone:
     * {@code gather} keeps its index for the gradient, so copy it into engine memory.
     */
    private static NDArray engineOwned(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The labels hold the teacher's logits and then the class labels, the predictions the
     * student's logits; see {@link #compute(NDArray, NDArray, NDArray)}.
     *
     * @throws IllegalArgumentException if the labels do not hold two arrays
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException(
                    "labels must hold the teacher's logits and then the class labels (as a"
                            + " DistillationLoss term receives them), got "
                            + labels.size()
                            + " array(s)");
        }
        return compute(labels.get(0), predictions.head(), labels.get(1));
    }

    /** Builds a {@link DecoupledKdLoss}. */
    public static final class Builder {

        private String name = "DecoupledKdLoss";
        private float alpha = 1f;
        private float beta = 8f;
        private float temperature = 4f;
        private TrainingClock clock;
        private int warmupEpochs;

        private Builder() {}

        /**
         * Sets the weight α of the target-class term TCKD (default 1).
         *
         * @param alpha α, finite and ≥ 0
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the weight β of the non-target-class term NCKD (default 8; the paper uses 8 on
         * CIFAR-100 and 0.5 on ImageNet).
         *
         * @param beta β, finite and ≥ 0
         * @return this builder
         */
        public Builder optBeta(float beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets the temperature T that softens both distributions (default 4).
         *
         * @param temperature T, positive and finite
         * @return this builder
         */
        public Builder optTemperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Warms the loss up linearly: in epoch e = {@code clock.epoch() + 1} it is multiplied by
         * min(e / E, 1) (the paper's CIFAR training uses E = 20). Add the clock to the training
         * configuration as a listener. Without this call there is no warm-up.
         *
         * @param clock the clock whose epochs count, registered with the trainer
         * @param epochs the warm-up length E, at least 1
         * @return this builder
         */
        public Builder optWarmup(TrainingClock clock, int epochs) {
            this.clock = clock;
            this.warmupEpochs = epochs;
            return this;
        }

        /**
         * Sets the name shown by the trainer's logs (default "DecoupledKdLoss").
         *
         * @param name the display name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         * @throws IllegalArgumentException if α or β is negative or not finite, the temperature is
         *     not positive and finite, or a warm-up has no clock or fewer than 1 epoch
         */
        public DecoupledKdLoss build() {
            Checks.weight("alpha", alpha);
            Checks.weight("beta", beta);
            if (!(temperature > 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException(
                        "temperature must be positive and finite, got " + temperature);
            }
            if (clock != null || warmupEpochs != 0) {
                if (clock == null) {
                    throw new IllegalArgumentException(
                            "warm-up clock must not be null, got null with warmupEpochs "
                                    + warmupEpochs);
                }
                if (warmupEpochs < 1) {
                    throw new IllegalArgumentException(
                            "warmupEpochs must be >= 1, got " + warmupEpochs);
                }
            }
            return new DecoupledKdLoss(this);
        }
    }
}
