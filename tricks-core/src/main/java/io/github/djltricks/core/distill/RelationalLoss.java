/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;

/**
 * Relational knowledge distillation (RKD) of Park et al., "Relational Knowledge Distillation" (CVPR
 * 2019, arXiv 1904.05068): the student mimics the structure of the teacher's embeddings across the
 * batch rather than the embeddings themselves.
 *
 * <p>Each row of the (N, ...) inputs is flattened into an embedding e<sub>i</sub>. With ℓ the Huber
 * loss (smooth L1 with threshold 1) averaged over its entries:
 *
 * <pre>
 *   ψ_D(i, j)    = ‖e_i − e_j‖ / μ,  μ = mean of the N(N−1) distances i ≠ j  (0 on the diagonal)
 *   ψ_A(i, j, k) = ⟨(e_j − e_i)/‖e_j − e_i‖, (e_k − e_i)/‖e_k − e_i‖⟩      (0 for a zero vector)
 *   L_D = mean over the N² pairs of ℓ(ψ_D^s − ψ_D^t)
 *   L_A = mean over the N³ triplets of ℓ(ψ_A^s − ψ_A^t)
 *   L   = λ_D · L_D + λ_A · L_A,  λ_D = 25, λ_A = 50 by default (the paper's)
 * </pre>
 *
 * <p>The student's and teacher's embeddings may have different widths. In {@link #evaluate(NDList,
 * NDList)} the labels hold the teacher's embeddings, the predictions the student's; the teacher
 * side carries no gradient.
 */
public final class RelationalLoss extends Loss {

    private static final float DISTANCE_EPS = 1e-12f;
    private static final float NORM_EPS_SQUARED = 1e-24f;

    private final float distanceWeight;
    private final float angleWeight;

    private RelationalLoss(Builder builder) {
        super(builder.name);
        this.distanceWeight = builder.distanceWeight;
        this.angleWeight = builder.angleWeight;
    }

    /**
     * Returns a builder with the paper's weights (distance 25, angle 50).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the weight λ<sub>D</sub> of the distance-wise term.
     *
     * @return the distance weight
     */
    public float getDistanceWeight() {
        return distanceWeight;
    }

    /**
     * Returns the weight λ<sub>A</sub> of the angle-wise term.
     *
     * @return the angle weight
     */
    public float getAngleWeight() {
        return angleWeight;
    }

    /**
     * Computes λ<sub>D</sub>·L<sub>D</sub> + λ<sub>A</sub>·L<sub>A</sub>.
     *
     * @param teacher the teacher's embeddings (N, ...); no gradient flows into them
     * @param student the student's embeddings (N, ...)
     * @return the scalar loss
     * @throws IllegalArgumentException if the batch sizes differ
     */
    public NDArray compute(NDArray teacher, NDArray student) {
        NDArray loss = null;
        if (distanceWeight > 0) {
            NDArray distance = distanceLoss(teacher, student);
            loss = distance.mul(Scalar.like(distance, distanceWeight));
        }
        if (angleWeight > 0) {
            NDArray angle = angleLoss(teacher, student);
            angle = angle.mul(Scalar.like(angle, angleWeight));
            loss = loss == null ? angle : loss.add(angle);
        }
        if (loss == null) {
            NDArray sum = student.sum();
            return sum.mul(Scalar.like(sum, 0));
        }
        return loss;
    }

    /**
     * Computes the distance-wise loss L<sub>D</sub> (unweighted).
     *
     * @param teacher the teacher's embeddings (N, ...); no gradient flows into them
     * @param student the student's embeddings (N, ...)
     * @return the scalar loss
     * @throws IllegalArgumentException if the batch sizes differ
     */
    public static NDArray distanceLoss(NDArray teacher, NDArray student) {
        checkBatch(teacher, student);
        NDArray t = normalizedDistances(flatten(teacher.stopGradient()));
        NDArray s = normalizedDistances(flatten(student));
        return huber(s.sub(t)).mean();
    }

    /**
     * Computes the angle-wise loss L<sub>A</sub> (unweighted).
     *
     * @param teacher the teacher's embeddings (N, ...); no gradient flows into them
     * @param student the student's embeddings (N, ...)
     * @return the scalar loss
     * @throws IllegalArgumentException if the batch sizes differ
     */
    public static NDArray angleLoss(NDArray teacher, NDArray student) {
        checkBatch(teacher, student);
        NDArray t = angles(flatten(teacher.stopGradient()));
        NDArray s = angles(flatten(student));
        return huber(s.sub(t)).mean();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The labels hold the teacher's embeddings, the predictions the student's; see {@link
     * #compute(NDArray, NDArray)}.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(labels.head(), predictions.head());
    }

    private static void checkBatch(NDArray teacher, NDArray student) {
        Shape s = student.getShape();
        Shape t = teacher.getShape();
        if (s.dimension() < 1 || t.dimension() < 1 || s.get(0) != t.get(0)) {
            throw new IllegalArgumentException(
                    "student embeddings "
                            + s
                            + " and teacher embeddings "
                            + t
                            + " must have the same batch size on axis 0");
        }
    }

    private static NDArray flatten(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    /** Pairwise distances (N, N), zero diagonal, divided by the mean off-diagonal distance. */
    private static NDArray normalizedDistances(NDArray e) {
        long n = e.getShape().get(0);
        NDArray diff = e.expandDims(0).sub(e.expandDims(1));
        NDArray squared = diff.square().sum(new int[] {2});
        NDArray offDiagonal =
                e.getManager().eye((int) n).neg().add(1).toType(e.getDataType(), false);
        NDArray d = squared.maximum(Scalar.like(squared, DISTANCE_EPS)).sqrt().mul(offDiagonal);
        NDArray count = d.gt(0).toType(e.getDataType(), false).sum().maximum(1);
        NDArray mean = d.sum().div(count);
        mean = mean.maximum(Scalar.like(mean, DISTANCE_EPS));
        return d.div(mean);
    }

    /** Cosines of the angle at vertex i of every triplet (i, j, k): (N, N, N). */
    private static NDArray angles(NDArray e) {
        NDArray diff = e.expandDims(0).sub(e.expandDims(1));
        NDArray squared = diff.square().sum(new int[] {2}, true);
        NDArray norm = squared.maximum(Scalar.like(squared, NORM_EPS_SQUARED)).sqrt();
        // Two coincident points (j = i, or two samples a dead ReLU maps to the same vector) have no
        // direction: their unit vector is 0, as with the clamped norm, but the mask also gives it
        // no gradient, where the clamped norm alone would multiply it by 1/eps = 1e12.
        NDArray apart = squared.gt(NORM_EPS_SQUARED).toType(e.getDataType(), false);
        NDArray unit = diff.div(norm).mul(apart);
        return unit.batchMatMul(unit.transpose(0, 2, 1));
    }

    /** Smooth L1 with threshold 1: x²/2 for |x| &lt; 1, |x| − 1/2 otherwise. */
    private static NDArray huber(NDArray x) {
        NDArray a = x.abs();
        NDArray square = a.square();
        return NDArrays.where(a.lt(1), square.mul(Scalar.like(square, 0.5)), a.sub(0.5f));
    }

    /** Builds a {@link RelationalLoss}. */
    public static final class Builder {

        private String name = "RelationalLoss";
        private float distanceWeight = 25f;
        private float angleWeight = 50f;

        private Builder() {}

        /**
         * Sets the weight λ<sub>D</sub> of the distance-wise term (default 25).
         *
         * @param weight λ<sub>D</sub>, finite and ≥ 0
         * @return this builder
         */
        public Builder optDistanceWeight(float weight) {
            this.distanceWeight = weight;
            return this;
        }

        /**
         * Sets the weight λ<sub>A</sub> of the angle-wise term (default 50).
         *
         * @param weight λ<sub>A</sub>, finite and ≥ 0
         * @return this builder
         */
        public Builder optAngleWeight(float weight) {
            this.angleWeight = weight;
            return this;
        }

        /**
         * Sets the name shown by the trainer's logs (default "RelationalLoss").
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
         * @throws IllegalArgumentException if a weight is negative or not finite
         */
        public RelationalLoss build() {
            Checks.weight("distanceWeight", distanceWeight);
            Checks.weight("angleWeight", angleWeight);
            return new RelationalLoss(this);
        }
    }
}
