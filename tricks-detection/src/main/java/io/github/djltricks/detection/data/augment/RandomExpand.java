/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * SSD's "zoom out": with probability {@code p} (default 0.5) the image is placed on a canvas {@code
 * r} times its size, {@code r ~ U(1, maxRatio)} (default 4, same ratio for both sides), at a
 * uniform random integer offset; the rest of the canvas is filled with a per-channel value (default
 * the ImageNet mean on the 0–255 scale, {@code (123.675, 116.28, 103.53)}, as GluonCV). Boxes move
 * by the offset. {@link RandomCrop#crop} with the window {@code (offsetX, offsetY, w, h)} undoes
 * it.
 */
public final class RandomExpand implements DetectionTransform {

    private final double maxRatio;
    private final double probability;
    private final float[] fill;

    private RandomExpand(Builder b) {
        maxRatio = b.maxRatio;
        probability = b.probability;
        fill = b.fill.clone();
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
     * Places the sample on a {@code newHeight × newWidth} canvas with its top-left corner at {@code
     * (offsetX, offsetY)}.
     *
     * @param sample the sample
     * @param newHeight the canvas height, {@code >= height}
     * @param newWidth the canvas width, {@code >= width}
     * @param offsetY the row of the image's top edge, in {@code [0, newHeight − height]}
     * @param offsetX the column of the image's left edge, in {@code [0, newWidth − width]}
     * @param fill one fill value per channel
     * @return the expanded sample
     * @throws IllegalArgumentException if the canvas does not hold the image or {@code fill} does
     *     not have one value per channel
     */
    public static DetectionSample expand(
            DetectionSample sample,
            int newHeight,
            int newWidth,
            int offsetY,
            int offsetX,
            float[] fill) {
        int c = sample.channels();
        int h = sample.height();
        int w = sample.width();
        if (fill.length != c) {
            throw new IllegalArgumentException(
                    "fill must have one value per channel (" + c + "), got " + fill.length);
        }
        if (offsetY < 0 || offsetX < 0 || offsetY + h > newHeight || offsetX + w > newWidth) {
            throw new IllegalArgumentException(
                    "the canvas "
                            + newHeight
                            + "x"
                            + newWidth
                            + " must hold the "
                            + h
                            + "x"
                            + w
                            + " image at offsetY="
                            + offsetY
                            + ", offsetX="
                            + offsetX);
        }
        float[] src = sample.image();
        float[] dst = new float[c * newHeight * newWidth];
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * newHeight * newWidth;
            Arrays.fill(dst, plane, plane + newHeight * newWidth, fill[ch]);
            for (int y = 0; y < h; y++) {
                System.arraycopy(
                        src, (ch * h + y) * w, dst, plane + (offsetY + y) * newWidth + offsetX, w);
            }
        }
        return sample.transformed(
                dst, newHeight, newWidth, translate(sample.boxes(), offsetX, offsetY));
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        int[] canvas = drawCanvas(sample, rng);
        if (canvas == null) {
            return sample;
        }
        return expand(
                sample, canvas[0], canvas[1], canvas[2], canvas[3], fillFor(sample.channels()));
    }

    /**
     * Draws whether and how {@link #apply} expands: {@code {newHeight, newWidth, offsetY,
     * offsetX}}, or {@code null} for no expansion. Consumes the generator exactly as {@code apply}
     * does.
     */
    int[] drawCanvas(DetectionSample sample, UniformRandomProvider rng) {
        if (rng.nextDouble() >= probability || maxRatio == 1) {
            return null;
        }
        double ratio = 1 + (maxRatio - 1) * rng.nextDouble();
        int h = sample.height();
        int w = sample.width();
        int oh = Math.max(h, (int) (h * ratio));
        int ow = Math.max(w, (int) (w * ratio));
        int offY = rng.nextInt(oh - h + 1);
        int offX = rng.nextInt(ow - w + 1);
        return new int[] {oh, ow, offY, offX};
    }

    /** The fill for an image of {@code channels} channels: one value broadcast, or one each. */
    float[] fillFor(int channels) {
        if (fill.length == 1 && channels != 1) {
            float[] f = new float[channels];
            Arrays.fill(f, fill[0]);
            return f;
        }
        if (fill.length != channels) {
            throw new IllegalArgumentException(
                    "fill must have one value per channel (" + channels + "), got " + fill.length);
        }
        return fill;
    }

    /** The boxes shifted by {@code (offsetX, offsetY)}. */
    static float[][] translate(float[][] boxes, int offsetX, int offsetY) {
        float[][] moved = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            moved[i] = new float[] {b[0] + offsetX, b[1] + offsetY, b[2] + offsetX, b[3] + offsetY};
        }
        return moved;
    }

    /** Builds a {@link RandomExpand}. */
    public static final class Builder {

        private double maxRatio = 4;
        private double probability = 0.5;
        private float[] fill = {123.675f, 116.28f, 103.53f};

        private Builder() {}

        /**
         * Sets the largest zoom-out ratio.
         *
         * @param maxRatio {@code >= 1}, default 4
         * @return this builder
         */
        public Builder optMaxRatio(double maxRatio) {
            this.maxRatio = maxRatio;
            return this;
        }

        /**
         * Sets the probability of expanding.
         *
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optProbability(double probability) {
            this.probability = probability;
            return this;
        }

        /**
         * Sets the canvas fill: one value per channel, or one value for all channels.
         *
         * @param fill the fill values, default the ImageNet mean × 255
         * @return this builder
         */
        public Builder optFill(float... fill) {
            this.fill = fill.clone();
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if the ratio is below 1 or not finite, the probability
         *     is outside [0, 1] or the fill is empty
         */
        public RandomExpand build() {
            if (!(maxRatio >= 1) || !Double.isFinite(maxRatio)) {
                throw new IllegalArgumentException(
                        "maxRatio must be finite and >= 1, got " + maxRatio);
            }
            Checks.probability("probability", probability);
            if (fill.length == 0) {
                throw new IllegalArgumentException("fill must have at least one value, got none");
            }
            return new RandomExpand(this);
        }
    }
}
