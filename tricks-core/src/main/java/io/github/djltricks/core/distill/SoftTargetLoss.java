/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;

/**
 * Response distillation loss of Hinton, Vinyals and Dean, "Distilling the Knowledge in a Neural
 * Network" (2015, arXiv 1503.02531).
 *
 * <p>With teacher logits z<sub>t</sub>, student logits z<sub>s</sub> and temperature T &gt; 0:
 *
 * <pre>
 *   L = T² · (1/N) Σ_n KL(softmax(z_t/T) ‖ softmax(z_s/T))
 *     = T² · (1/N) Σ_n Σ_c p_t · (log p_t − log p_s)
 * </pre>
 *
 * <p>averaged over the N rows of the batch (PyTorch's {@code kl_div(..., 'batchmean')}). The factor
 * T² keeps the gradient's scale independent of T. The blend with the task loss, {@code (1 − α) ·
 * task + α · L}, is {@link DistillationLoss#hinton}.
 *
 * <p>In {@link #evaluate(NDList, NDList)} the labels are the teacher's logits and the predictions
 * the student's; both (N, C) with the classes on the last axis. The teacher side carries no
 * gradient.
 */
public final class SoftTargetLoss extends Loss {

    private final float temperature;

    private SoftTargetLoss(Builder builder) {
        super(builder.name);
        this.temperature = builder.temperature;
    }

    /**
     * Returns a builder with temperature 4.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * Computes T²·KL(softmax(teacher/T) ‖ softmax(student/T)), averaged over the batch.
     *
     * @param teacher the teacher's logits (N, C); no gradient flows into them
     * @param student the student's logits (N, C)
     * @return the scalar loss
     * @throws IllegalArgumentException if the shapes differ or are not at least 1-D
     */
    public NDArray compute(NDArray teacher, NDArray student) {
        Checks.sameShape("student logits", student, "teacher logits", teacher);
        long rows = student.getShape().dimension() < 2 ? 1 : student.getShape().get(0);
        NDArray logT = teacher.stopGradient().div(temperature).logSoftmax(-1);
        NDArray logS = student.div(Scalar.like(student, temperature)).logSoftmax(-1);
        NDArray kl = logT.exp().mul(logT.sub(logS)).sum();
        return kl.mul(Scalar.like(kl, (double) temperature * temperature / Math.max(rows, 1)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The labels hold the teacher's logits, the predictions the student's; see {@link
     * #compute(NDArray, NDArray)}.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(labels.head(), predictions.head());
    }

    /** Builds a {@link SoftTargetLoss}. */
    public static final class Builder {

        private String name = "SoftTargetLoss";
        private float temperature = 4f;

        private Builder() {}

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
         * Sets the name shown by the trainer's logs (default "SoftTargetLoss").
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
         * @throws IllegalArgumentException if the temperature is not positive and finite
         */
        public SoftTargetLoss build() {
            if (!(temperature > 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException(
                        "temperature must be positive and finite, got " + temperature);
            }
            return new SoftTargetLoss(this);
        }
    }
}
