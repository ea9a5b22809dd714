/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

/**
 * The intersection over union of two boxes held in plain Java numbers: the one host-side IoU of the
 * library (the pairwise IoU matrix of boxes held in {@code NDArray}s is {@link Boxes#iou}). Every
 * class that compares two boxes on the host calls it: {@link Nms}, {@link SoftNms}, the metrics,
 * the random crop, the YOLO target assigner and loss, and the anchor clustering.
 *
 * <p>For corner boxes A = (ax1, ay1, ax2, ay2) and B = (bx1, by1, bx2, by2):
 *
 * <pre>
 * w = min(ax2, bx2) − max(ax1, bx1),   h = min(ay2, by2) − max(ay1, by1)
 * |A ∩ B| = w · h                                              (0 unless w &gt; 0 and h &gt; 0)
 * |A ∪ B| = (ax2 − ax1)(ay2 − ay1) + (bx2 − bx1)(by2 − by1) − |A ∩ B|
 * IoU(A, B) = |A ∩ B| / |A ∪ B|                                (0 unless |A ∩ B| &gt; 0 and |A ∪ B| &gt; 0)
 * </pre>
 *
 * <p>So disjoint and touching boxes have IoU 0, and so do zero-area boxes (no NaN from 0 / 0). A
 * box with x2 &lt; x1 or y2 &lt; y1 overlaps nothing (w or h is negative): IoU 0. A NaN coordinate
 * gives 0. For finite boxes of positive area the IoU is symmetric, in [0, 1], 1 for a box with
 * itself, and unchanged when both boxes are scaled or shifted alike (up to rounding).
 *
 * <p>The forms differ only in the precision of the arithmetic, which is that of their callers:
 *
 * <ul>
 *   <li>{@link #of(double, double, double, double, double, double, double, double)} and {@link
 *       #of(float[], float[])}: in float64 (the float form widens its coordinates first);
 *   <li>{@link #float32}: every step in float32, in the order of torchvision's CPU {@code nms}
 *       kernel, so that {@code float32(a, b) > threshold} decides as torchvision does;
 *   <li>{@link #ofSizes}: the special case of two boxes with a common corner (or, which gives the
 *       same IoU, a common centre), given by their sizes.
 * </ul>
 */
public final class BoxIou {

    private BoxIou() {}

    /**
     * Returns IoU(A, B) = |A ∩ B| / |A ∪ B| of two corner boxes, in float64; 0 where they do not
     * overlap or the union is not positive.
     *
     * @param ax1 left of A
     * @param ay1 top of A
     * @param ax2 right of A
     * @param ay2 bottom of A
     * @param bx1 left of B
     * @param by1 top of B
     * @param bx2 right of B
     * @param by2 bottom of B
     * @return the IoU, in [0, 1] for finite boxes
     */
    public static double of(
            double ax1,
            double ay1,
            double ax2,
            double ay2,
            double bx1,
            double by1,
            double bx2,
            double by2) {
        double w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double h = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union > 0 ? inter / union : 0;
    }

    /**
     * Returns IoU(a, b) of two corner boxes {@code (x1, y1, x2, y2)} given as {@code float[4]},
     * computed in float64 as {@link #of(double, double, double, double, double, double, double,
     * double)}.
     *
     * @param a a box
     * @param b another box
     * @return the IoU, in [0, 1] for finite boxes
     */
    public static double of(float[] a, float[] b) {
        return of(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
    }

    /**
     * Returns IoU(A, B) of two corner boxes with every step in float32: w, h, |A ∩ B| = w · h, the
     * two areas, |A ∪ B| and the quotient are each rounded to float32, as torchvision's CPU {@code
     * nms} kernel rounds them; 0 where the boxes do not overlap or the union is not positive.
     * {@link Nms} compares the result with its threshold in float64, as torchvision does.
     *
     * @param ax1 left of A
     * @param ay1 top of A
     * @param ax2 right of A
     * @param ay2 bottom of A
     * @param bx1 left of B
     * @param by1 top of B
     * @param bx2 right of B
     * @param by2 bottom of B
     * @return the IoU, in [0, 1] for finite boxes
     */
    public static float float32(
            float ax1,
            float ay1,
            float ax2,
            float ay2,
            float bx1,
            float by1,
            float bx2,
            float by2) {
        float w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        if (!(w > 0f)) {
            return 0f;
        }
        float h = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (!(h > 0f)) {
            return 0f;
        }
        float inter = w * h;
        float union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union > 0f ? inter / union : 0f;
    }

    /**
     * Returns the IoU of two boxes that share a corner (or a centre), given by their sizes: the
     * special case of {@link #of(double, double, double, double, double, double, double, double)}
     * for A = (0, 0, w₁, h₁) and B = (0, 0, w₂, h₂), where the formula reduces to
     *
     * <pre>
     * IoU = min(w₁, w₂) · min(h₁, h₂) / (w₁h₁ + w₂h₂ − min(w₁, w₂) · min(h₁, h₂))
     * </pre>
     *
     * (YOLOv2's "dimension clusters" and YOLOv3's anchor matching compare sizes so). For positive
     * sizes it equals {@code of(0, 0, w1, h1, 0, 0, w2, h2)} to the bit wherever it is a number; it
     * has no zero-union guard, so sizes whose areas underflow to 0 or overflow give NaN.
     *
     * @param w1 width of the first box, {@code > 0}
     * @param h1 height of the first box, {@code > 0}
     * @param w2 width of the second box, {@code > 0}
     * @param h2 height of the second box, {@code > 0}
     * @return the IoU, in {@code (0, 1]}
     */
    public static double ofSizes(double w1, double h1, double w2, double h2) {
        double inter = Math.min(w1, w2) * Math.min(h1, h2);
        return inter / (w1 * h1 + w2 * h2 - inter);
    }
}
