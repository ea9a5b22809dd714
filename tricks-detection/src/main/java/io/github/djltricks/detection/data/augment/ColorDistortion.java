/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Photometric distortion of SSD as implemented by GluonCV's {@code random_color_distort}, with its
 * defaults; boxes are unchanged. On an RGB image on the 0–255 scale, each step applies with its own
 * probability (default 0.5 each):
 *
 * <ol>
 *   <li>brightness: {@code x ← x + δ}, {@code δ ~ U(−32, 32)};
 *   <li>then, in one of two orders chosen with equal odds, contrast → saturation → hue or
 *       saturation → hue → contrast, where
 *       <ul>
 *         <li>contrast: {@code x ← α·x + (1 − α)·mean(Y)}, {@code α ~ U(0.5, 1.5)}, with the
 *             luma {@code Y = 0.299 R + 0.587 G + 0.114 B} averaged over the image;
 *         <li>saturation: {@code x ← α·x + (1 − α)·Y} per pixel, {@code α ~ U(0.5, 1.5)};
 *         <li>hue: a rotation of the chroma plane {@code (I, Q)} of YIQ by {@code θ ~ U(−18°,
 *             18°)}, keeping the luma {@code Y}; the way back is the exact inverse of the RGB → YIQ
 *             matrix (GluonCV rounds both matrices to 3 decimals; here the chroma rows sum to 0, so gray
 *             stays gray and {@code θ = 0} is the identity).
 *       </ul>
 * </ol>
 *
 * <p>As in GluonCV, values are not clipped to [0, 255]. One deliberate difference: GluonCV passes
 * the hue delta to {@code cos(δ·π)}, so its default of 18 turns the chroma by up to 18π; here the
 * delta is in degrees, as in the SSD recipe it comes from. Needs a 3-channel image.
 */
public final class ColorDistortion implements DetectionTransform {

    private static final double[][] RGB_TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135}
    };
    private static final double[][] YIQ_TO_RGB = inverse(RGB_TO_YIQ);

    private final double brightnessDelta;
    private final double brightnessProbability;
    private final double contrastLow;
    private final double contrastHigh;
    private final double contrastProbability;
    private final double saturationLow;
    private final double saturationHigh;
    private final double saturationProbability;
    private final double hueDelta;
    private final double hueProbability;

    private ColorDistortion(Builder b) {
        brightnessDelta = b.brightnessDelta;
        brightnessProbability = b.brightnessProbability;
        contrastLow = b.contrastLow;
        contrastHigh = b.contrastHigh;
        contrastProbability = b.contrastProbability;
        saturationLow = b.saturationLow;
        saturationHigh = b.saturationHigh;
        saturationProbability = b.saturationProbability;
        hueDelta = b.hueDelta;
        hueProbability = b.hueProbability;
    }

    /**
     * Returns a builder with GluonCV's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        if (sample.channels() != 3) {
            throw new IllegalArgumentException(
                    "ColorDistortion needs 3 (RGB) channels, got " + sample.channels());
        }
        float[] x = sample.image().clone();
        int plane = sample.height() * sample.width();
        if (rng.nextDouble() < brightnessProbability) {
            brightness(x, (float) uniform(rng, -brightnessDelta, brightnessDelta));
        }
        if (rng.nextBoolean()) {
            maybeContrast(x, plane, rng);
            maybeSaturation(x, plane, rng);
            maybeHue(x, plane, rng);
        } else {
            maybeSaturation(x, plane, rng);
            maybeHue(x, plane, rng);
            maybeContrast(x, plane, rng);
        }
        return sample.withImage(x);
    }

    private void maybeContrast(float[] x, int plane, UniformRandomProvider rng) {
        if (rng.nextDouble() < contrastProbability) {
            contrast(x, plane, uniform(rng, contrastLow, contrastHigh));
        }
    }

    private void maybeSaturation(float[] x, int plane, UniformRandomProvider rng) {
        if (rng.nextDouble() < saturationProbability) {
            saturation(x, plane, uniform(rng, saturationLow, saturationHigh));
        }
    }

    private void maybeHue(float[] x, int plane, UniformRandomProvider rng) {
        if (rng.nextDouble() < hueProbability) {
            hue(x, plane, Math.toRadians(uniform(rng, -hueDelta, hueDelta)));
        }
    }

    private static double uniform(UniformRandomProvider rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    private static void brightness(float[] x, float delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta;
        }
    }

    private static void contrast(float[] x, int plane, double alpha) {
        double sum = 0;
        for (int p = 0; p < plane; p++) {
            sum += 0.299 * x[p] + 0.587 * x[plane + p] + 0.114 * x[2 * plane + p];
        }
        float shift = (float) ((1 - alpha) * sum / plane);
        float a = (float) alpha;
        for (int i = 0; i < x.length; i++) {
            x[i] = a * x[i] + shift;
        }
    }

    private static void saturation(float[] x, int plane, double alpha) {
        float a = (float) alpha;
        float b = (float) (1 - alpha);
        for (int p = 0; p < plane; p++) {
            float y = 0.299f * x[p] + 0.587f * x[plane + p] + 0.114f * x[2 * plane + p];
            float gray = b * y;
            x[p] = a * x[p] + gray;
            x[plane + p] = a * x[plane + p] + gray;
            x[2 * plane + p] = a * x[2 * plane + p] + gray;
        }
    }

    /** Multiplies every RGB pixel by {@code YIQ_TO_RGB · R(θ) · RGB_TO_YIQ}. */
    private static void hue(float[] x, int plane, double theta) {
        double u = Math.cos(theta);
        double w = Math.sin(theta);
        double[][] rot = {{1, 0, 0}, {0, u, -w}, {0, w, u}};
        double[][] m = multiply(multiply(YIQ_TO_RGB, rot), RGB_TO_YIQ);
        float m00 = (float) m[0][0];
        float m01 = (float) m[0][1];
        float m02 = (float) m[0][2];
        float m10 = (float) m[1][0];
        float m11 = (float) m[1][1];
        float m12 = (float) m[1][2];
        float m20 = (float) m[2][0];
        float m21 = (float) m[2][1];
        float m22 = (float) m[2][2];
        for (int p = 0; p < plane; p++) {
            float r = x[p];
            float g = x[plane + p];
            float b = x[2 * plane + p];
            x[p] = m00 * r + m01 * g + m02 * b;
            x[plane + p] = m10 * r + m11 * g + m12 * b;
            x[2 * plane + p] = m20 * r + m21 * g + m22 * b;
        }
    }

    private static double[][] inverse(double[][] m) {
        double det =
                m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return r;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /** Builds a {@link ColorDistortion}; every default is GluonCV's. */
    public static final class Builder {

        private double brightnessDelta = 32;
        private double brightnessProbability = 0.5;
        private double contrastLow = 0.5;
        private double contrastHigh = 1.5;
        private double contrastProbability = 0.5;
        private double saturationLow = 0.5;
        private double saturationHigh = 1.5;
        private double saturationProbability = 0.5;
        private double hueDelta = 18;
        private double hueProbability = 0.5;

        private Builder() {}

        /**
         * Sets the brightness shift bound and probability.
         *
         * @param delta the largest shift on the 0–255 scale, {@code >= 0}, default 32
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optBrightness(double delta, double probability) {
            brightnessDelta = delta;
            brightnessProbability = probability;
            return this;
        }

        /**
         * Sets the contrast factor range and probability.
         *
         * @param low the smallest factor, {@code >= 0}, default 0.5
         * @param high the largest factor, default 1.5
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optContrast(double low, double high, double probability) {
            contrastLow = low;
            contrastHigh = high;
            contrastProbability = probability;
            return this;
        }

        /**
         * Sets the saturation factor range and probability.
         *
         * @param low the smallest factor, {@code >= 0}, default 0.5
         * @param high the largest factor, default 1.5
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optSaturation(double low, double high, double probability) {
            saturationLow = low;
            saturationHigh = high;
            saturationProbability = probability;
            return this;
        }

        /**
         * Sets the hue rotation bound and probability.
         *
         * @param deltaDegrees the largest rotation in degrees, in [0, 180], default 18
         * @param probability in [0, 1], default 0.5
         * @return this builder
         */
        public Builder optHue(double deltaDegrees, double probability) {
            hueDelta = deltaDegrees;
            hueProbability = probability;
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if a probability is outside [0, 1] or a range is invalid
         */
        public ColorDistortion build() {
            Checks.probability("brightness probability", brightnessProbability);
            Checks.probability("contrast probability", contrastProbability);
            Checks.probability("saturation probability", saturationProbability);
            Checks.probability("hue probability", hueProbability);
            Checks.range("brightness delta", 0, brightnessDelta, 0);
            Checks.range("contrast", contrastLow, contrastHigh, 0);
            Checks.range("saturation", saturationLow, saturationHigh, 0);
            if (!(hueDelta >= 0 && hueDelta <= 180)) {
                throw new IllegalArgumentException(
                        "hue delta must be in [0, 180] degrees, got " + hueDelta);
            }
            return new ColorDistortion(this);
        }
    }
}
