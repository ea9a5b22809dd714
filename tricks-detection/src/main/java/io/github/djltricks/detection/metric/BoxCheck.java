/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/** Validation of box corners and labels shared by {@link Detection} and {@link GroundTruth}. */
final class BoxCheck {

    private BoxCheck() {}

    static void corners(String what, double x1, double y1, double x2, double y2) {
        finite(what, "x1", x1);
        finite(what, "y1", y1);
        finite(what, "x2", x2);
        finite(what, "y2", y2);
        if (x2 < x1) {
            throw new IllegalArgumentException(
                    what + " box needs x2 >= x1, got x1=" + x1 + ", x2=" + x2);
        }
        if (y2 < y1) {
            throw new IllegalArgumentException(
                    what + " box needs y2 >= y1, got y1=" + y1 + ", y2=" + y2);
        }
    }

    static void label(String what, int label) {
        if (label < 0) {
            throw new IllegalArgumentException(what + " label must be >= 0, got label=" + label);
        }
    }

    private static void finite(String what, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    what
                            + " box coordinate "
                            + name
                            + " must be finite, got "
                            + name
                            + "="
                            + value);
        }
    }

    /**
     * Intersection over union of two boxes given by corners; 0 when the union is empty (two
     * zero-area boxes), so degenerate boxes never give NaN.
     */
    static double iou(
            double ax1,
            double ay1,
            double ax2,
            double ay2,
            double bx1,
            double by1,
            double bx2,
            double by2) {
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union > 0 ? inter / union : 0;
    }
}
