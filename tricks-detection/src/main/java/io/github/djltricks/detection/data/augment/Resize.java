/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Resizes the image to a fixed {@code height × width} by bilinear interpolation (pixel centres at
 * half-integers, as {@code torch.nn.functional.interpolate(mode="bilinear", align_corners=False)}
 * without antialiasing) and scales the boxes by the same factors {@code sx = width / w}, {@code sy
 * = height / h}: {@code (x1, y1, x2, y2) ↦ (sx·x1, sy·y1, sx·x2, sy·y2)}, clamped to the new image.
 * A box that rounding in float collapses to zero width or height is dropped.
 */
public final class Resize implements DetectionTransform {

    private final int height;
    private final int width;

    /**
     * Creates a resize to {@code height × width}.
     *
     * @param height the output height, {@code >= 1}
     * @param width the output width, {@code >= 1}
     * @throws IllegalArgumentException if a size is not positive
     */
    public Resize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "height and width must be >= 1, got height=" + height + ", width=" + width);
        }
        this.height = height;
        this.width = width;
    }

    /**
     * Returns the sample resized to {@code height × width}.
     *
     * @param sample the sample
     * @param height the output height, {@code >= 1}
     * @param width the output width, {@code >= 1}
     * @return the resized sample
     * @throws IllegalArgumentException if a size is not positive
     */
    public static DetectionSample resize(DetectionSample sample, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "height and width must be >= 1, got height=" + height + ", width=" + width);
        }
        int h = sample.height();
        int w = sample.width();
        if (h == height && w == width) {
            return sample;
        }
        float[] out = bilinear(sample.image(), sample.channels(), h, w, height, width);
        float sx = (float) width / w;
        float sy = (float) height / h;
        float[][] boxes = sample.boxes();
        float[][] moved = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            float[] r =
                    BoxGeometry.clip(
                            new float[] {b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy},
                            width,
                            height);
            moved[i] = BoxGeometry.isValid(r, width, height) ? r : null;
        }
        return sample.transformed(out, height, width, moved);
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        return resize(sample, height, width);
    }

    private static float[] bilinear(float[] src, int c, int h, int w, int oh, int ow) {
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        float[] fx = new float[ow];
        axis(w, ow, x0, x1, fx);
        int[] y0 = new int[oh];
        int[] y1 = new int[oh];
        float[] fy = new float[oh];
        axis(h, oh, y0, y1, fy);
        float[] dst = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            int in = ch * h * w;
            int out = ch * oh * ow;
            for (int y = 0; y < oh; y++) {
                int r0 = in + y0[y] * w;
                int r1 = in + y1[y] * w;
                float wy = fy[y];
                int o = out + y * ow;
                for (int x = 0; x < ow; x++) {
                    float wx = fx[x];
                    float top = src[r0 + x0[x]] + wx * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                    float bottom = src[r1 + x0[x]] + wx * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                    dst[o + x] = top + wy * (bottom - top);
                }
            }
        }
        return dst;
    }

    /** Source indices and weight of each output coordinate along one axis. */
    private static void axis(int in, int out, int[] i0, int[] i1, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double s = Math.max((o + 0.5) * scale - 0.5, 0);
            int lo = Math.min((int) s, in - 1);
            i0[o] = lo;
            i1[o] = Math.min(lo + 1, in - 1);
            frac[o] = (float) (s - lo);
        }
    }
}
