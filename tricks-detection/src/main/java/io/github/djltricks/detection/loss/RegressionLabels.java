/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The labels of the regression losses ({@link SmoothL1Loss}, {@link IouLoss}): {@code [targets]} or
 * {@code [targets, weights]}, the targets shaped like the predictions and the weights broadcasting
 * to the loss.
 */
final class RegressionLabels {

    private RegressionLabels() {}

    /**
     * Returns the targets, checked to have the predictions' shape, in the predictions' data type.
     *
     * @param labels the labels
     * @param pred the predictions
     * @return the targets
     * @throws IllegalArgumentException if the shapes differ
     */
    static NDArray targets(NDList labels, NDArray pred) {
        NDArray target = labels.get(0);
        if (!target.getShape().equals(pred.getShape())) {
            throw new IllegalArgumentException(
                    "targets must have the predictions' shape "
                            + pred.getShape()
                            + ", got "
                            + target.getShape());
        }
        return target.toType(pred.getDataType(), false);
    }

    /**
     * Multiplies the per-element losses by the weights, where the labels hold them.
     *
     * @param loss the per-element losses
     * @param labels the labels
     * @param shape the shape the weights must broadcast to
     * @param type the data type the weights are cast to
     * @return the weighted losses, or {@code loss} itself without weights
     * @throws IllegalArgumentException if the weights do not broadcast to {@code shape}
     */
    static NDArray weighted(NDArray loss, NDList labels, Shape shape, DataType type) {
        if (labels.size() > 1) {
            NDArray weights = labels.get(1);
            Reduction.checkBroadcast(weights, shape, "weights");
            return loss.mul(weights.toType(type, false));
        }
        return loss;
    }
}
