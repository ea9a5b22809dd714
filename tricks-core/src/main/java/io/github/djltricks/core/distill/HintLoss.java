/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The hint loss of FitNets (Romero et al., "FitNets: Hints for Thin Deep Nets", 2015, arXiv
 * 1412.6550): the mean squared error between the student's feature, mapped by a learned {@link
 * Connector} r (1×1 convolution + batch norm) to the teacher's shape, and the teacher's feature u:
 *
 * <pre>
 *   L = (1/M) Σ (r(v) − u)²      over all M elements
 * </pre>
 *
 * <p>The connector lives in the {@link DistillationBlock}, which applies it to the tapped student
 * feature, so the trainer updates its parameters with the student's; this loss sees r(v) already.
 * In {@link #evaluate(NDList, NDList)} the labels hold the teacher's feature, the predictions the
 * (connected) student feature; the teacher side carries no gradient.
 */
public final class HintLoss extends Loss {

    /** Creates the loss named "HintLoss". */
    public HintLoss() {
        this("HintLoss");
    }

    /**
     * Creates the loss with a display name.
     *
     * @param name the name shown by the trainer's logs
     */
    public HintLoss(String name) {
        super(name);
    }

    /**
     * Computes the mean of (student − teacher)² over every element.
     *
     * @param teacher the teacher's feature; no gradient flows into it
     * @param student the student's feature after the connector, same shape
     * @return the scalar loss
     * @throws IllegalArgumentException if the shapes differ
     */
    public NDArray compute(NDArray teacher, NDArray student) {
        Checks.sameShape("student feature", student, "teacher feature", teacher);
        return student.sub(teacher.stopGradient()).square().mean();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The labels hold the teacher's feature, the predictions the student's; see {@link
     * #compute(NDArray, NDArray)}.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(labels.head(), predictions.head());
    }
}
