/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The inputs of a suppression ({@link Nms}, {@link SoftNms}) read to the JVM: boxes and scores as
 * float32, class ids as int64, the form their greedy passes run on.
 *
 * @param boxes N boxes as 4N numbers x1, y1, x2, y2, x1, …
 * @param scores N scores
 * @param classes N class ids, or {@code null} for class-agnostic suppression
 */
record SuppressionInput(float[] boxes, float[] scores, long[] classes) {

    /**
     * Checks the shapes (as {@code Nms.checkShapes} does) and copies the arrays to the JVM, in a
     * scope that frees the converted copies.
     *
     * @param boxes boxes of shape (N, 4), XYXY
     * @param scores scores of shape (N)
     * @param classes class ids of shape (N), or {@code null}
     * @return the arrays on the JVM
     * @throws IllegalArgumentException if the shapes disagree
     */
    static SuppressionInput read(NDArray boxes, NDArray scores, NDArray classes) {
        Nms.checkShapes(boxes, scores, classes);
        float[] b;
        float[] s;
        long[] c = null;
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            scores.tempAttach(scope);
            b = boxes.toType(DataType.FLOAT32, false).toFloatArray();
            s = scores.toType(DataType.FLOAT32, false).toFloatArray();
            if (classes != null) {
                classes.tempAttach(scope);
                c = classes.toType(DataType.INT64, false).toLongArray();
            }
        }
        return new SuppressionInput(b, s, c);
    }
}
