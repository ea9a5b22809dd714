/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;
import java.util.Arrays;

/**
 * The feature distillation loss of Heo et al., "A Comprehensive Overhaul of Feature Distillation"
 * (ICCV 2019, arXiv 1904.01866).
 *
 * <p>The teacher's feature t is taken before its ReLU and passed through a margin ReLU,
 * σ<sub>m</sub>(t) = max(t, m<sub>c</sub>), whose per-channel margin m<sub>c</sub> is the expected
 * value of the negative responses of that channel. With the teacher's batch norm modelling the
 * channel as N(μ = β, σ² = γ²):
 *
 * <pre>
 *   m = E[x | x &lt; 0] = μ − σ · φ(μ/σ) / Φ(−μ/σ)        (−3σ when Φ(−μ/σ) ≤ 0.001)
 * </pre>
 *
 * <p>(see {@link #marginFromBatchNorm(Block)}). The student's feature s, after its {@link
 * Connector}, is compared with the partial L2 distance, which skips the positions where the student
 * is already below a non-positive target (the ReLU that follows makes them equal):
 *
 * <pre>
 *   L = (1/N) Σ (s − σ_m(t))² · [s &gt; σ_m(t) or σ_m(t) &gt; 0]
 * </pre>
 *
 * <p>summed over channels and positions and averaged over the N rows of the batch. The reference
 * code scales this by 1/1000 in its training script; pass such a factor as the weight in {@link
 * DistillationLoss}. Channels are on axis 1.
 */
public final class OverhaulLoss extends Loss {

    private final float[] margin;

    private OverhaulLoss(Builder builder) {
        super(builder.name);
        this.margin = builder.margin;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a copy of the per-channel margins.
     *
     * @return the margins, one per teacher channel
     */
    public float[] getMargin() {
        return margin.clone();
    }

    /**
     * Computes the per-channel margin E[x | x &lt; 0] for x ~ N(β, γ²) from a batch-norm block's
     * {@code gamma} and {@code beta}, as the paper does; a channel whose negative mass Φ(−β/|γ|) is
     * at most 0.001 gets −3|γ|, and a channel with γ = 0 gets min(β, 0).
     *
     * @param batchNorm the teacher's batch norm just before the tapped feature, initialized
     * @return the margins, one per channel, all ≤ 0
     * @throws IllegalArgumentException if the block has no initialized gamma and beta
     */
    public static float[] marginFromBatchNorm(Block batchNorm) {
        Parameter gamma = batchNorm.getParameters().get("gamma");
        Parameter beta = batchNorm.getParameters().get("beta");
        if (gamma == null || beta == null || !gamma.isInitialized() || !beta.isInitialized()) {
            throw new IllegalArgumentException(
                    "batchNorm must be an initialized block with parameters gamma and beta, got "
                            + batchNorm.getClass().getSimpleName());
        }
        return margin(gamma.getArray(), beta.getArray());
    }

    /**
     * Computes the per-channel margin E[x | x &lt; 0] for x ~ N(β, γ²), see {@link
     * #marginFromBatchNorm(Block)}.
     *
     * @param gamma the batch norm's scale γ, one per channel
     * @param beta the batch norm's shift β, one per channel
     * @return the margins, one per channel, all ≤ 0
     */
    public static float[] margin(NDArray gamma, NDArray beta) {
        if (!gamma.getShape().equals(beta.getShape())) {
            throw new IllegalArgumentException(
                    "gamma shape "
                            + gamma.getShape()
                            + " must equal beta shape "
                            + beta.getShape());
        }
        double[] s = gamma.toType(DataType.FLOAT64, true).abs().toDoubleArray();
        double[] m = beta.toType(DataType.FLOAT64, true).toDoubleArray();
        double[] cdf;
        try (NDManager scope = gamma.getManager().newSubManager()) {
            double[] z = new double[s.length];
            for (int c = 0; c < s.length; c++) {
                z[c] = s[c] > 0 ? m[c] / s[c] : 0;
            }
            // Φ(−z) = erfc(z/√2)/2 = (1 − erf(z/√2))/2
            NDArray zs = scope.create(z).div(Math.sqrt(2));
            cdf = zs.erf().neg().add(1).div(2).toDoubleArray();
        }
        float[] margin = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            if (s[c] == 0) {
                margin[c] = (float) Math.min(m[c], 0);
            } else if (cdf[c] > 0.001) {
                double z = m[c] / s[c];
                double pdf = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
                margin[c] = (float) (m[c] - s[c] * pdf / cdf[c]);
            } else {
                margin[c] = (float) (-3 * s[c]);
            }
        }
        return margin;
    }

    /**
     * Applies the margin ReLU max(t, m<sub>c</sub>) with the channel on axis 1.
     *
     * @param teacher the teacher's pre-ReLU feature (N, C, ...)
     * @return the target σ<sub>m</sub>(t), without gradient
     */
    public NDArray marginRelu(NDArray teacher) {
        Shape shape = teacher.getShape();
        if (shape.dimension() < 2 || shape.get(1) != margin.length) {
            throw new IllegalArgumentException(
                    "teacher feature shape "
                            + shape
                            + " must have "
                            + margin.length
                            + " channels on axis 1, one per margin");
        }
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[1] = margin.length;
        NDArray m = teacher.getManager().create(margin, new Shape(dims));
        m = m.toType(teacher.getDataType(), false);
        return teacher.stopGradient().maximum(m);
    }

    /**
     * Computes the partial L2 distance between the student's feature and the margin-ReLU'd teacher
     * feature, summed and divided by the batch size.
     *
     * @param teacher the teacher's pre-ReLU feature (N, C, ...); no gradient flows into it
     * @param student the student's feature after the connector, same shape
     * @return the scalar loss
     * @throws IllegalArgumentException if the shapes differ or the channels do not match the
     *     margins
     */
    public NDArray compute(NDArray teacher, NDArray student) {
        Checks.sameShape("student feature", student, "teacher feature", teacher);
        NDArray target = marginRelu(teacher);
        NDArray keep =
                student.gt(target).logicalOr(target.gt(0)).toType(student.getDataType(), false);
        long rows = Math.max(student.getShape().get(0), 1);
        NDArray sum = student.sub(target).square().mul(keep).sum();
        return sum.div(Scalar.like(sum, rows));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The labels hold the teacher's pre-ReLU feature, the predictions the student's; see {@link
     * #compute(NDArray, NDArray)}.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(labels.head(), predictions.head());
    }

    /** Builds an {@link OverhaulLoss}. */
    public static final class Builder {

        private String name = "OverhaulLoss";
        private float[] margin;

        private Builder() {}

        /**
         * Sets the per-channel margins m<sub>c</sub> of the teacher's margin ReLU (required); use
         * {@link OverhaulLoss#marginFromBatchNorm(Block)} for the paper's choice.
         *
         * @param margin one margin per teacher channel, each finite and ≤ 0
         * @return this builder
         */
        public Builder setMargin(float... margin) {
            this.margin = margin == null ? null : margin.clone();
            return this;
        }

        /**
         * Sets the name shown by the trainer's logs (default "OverhaulLoss").
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
         * @throws IllegalArgumentException if the margins are missing, empty, positive or not
         *     finite
         */
        public OverhaulLoss build() {
            if (margin == null || margin.length == 0) {
                throw new IllegalArgumentException(
                        "margin must be set with one value per teacher channel, got "
                                + (margin == null ? "none" : "an empty array"));
            }
            for (int c = 0; c < margin.length; c++) {
                if (!(margin[c] <= 0) || Float.isInfinite(margin[c])) {
                    throw new IllegalArgumentException(
                            "margin[" + c + "] must be finite and <= 0, got " + margin[c]);
                }
            }
            return new OverhaulLoss(this);
        }
    }
}
