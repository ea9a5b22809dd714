/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

/**
 * The settings {@link Nms} and {@link SoftNms} share, with their getters, their builder part and
 * their checks: the IoU threshold, the score threshold and the cap on kept boxes. Each builder sets
 * its own defaults.
 */
abstract class SuppressionSettings {

    private final double iouThreshold;
    private final double scoreThreshold;
    private final int maxDetections;

    SuppressionSettings(Builder<?> builder) {
        iouThreshold = builder.iouThreshold;
        scoreThreshold = builder.scoreThreshold;
        maxDetections = builder.maxDetections;
    }

    /**
     * Returns the IoU threshold: for NMS, a box is suppressed when its IoU with a kept box exceeds
     * it; for Soft-NMS, N<sub>t</sub>, the IoU above which the linear decay applies.
     *
     * @return the IoU threshold, in [0, 1]
     */
    public double getIouThreshold() {
        return iouThreshold;
    }

    /**
     * Returns the score threshold: boxes whose score does not exceed it are dropped (for Soft-NMS,
     * before and after decay).
     *
     * @return the score threshold, {@code -Infinity} when none
     */
    public double getScoreThreshold() {
        return scoreThreshold;
    }

    /**
     * Returns the largest number of kept boxes.
     *
     * @return the cap, {@link Integer#MAX_VALUE} when none
     */
    public int getMaxDetections() {
        return maxDetections;
    }

    /**
     * The builder part NMS and Soft-NMS share.
     *
     * @param <B> the builder's own type, which the setters return
     */
    abstract static class Builder<B extends Builder<B>> {

        private double iouThreshold;
        private double scoreThreshold;
        private int maxDetections = Integer.MAX_VALUE;

        Builder(double iouThreshold, double scoreThreshold) {
            this.iouThreshold = iouThreshold;
            this.scoreThreshold = scoreThreshold;
        }

        /**
         * Returns this builder.
         *
         * @return this builder, as its own type
         */
        abstract B self();

        /**
         * Sets the IoU threshold: for NMS, the IoU above which a box is suppressed by a kept,
         * higher-scored one; for Soft-NMS, N<sub>t</sub>, the IoU above which the linear decay
         * applies.
         *
         * @param iouThreshold the threshold, in [0, 1]; default 0.5 for NMS, 0.3 for Soft-NMS
         * @return this builder
         */
        public B optIouThreshold(double iouThreshold) {
            this.iouThreshold = iouThreshold;
            return self();
        }

        /**
         * Sets the score a box must exceed to be considered at all (for Soft-NMS, before and after
         * decay, to stay).
         *
         * @param scoreThreshold the threshold, not NaN; default {@code -Infinity} (none) for NMS,
         *     0.001 for Soft-NMS
         * @return this builder
         */
        public B optScoreThreshold(double scoreThreshold) {
            this.scoreThreshold = scoreThreshold;
            return self();
        }

        /**
         * Sets the largest number of boxes kept.
         *
         * @param maxDetections the cap, &ge; 1; default {@link Integer#MAX_VALUE} (none)
         * @return this builder
         */
        public B optMaxDetections(int maxDetections) {
            this.maxDetections = maxDetections;
            return self();
        }

        /**
         * Checks the shared settings, in this order: the IoU threshold, the score threshold, the
         * cap.
         *
         * @throws IllegalArgumentException if one is out of range
         */
        void checkSettings() {
            if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
                throw new IllegalArgumentException(
                        "iouThreshold must be in [0, 1], got " + iouThreshold);
            }
            if (Double.isNaN(scoreThreshold)) {
                throw new IllegalArgumentException("scoreThreshold must not be NaN");
            }
            if (maxDetections < 1) {
                throw new IllegalArgumentException(
                        "maxDetections must be >= 1, got " + maxDetections);
            }
        }
    }
}
