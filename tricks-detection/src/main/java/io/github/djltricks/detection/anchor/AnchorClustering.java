/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.anchor;

import io.github.djltricks.detection.box.BoxIou;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.GuideTableDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Finds anchor box sizes for a detector by k-means over the (width, height) of the dataset's boxes,
 * as YOLOv2 does (Redmon and Farhadi 2017, "YOLO9000", "Dimension Clusters").
 *
 * <p>Boxes and anchors are compared with their centres aligned, so only the size matters; the
 * distance is {@code d(box, anchor) = 1 − IoU(box, anchor)}, with {@code IoU = min(w₁, w₂) ·
 * min(h₁, h₂) / (w₁h₁ + w₂h₂ − min(w₁, w₂) · min(h₁, h₂))} ({@link BoxIou#ofSizes}), which, unlike
 * the Euclidean distance, does not let large boxes dominate. Each step assigns every box to its
 * nearest anchor (the first on ties) and moves each anchor to the mean width and mean height of its
 * boxes; an anchor left with no box is moved to the box farthest from its anchor. It stops when no
 * assignment changes, or after {@code maxIterations}.
 *
 * <p>The initial anchors are drawn by greedy k-means++ (Arthur and Vassilvitskii 2007; the greedy
 * form as in scikit-learn) under the same distance: the first uniformly, then for each next one
 * {@code 2 + ⌊ln k⌋} candidates drawn with probability proportional to {@code d²} to the nearest
 * anchor so far, keeping the candidate that lowers {@code Σ d²} most. k-means is run from {@code
 * restarts} such draws and the result with the highest mean best-anchor IoU is kept. All draws come
 * from one Commons RNG generator seeded with {@code seed}: the same seed and sizes give the same
 * anchors.
 *
 * <pre>{@code
 * Anchors anchors = AnchorClustering.builder().setClusters(9).optSeed(42).build()
 *         .fit(widths, heights);
 * double[] w = anchors.widths(); // ascending area
 * double avgIou = anchors.meanIou();
 * }</pre>
 */
public final class AnchorClustering {

    private final int clusters;
    private final long seed;
    private final int maxIterations;
    private final int restarts;

    private AnchorClustering(Builder builder) {
        this.clusters = builder.clusters;
        this.seed = builder.seed;
        this.maxIterations = builder.maxIterations;
        this.restarts = builder.restarts;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the mean over the boxes of the IoU with their best anchor (YOLOv2's "Avg IOU"), e.g.
     * to compare a dataset's fitted anchors with a detector's default ones.
     *
     * @param widths box widths, each finite and {@code > 0}
     * @param heights box heights, same length, each finite and {@code > 0}
     * @param anchorWidths anchor widths, at least one, each finite and {@code > 0}
     * @param anchorHeights anchor heights, same length
     * @return the mean best IoU, in {@code [0, 1]}
     * @throws IllegalArgumentException if the lengths differ, a list is empty or a size is not
     *     finite and positive
     */
    public static double meanBestIou(
            double[] widths, double[] heights, double[] anchorWidths, double[] anchorHeights) {
        checkSizes("widths", "heights", widths, heights);
        checkSizes("anchorWidths", "anchorHeights", anchorWidths, anchorHeights);
        double sum = 0;
        for (int i = 0; i < widths.length; i++) {
            double best = 0;
            for (int j = 0; j < anchorWidths.length; j++) {
                best =
                        Math.max(
                                best,
                                BoxIou.ofSizes(
                                        widths[i], heights[i], anchorWidths[j], anchorHeights[j]));
            }
            sum += best;
        }
        return sum / widths.length;
    }

    /**
     * Clusters box sizes into {@code clusters} anchors.
     *
     * @param widths box widths, each finite and {@code > 0}
     * @param heights box heights, same length, each finite and {@code > 0}
     * @return the anchors, ascending by area, with their mean best IoU
     * @throws IllegalArgumentException if the lengths differ, a size is not finite and positive, or
     *     there are fewer distinct sizes than clusters
     */
    public Anchors fit(double[] widths, double[] heights) {
        checkSizes("widths", "heights", widths, heights);
        int n = widths.length;
        if (n < clusters) {
            throw new IllegalArgumentException(
                    "clusters must be <= the number of boxes, got clusters="
                            + clusters
                            + " for "
                            + n
                            + " boxes");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Anchors best = null;
        for (int r = 0; r < restarts; r++) {
            Anchors a = run(widths, heights, rng);
            if (best == null || a.meanIou() > best.meanIou()) {
                best = a;
            }
        }
        return best;
    }

    /** One k-means run from a fresh k-means++ draw. */
    private Anchors run(double[] widths, double[] heights, UniformRandomProvider rng) {
        int n = widths.length;
        double[] cw = new double[clusters];
        double[] ch = new double[clusters];
        seed(widths, heights, cw, ch, rng);

        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        double[] nearest = new double[n];
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestIou = -1;
                for (int j = 0; j < clusters; j++) {
                    double v = BoxIou.ofSizes(widths[i], heights[i], cw[j], ch[j]);
                    if (v > bestIou) {
                        bestIou = v;
                        best = j;
                    }
                }
                nearest[i] = bestIou;
                if (assign[i] != best) {
                    assign[i] = best;
                    changed = true;
                }
            }
            iterations++;
            if (!changed) {
                converged = true;
                break;
            }
            update(widths, heights, assign, nearest, cw, ch);
        }

        Integer[] order = IntStream.range(0, clusters).boxed().toArray(Integer[]::new);
        Arrays.sort(
                order,
                Comparator.<Integer>comparingDouble(j -> cw[j] * ch[j])
                        .thenComparingDouble(j -> cw[j]));
        double[] sw = new double[clusters];
        double[] sh = new double[clusters];
        for (int j = 0; j < clusters; j++) {
            sw[j] = cw[order[j]];
            sh[j] = ch[order[j]];
        }
        return new Anchors(sw, sh, meanBestIou(widths, heights, sw, sh), iterations, converged);
    }

    /** Greedy k-means++ seeding under the distance 1 − IoU. */
    private void seed(
            double[] widths,
            double[] heights,
            double[] cw,
            double[] ch,
            UniformRandomProvider rng) {
        int n = widths.length;
        int first = rng.nextInt(n);
        cw[0] = widths[first];
        ch[0] = heights[first];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            double d = 1 - BoxIou.ofSizes(widths[i], heights[i], cw[0], ch[0]);
            dist[i] = d * d;
        }
        int trials = 2 + (int) Math.log(clusters);
        double[] trial = new double[n];
        double[] kept = new double[n];
        for (int j = 1; j < clusters; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += dist[i];
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException(
                        "clusters must be <= the number of distinct box sizes, got clusters="
                                + clusters
                                + " but only "
                                + j
                                + " distinct sizes");
            }
            SharedStateDiscreteSampler draw = GuideTableDiscreteSampler.of(rng, dist);
            int pick = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int c = draw.sample();
                double potential = 0;
                for (int i = 0; i < n; i++) {
                    double d = 1 - BoxIou.ofSizes(widths[i], heights[i], widths[c], heights[c]);
                    trial[i] = Math.min(dist[i], d * d);
                    potential += trial[i];
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    pick = c;
                    System.arraycopy(trial, 0, kept, 0, n);
                }
            }
            cw[j] = widths[pick];
            ch[j] = heights[pick];
            System.arraycopy(kept, 0, dist, 0, n);
        }
    }

    /** Moves each anchor to its boxes' mean size; an empty one to the farthest box. */
    private void update(
            double[] widths,
            double[] heights,
            int[] assign,
            double[] nearest,
            double[] cw,
            double[] ch) {
        double[] sw = new double[clusters];
        double[] sh = new double[clusters];
        int[] count = new int[clusters];
        for (int i = 0; i < widths.length; i++) {
            sw[assign[i]] += widths[i];
            sh[assign[i]] += heights[i];
            count[assign[i]]++;
        }
        for (int j = 0; j < clusters; j++) {
            if (count[j] > 0) {
                cw[j] = sw[j] / count[j];
                ch[j] = sh[j] / count[j];
            } else {
                int far = 0;
                for (int i = 1; i < widths.length; i++) {
                    if (nearest[i] < nearest[far]) {
                        far = i;
                    }
                }
                cw[j] = widths[far];
                ch[j] = heights[far];
                nearest[far] = 1;
            }
        }
    }

    private static void checkSizes(String wName, String hName, double[] w, double[] h) {
        if (w.length != h.length) {
            throw new IllegalArgumentException(
                    wName
                            + " and "
                            + hName
                            + " must have the same length, got "
                            + w.length
                            + " and "
                            + h.length);
        }
        if (w.length == 0) {
            throw new IllegalArgumentException(wName + " must not be empty, got length 0");
        }
        for (int i = 0; i < w.length; i++) {
            if (!(Double.isFinite(w[i]) && w[i] > 0)) {
                throw new IllegalArgumentException(
                        wName + " must be finite and > 0, got " + wName + "[" + i + "]=" + w[i]);
            }
            if (!(Double.isFinite(h[i]) && h[i] > 0)) {
                throw new IllegalArgumentException(
                        hName + " must be finite and > 0, got " + hName + "[" + i + "]=" + h[i]);
            }
        }
    }

    /** Builds an {@link AnchorClustering}. */
    public static final class Builder {
        private int clusters;
        private long seed;
        private int maxIterations = 300;
        private int restarts = 3;

        private Builder() {}

        /**
         * Sets how many k-means runs, each from its own k-means++ draw, to choose the best from
         * (highest mean best-anchor IoU; default 3).
         *
         * @param restarts {@code >= 1}
         * @return this builder
         */
        public Builder optRestarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        /**
         * Sets the number of anchors {@code k} (YOLOv2: 5; YOLOv3: 9). Required.
         *
         * @param clusters {@code k >= 1}
         * @return this builder
         */
        public Builder setClusters(int clusters) {
            this.clusters = clusters;
            return this;
        }

        /**
         * Sets the seed of the k-means++ draw (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the most k-means iterations (default 300).
         *
         * @param maxIterations {@code >= 1}
         * @return this builder
         */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * Builds the clustering.
         *
         * @return the clustering
         * @throws IllegalArgumentException if {@code clusters < 1} (or not set), {@code
         *     maxIterations < 1} or {@code restarts < 1}
         */
        public AnchorClustering build() {
            if (clusters < 1) {
                throw new IllegalArgumentException(
                        "clusters must be set and >= 1, got clusters=" + clusters);
            }
            if (restarts < 1) {
                throw new IllegalArgumentException(
                        "restarts must be >= 1, got restarts=" + restarts);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException(
                        "maxIterations must be >= 1, got maxIterations=" + maxIterations);
            }
            return new AnchorClustering(this);
        }
    }
}
