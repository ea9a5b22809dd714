/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.djltricks.core.autograd.Scalar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The training loss of a {@link DistillationBlock}: the task loss on the student's outputs plus
 * weighted distillation terms, each on a pair of tapped student and teacher arrays:
 *
 * <pre>
 *   L = w_task · task(labels, student outputs) + Σ_k w_k · term_k(teacher[tap_k], student[tap_k])
 * </pre>
 *
 * <p>The arrays are found by the names the block's training forward gives them ({@link
 * DistillationBlock#studentKey}, {@link DistillationBlock#teacherKey}). A term's loss is evaluated
 * with the student's array as prediction and, as labels, the teacher's array followed by the
 * batch's labels: losses of the two arrays read the first, {@link DecoupledKdLoss} also the class
 * labels after it. On predictions that carry no teacher output, such as validation batches (the
 * block returns the student's outputs only there), the value is the task loss alone and unweighted,
 * so the validation loss is comparable across distillation settings. Works with {@code
 * EasyTrain.fit}.
 */
public final class DistillationLoss extends Loss {

    private final Loss task;
    private final float taskWeight;
    private final List<Term> terms;

    private DistillationLoss(Builder builder) {
        super(builder.name);
        this.task = builder.task;
        this.taskWeight = builder.taskWeight;
        this.terms = Collections.unmodifiableList(new ArrayList<>(builder.terms));
    }

    /**
     * Returns a builder whose terms may name the block's taps or {@link DistillationBlock#OUTPUT}.
     *
     * @param block the block whose training outputs the loss reads
     * @return a new builder
     */
    public static Builder builder(DistillationBlock block) {
        return new Builder(block.getTapNames());
    }

    /**
     * Returns Hinton et al.'s blend (2015, arXiv 1503.02531) {@code (1 − α) · task + α · T² ·
     * KL(p_t ‖ p_s)} on the first outputs, the {@link SoftTargetLoss} at temperature T.
     *
     * @param task the task loss on the student's outputs and the labels
     * @param temperature the temperature T, positive
     * @param alpha the share α of the distillation term, in [0, 1]
     * @return the loss
     * @throws IllegalArgumentException if T ≤ 0 or α is outside [0, 1]
     */
    public static DistillationLoss hinton(Loss task, float temperature, float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        SoftTargetLoss kd = SoftTargetLoss.builder().optTemperature(temperature).build();
        return new Builder(List.of())
                .setTaskLoss(task)
                .optTaskWeight(1 - alpha)
                .addTerm(DistillationBlock.OUTPUT, kd, alpha)
                .build();
    }

    /**
     * Returns the task loss.
     *
     * @return the task loss
     */
    public Loss getTaskLoss() {
        return task;
    }

    /**
     * Returns the weight of the task loss in training.
     *
     * @return the task weight
     */
    public float getTaskWeight() {
        return taskWeight;
    }

    /**
     * Returns the distillation terms.
     *
     * @return the terms, in the order added
     */
    public List<Term> getTerms() {
        return terms;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the predictions carry the teacher's output but not a
     *     tapped array a term needs
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.get(DistillationBlock.teacherKey(DistillationBlock.OUTPUT)) == null) {
            return task.evaluate(labels, predictions);
        }
        String prefix = DistillationBlock.studentKey(DistillationBlock.OUTPUT);
        NDList studentOutputs = new NDList();
        for (NDArray array : predictions) {
            String name = array.getName();
            if (name != null && (name.equals(prefix) || name.startsWith(prefix + "#"))) {
                studentOutputs.add(array);
            }
        }
        NDArray total = task.evaluate(labels, studentOutputs);
        total = total.mul(Scalar.like(total, taskWeight));
        for (Term term : terms) {
            NDArray s = predictions.get(DistillationBlock.studentKey(term.tap));
            NDArray t = predictions.get(DistillationBlock.teacherKey(term.tap));
            if (s == null || t == null) {
                throw new IllegalArgumentException(
                        "predictions must hold the student's and the teacher's '"
                                + term.tap
                                + "' arrays from a DistillationBlock in training mode");
            }
            NDList termLabels = new NDList(t);
            termLabels.addAll(labels);
            NDArray value = term.loss.evaluate(termLabels, new NDList(s));
            total = total.add(value.mul(Scalar.like(value, term.weight)));
        }
        return total;
    }

    /** A distillation term: a loss on the tapped pair of arrays, and its weight. */
    public static final class Term {

        private final String tap;
        private final Loss loss;
        private final float weight;

        private Term(String tap, Loss loss, float weight) {
            this.tap = tap;
            this.loss = loss;
            this.weight = weight;
        }

        /**
         * Returns the tap the term reads.
         *
         * @return the tap name, or {@link DistillationBlock#OUTPUT}
         */
        public String getTap() {
            return tap;
        }

        /**
         * Returns the term's loss, evaluated with the teacher's array and then the batch's labels
         * as labels.
         *
         * @return the loss
         */
        public Loss getLoss() {
            return loss;
        }

        /**
         * Returns the term's weight.
         *
         * @return the weight, ≥ 0
         */
        public float getWeight() {
            return weight;
        }
    }

    /** Builds a {@link DistillationLoss}. */
    public static final class Builder {

        private final Set<String> taps;
        private String name = "DistillationLoss";
        private Loss task;
        private float taskWeight = 1f;
        private final List<Term> terms = new ArrayList<>();

        private Builder(List<String> tapNames) {
            taps = new LinkedHashSet<>(tapNames);
            taps.add(DistillationBlock.OUTPUT);
        }

        /**
         * Sets the task loss (required), evaluated on the labels and the student's outputs.
         *
         * @param task the task loss, for example softmax cross-entropy
         * @return this builder
         */
        public Builder setTaskLoss(Loss task) {
            this.task = task;
            return this;
        }

        /**
         * Sets the weight of the task loss in training (default 1).
         *
         * @param weight the weight, finite and ≥ 0
         * @return this builder
         */
        public Builder optTaskWeight(float weight) {
            this.taskWeight = weight;
            return this;
        }

        /**
         * Adds a distillation term.
         *
         * @param tap the tap whose arrays the term reads, or {@link DistillationBlock#OUTPUT}
         * @param loss the term's loss; it receives the teacher's array followed by the batch's
         *     labels as labels, and the student's array as prediction
         * @param weight the weight, finite and ≥ 0
         * @return this builder
         */
        public Builder addTerm(String tap, Loss loss, float weight) {
            if (!taps.contains(tap)) {
                throw new IllegalArgumentException(
                        "tap must be one of the block's taps " + taps + ", got '" + tap + "'");
            }
            Checks.weight("weight of term '" + tap + "'", weight);
            if (loss == null) {
                throw new IllegalArgumentException("loss of term '" + tap + "' must not be null");
            }
            terms.add(new Term(tap, loss, weight));
            return this;
        }

        /**
         * Sets the name shown by the trainer's logs (default "DistillationLoss").
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
         * @throws IllegalArgumentException if the task loss is missing or its weight is negative
         */
        public DistillationLoss build() {
            if (task == null) {
                throw new IllegalArgumentException("task loss must be set, got null");
            }
            Checks.weight("taskWeight", taskWeight);
            return new DistillationLoss(this);
        }
    }
}
