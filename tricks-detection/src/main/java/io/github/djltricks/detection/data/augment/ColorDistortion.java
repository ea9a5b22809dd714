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
 *         <li>contrast: {@code x ← α·x + (1 − α)·mean(Y)}, {@code α ~ U(0.5, 1.5)}, with the luma
 *             {@code Y = 0.299 R + 0.587 G + 0.114 B} averaged over the image;
 *         <li>saturation: {@code x ← α·x + (1 − α)·Y} per pixel, {@code α ~ U(0.5, 1.5)};
 *         <li>hue: a rotation of the chroma plane {@code (I, Q)} of YIQ by {@code θ ~ U(−18°,
 *             18°)}, keeping the luma {@code Y}; the way back is the exact inverse of the RGB → YIQ
 *             matrix (GluonCV rounds both matrices to 3 decimals; here the chroma rows sum to 0, so
 *             gray stays gray and {@code θ = 0} is the identity).
 *       </ul>
 * </ol>
 *
 * <p>As in GluonCV, values are not clipped to [0, 255], so the output may leave that range (a
 * bright pixel brightened, or a contrast raised about the mean, goes above 255; a dark one below
 * 0): the {@link DetectionSample} range is the source's, not a bound on augmented images. Clipping
 * would change the distribution the recipe trains on. One deliberate difference: GluonCV passes the
 * hue delta to {@code cos(δ·π)}, so its default of 18 turns the chroma by up to 18π; here the delta
 * is in degrees, as in the SSD recipe it comes from. Needs a 3-channel image.
 */
public final class ColorDistortion implements DetectionTransform {

    private static final double[][] RGB_TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135}
    };
    private static final double[][] YIQ_TO_RGB = inverse(RGB_TO_YIQ);
    private static final double[] LUMA = RGB_TO_YIQ[0];

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

    /**
     * {@inheritDoc}
     *
     * <p>Every step is an affine map of the RGB vector of a pixel (contrast through the image's
     * mean, which an affine map carries along), so the drawn steps are composed into one {@code 3 ×
     * 3} matrix and offset and applied in a single pass over the image.
     */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        if (sample.channels() != 3) {
            throw new IllegalArgumentException(
                    "ColorDistortion needs 3 (RGB) channels, got " + sample.channels());
        }
        float[] src = sample.image();
        int plane = sample.height() * sample.width();
        Affine map = new Affine(src, plane);
        if (rng.nextDouble() < brightnessProbability) {
            map.shift(uniform(rng, -brightnessDelta, brightnessDelta));
        }
        if (rng.nextBoolean()) {
            maybeContrast(map, rng);
            maybeSaturation(map, rng);
            maybeHue(map, rng);
        } else {
            maybeSaturation(map, rng);
            maybeHue(map, rng);
            maybeContrast(map, rng);
        }
        return map.identity ? sample : sample.withImage(map.applyTo(src, plane));
    }

    private void maybeContrast(Affine map, UniformRandomProvider rng) {
        if (rng.nextDouble() < contrastProbability) {
            map.contrast(uniform(rng, contrastLow, contrastHigh));
        }
    }

    private void maybeSaturation(Affine map, UniformRandomProvider rng) {
        if (rng.nextDouble() < saturationProbability) {
            double a = uniform(rng, saturationLow, saturationHigh);
            double[][] s = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    s[i][j] = (1 - a) * LUMA[j] + (i == j ? a : 0);
                }
            }
            map.then(s);
        }
    }

    private void maybeHue(Affine map, UniformRandomProvider rng) {
        if (rng.nextDouble() < hueProbability) {
            double theta = Math.toRadians(uniform(rng, -hueDelta, hueDelta));
            double u = Math.cos(theta);
            double w = Math.sin(theta);
            double[][] rot = {{1, 0, 0}, {0, u, -w}, {0, w, u}};
            map.then(multiply(multiply(YIQ_TO_RGB, rot), RGB_TO_YIQ));
        }
    }

    private static double uniform(UniformRandomProvider rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /**
     * The composed map {@code x ↦ M·x + c} of the steps drawn so far, acting on the RGB vector of
     * each original pixel.
     */
    private static final class Affine {
        private final float[] src;
        private final int plane;
        private double[][] m = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        private double[] c = new double[3];
        private double[] mean;
        private boolean identity = true;

        Affine(float[] src, int plane) {
            this.src = src;
            this.plane = plane;
        }

        /** {@code x ← x + δ}. */
        void shift(double delta) {
            for (int i = 0; i < 3; i++) {
                c[i] += delta;
            }
            identity = false;
        }

        /** {@code x ← α·x + (1 − α)·mean(Y)}, the mean over the current image. */
        void contrast(double alpha) {
            if (mean == null) {
                double[] sum = new double[3];
                for (int ch = 0; ch < 3; ch++) {
                    int base = ch * plane;
                    double acc = 0;
                    for (int p = 0; p < plane; p++) {
                        acc += src[base + p];
                    }
                    sum[ch] = acc / plane;
                }
                mean = sum;
            }
            // The current image's mean RGB is M·mean + c, as the map is affine.
            double y = 0;
            for (int i = 0; i < 3; i++) {
                double v = c[i];
                for (int j = 0; j < 3; j++) {
                    v += m[i][j] * mean[j];
                }
                y += LUMA[i] * v;
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[i][j] *= alpha;
                }
                c[i] = alpha * c[i] + (1 - alpha) * y;
            }
            identity = false;
        }

        /** {@code x ← A·x}. */
        void then(double[][] a) {
            m = multiply(a, m);
            double[] nc = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    nc[i] += a[i][j] * c[j];
                }
            }
            c = nc;
            identity = false;
        }

        float[] applyTo(float[] x, int n) {
            float m00 = (float) m[0][0];
            float m01 = (float) m[0][1];
            float m02 = (float) m[0][2];
            float m10 = (float) m[1][0];
            float m11 = (float) m[1][1];
            float m12 = (float) m[1][2];
            float m20 = (float) m[2][0];
            float m21 = (float) m[2][1];
            float m22 = (float) m[2][2];
            float c0 = (float) c[0];
            float c1 = (float) c[1];
            float c2 = (float) c[2];
            float[] out = new float[x.length];
            for (int p = 0; p < n; p++) {
                float r = x[p];
                float g = x[n + p];
                float b = x[2 * n + p];
                out[p] = m00 * r + m01 * g + m02 * b + c0;
                out[n + p] = m10 * r + m11 * g + m12 * b + c1;
                out[2 * n + p] = m20 * r + m21 * g + m22 * b + c2;
            }
            return out;
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
