/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.github.djltricks.core.autograd.Scalar;
import io.github.djltricks.detection.box.Nms;
import io.github.djltricks.detection.metric.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw head outputs of a {@link YoloNet} into boxes and scores (YOLOv3 decoding):
 *
 * <pre>
 * c_x = (σ(t_x) + g_x)·s,   c_y = (σ(t_y) + g_y)·s,   w = a_w·e^{t_w},   h = a_h·e^{t_h},
 * score_k = σ(t_o)·σ(t_k)
 * </pre>
 *
 * for the cell {@code (g_x, g_y)} of a head of stride {@code s} and its anchor {@code (a_w, a_h)}.
 */
public final class YoloDecoder {

    /** The size logits {@code t_w, t_h} are clipped here before {@code exp}: e^8 ≈ 2981 anchors. */
    public static final float MAX_SIZE_LOGIT = 8f;

    private final float[][][] anchors;
    private final int[] strides;

    /**
     * Creates a decoder for a network's anchors and strides.
     *
     * @param net the network whose outputs are decoded
     */
    public YoloDecoder(YoloNet net) {
        this(net.getAnchors(), net.getStrides());
    }

    /** Creates a decoder for anchors and strides already validated (by a network's builder). */
    YoloDecoder(float[][][] anchors, int[] strides) {
        this.anchors = anchors;
        this.strides = strides;
    }

    /**
     * Returns the number of heads this decoder expects.
     *
     * @return the number of heads
     */
    public int numHeads() {
        return strides.length;
    }

    /**
     * Returns the stride of a head.
     *
     * @param head the head's index, ascending stride
     * @return its stride in input pixels
     */
    public int stride(int head) {
        return strides[head];
    }

    /**
     * Decodes the boxes of one head, keeping its layout. The size logits are clipped at {@link
     * #MAX_SIZE_LOGIT} before the exponential so a diverging network gives large but finite boxes.
     *
     * @param head the head's index, ascending stride
     * @param output the head's raw output {@code (N, A, H, W, 5 + K)}
     * @return boxes {@code (N, A, H, W, 4)} as (x1, y1, x2, y2) in input pixels
     */
    public NDArray boxes(int head, NDArray output) {
        Shape s = output.getShape();
        if (s.dimension() != 5 || s.get(1) != anchors[head].length || s.get(4) < 5) {
            throw new IllegalArgumentException(
                    "head "
                            + head
                            + " output must be (N, "
                            + anchors[head].length
                            + ", H, W, 5 + K), got "
                            + s);
        }
        int a = (int) s.get(1);
        int gh = (int) s.get(2);
        int gw = (int) s.get(3);
        NDManager manager = output.getManager();
        float[] grid = new float[gh * gw * 2];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                grid[2 * (y * gw + x)] = x;
                grid[2 * (y * gw + x) + 1] = y;
            }
        }
        float[] half = new float[a * 2];
        for (int i = 0; i < a; i++) {
            half[2 * i] = anchors[head][i][0] * 0.5f;
            half[2 * i + 1] = anchors[head][i][1] * 0.5f;
        }
        DataType type = output.getDataType();
        return decode(
                output,
                manager.create(grid, new Shape(1, 1, gh, gw, 2)).toType(type, false),
                manager.create(half, new Shape(1, a, 1, 1, 2)).toType(type, false),
                Scalar.of(manager, strides[head], type),
                4);
    }

    /**
     * Decodes gathered rows of head outputs, each with its own cell, anchor and stride: the same
     * formula as {@link #boxes(int, NDArray)}, for a loss that needs only a few positions.
     *
     * @param rows raw outputs {@code (M, 5 + K)}, one anchor position each
     * @param cells {@code (M, 5)}: cell column, cell row, anchor width, anchor height, stride
     * @return boxes {@code (M, 4)} as (x1, y1, x2, y2) in input pixels
     */
    public NDArray boxesAt(NDArray rows, NDArray cells) {
        DataType type = rows.getDataType();
        NDList c = cells.toType(type, false).split(new long[] {2, 4}, 1);
        NDArray half = c.get(1).mul(Scalar.of(rows.getManager(), 0.5, type));
        return boxesAt(rows, c.get(0), half, c.get(2));
    }

    /**
     * {@link #boxesAt(NDArray, NDArray)} with the cells already split: for a loss that decodes the
     * same positions at every step.
     *
     * @param rows raw outputs {@code (M, 5 + K)}
     * @param grid {@code (M, 2)} cell column and row
     * @param halfAnchor {@code (M, 2)} half the anchor width and height
     * @param stride {@code (M, 1)} stride
     * @return boxes {@code (M, 4)}
     */
    NDArray boxesAt(NDArray rows, NDArray grid, NDArray halfAnchor, NDArray stride) {
        DataType type = rows.getDataType();
        return decode(
                rows,
                grid.toType(type, false),
                halfAnchor.toType(type, false),
                stride.toType(type, false),
                1);
    }

    /**
     * {@code c = (σ(t_xy) + g)·s}, {@code size/2 = (a/2)·exp(min(t_wh, MAX_SIZE_LOGIT))}, as
     * corners {@code (c − size/2, c + size/2)}; the (x, y) pairs are computed together. The grid,
     * half anchor and stride arrays broadcast against {@code output[..., 0:2]}. Scalars on this
     * differentiated path are engine-owned arrays, not Java numbers (see {@code YoloLoss.Term}).
     */
    private static NDArray decode(
            NDArray output, NDArray grid, NDArray halfAnchor, NDArray stride, int axis) {
        NDList parts = output.split(new long[] {2, 4}, axis);
        NDArray centre = Activation.sigmoid(parts.get(0)).add(grid).mul(stride);
        NDArray half =
                parts.get(1).clip(Float.NEGATIVE_INFINITY, MAX_SIZE_LOGIT).exp().mul(halfAnchor);
        return NDArrays.concat(new NDList(centre.sub(half), centre.add(half)), axis);
    }

    /**
     * Decodes every anchor of every cell of every head.
     *
     * @param heads the network's outputs, {@code (N, A, H/s, W/s, 5 + K)} per head
     * @return boxes {@code (N, P, 4)} as (x1, y1, x2, y2) in input pixels and scores {@code (N, P,
     *     K)}, {@code P} the number of anchor positions over all heads, in head, anchor, row,
     *     column order
     */
    public NDList decode(NDList heads) {
        if (heads.size() != strides.length) {
            throw new IllegalArgumentException(
                    "expected " + strides.length + " head outputs, got " + heads.size());
        }
        NDList boxes = new NDList(heads.size());
        NDList scores = new NDList(heads.size());
        for (int h = 0; h < heads.size(); h++) {
            NDArray p = heads.get(h);
            Shape s = p.getShape();
            long n = s.get(0);
            long positions = s.get(1) * s.get(2) * s.get(3);
            NDArray objectness = Activation.sigmoid(p.get(new NDIndex("..., 4:5")));
            NDArray cls = Activation.sigmoid(p.get(new NDIndex("..., 5:")));
            boxes.add(boxes(h, p).reshape(n, positions, 4));
            scores.add(cls.mul(objectness).reshape(n, positions, s.get(4) - 5));
        }
        NDArray allBoxes = boxes.size() == 1 ? boxes.head() : NDArrays.concat(boxes, 1);
        NDArray allScores = scores.size() == 1 ? scores.head() : NDArrays.concat(scores, 1);
        return new NDList(
                allBoxes.toType(DataType.FLOAT32, false),
                allScores.toType(DataType.FLOAT32, false));
    }

    /**
     * Decodes and filters: every (anchor position, class) pair whose score exceeds the threshold
     * becomes a candidate, then class-aware NMS keeps at most its cap per image.
     *
     * @param heads the network's outputs
     * @param scoreThreshold candidates need a score above this, in [0, 1)
     * @param nms the suppression (its IoU threshold and cap)
     * @return per image, the kept detections by decreasing score
     */
    public List<List<Detection>> detect(NDList heads, float scoreThreshold, Nms nms) {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException(
                    "scoreThreshold must be in [0, 1), got " + scoreThreshold);
        }
        NDList decoded = decode(heads);
        Shape s = decoded.get(1).getShape();
        int n = (int) s.get(0);
        int positions = (int) s.get(1);
        int k = (int) s.get(2);
        float[] boxes = decoded.get(0).toFloatArray();
        float[] scores = decoded.get(1).toFloatArray();
        decoded.close();
        List<List<Detection>> result = new ArrayList<>(n);
        for (int img = 0; img < n; img++) {
            int count = 0;
            for (int i = img * positions * k; i < (img + 1) * positions * k; i++) {
                if (scores[i] > scoreThreshold) {
                    count++;
                }
            }
            float[] candBoxes = new float[4 * count];
            float[] candScores = new float[count];
            long[] candClasses = new long[count];
            int c = 0;
            for (int p = 0; p < positions; p++) {
                for (int cls = 0; cls < k; cls++) {
                    float score = scores[(img * positions + p) * k + cls];
                    if (score > scoreThreshold) {
                        System.arraycopy(boxes, (img * positions + p) * 4, candBoxes, 4 * c, 4);
                        candScores[c] = score;
                        candClasses[c] = cls;
                        c++;
                    }
                }
            }
            int[] keep = nms.select(candBoxes, candScores, candClasses);
            List<Detection> detections = new ArrayList<>(keep.length);
            for (int i : keep) {
                detections.add(
                        new Detection(
                                candBoxes[4 * i],
                                candBoxes[4 * i + 1],
                                candBoxes[4 * i + 2],
                                candBoxes[4 * i + 3],
                                candScores[i],
                                (int) candClasses[i]));
            }
            result.add(detections);
        }
        return result;
    }
}
