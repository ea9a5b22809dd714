/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Horizontal flip with probability {@code p} (default 0.5): pixel column {@code x} moves to {@code
 * width − 1 − x} and a box {@code (x1, y1, x2, y2)} becomes {@code (width − x2, y1, width − x1,
 * y2)}.
 */
public final class RandomFlip implements DetectionTransform {

    private final double probability;

    private RandomFlip(Builder builder) {
        this.probability = builder.probability;
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
     * Returns the sample flipped left-right.
     *
     * @param sample the sample
     * @return the mirrored sample
     */
    public static DetectionSample flip(DetectionSample sample) {
        int c = sample.channels();
        int h = sample.height();
        int w = sample.width();
        float[] src = sample.image();
        float[] dst = new float[src.length];
        for (int row = 0; row < c * h; row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) {
                dst[base + x] = src[base + w - 1 - x];
            }
        }
        float[][] boxes = sample.boxes();
        float[][] moved = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            moved[i] = new float[] {w - b[2], b[1], w - b[0], b[3]};
        }
        return sample.transformed(dst, h, w, moved);
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        return rng.nextDouble() < probability ? flip(sample) : sample;
    }

    /** Builds a {@link RandomFlip}. */
    public static final class Builder {

        private double probability = 0.5;

        private Builder() {}

        /**
         * Sets the probability of flipping.
         *
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optProbability(double probability) {
            this.probability = probability;
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if the probability is outside [0, 1]
         */
        public RandomFlip build() {
            Checks.probability("probability", probability);
            return new RandomFlip(this);
        }
    }
}
