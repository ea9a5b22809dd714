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
}
