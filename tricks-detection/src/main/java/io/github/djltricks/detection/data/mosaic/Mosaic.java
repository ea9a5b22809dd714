/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.mosaic;

import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.augment.DetectionMixer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Mosaic (Bochkovskiy et al. 2020, "YOLOv4: Optimal Speed and Accuracy of Object Detection", arXiv
 * 2004.10934, section 3.3): four images on one canvas of the first image's size {@code h × w}.
 *
 * <p>A centre {@code (x_c, y_c)} is drawn uniformly from {@code [lo·w, hi·w) × [lo·h, hi·h)}
 * (default {@code lo = 0.25}, {@code hi = 0.75}, as YOLOv5's half-size border on its double-size
 * canvas) and rounded down to a pixel. The canvas splits into four quadrants at the centre; image
 * {@code k} (top-left, top-right, bottom-left, bottom-right, the first image top-left) is placed at
 * its own scale with its corner that faces the centre on the centre, and the part of it that falls
 * inside its quadrant is kept. With images of the canvas's size nothing of the canvas stays empty;
 * with smaller ones the rest is {@code fill} (default 114, YOLOv5's grey).
 *
 * <p>Each box moves with its image, is clipped to the kept part of it, and is dropped when the
 * clipped box is narrower or lower than {@code minSide} pixels (default 2) or keeps less than
 * {@code minVisible} of its area (default 0.1), as YOLOv5's box candidates; class ids and weights
 * travel with it. Every output box therefore lies inside the canvas and inside the kept part of its
 * source image. The draws use only the generator given, so the same generator state gives the same
 * mosaic. Mosaic can be switched off for the last epochs, as YOLOX does, and composes with
 * detection mixup when both are given to the dataset (mosaic first).
 */
public final class Mosaic implements DetectionMixer {

    private final double centreLow;
    private final double centreHigh;
    private final double minSide;
    private final double minVisible;
    private final float fill;
    private final int offFromEpoch;

    private Mosaic(Builder b) {
        centreLow = b.centreLow;
        centreHigh = b.centreHigh;
        minSide = b.minSide;
        minVisible = b.minVisible;
        fill = b.fill;
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
     * Returns 4: a mosaic tiles four images.
     *
     * @return 4
     */
    @Override
    public int sampleCount() {
        return 4;
    }

    /**
     * Returns whether mosaic applies in the given epoch: {@code epoch < offFromEpoch}.
     *
     * @param epoch the zero-based epoch
     * @return whether to tile
     */
    @Override
    public boolean isActive(int epoch) {
        return epoch < offFromEpoch;
    }

    /**
     * Draws a centre and tiles the four samples around it.
     *
     * @param samples four samples with the same channels, the first giving the canvas size
     * @param rng the generator
     * @return the mosaic
     * @throws IllegalArgumentException if there are not four samples or their channels differ
     */
    @Override
    public DetectionSample mix(List<DetectionSample> samples, UniformRandomProvider rng) {
        if (samples.size() != 4) {
            throw new IllegalArgumentException(
                    "samples must hold 4 samples, got samples.size()=" + samples.size());
        }
        DetectionSample first = samples.get(0);
        int h = first.height();
        int w = first.width();
        int xc = (int) Math.floor(w * (centreLow + (centreHigh - centreLow) * rng.nextDouble()));
        int yc = (int) Math.floor(h * (centreLow + (centreHigh - centreLow) * rng.nextDouble()));
        return tile(samples, xc, yc);
    }

    /**
     * Tiles four samples around the given centre (see the class comment).
     *
     * @param samples four samples with the same channels, the first giving the canvas size
     * @param xc the centre's column, in {@code [0, w]}
     * @param yc the centre's row, in {@code [0, h]}
     * @return the mosaic
     * @throws IllegalArgumentException if there are not four samples, their channels differ or the
     *     centre lies outside the canvas
     */
    public DetectionSample tile(List<DetectionSample> samples, int xc, int yc) {
        DetectionSample first = samples.get(0);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        if (xc < 0 || xc > w || yc < 0 || yc > h) {
            throw new IllegalArgumentException(
                    "the centre must lie in the "
                            + w
                            + " x "
                            + h
                            + " canvas, got ("
                            + xc
                            + ", "
                            + yc
                            + ")");
        }
        float[] canvas = new float[c * h * w];
        Arrays.fill(canvas, fill);
        List<float[]> boxes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            DetectionSample s = samples.get(k);
            if (s.channels() != c) {
                throw new IllegalArgumentException(
                        "all samples must have "
                                + c
                                + " channels, got "
                                + s.channels()
                                + " for sample "
                                + k);
            }
            boolean left = k % 2 == 0;
            boolean top = k < 2;
            int ox = left ? xc - s.width() : xc;
            int oy = top ? yc - s.height() : yc;
            int[] kept = {
                left ? Math.max(0, ox) : xc,
                top ? Math.max(0, oy) : yc,
                left ? xc : Math.min(w, xc + s.width()),
                top ? yc : Math.min(h, yc + s.height())
            };
            copy(s, ox, oy, kept, canvas, h, w);
            for (int i = 0; i < s.boxCount(); i++) {
                float[] moved = moved(s.boxes()[i], ox, oy, kept);
                if (moved != null) {
                    boxes.add(moved);
                    ids.add(s.classIds()[i]);
                    weights.add(s.weights()[i]);
                }
            }
        }
        int[] outIds = new int[ids.size()];
        float[] outWeights = new float[ids.size()];
        for (int i = 0; i < outIds.length; i++) {
            outIds[i] = ids.get(i);
            outWeights[i] = weights.get(i);
        }
        return new DetectionSample(
                canvas, c, h, w, boxes.toArray(new float[0][]), outIds, outWeights);
    }

    /** Copies the kept part of {@code s}, placed at offset {@code (ox, oy)}, into the canvas. */
    private static void copy(
            DetectionSample s, int ox, int oy, int[] kept, float[] canvas, int h, int w) {
        int sh = s.height();
        int sw = s.width();
        int width = kept[2] - kept[0];
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int y = kept[1]; y < kept[3]; y++) {
                System.arraycopy(
                        s.image(),
                        (ch * sh + y - oy) * sw + kept[0] - ox,
                        canvas,
                        (ch * h + y) * w + kept[0],
                        Math.max(0, width));
            }
        }
    }

    /** Returns the box moved by the offset and clipped to the kept part, or null to drop it. */
    private float[] moved(float[] box, int ox, int oy, int[] kept) {
        float[] shifted = {box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy};
        float[] clipped = {
            Math.min(Math.max(shifted[0], kept[0]), kept[2]),
            Math.min(Math.max(shifted[1], kept[1]), kept[3]),
            Math.min(Math.max(shifted[2], kept[0]), kept[2]),
            Math.min(Math.max(shifted[3], kept[1]), kept[3])
        };
        boolean keep =
                clipped[2] - clipped[0] >= minSide
                        && clipped[3] - clipped[1] >= minSide
                        && clipped[2] > clipped[0]
                        && clipped[3] > clipped[1]
                        && BoxGeometry.area(clipped) >= minVisible * BoxGeometry.area(box);
        return keep ? clipped : null;
    }

    /** Builds a {@link Mosaic}. */
    public static final class Builder {

        private double centreLow = 0.25;
        private double centreHigh = 0.75;
        private double minSide = 2;
        private double minVisible = 0.1;
        private float fill = 114;
        private int offFromEpoch = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets the range of the centre as fractions of the canvas's width and height.
         *
         * @param low the lowest fraction, in [0, 1]
         * @param high the highest fraction, in [low, 1]
         * @return this builder
         */
        public Builder optCentreRange(double low, double high) {
            this.centreLow = low;
            this.centreHigh = high;
            return this;
        }

        /**
         * Sets the smallest width and height, in pixels, of a clipped box that is kept.
         *
         * @param minSide {@code >= 0}, default 2
         * @return this builder
         */
        public Builder optMinSide(double minSide) {
            this.minSide = minSide;
            return this;
        }

        /**
         * Sets the smallest fraction of its area a clipped box must keep.
         *
         * @param minVisible in [0, 1], default 0.1
         * @return this builder
         */
        public Builder optMinVisible(double minVisible) {
            this.minVisible = minVisible;
            return this;
        }

        /**
         * Sets the value of the canvas pixels no image covers.
         *
         * @param fill a finite value on the image's scale, default 114
         * @return this builder
         */
        public Builder optFill(float fill) {
            this.fill = fill;
            return this;
        }

        /**
         * Switches mosaic off for the last {@code lastEpochs} of {@code totalEpochs} epochs.
         *
         * @param totalEpochs the training epochs, {@code >= 1}
         * @param lastEpochs in {@code [0, totalEpochs]}
         * @return this builder
         */
        public Builder optOffForLastEpochs(int totalEpochs, int lastEpochs) {
            this.offFromEpoch = DetectionMixer.offFromEpoch(totalEpochs, lastEpochs);
            return this;
        }

        /**
         * Builds the mosaic.
         *
         * @return the mosaic
         * @throws IllegalArgumentException if a parameter is outside its range
         */
        public Mosaic build() {
            if (!(centreLow >= 0 && centreLow <= centreHigh && centreHigh <= 1)) {
                throw new IllegalArgumentException(
                        "the centre range must satisfy 0 <= low <= high <= 1, got low="
                                + centreLow
                                + ", high="
                                + centreHigh);
            }
            if (!(minSide >= 0) || Double.isInfinite(minSide)) {
                throw new IllegalArgumentException(
                        "minSide must be finite and >= 0, got minSide=" + minSide);
            }
            if (!(minVisible >= 0 && minVisible <= 1)) {
                throw new IllegalArgumentException(
                        "minVisible must be in [0, 1], got minVisible=" + minVisible);
            }
            if (!Float.isFinite(fill)) {
                throw new IllegalArgumentException("fill must be finite, got fill=" + fill);
            }
            return new Mosaic(this);
        }
    }
}
