/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

/** Parameter checks shared by the builders of this package. */
final class Checks {

    private Checks() {}

    /** Requires {@code value} in [0, 1]. */
    static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    /** Requires {@code low <= high}, both finite and {@code >= min}. */
    static void range(String name, double low, double high, double min) {
        if (!(low >= min) || !(high >= low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(
                    name
                            + " must satisfy "
                            + min
                            + " <= low <= high < infinity, got low="
                            + low
                            + ", high="
                            + high);
        }
    }
}
