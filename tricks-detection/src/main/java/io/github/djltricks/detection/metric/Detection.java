/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/**
 * One predicted box of an image: corners {@code (x1, y1, x2, y2)} in continuous coordinates, a
 * confidence score and a class label.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, {@code >= x1}
 * @param y2 bottom edge, {@code >= y1}
 * @param score confidence; higher is ranked first; any value but NaN
 * @param label class index, {@code >= 0}
 */
public record Detection(double x1, double y1, double x2, double y2, double score, int label) {

    /**
     * Validates the detection.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     * @param score confidence
     * @param label class index
     * @throws IllegalArgumentException if a coordinate is not finite, {@code x2 < x1}, {@code y2 <
     *     y1}, the score is NaN or the label is negative; the message names the value
     */
    public Detection {
        BoxCheck.corners("detection", x1, y1, x2, y2);
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("detection score must not be NaN, got score=NaN");
        }
        BoxCheck.label("detection", label);
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
