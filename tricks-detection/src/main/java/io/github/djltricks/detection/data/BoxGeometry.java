/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

/**
 * The little box arithmetic per-sample augmentation needs, on plain {@code float[4]} boxes {@code
 * (x1, y1, x2, y2)} in pixels. Batched box operations on {@code NDArray}s live elsewhere; these
 * work on the handful of boxes of one sample without a native round trip. The IoU of two such boxes
 * is {@link io.github.djltricks.detection.box.BoxIou#of(float[], float[])}.
 */
public final class BoxGeometry {

    private BoxGeometry() {}

    /**
     * Returns the area {@code max(0, x2 − x1) · max(0, y2 − y1)}.
     *
     * @param box {@code (x1, y1, x2, y2)}
     * @return the area, 0 for an empty or inverted box
     */
    public static double area(float[] box) {
        return Math.max(0.0, (double) box[2] - box[0]) * Math.max(0.0, (double) box[3] - box[1]);
    }

    /**
     * Returns whether the box's centre lies strictly inside the window: {@code wx1 < cx < wx2} and
     * {@code wy1 < cy < wy2}, with {@code cx = (x1 + x2) / 2}.
     *
     * @param box the box
     * @param window the window {@code (x1, y1, x2, y2)}
     * @return whether the centre is inside
     */
    public static boolean centreInside(float[] box, float[] window) {
        double cx = ((double) box[0] + box[2]) / 2;
        double cy = ((double) box[1] + box[3]) / 2;
        return cx > window[0] && cx < window[2] && cy > window[1] && cy < window[3];
    }

    /**
     * Returns the box clipped to {@code [0, width] × [0, height]} (a new array).
     *
     * @param box the box
     * @param width the image width
     * @param height the image height
     * @return the clipped box
     */
    public static float[] clip(float[] box, float width, float height) {
        return new float[] {
            Math.min(Math.max(box[0], 0f), width),
            Math.min(Math.max(box[1], 0f), height),
            Math.min(Math.max(box[2], 0f), width),
            Math.min(Math.max(box[3], 0f), height)
        };
    }

    /**
     * Returns whether the box is finite, inside {@code [0, width] × [0, height]} and has positive
     * area ({@code x1 < x2}, {@code y1 < y2}).
     *
     * @param box the box
     * @param width the image width
     * @param height the image height
     * @return whether the box is valid for an image of that size
     */
    public static boolean isValid(float[] box, float width, float height) {
        return box != null
                && box.length == 4
                && box[0] >= 0
                && box[1] >= 0
                && box[0] < box[2]
                && box[1] < box[3]
                && box[2] <= width
                && box[3] <= height;
    }
}
