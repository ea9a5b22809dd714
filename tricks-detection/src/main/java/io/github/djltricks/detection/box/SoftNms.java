/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * Soft-NMS (Bodla et al., "Soft-NMS — Improving Object Detection With One Line of Code", ICCV
 * 2017): instead of discarding a box that overlaps a kept one, its score is decayed.
 *
 * <p>Boxes whose score does not exceed the score threshold are dropped first. Then, repeatedly, the
 * box M with the highest current score is kept (equal scores: lower index first), and every
 * remaining box b (of M's class, in the class-aware form) has its score multiplied by
 *
 * <ul>
 *   <li>{@link Method#LINEAR}: 1 − IoU(M, b) if IoU(M, b) &gt; N<sub>t</sub>, else 1;
 *   <li>{@link Method#GAUSSIAN}: exp(−IoU(M, b)² / σ).
 * </ul>
 *
 * <p>A box whose decayed score no longer exceeds the score threshold is dropped. The result lists
 * the kept boxes in the order they were kept, which is by non-increasing decayed score, with those
 * decayed scores. The paper's defaults are N<sub>t</sub> = 0.3, σ = 0.5 and a score threshold of
 * 0.001, and they are this builder's defaults.
 *
 * <p>IoU is computed in float32 as {@link Nms} does ({@link BoxIou#float32}, 0 where the union has
 * zero area); inputs are checked as there: XYXY boxes with finite coordinates, x1 &le; x2, y1 &le;
 * y2, and scores that are not NaN, else an {@link IllegalArgumentException}. The loop is O(N²) on
 * primitive arrays.
 */
public final class SoftNms extends SuppressionSettings {

    /** How the score of an overlapping box decays. */
    public enum Method {
        /** Multiply by 1 − IoU when IoU exceeds N<sub>t</sub>. */
        LINEAR,
        /** Multiply by exp(−IoU² / σ). */
        GAUSSIAN
    }

    /**
     * The boxes Soft-NMS keeps.
     *
     * @param indices indices into the input, in the order kept
     * @param scores the decayed score of each kept box
     */
    public record Result(int[] indices, float[] scores) {}

    private final Method method;
    private final double sigma;

    private SoftNms(Builder builder) {
        super(builder);
        method = builder.method;
        sigma = builder.sigma;
    }

    /**
     * Returns a builder with the paper's defaults: Gaussian, σ = 0.5, N<sub>t</sub> = 0.3, score
     * threshold 0.001, no cap.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs Soft-NMS over all boxes regardless of class.
     *
     * @param boxes boxes of shape (N, 4), XYXY
     * @param scores scores of shape (N)
     * @return the kept indices (int64, shape (K)) and their decayed scores (float32, shape (K))
     * @throws IllegalArgumentException if shapes disagree, a box is malformed or a score is NaN
     */
    public NDList apply(NDArray boxes, NDArray scores) {
        return apply(boxes, scores, null);
    }

    /**
     * Runs class-aware Soft-NMS: a kept box decays only boxes of its own class.
     *
     * @param boxes boxes of shape (N, 4), XYXY
     * @param scores scores of shape (N)
     * @param classes class ids of shape (N), or {@code null} for class-agnostic Soft-NMS
     * @return the kept indices (int64, shape (K)) and their decayed scores (float32, shape (K))
     * @throws IllegalArgumentException if shapes disagree, a box is malformed or a score is NaN
     */
    public NDList apply(NDArray boxes, NDArray scores, NDArray classes) {
        SuppressionInput in = SuppressionInput.read(boxes, scores, classes);
        Result result = select(in.boxes(), in.scores(), in.classes());
        long[] idx = new long[result.indices().length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = result.indices()[i];
        }
        NDManager owner = boxes.getManager();
        return new NDList(owner.create(idx), owner.create(result.scores()));
    }

    /**
     * Runs Soft-NMS on primitive arrays: the computation of {@link #apply(NDArray, NDArray,
     * NDArray)} without the copies to and from an engine.
     *
     * @param boxes N boxes as 4N numbers x1, y1, x2, y2, x1, …
     * @param scores N scores
     * @param classes N class ids, or {@code null} for class-agnostic Soft-NMS
     * @return the kept indices and their decayed scores
     * @throws IllegalArgumentException if lengths disagree, a box is malformed or a score is NaN
     */
    public Result select(float[] boxes, float[] scores, long[] classes) {
        Nms.checkArrays(boxes, scores, classes);
        int[] alive = Nms.order(scores, getScoreThreshold());
        int m = alive.length;
        double[] current = new double[scores.length];
        for (int i : alive) {
            current[i] = scores[i];
        }
        int cap = Math.min(m, getMaxDetections());
        int[] keptIdx = new int[cap];
        float[] keptScore = new float[cap];
        int count = 0;
        while (m > 0 && count < cap) {
            int best = 0;
            for (int k = 1; k < m; k++) {
                int i = alive[k];
                int bi = alive[best];
                if (current[i] > current[bi] || (current[i] == current[bi] && i < bi)) {
                    best = k;
                }
            }
            int top = alive[best];
            keptIdx[count] = top;
            keptScore[count] = (float) current[top];
            count++;
            alive[best] = alive[--m];
            int k = 0;
            while (k < m) {
                int j = alive[k];
                if (classes == null || classes[j] == classes[top]) {
                    current[j] *= decay(iou(boxes, top, j));
                    if (!(current[j] > getScoreThreshold())) {
                        alive[k] = alive[--m];
                        continue;
                    }
                }
                k++;
            }
        }
        return new Result(Arrays.copyOf(keptIdx, count), Arrays.copyOf(keptScore, count));
    }

    private double decay(double iou) {
        if (method == Method.LINEAR) {
            return iou > getIouThreshold() ? 1 - iou : 1;
        }
        return Math.exp(-iou * iou / sigma);
    }

    /** The float32 IoU of boxes i and j of the flat array {@code b}. */
    private static float iou(float[] b, int i, int j) {
        return BoxIou.float32(
                b[4 * i],
                b[4 * i + 1],
                b[4 * i + 2],
                b[4 * i + 3],
                b[4 * j],
                b[4 * j + 1],
                b[4 * j + 2],
                b[4 * j + 3]);
    }

    /**
     * Returns how scores decay.
     *
     * @return the decay method
     */
    public Method getMethod() {
        return method;
    }

    /**
     * Returns σ of the Gaussian decay.
     *
     * @return σ, &gt; 0
     */
    public double getSigma() {
        return sigma;
    }

    /** Builds a {@link SoftNms}. */
    public static final class Builder extends SuppressionSettings.Builder<Builder> {

        private Method method = Method.GAUSSIAN;
        private double sigma = 0.5;

        private Builder() {
            super(0.3, 0.001);
        }

        /** {@inheritDoc} */
        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the decay.
         *
         * @param method linear or Gaussian; default Gaussian
         * @return this builder
         */
        public Builder optMethod(Method method) {
            this.method = method;
            return this;
        }

        /**
         * Sets σ of the Gaussian decay exp(−IoU² / σ).
         *
         * @param sigma σ, finite and &gt; 0; default 0.5
         * @return this builder
         */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * Validates the settings and builds the Soft-NMS.
         *
         * @return the Soft-NMS
         * @throws IllegalArgumentException if a setting is out of range or the method is null
         */
        public SoftNms build() {
            if (method == null) {
                throw new IllegalArgumentException("method must be LINEAR or GAUSSIAN, got null");
            }
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
            }
            checkSettings();
            return new SoftNms(this);
        }
    }
}
