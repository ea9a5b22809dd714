/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.multiscale;

import io.github.djltricks.detection.data.Seeds;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The schedule of random-shape (multi-scale) training of YOLOv3, as in the Bag of Freebies paper
 * (arXiv 1902.04103, section 3.4) and GluonCV: iterations are grouped in blocks of {@code interval}
 * (default 10); each block trains at one square size drawn uniformly from a list (default {@code
 * 320, 352, …, 608}). The size is a pure function of the seed and the block {@code ⌊iteration /
 * interval⌋}, so it can change only at block boundaries and the same seed gives the same sizes.
 */
public final class RandomShape {

    private final int[] sizes;
    private final int interval;
    private final long seed;
    private final long finalFrom;
    private final int finalSize;

    private RandomShape(Builder b) {
        sizes = b.sizes.clone();
        interval = b.interval;
        seed = b.seed;
        finalFrom = b.finalFrom;
        finalSize = b.finalSize;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a schedule that always gives {@code size}.
     *
     * @param size the square size, {@code >= 1}
     * @return the schedule
     */
    public static RandomShape fixed(int size) {
        return builder().optSizes(size).build();
    }

    /**
     * Returns the square input size for an iteration: {@code sizes[k]} with {@code k} drawn
     * uniformly by the generator {@link Seeds#of}{@code (seed, ⌊iteration / interval⌋)}, or the
     * final size from its first iteration on ({@link Builder#optFinalSizeFromIteration}).
     *
     * @param iteration the zero-based training iteration, {@code >= 0}
     * @return the size
     * @throws IllegalArgumentException if the iteration is negative
     */
    public int sizeAt(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
        if (iteration >= finalFrom) {
            return finalSize;
        }
        if (sizes.length == 1) {
            return sizes[0];
        }
        long block = Math.floorDiv(iteration, (long) interval);
        UniformRandomProvider rng = Seeds.of(seed, block);
        return sizes[rng.nextInt(sizes.length)];
    }

    /**
     * Returns the candidate sizes.
     *
     * @return a copy of the sizes
     */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * Returns the number of iterations that share a size.
     *
     * @return the interval
     */
    public int interval() {
        return interval;
    }

    /** Builds a {@link RandomShape}. */
    public static final class Builder {

        /** The most candidate sizes {@link #optSizes(int, int, int)} may give: 4096. */
        public static final int MAX_SIZES = 4096;

        private int[] sizes = {320, 352, 384, 416, 448, 480, 512, 544, 576, 608};
        private int interval = 10;
        private long seed;
        private long finalFrom = Long.MAX_VALUE;
        private int finalSize;

        private Builder() {}

        /**
         * Ends the schedule at one size: from iteration {@code iteration} on, every batch is {@code
         * size}, the test size, so that the last steps, and the running batch-norm statistics they
         * leave (an average over roughly the last {@code 1 / (1 − momentum)} steps), see the
         * resolution of the test (Touvron et al. 2019, "Fixing the train-test resolution
         * discrepancy", arXiv 1906.06423).
         *
         * <p>The start is an iteration (a batch), not an epoch: to train the last epoch at the test
         * size, pass the first iteration of that epoch, {@code (epochs − 1) · batchesPerEpoch}.
         *
         * @param size the final square size, {@code >= 1}
         * @param iteration the zero-based first iteration at that size, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if the size is below 1 or the iteration negative
         */
        public Builder optFinalSizeFromIteration(int size, long iteration) {
            if (size < 1 || iteration < 0) {
                throw new IllegalArgumentException(
                        "final size must be >= 1 and its first iteration >= 0, got size="
                                + size
                                + ", iteration="
                                + iteration);
            }
            this.finalSize = size;
            this.finalFrom = iteration;
            return this;
        }

        /**
         * Sets the candidate square sizes.
         *
         * @param sizes positive sizes, at least one, default {@code 320..608} step 32
         * @return this builder
         */
        public Builder optSizes(int... sizes) {
            this.sizes = sizes.clone();
            return this;
        }

        /**
         * Sets the candidate sizes {@code from, from + step, …, <= to}.
         *
         * @param from the smallest size, {@code >= 1}
         * @param to the largest size, {@code >= from}
         * @param step the step, {@code >= 1}; at most {@link #MAX_SIZES} sizes may result
         * @return this builder
         * @throws IllegalArgumentException if a bound is broken; the message names every value
         */
        public Builder optSizes(int from, int to, int step) {
            long n = step < 1 ? -1 : ((long) to - from) / step + 1;
            if (from < 1 || to < from || step < 1 || n > MAX_SIZES) {
                throw new IllegalArgumentException(
                        "sizes from..to by step need 1 <= from <= to, step >= 1 and at most "
                                + MAX_SIZES
                                + " sizes, got from="
                                + from
                                + ", to="
                                + to
                                + ", step="
                                + step
                                + (n > MAX_SIZES ? " (" + n + " sizes)" : ""));
            }
            int[] s = new int[(int) n];
            for (int i = 0; i < n; i++) {
                s[i] = from + i * step;
            }
            this.sizes = s;
            return this;
        }

        /**
         * Sets how many iterations share a size.
         *
         * @param interval {@code >= 1}, default 10
         * @return this builder
         */
        public Builder optInterval(int interval) {
            this.interval = interval;
            return this;
        }

        /**
         * Sets the seed of the size sequence.
         *
         * @param seed the seed, default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         * @throws IllegalArgumentException if the list is empty, a size is not positive or the
         *     interval is below 1
         */
        public RandomShape build() {
            if (sizes.length == 0) {
                throw new IllegalArgumentException("sizes must not be empty, got []");
            }
            for (int s : sizes) {
                if (s < 1) {
                    throw new IllegalArgumentException(
                            "sizes must be positive, got " + s + " in " + Arrays.toString(sizes));
                }
            }
            if (interval < 1) {
                throw new IllegalArgumentException("interval must be >= 1, got " + interval);
            }
            return new RandomShape(this);
        }
    }
}
