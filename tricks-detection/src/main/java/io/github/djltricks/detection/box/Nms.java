/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Greedy non-maximum suppression, plain or class-aware, with a score threshold and a cap on the
 * number of detections.
 *
 * <p>Boxes whose score does not exceed the score threshold are dropped first. The rest are visited
 * in decreasing order of score, equal scores in increasing order of index (a stable sort, as
 * torchvision's CPU kernel does); a visited box that has not been suppressed is kept and suppresses
 * every later box (of the same class, for the class-aware form) whose IoU with it is strictly
 * greater than the IoU threshold. Kept indices come back in the order they were kept, i.e. by
 * decreasing score, and at most {@code maxDetections} of them.
 *
 * <p>Without a score threshold or cap the result equals torchvision 0.14's {@code nms} and {@code
 * batched_nms} (golden vectors): IoU is computed in float32 exactly as its CPU kernel does ({@link
 * BoxIou#float32}) and compared with the threshold in double, so the same indices come back in the
 * same order. One exception, on torchvision's side: for more than 1000 boxes on CPU its {@code
 * batched_nms} runs NMS per class and orders the union with an unstable sort, so within a run of
 * equal scores its order is arbitrary; here it is by index (same boxes, same score sequence). A
 * pair whose union has zero area has IoU 0, so zero-area boxes suppress nothing and are suppressed
 * by nothing.
 *
 * <p>Coordinates are read to the JVM as float32 (the greedy pass is sequential, O(N·K) for K kept
 * boxes, and runs on primitive arrays). Boxes must be XYXY with finite coordinates, x1 &le; x2 and
 * y1 &le; y2; scores must not be NaN; anything else is rejected with an {@link
 * IllegalArgumentException} naming the first offending row.
 */
public final class Nms extends SuppressionSettings {

    private Nms(Builder builder) {
        super(builder);
    }

    /**
     * Returns a builder with IoU threshold 0.5, no score threshold and no cap.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs NMS over all boxes regardless of class.
     *
     * @param boxes boxes of shape (N, 4), XYXY
     * @param scores scores of shape (N)
     * @return the kept indices into {@code boxes}, int64 of shape (K), by decreasing score
     * @throws IllegalArgumentException if shapes disagree, a box is malformed or a score is NaN
     */
    public NDArray apply(NDArray boxes, NDArray scores) {
        return apply(boxes, scores, null);
    }

    /**
     * Runs class-aware NMS: a box only suppresses boxes of its own class.
     *
     * @param boxes boxes of shape (N, 4), XYXY
     * @param scores scores of shape (N)
     * @param classes class ids of shape (N), any integer or float type holding integers; {@code
     *     null} for class-agnostic NMS
     * @return the kept indices into {@code boxes}, int64 of shape (K), by decreasing score
     * @throws IllegalArgumentException if shapes disagree, a box is malformed or a score is NaN
     */
    public NDArray apply(NDArray boxes, NDArray scores, NDArray classes) {
        SuppressionInput in = SuppressionInput.read(boxes, scores, classes);
        int[] keep = select(in.boxes(), in.scores(), in.classes());
        long[] out = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = keep[i];
        }
        return boxes.getManager().create(out);
    }

    /**
     * Runs NMS on primitive arrays: the same computation as {@link #apply(NDArray, NDArray,
     * NDArray)} without the copies to and from an engine.
     *
     * @param boxes N boxes as 4N numbers x1, y1, x2, y2, x1, …
     * @param scores N scores
     * @param classes N class ids, or {@code null} for class-agnostic NMS
     * @return the kept indices, by decreasing score
     * @throws IllegalArgumentException if lengths disagree, a box is malformed or a score is NaN
     */
    public int[] select(float[] boxes, float[] scores, long[] classes) {
        checkArrays(boxes, scores, classes);
        int[] order = order(scores, getScoreThreshold());
        int m = order.length;
        // Coordinates in visiting order, so the inner loop reads memory sequentially.
        float[] x1 = new float[m];
        float[] y1 = new float[m];
        float[] x2 = new float[m];
        float[] y2 = new float[m];
        long[] cls = classes == null ? null : new long[m];
        for (int k = 0; k < m; k++) {
            int i = order[k];
            x1[k] = boxes[4 * i];
            y1[k] = boxes[4 * i + 1];
            x2[k] = boxes[4 * i + 2];
            y2[k] = boxes[4 * i + 3];
            if (cls != null) {
                cls[k] = classes[i];
            }
        }
        boolean[] suppressed = new boolean[m];
        int[] kept = new int[Math.min(m, getMaxDetections())];
        int count = 0;
        Grid grid = m >= GRID_MIN_BOXES ? Grid.of(x1, y1, x2, y2) : null;
        for (int k = 0; k < m && count < kept.length; k++) {
            if (suppressed[k]) {
                continue;
            }
            kept[count++] = order[k];
            if (grid == null) {
                for (int j = k + 1; j < m; j++) {
                    suppress(k, j, x1, y1, x2, y2, cls, suppressed);
                }
            } else {
                int cx0 = grid.cellX(x1[k]);
                int cx1 = grid.cellX(x2[k]);
                int cy0 = grid.cellY(y1[k]);
                int cy1 = grid.cellY(y2[k]);
                for (int cy = cy0; cy <= cy1; cy++) {
                    for (int cx = cx0; cx <= cx1; cx++) {
                        int cell = cy * grid.nx + cx;
                        for (int e = grid.start[cell]; e < grid.start[cell + 1]; e++) {
                            int j = grid.members[e];
                            if (j > k) {
                                suppress(k, j, x1, y1, x2, y2, cls, suppressed);
                            }
                        }
                    }
                }
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /**
     * Suppresses box j (visiting position) if kept box k overlaps it by more than the threshold:
     * the float32 IoU compared in float64, as torchvision's kernel does.
     */
    private void suppress(
            int k,
            int j,
            float[] x1,
            float[] y1,
            float[] x2,
            float[] y2,
            long[] cls,
            boolean[] suppressed) {
        if (suppressed[j] || (cls != null && cls[j] != cls[k])) {
            return;
        }
        if (BoxIou.float32(x1[k], y1[k], x2[k], y2[k], x1[j], y1[j], x2[j], y2[j])
                > getIouThreshold()) {
            suppressed[j] = true;
        }
    }

    /** From this many boxes on, candidates are looked up in a uniform grid. */
    private static final int GRID_MIN_BOXES = 512;

    /**
     * A uniform grid over the boxes: each box is listed in every cell its closed extent touches, in
     * increasing visiting position. Two boxes whose interiors intersect share a point, hence a cell
     * (the cell of a coordinate is monotone in it), so looking up the cells of a kept box finds
     * every box it can suppress: the result is exactly that of the full scan.
     */
    private static final class Grid {
        final float minX;
        final float minY;
        final float cellW;
        final float cellH;
        final int nx;
        final int ny;
        final int[] start;
        final int[] members;

        private Grid(float minX, float minY, float cellW, float cellH, int nx, int ny, int m) {
            this.minX = minX;
            this.minY = minY;
            this.cellW = cellW;
            this.cellH = cellH;
            this.nx = nx;
            this.ny = ny;
            this.start = new int[nx * ny + 1];
            this.members = new int[m];
        }

        static Grid of(float[] x1, float[] y1, float[] x2, float[] y2) {
            int m = x1.length;
            float minX = Float.POSITIVE_INFINITY;
            float minY = Float.POSITIVE_INFINITY;
            float maxX = Float.NEGATIVE_INFINITY;
            float maxY = Float.NEGATIVE_INFINITY;
            double sumW = 0;
            double sumH = 0;
            for (int i = 0; i < m; i++) {
                minX = Math.min(minX, x1[i]);
                minY = Math.min(minY, y1[i]);
                maxX = Math.max(maxX, x2[i]);
                maxY = Math.max(maxY, y2[i]);
                sumW += x2[i] - x1[i];
                sumH += y2[i] - y1[i];
            }
            // Cells about the mean box size, at most 512 per side.
            float cellW = (float) Math.max(Math.max(sumW / m, (maxX - minX) / 512.0), 1e-6);
            float cellH = (float) Math.max(Math.max(sumH / m, (maxY - minY) / 512.0), 1e-6);
            int nx = (int) Math.min(512, Math.floor((maxX - minX) / cellW) + 1);
            int ny = (int) Math.min(512, Math.floor((maxY - minY) / cellH) + 1);
            Grid probe = new Grid(minX, minY, cellW, cellH, nx, ny, 0);
            long total = 0;
            for (int i = 0; i < m; i++) {
                total +=
                        (long) (probe.cellX(x2[i]) - probe.cellX(x1[i]) + 1)
                                * (probe.cellY(y2[i]) - probe.cellY(y1[i]) + 1);
            }
            if (total > 16L * m) {
                return null; // boxes much larger than the cells: the plain scan is cheaper
            }
            Grid grid = new Grid(minX, minY, cellW, cellH, nx, ny, (int) total);
            int[] fill = new int[nx * ny + 1];
            for (int i = 0; i < m; i++) {
                for (int cy = grid.cellY(y1[i]); cy <= grid.cellY(y2[i]); cy++) {
                    for (int cx = grid.cellX(x1[i]); cx <= grid.cellX(x2[i]); cx++) {
                        fill[cy * nx + cx + 1]++;
                    }
                }
            }
            for (int c = 0; c < nx * ny; c++) {
                fill[c + 1] += fill[c];
            }
            System.arraycopy(fill, 0, grid.start, 0, fill.length);
            for (int i = 0; i < m; i++) {
                for (int cy = grid.cellY(y1[i]); cy <= grid.cellY(y2[i]); cy++) {
                    for (int cx = grid.cellX(x1[i]); cx <= grid.cellX(x2[i]); cx++) {
                        grid.members[fill[cy * nx + cx]++] = i;
                    }
                }
            }
            return grid;
        }

        int cellX(float x) {
            return Math.min(nx - 1, (int) ((x - minX) / cellW));
        }

        int cellY(float y) {
            return Math.min(ny - 1, (int) ((y - minY) / cellH));
        }
    }

    /**
     * Indices of the boxes whose score exceeds {@code threshold}, by decreasing score and, for
     * equal scores, increasing index.
     */
    static int[] order(float[] scores, double threshold) {
        long[] keys = new long[scores.length];
        int m = 0;
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i] + 0f; // -0 becomes +0: equal scores tie
            if (s > threshold) {
                int bits = Float.floatToIntBits(s);
                int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // ascending with s
                keys[m++] = ((long) ~sortable << 32) | i; // descending s, then ascending i
            }
        }
        keys = Arrays.copyOf(keys, m);
        Arrays.sort(keys);
        int[] order = new int[m];
        for (int k = 0; k < m; k++) {
            order[k] = (int) (keys[k] & 0xffffffffL);
        }
        return order;
    }

    /** Checks lengths, boxes and scores of the primitive form; returns N. */
    static int checkArrays(float[] boxes, float[] scores, long[] classes) {
        int n = scores.length;
        if (boxes.length != 4 * n || (classes != null && classes.length != n)) {
            throw new IllegalArgumentException(
                    "boxes must hold 4 numbers per score and classes one per score, got "
                            + boxes.length
                            + " box numbers, "
                            + n
                            + " scores and "
                            + (classes == null ? "no" : String.valueOf(classes.length))
                            + " classes");
        }
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException(
                        "scores[" + i + "] is NaN: scores must be numbers");
            }
            if (!Boxes.validBox(
                    boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3])) {
                throw new IllegalArgumentException(
                        "boxes row "
                                + i
                                + " = "
                                + Arrays.toString(Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4))
                                + " is not a valid (x1, y1, x2, y2) box: coordinates must be"
                                + " finite with x1 <= x2 and y1 <= y2");
            }
        }
        return n;
    }

    /** Checks the shapes of the NDArray form; returns N. */
    static int checkShapes(NDArray boxes, NDArray scores, NDArray classes) {
        Shape bs = boxes.getShape();
        if (bs.dimension() != 2 || bs.get(1) != 4) {
            throw new IllegalArgumentException("boxes must have shape (N, 4), got " + bs);
        }
        long n = bs.get(0);
        if (!scores.getShape().equals(new Shape(n))) {
            throw new IllegalArgumentException(
                    "scores must have shape (" + n + "), got " + scores.getShape());
        }
        if (classes != null && !classes.getShape().equals(new Shape(n))) {
            throw new IllegalArgumentException(
                    "classes must have shape (" + n + "), got " + classes.getShape());
        }
        return (int) n;
    }

    /** Builds an {@link Nms}. */
    public static final class Builder extends SuppressionSettings.Builder<Builder> {

        private Builder() {
            super(0.5, Double.NEGATIVE_INFINITY);
        }

        /** {@inheritDoc} */
        @Override
        Builder self() {
            return this;
        }

        /**
         * Validates the settings and builds the NMS.
         *
         * @return the NMS
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Nms build() {
            checkSettings();
            return new Nms(this);
        }
    }
}
