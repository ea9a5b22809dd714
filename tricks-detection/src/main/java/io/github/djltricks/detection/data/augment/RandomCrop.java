/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.box.BoxIou;
import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * SSD's random crop with IoU constraints (Liu et al. 2016, "SSD", section 2.2; torchvision's {@code
 * RandomIoUCrop}). Each call picks one minimum IoU uniformly from the options (default {@code 0.1,
 * 0.3, 0.5, 0.7, 0.9} and {@code 0} = no constraint) and tries up to {@code maxTrials} windows
 * (default 50):
 *
 * <ul>
 *   <li>linear scale {@code s ~ U(minScale, maxScale)} (default 0.3–1) and aspect change {@code a ~
 *       U(max(1/maxAspect, s²), min(maxAspect, 1/s²))} (default {@code maxAspect} 2), giving a
 *       {@code ⌊w·s·√a⌋ × ⌊h·s/√a⌋} window at a uniform integer position inside the image;
 *   <li>the window is accepted when the image has no boxes, or when at least one box has its centre
 *       strictly inside the window and at least one box has IoU with the window {@code >=} the
 *       chosen minimum.
 * </ul>
 *
 * <p>On acceptance the image is cropped to the window; exactly the boxes whose centres lie strictly
 * inside the window are kept, clipped to it and shifted into its coordinates. When no trial is
 * accepted the sample is returned unchanged.
 */
public final class RandomCrop implements DetectionTransform {

    private final double[] minIous;
    private final double minScale;
    private final double maxScale;
    private final double maxAspect;
    private final int maxTrials;

    private RandomCrop(Builder b) {
        minIous = b.minIous.clone();
        minScale = b.minScale;
        maxScale = b.maxScale;
        maxAspect = b.maxAspect;
        maxTrials = b.maxTrials;
    }

    /**
     * Returns a builder with SSD's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Crops the sample to the window {@code [left, left + cropWidth) × [top, top + cropHeight)}:
     * keeps exactly the boxes whose centres lie strictly inside it (see {@link
     * BoxGeometry#centreInside}), clipped to it and shifted by {@code (−left, −top)}.
     *
     * @param sample the sample
     * @param left the window's left column
     * @param top the window's top row
     * @param cropWidth the window width, {@code >= 1}
     * @param cropHeight the window height, {@code >= 1}
     * @return the cropped sample
     * @throws IllegalArgumentException if the window is empty or leaves the image
     */
    public static DetectionSample crop(
            DetectionSample sample, int left, int top, int cropWidth, int cropHeight) {
        int c = sample.channels();
        int h = sample.height();
        int w = sample.width();
        if (left < 0
                || top < 0
                || cropWidth < 1
                || cropHeight < 1
                || left + cropWidth > w
                || top + cropHeight > h) {
            throw new IllegalArgumentException(
                    "the window left="
                            + left
                            + ", top="
                            + top
                            + ", width="
                            + cropWidth
                            + ", height="
                            + cropHeight
                            + " must be non-empty and inside the "
                            + h
                            + "x"
                            + w
                            + " image");
        }
        float[] src = sample.image();
        float[] dst = new float[c * cropHeight * cropWidth];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(
                        src,
                        (ch * h + top + y) * w + left,
                        dst,
                        (ch * cropHeight + y) * cropWidth,
                        cropWidth);
            }
        }
        return sample.transformed(
                dst,
                cropHeight,
                cropWidth,
                cropBoxes(sample.boxes(), left, top, cropWidth, cropHeight));
    }

    /**
     * The boxes in window coordinates: {@code null} for a box whose centre is not strictly inside
     * the window, otherwise the box clipped to the window and shifted by {@code (−left, −top)}.
     */
    static float[][] cropBoxes(float[][] boxes, int left, int top, int cropWidth, int cropHeight) {
        float[] window = {left, top, left + cropWidth, top + cropHeight};
        float[][] moved = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            if (!BoxGeometry.centreInside(b, window)) {
                continue;
            }
            float[] r =
                    BoxGeometry.clip(
                            new float[] {b[0] - left, b[1] - top, b[2] - left, b[3] - top},
                            cropWidth,
                            cropHeight);
            // A kept box has its centre strictly inside, so it keeps positive area unless float
            // rounding collapses a box thinner than one ulp of the image size.
            moved[i] = BoxGeometry.isValid(r, cropWidth, cropHeight) ? r : null;
        }
        return moved;
    }

    /**
     * Draws a crop window as described in the class comment.
     *
     * @param sample the sample
     * @param rng the generator
     * @return {@code {left, top, width, height}}, or {@code null} when no trial was accepted
     */
    public int[] sampleWindow(DetectionSample sample, UniformRandomProvider rng) {
        return sampleWindow(sample.boxes(), sample.height(), sample.width(), rng);
    }

    /** {@link #sampleWindow(DetectionSample, UniformRandomProvider)} on boxes of an h × w image. */
    int[] sampleWindow(float[][] boxes, int h, int w, UniformRandomProvider rng) {
        double minIou = minIous[rng.nextInt(minIous.length)];
        for (int trial = 0; trial < maxTrials; trial++) {
            double scale = minScale + (maxScale - minScale) * rng.nextDouble();
            double lo = Math.max(1 / maxAspect, scale * scale);
            double hi = Math.min(maxAspect, 1 / (scale * scale));
            double aspect = lo + (hi - lo) * rng.nextDouble();
            int cw = (int) (w * scale * Math.sqrt(aspect));
            int ch = (int) (h * scale / Math.sqrt(aspect));
            if (cw < 1 || ch < 1 || cw > w || ch > h) {
                continue;
            }
            int left = rng.nextInt(w - cw + 1);
            int top = rng.nextInt(h - ch + 1);
            if (accepts(boxes, new float[] {left, top, left + cw, top + ch}, minIou)) {
                return new int[] {left, top, cw, ch};
            }
        }
        return null;
    }

    private static boolean accepts(float[][] boxes, float[] window, double minIou) {
        if (boxes.length == 0) {
            return true;
        }
        boolean centre = false;
        double best = 0;
        for (float[] b : boxes) {
            centre |= BoxGeometry.centreInside(b, window);
            best = Math.max(best, BoxIou.of(b, window));
        }
        return centre && best >= minIou;
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        int[] window = sampleWindow(sample, rng);
        if (window == null) {
            return sample;
        }
        return crop(sample, window[0], window[1], window[2], window[3]);
    }

    /** Builds a {@link RandomCrop}. */
    public static final class Builder {

        private double[] minIous = {0.1, 0.3, 0.5, 0.7, 0.9, 0};
        private double minScale = 0.3;
        private double maxScale = 1;
        private double maxAspect = 2;
        private int maxTrials = 50;

        private Builder() {}

        /**
         * Sets the minimum-IoU options, one drawn uniformly per call; 0 means no constraint.
         *
         * @param minIous values in [0, 1], default {@code 0.1, 0.3, 0.5, 0.7, 0.9, 0}
         * @return this builder
         */
        public Builder optMinIous(double... minIous) {
            this.minIous = minIous.clone();
            return this;
        }

        /**
         * Sets the range of the linear scale of the window relative to the image.
         *
         * @param minScale in (0, maxScale], default 0.3
         * @param maxScale in [minScale, 1], default 1
         * @return this builder
         */
        public Builder optScale(double minScale, double maxScale) {
            this.minScale = minScale;
            this.maxScale = maxScale;
            return this;
        }

        /**
         * Sets the largest change of aspect ratio.
         *
         * @param maxAspect {@code >= 1}, default 2
         * @return this builder
         */
        public Builder optMaxAspect(double maxAspect) {
            this.maxAspect = maxAspect;
            return this;
        }

        /**
         * Sets the number of windows tried per call before giving up.
         *
         * @param maxTrials {@code >= 1}, default 50
         * @return this builder
         */
        public Builder optMaxTrials(int maxTrials) {
            this.maxTrials = maxTrials;
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if a parameter is outside its range
         */
        public RandomCrop build() {
            if (minIous.length == 0) {
                throw new IllegalArgumentException("minIous must not be empty, got []");
            }
            for (double v : minIous) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(
                            "minIous must be in [0, 1], got "
                                    + v
                                    + " in "
                                    + Arrays.toString(minIous));
                }
            }
            if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
                throw new IllegalArgumentException(
                        "scale must satisfy 0 < minScale <= maxScale <= 1, got minScale="
                                + minScale
                                + ", maxScale="
                                + maxScale);
            }
            if (!(maxAspect >= 1) || !Double.isFinite(maxAspect)) {
                throw new IllegalArgumentException(
                        "maxAspect must be finite and >= 1, got " + maxAspect);
            }
            if (maxTrials < 1) {
                throw new IllegalArgumentException("maxTrials must be >= 1, got " + maxTrials);
            }
            return new RandomCrop(this);
        }
    }
}
