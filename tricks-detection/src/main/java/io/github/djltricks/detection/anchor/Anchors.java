/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.anchor;

/**
 * Anchor sizes found by {@link AnchorClustering}, in the unit of the sizes clustered.
 *
 * @param widths the anchor widths, in ascending order of area {@code w * h}
 * @param heights the anchor heights, in the same order
 * @param meanIou the mean over the boxes of the IoU with their best anchor (centres aligned), in
 *     {@code [0, 1]}: YOLOv2's "Avg IOU"
 * @param iterations the number of k-means iterations run
 * @param converged whether the assignment stopped changing before the iteration limit
 */
public record Anchors(
        double[] widths, double[] heights, double meanIou, int iterations, boolean converged) {

    /**
     * Copies the arrays.
     *
     * @param widths the anchor widths, ascending by area
     * @param heights the anchor heights
     * @param meanIou the mean best-anchor IoU
     * @param iterations the k-means iterations run
     * @param converged whether the assignment stopped changing
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Anchors {
        if (widths.length != heights.length) {
            throw new IllegalArgumentException(
                    "widths and heights must have the same length, got "
                            + widths.length
                            + " and "
                            + heights.length);
        }
        widths = widths.clone();
        heights = heights.clone();
    }

    /**
     * Returns the anchor widths, in ascending order of area.
     *
     * @return a copy of the widths
     */
    @Override
    public double[] widths() {
        return widths.clone();
    }

    /**
     * Returns the anchor heights, in ascending order of area.
     *
     * @return a copy of the heights
     */
    @Override
    public double[] heights() {
        return heights.clone();
    }

    /**
     * Returns the number of anchors.
     *
     * @return {@code k}
     */
    public int size() {
        return widths.length;
    }
}
