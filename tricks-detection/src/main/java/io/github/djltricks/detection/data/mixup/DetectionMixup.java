/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.mixup;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.augment.DetectionMixer;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * Visually coherent image mixup for detection (Zhang et al. 2019, "Bag of Freebies for Training
 * Object Detection Neural Networks", arXiv 1902.04103, section 3.1), as GluonCV's {@code
 * MixupDetection}.
 *
 * <p>With {@code λ ~ Beta(α, β)} (default {@code α = β = 1.5}), images {@code a} ({@code h_a ×
 * w_a}) and {@code b} are blended without resizing, both anchored at the top-left corner of a
 * canvas of {@code max(h_a, h_b) × max(w_a, w_b)}:
 *
 * <ul>
 *   <li>where both cover: {@code λ·a + (1 − λ)·b};
 *   <li>where only {@code a} covers: {@code λ·a}; where only {@code b} covers: {@code (1 − λ)·b}
 *       (each image is scaled by its own weight everywhere, as GluonCV does);
 *   <li>where neither covers: 0.
 * </ul>
 *
 * <p>The boxes of both are kept unchanged, {@code a}'s first, their weights multiplied by {@code λ}
 * and {@code 1 − λ} respectively (so plain boxes get exactly {@code λ} and {@code 1 − λ}); the
 * weights travel in {@link DetectionSample#weights()} and the padded batch to the loss. Mixup is
 * switched off (the first image returned unchanged, weights 1) from epoch {@code offFromEpoch}
 * onwards, so the last epochs train on plain images as the paper recommends.
 */
public final class DetectionMixup implements DetectionMixer {

    private final double alpha;
    private final double beta;
    private final int offFromEpoch;

    private DetectionMixup(Builder b) {
        alpha = b.alpha;
        beta = b.beta;
        offFromEpoch = b.offFromEpoch;
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
     * Returns 2: mixup blends the drawn image with one other.
     *
     * @return 2
     */
    @Override
    public int sampleCount() {
        return 2;
    }

    /**
     * Returns whether mixup applies in the given epoch: {@code epoch < offFromEpoch}.
     *
     * @param epoch the zero-based epoch
     * @return whether to mix
     */
    @Override
    public boolean isActive(int epoch) {
        return epoch < offFromEpoch;
    }

    /**
     * Draws {@code λ ~ Beta(α, β)} with Commons RNG's {@link ChengBetaSampler}.
     *
     * @param rng the generator
     * @return {@code λ} in [0, 1]
     */
    public double sampleLambda(UniformRandomProvider rng) {
        double lambda = ChengBetaSampler.of(rng, alpha, beta).sample();
        return Math.min(1, Math.max(0, lambda));
    }

    /**
     * Draws {@code λ} and mixes {@code a} with {@code b}.
     *
     * @param a the first image, weight {@code λ}
     * @param b the second image, weight {@code 1 − λ}
     * @param rng the generator
     * @return the mixed sample
     */
    public DetectionSample mix(DetectionSample a, DetectionSample b, UniformRandomProvider rng) {
        return mix(a, b, sampleLambda(rng));
    }

    /**
     * Draws {@code λ} and mixes the two samples, the first with weight {@code λ}.
     *
     * @param samples two samples
     * @param rng the generator
     * @return the mixed sample
     * @throws IllegalArgumentException if {@code samples} does not hold exactly two samples
     */
    @Override
    public DetectionSample mix(List<DetectionSample> samples, UniformRandomProvider rng) {
        if (samples.size() != 2) {
            throw new IllegalArgumentException(
                    "samples must hold 2 samples, got samples.size()=" + samples.size());
        }
        return mix(samples.get(0), samples.get(1), rng);
    }

    /**
     * Mixes {@code a} with {@code b} with the given coefficient (see the class comment).
     *
     * @param a the first image
     * @param b the second image, same number of channels
     * @param lambda the weight of {@code a}, in [0, 1]
     * @return the mixed sample on the {@code max(h) × max(w)} canvas
     * @throws IllegalArgumentException if {@code lambda} is outside [0, 1] or the channel counts
     *     differ
     */
    public static DetectionSample mix(DetectionSample a, DetectionSample b, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        if (a.channels() != b.channels()) {
            throw new IllegalArgumentException(
                    "both images must have the same channels, got "
                            + a.channels()
                            + " and "
                            + b.channels());
        }
        int c = a.channels();
        int h = Math.max(a.height(), b.height());
        int w = Math.max(a.width(), b.width());
        float[] canvas = new float[c * h * w];
        add(canvas, h, w, a, (float) lambda);
        add(canvas, h, w, b, (float) (1 - lambda));
        int na = a.boxCount();
        int n = na + b.boxCount();
        float[][] boxes = new float[n][];
        int[] ids = new int[n];
        float[] weights = new float[n];
        for (int i = 0; i < na; i++) {
            boxes[i] = a.boxes()[i].clone();
            ids[i] = a.classIds()[i];
            weights[i] = (float) (a.weights()[i] * lambda);
        }
        for (int i = 0; i < b.boxCount(); i++) {
            boxes[na + i] = b.boxes()[i].clone();
            ids[na + i] = b.classIds()[i];
            weights[na + i] = (float) (b.weights()[i] * (1 - lambda));
        }
        return new DetectionSample(canvas, c, h, w, boxes, ids, weights);
    }

    /** Adds {@code weight · s} into the top-left corner of the canvas. */
    private static void add(float[] canvas, int h, int w, DetectionSample s, float weight) {
        float[] src = s.image();
        int sh = s.height();
        int sw = s.width();
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int y = 0; y < sh; y++) {
                int in = (ch * sh + y) * sw;
                int out = (ch * h + y) * w;
                for (int x = 0; x < sw; x++) {
                    canvas[out + x] += weight * src[in + x];
                }
            }
        }
    }

    /** Builds a {@link DetectionMixup}. */
    public static final class Builder {

        private double alpha = 1.5;
        private double beta = 1.5;
        private int offFromEpoch = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets the parameters of the Beta distribution of {@code λ}.
         *
         * @param alpha {@code > 0}, default 1.5
         * @param beta {@code > 0}, default 1.5
         * @return this builder
         */
        public Builder optBeta(double alpha, double beta) {
            this.alpha = alpha;
            this.beta = beta;
            return this;
        }

        /**
         * Switches mixup off for the last {@code lastEpochs} of {@code totalEpochs} epochs.
         *
         * @param totalEpochs the number of training epochs, {@code >= 1}
         * @param lastEpochs how many final epochs train without mixup, in [0, totalEpochs]
         * @return this builder
         */
        public Builder optOffForLastEpochs(int totalEpochs, int lastEpochs) {
            this.offFromEpoch = DetectionMixer.offFromEpoch(totalEpochs, lastEpochs);
            return this;
        }

        /**
         * Builds the mixup.
         *
         * @return the mixup
         * @throws IllegalArgumentException if {@code α} or {@code β} is not positive and finite
         */
        public DetectionMixup build() {
            if (!(alpha > 0) || !(beta > 0) || !Double.isFinite(alpha) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException(
                        "alpha and beta must be finite and > 0, got alpha="
                                + alpha
                                + ", beta="
                                + beta);
            }
            return new DetectionMixup(this);
        }
    }
}
