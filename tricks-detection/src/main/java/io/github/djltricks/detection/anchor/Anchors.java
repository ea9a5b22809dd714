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
     * Returns the anchors in the layout {@code YoloNet.Builder.setAnchors} takes, {@code
     * [head][anchor] = (width, height)}: the anchors in ascending order of area are dealt out in
     * runs of {@code size() / heads}, the smallest to the first head (the finest stride), as YOLOv3
     * gives its nine clusters to three scales.
     *
     * @param heads the number of detection heads, {@code >= 1} and a divisor of {@link #size()}
     * @return a new array {@code [heads][size() / heads][2]}, in the unit of the sizes clustered
     * @throws IllegalArgumentException if {@code heads} is below 1 or does not divide the number of
     *     anchors
     */
    public float[][][] perHead(int heads) {
        if (heads < 1 || widths.length % heads != 0) {
            throw new IllegalArgumentException(
                    "heads must be >= 1 and divide the "
                            + widths.length
                            + " anchors, got heads="
                            + heads);
        }
        int perHead = widths.length / heads;
        float[][][] out = new float[heads][perHead][];
        for (int i = 0; i < widths.length; i++) {
            out[i / perHead][i % perHead] = new float[] {(float) widths[i], (float) heights[i]};
        }
        return out;
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
