/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/**
 * One annotated object of an image: corners {@code (x1, y1, x2, y2)} in continuous coordinates, a
 * class label and the PASCAL VOC "difficult" flag.
 *
 * <p>A difficult object counts neither as a miss nor as a hit: a detection matched to it is neither
 * a true nor a false positive, and it is left out of the number of positives (VOC devkit). The COCO
 * protocol treats it as an ignored ("crowd"-like, but matched once) ground truth.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, {@code >= x1}
 * @param y2 bottom edge, {@code >= y1}
 * @param label class index, {@code >= 0}
 * @param difficult whether the object is marked difficult
 */
public record GroundTruth(
        double x1, double y1, double x2, double y2, int label, boolean difficult) {

    /**
     * Validates the ground truth.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     * @param label class index
     * @param difficult whether the object is marked difficult
     * @throws IllegalArgumentException if a coordinate is not finite, {@code x2 < x1}, {@code y2 <
     *     y1} or the label is negative; the message names the value
     */
    public GroundTruth {
        BoxCheck.corners("ground truth", x1, y1, x2, y2);
        BoxCheck.label("ground truth", label);
    }

    /**
     * Creates a ground truth that is not difficult.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     * @param label class index
     */
    public GroundTruth(double x1, double y1, double x2, double y2, int label) {
        this(x1, y1, x2, y2, label, false);
    }

    /**
     * Returns the box area {@code (x2 - x1) * (y2 - y1)}.
     *
     * @return the area, {@code >= 0}
     */
    public double area() {
        return (x2 - x1) * (y2 - y1);
    }
}
