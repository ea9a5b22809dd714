/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import java.util.Arrays;

/**
 * The q-quantile of a sample, interpolated linearly between the two order statistics around
 * position q·(n − 1) (NumPy's default): the median is {@code of(values, 0.5)}.
 */
final class Quantile {

    private Quantile() {}

    /**
     * Returns the q-quantile of the values.
     *
     * @param values the sample, not empty; not changed
     * @param q the quantile, in [0, 1]
     * @return the quantile
     */
    static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
