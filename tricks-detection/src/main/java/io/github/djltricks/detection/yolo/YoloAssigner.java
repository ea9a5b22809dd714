/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djltricks.detection.box.BoxIou;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assigns ground-truth boxes to the anchors and cells of a {@link YoloNet}'s heads, YOLOv3 style
 * (Redmon and Farhadi 2018), with the Bag-of-Freebies switches (Zhang et al. 2019): mixup box
 * weights and sigmoid class label smoothing are carried in the targets.
 *
 * <p>Rule: each ground truth goes to the single anchor, across all heads, whose (width, height) has
 * the best IoU with the box's when both are centred at the origin ({@link BoxIou#ofSizes}), in the
 * cell of that head that holds the box centre ({@link Builder#optPositiveThreshold} adds every
 * other anchor whose shape matches well enough, YOLOv4 style). Where two ground truths claim the
 * same anchor and cell, the smaller one wins (boxes are assigned in order of decreasing area). An
 * anchor that is not assigned but whose box — the anchor's size centred on its cell — has IoU above
 * the ignore threshold with any ground truth is left out of the negative objectness loss.
 *
 * <p>Class targets use GluonCV's sigmoid smoothing: the true class gets {@code 1 − ε}, the others
 * {@code ε}, with {@code ε = min(1/K, 1/40)} when smoothing is on and no explicit ε is given.
 *
 * <p>Input is the padded batch of the detection data pipeline: boxes {@code (N, M, 4)} as (x1, y1,
 * x2, y2) in input pixels, class ids {@code (N, M)}, box weights {@code (N, M)} and a validity mask
 * {@code (N, M)} (1 for a real box, 0 for padding). Output is one array per head, {@code (N, A,
 * H/s, W/s, }{@link #CHANNELS}{@code + K)}, laid out as the {@code *_INDEX} constants say.
 */
public final class YoloAssigner {

    /** Channel of the objectness target: 1 at an assigned anchor, 0 elsewhere. */
    public static final int OBJECTNESS_INDEX = 0;

    /** Channel of the objectness mask: 0 where an unassigned anchor is ignored, 1 elsewhere. */
    public static final int OBJECTNESS_MASK_INDEX = 1;

    /** Channel of the box weight (the mixup weight of the assigned box; 0 where unassigned). */
    public static final int WEIGHT_INDEX = 2;

    /** First of four channels holding the assigned box (x1, y1, x2, y2) in input pixels. */
    public static final int BOX_INDEX = 3;

    /**
     * First of four channels holding the classic regression targets: the centre's offset in its
     * cell {@code (t_x, t_y) ∈ [0, 1)} (targets of a sigmoid) and {@code (t_w, t_h) = log(w /
     * anchor_w), log(h / anchor_h)}.
     */
    public static final int OFFSET_INDEX = 7;

    /** Channel of the YOLOv3 box-scale weight {@code 2 − w·h / (W·H)} of the assigned box. */
    public static final int SCALE_INDEX = 11;

    /** Number of channels before the {@code K} class targets. */
    public static final int CHANNELS = 12;

    /** The default IoU above which a negative's predicted box is ignored, YOLOv3's 0.7. */
    public static final float DEFAULT_IGNORE_PREDICTED = 0.7f;

    private final float[][][] anchors;
    private final int[] strides;
    private final int numClasses;
    private final float ignoreThreshold;
    private final float smoothing;
    private final float positiveThreshold;
    private final float predictedIgnore;
    private final YoloDecoder decoder;

    private YoloAssigner(Builder builder) {
        anchors = builder.anchors;
        strides = builder.strides;
        numClasses = builder.numClasses;
        ignoreThreshold = builder.ignoreThreshold;
        smoothing = builder.smoothing;
        positiveThreshold = builder.positiveThreshold;
        predictedIgnore = builder.predictedIgnore;
        decoder = new YoloDecoder(anchors, strides);
    }

    private YoloAssigner(YoloAssigner a, float predictedIgnore) {
        anchors = a.anchors;
        strides = a.strides;
        numClasses = a.numClasses;
        ignoreThreshold = a.ignoreThreshold;
        smoothing = a.smoothing;
        positiveThreshold = a.positiveThreshold;
        this.predictedIgnore = predictedIgnore;
        decoder = a.decoder;
    }

    /** This assigner with another predicted-box ignore threshold (validated by the caller). */
    YoloAssigner withIgnorePredicted(float threshold) {
        return new YoloAssigner(this, threshold);
    }

    /**
     * Returns the IoU above which a negative's predicted box is ignored.
     *
     * @return the threshold; 1 when the rule is off
     */
    public float getIgnorePredicted() {
        return predictedIgnore;
    }

    /**
     * Returns a builder of {@link YoloAssigner}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns an assigner with the anchors, strides and classes of a network, and default options.
     *
     * @param net the network
     * @return a builder preset for the network
     */
    public static Builder builderFor(YoloNet net) {
        return new Builder()
                .setAnchors(net.getAnchors())
                .setStrides(net.getStrides())
                .setNumClasses(net.getNumClasses());
    }

    /**
     * Returns the class-target smoothing ε in use (0 when off).
     *
     * @return ε
     */
    public float getSmoothing() {
        return smoothing;
    }

    /**
     * Builds what a {@link YoloLoss} scores one batch against: the assignment ({@link #assign}) at
     * the input size the head outputs imply, so random-shape training needs nothing else; the
     * objectness targets, weights and ignore mask over every head's positions, with YOLOv3's
     * predicted-box ignore rule applied ({@link Builder#optIgnorePredicted}); and the assigned
     * positions gathered for the class and box terms. One read of the assignment on the host.
     *
     * @param labels {@code [boxes (N, M, 4), classes (N, M), weights (N, M), mask (N, M)]}
     * @param predictions the head outputs, {@code (N, A, H/s, W/s, 5 + K)} per head, ascending
     *     stride; read without gradient, for the predicted-box ignore rule only
     * @return the targets, in the labels' manager
     * @throws IllegalArgumentException if the labels are not four arrays, the head count differs
     *     from the strides', or {@link #assign} rejects the labels
     */
    public YoloTargets targets(NDList labels, NDList predictions) {
        if (labels.size() != 4) {
            throw new IllegalArgumentException(
                    "labels must be [boxes, classes, weights, mask], got "
                            + labels.size()
                            + " arrays");
        }
        if (predictions.size() != strides.length) {
            throw new IllegalArgumentException(
                    "expected " + strides.length + " head outputs, got " + predictions.size());
        }
        NDArray first = predictions.get(0);
        int height = (int) first.getShape().get(2) * strides[0];
        int width = (int) first.getShape().get(3) * strides[0];
        NDList heads =
                assign(
                        labels.get(0).getManager(), // the targets live as long as the labels
                        height,
                        width,
                        labels.get(0),
                        labels.get(1),
                        labels.get(2),
                        labels.get(3));
        int numHeads = heads.size();
        NDManager manager = heads.head().getManager();
        int depth = (int) heads.head().getShape().get(4);
        NDArray[] positives = new NDArray[numHeads];
        float[][] host = new float[numHeads][];
        int batch = (int) heads.head().getShape().get(0);
        long[] offset = new long[numHeads + 1]; // of each head's positions in one image's P
        for (int h = 0; h < numHeads; h++) {
            host[h] = heads.get(h).toFloatArray();
            offset[h + 1] = offset[h] + host[h].length / depth / Math.max(1, batch);
        }
        int perImage = (int) offset[numHeads];
        float[] t = new float[batch * perImage];
        float[] w = new float[t.length];
        float[] ignore = new float[t.length];
        int total = 0;
        for (int h = 0; h < numHeads; h++) {
            float[] v = host[h];
            int n = v.length / depth;
            int positions = (int) (offset[h + 1] - offset[h]);
            int count = 0;
            for (int r = 0; r < n; r++) {
                int j = (r / positions) * perImage + (int) offset[h] + r % positions;
                t[j] = v[r * depth + OBJECTNESS_INDEX];
                // positives weigh their box's weight, negatives 1
                w[j] = t[j] > 0 ? v[r * depth + WEIGHT_INDEX] : 1f;
                ignore[j] = 1f - v[r * depth + OBJECTNESS_MASK_INDEX];
                if (t[j] > 0) {
                    count++;
                }
            }
            long[] index = new long[count];
            count = 0;
            for (int r = 0; r < n; r++) {
                if (v[r * depth + OBJECTNESS_INDEX] > 0) {
                    index[count++] = r;
                }
            }
            positives[h] = manager.create(index);
            total += count;
        }
        if (predictedIgnore < 1) {
            ignorePredicted(labels, predictions, t, ignore, perImage);
        }
        Shape flat = new Shape(batch, perImage);
        float[] rows = new float[total * depth];
        float[] grid = new float[total * 2];
        float[] half = new float[total * 2];
        float[] stride = new float[total];
        int i = 0;
        for (int h = 0; h < numHeads; h++) {
            Shape s = heads.get(h).getShape();
            long cells = s.get(1) * s.get(2) * s.get(3);
            long gh = s.get(2);
            long gw = s.get(3);
            for (long r : positives[h].toLongArray()) {
                System.arraycopy(host[h], (int) r * depth, rows, i * depth, depth);
                long q = r % cells;
                int a = (int) (q / (gh * gw));
                grid[2 * i] = q % gw;
                grid[2 * i + 1] = (q / gw) % gh;
                half[2 * i] = anchors[h][a][0] * 0.5f;
                half[2 * i + 1] = anchors[h][a][1] * 0.5f;
                stride[i] = strides[h];
                i++;
            }
        }
        NDArray rowArray = manager.create(rows, new Shape(total, depth));
        return new YoloTargets(
                heads,
                manager.create(t, flat),
                manager.create(w, flat),
                manager.create(ignore, flat),
                positives,
                rowArray,
                manager.create(grid, new Shape(total, 2)),
                manager.create(half, new Shape(total, 2)),
                manager.create(stride, new Shape(total, 1)),
                rowArray.get(new NDIndex("..., {}:{}", BOX_INDEX, BOX_INDEX + 4)),
                rowArray.get(new NDIndex("..., {}", WEIGHT_INDEX)));
    }

    /**
     * Marks as ignored every negative whose predicted box overlaps a ground-truth box of its image
     * by more than the threshold, as YOLOv3 does (Redmon and Farhadi 2018, section 2.1): such a
     * prediction is not wrong, only not the assigned one. The boxes are decoded from the current
     * outputs without gradient.
     */
    private void ignorePredicted(
            NDList labels, NDList predictions, float[] t, float[] ignore, int perImage) {
        NDArray gtBoxes = labels.get(0);
        int n = (int) gtBoxes.getShape().get(0);
        int m = (int) gtBoxes.getShape().get(1);
        float[] gt = gtBoxes.toType(DataType.FLOAT32, false).toFloatArray();
        float[] mask = labels.get(3).toType(DataType.FLOAT32, false).toFloatArray();
        float[] predicted = new float[n * perImage * 4];
        int offset = 0;
        for (int h = 0; h < predictions.size(); h++) {
            try (NDArray boxes = decoder.boxes(h, predictions.get(h).stopGradient())) {
                float[] b = boxes.toType(DataType.FLOAT32, false).toFloatArray();
                int positions = b.length / 4 / Math.max(1, n);
                for (int img = 0; img < n; img++) {
                    System.arraycopy(
                            b,
                            img * positions * 4,
                            predicted,
                            (img * perImage + offset) * 4,
                            positions * 4);
                }
                offset += positions;
            }
        }
        float[] box = new float[4];
        for (int img = 0; img < n; img++) {
            List<float[]> truths = new ArrayList<>(m);
            for (int g = 0; g < m; g++) {
                if (mask[img * m + g] != 0) {
                    int at = (img * m + g) * 4;
                    truths.add(Arrays.copyOfRange(gt, at, at + 4));
                }
            }
            if (truths.isEmpty()) {
                continue;
            }
            for (int p = 0; p < perImage; p++) {
                int j = img * perImage + p;
                if (t[j] > 0 || ignore[j] > 0) {
                    continue;
                }
                System.arraycopy(predicted, j * 4, box, 0, 4);
                for (float[] truth : truths) {
                    if (BoxIou.of(box, truth) > predictedIgnore) {
                        ignore[j] = 1f;
                        break;
                    }
                }
            }
        }
    }

    /**
     * Assigns a padded batch of ground truths.
     *
     * @param manager the manager of the target arrays
     * @param height the input height in pixels, a multiple of the largest stride
     * @param width the input width in pixels, a multiple of the largest stride
     * @param boxes {@code (N, M, 4)} boxes (x1, y1, x2, y2) in input pixels
     * @param classes {@code (N, M)} class ids in {@code [0, K)}
     * @param weights {@code (N, M)} box weights in {@code [0, 1]} (mixup's λ and 1 − λ; else 1)
     * @param mask {@code (N, M)} 1 for a real box, 0 for padding
     * @return one target array per head, ascending stride
     * @throws IllegalArgumentException on mismatched shapes, malformed boxes or class ids
     */
    public NDList assign(
            NDManager manager,
            int height,
            int width,
            NDArray boxes,
            NDArray classes,
            NDArray weights,
            NDArray mask) {
        YoloNet.checkInputSize(strides, height, width, "height and width");
        Shape bs = boxes.getShape();
        if (bs.dimension() != 3 || bs.get(2) != 4) {
            throw new IllegalArgumentException("boxes must be (N, M, 4), got " + bs);
        }
        Shape nm = new Shape(bs.get(0), bs.get(1));
        for (NDArray a : new NDArray[] {classes, weights, mask}) {
            if (!a.getShape().equals(nm)) {
                throw new IllegalArgumentException(
                        "classes, weights and mask must be "
                                + nm
                                + " like boxes, got "
                                + a.getShape());
            }
        }
        int n = (int) bs.get(0);
        int m = (int) bs.get(1);
        float[] box = boxes.toType(DataType.FLOAT32, false).toFloatArray();
        float[] cls = classes.toType(DataType.FLOAT32, false).toFloatArray();
        float[] wgt = weights.toType(DataType.FLOAT32, false).toFloatArray();
        float[] msk = mask.toType(DataType.FLOAT32, false).toFloatArray();

        int depth = CHANNELS + numClasses;
        int perHead = anchors[0].length;
        float[][] out = new float[strides.length][];
        int[] gridH = new int[strides.length];
        int[] gridW = new int[strides.length];
        for (int h = 0; h < strides.length; h++) {
            gridH[h] = height / strides[h];
            gridW[h] = width / strides[h];
            out[h] = new float[n * perHead * gridH[h] * gridW[h] * depth];
        }
        for (int img = 0; img < n; img++) {
            // valid boxes of this image, largest first so smaller ones win shared slots
            Integer[] order = new Integer[m];
            int count = 0;
            for (int j = 0; j < m; j++) {
                if (msk[img * m + j] == 0) {
                    continue;
                }
                int b = (img * m + j) * 4;
                float x1 = box[b];
                float y1 = box[b + 1];
                float x2 = box[b + 2];
                float y2 = box[b + 3];
                if (!(x2 >= x1) || !(y2 >= y1) || !Float.isFinite(x1 + y1 + x2 + y2)) {
                    throw new IllegalArgumentException(
                            "box "
                                    + j
                                    + " of image "
                                    + img
                                    + " must be finite with x2 >= x1 and y2 >= y1, got "
                                    + Arrays.toString(new float[] {x1, y1, x2, y2}));
                }
                float c = cls[img * m + j];
                if (c < 0 || c >= numClasses || c != Math.floor(c)) {
                    throw new IllegalArgumentException(
                            "class id of box "
                                    + j
                                    + " of image "
                                    + img
                                    + " must be in [0, "
                                    + numClasses
                                    + "), got "
                                    + c);
                }
                float w = wgt[img * m + j];
                if (!(w >= 0 && w <= 1)) {
                    throw new IllegalArgumentException(
                            "weight of box "
                                    + j
                                    + " of image "
                                    + img
                                    + " must be in [0, 1], got "
                                    + w);
                }
                if (x2 - x1 <= 0 || y2 - y1 <= 0) {
                    continue; // a zero-area box has no shape to learn: it is not assigned
                }
                order[count++] = j;
            }
            Integer[] valid = Arrays.copyOf(order, count);
            final int image = img;
            Arrays.sort(
                    valid, (p, q) -> Float.compare(area(box, image, m, q), area(box, image, m, p)));

            // ignore pass: anchors whose box overlaps a ground truth well are not negatives
            float[][] gtBoxes = new float[valid.length][];
            for (int v = 0; v < valid.length; v++) {
                int b = (img * m + valid[v]) * 4;
                gtBoxes[v] = Arrays.copyOfRange(box, b, b + 4);
            }
            for (int h = 0; h < strides.length; h++) {
                for (int a = 0; a < perHead; a++) {
                    float aw = anchors[h][a][0];
                    float ah = anchors[h][a][1];
                    for (int gy = 0; gy < gridH[h]; gy++) {
                        for (int gx = 0; gx < gridW[h]; gx++) {
                            float cx = (gx + 0.5f) * strides[h];
                            float cy = (gy + 0.5f) * strides[h];
                            float[] anchorBox = {
                                cx - aw / 2, cy - ah / 2, cx + aw / 2, cy + ah / 2
                            };
                            double best = 0;
                            for (float[] g : gtBoxes) {
                                best = Math.max(best, BoxIou.of(anchorBox, g));
                            }
                            int base = index(img, a, gy, gx, perHead, gridH[h], gridW[h], depth);
                            out[h][base + OBJECTNESS_MASK_INDEX] = best > ignoreThreshold ? 0f : 1f;
                        }
                    }
                }
            }
            // assignment pass
            for (int j : valid) {
                int b = (img * m + j) * 4;
                float bw = box[b + 2] - box[b];
                float bh = box[b + 3] - box[b + 1];
                int bestHead = 0;
                int bestAnchor = 0;
                double bestIou = -1;
                double[][] shapeIou = new double[strides.length][perHead];
                for (int h = 0; h < strides.length; h++) {
                    for (int a = 0; a < perHead; a++) {
                        double iou = BoxIou.ofSizes(bw, bh, anchors[h][a][0], anchors[h][a][1]);
                        shapeIou[h][a] = iou;
                        if (iou > bestIou) {
                            bestIou = iou;
                            bestHead = h;
                            bestAnchor = a;
                        }
                    }
                }
                for (int h = 0; h < strides.length; h++) {
                    for (int a = 0; a < perHead; a++) {
                        boolean best = h == bestHead && a == bestAnchor;
                        if (best || shapeIou[h][a] > positiveThreshold) {
                            place(
                                    out[h], img, h, a, gridH[h], gridW[h], box, b, cls, wgt, m, j,
                                    width, height);
                        }
                    }
                }
            }
        }
        NDList result = new NDList(strides.length);
        for (int h = 0; h < strides.length; h++) {
            result.add(manager.create(out[h], new Shape(n, perHead, gridH[h], gridW[h], depth)));
        }
        return result;
    }

    /**
     * Writes ground truth {@code j} of image {@code img} into anchor {@code a} of head {@code h},
     * in the cell that holds the box centre.
     */
    private void place(
            float[] t,
            int img,
            int h,
            int a,
            int gh,
            int gw,
            float[] box,
            int b,
            float[] cls,
            float[] wgt,
            int m,
            int j,
            int width,
            int height) {
        float x1 = box[b];
        float y1 = box[b + 1];
        float x2 = box[b + 2];
        float y2 = box[b + 3];
        float bw = x2 - x1;
        float bh = y2 - y1;
        int s = strides[h];
        float cx = (x1 + x2) / 2;
        float cy = (y1 + y2) / 2;
        int gx = Math.min(gw - 1, Math.max(0, (int) Math.floor(cx / s)));
        int gy = Math.min(gh - 1, Math.max(0, (int) Math.floor(cy / s)));
        int base = index(img, a, gy, gx, anchors[h].length, gh, gw, CHANNELS + numClasses);
        t[base + OBJECTNESS_INDEX] = 1f;
        t[base + OBJECTNESS_MASK_INDEX] = 1f;
        t[base + WEIGHT_INDEX] = wgt[img * m + j];
        t[base + BOX_INDEX] = x1;
        t[base + BOX_INDEX + 1] = y1;
        t[base + BOX_INDEX + 2] = x2;
        t[base + BOX_INDEX + 3] = y2;
        t[base + OFFSET_INDEX] = Math.min(Math.max(cx / s - gx, 0f), 1f);
        t[base + OFFSET_INDEX + 1] = Math.min(Math.max(cy / s - gy, 0f), 1f);
        t[base + OFFSET_INDEX + 2] = (float) Math.log(bw / anchors[h][a][0]);
        t[base + OFFSET_INDEX + 3] = (float) Math.log(bh / anchors[h][a][1]);
        t[base + SCALE_INDEX] = 2f - bw * bh / ((float) width * height);
        int c = (int) cls[img * m + j];
        for (int k = 0; k < numClasses; k++) {
            t[base + CHANNELS + k] = k == c ? 1f - smoothing : smoothing;
        }
    }

    /** Rejects a predicted-box ignore threshold outside [0, 1] (NaN included). */
    static void checkIgnorePredicted(float threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "ignore threshold must be in [0, 1], got " + threshold);
        }
    }

    private static int index(
            int img, int a, int gy, int gx, int perHead, int gh, int gw, int depth) {
        return (((img * perHead + a) * gh + gy) * gw + gx) * depth;
    }

    private static float area(float[] box, int img, int m, int j) {
        int b = (img * m + j) * 4;
        return (box[b + 2] - box[b]) * (box[b + 3] - box[b + 1]);
    }

    /** The builder of {@link YoloAssigner}: anchors, strides and classes are required. */
    public static final class Builder {

        private float[][][] anchors;
        private int[] strides;
        private int numClasses = -1;
        private float ignoreThreshold = 0.7f;
        private boolean smooth;
        private float epsilon = Float.NaN;
        private float smoothing;
        private float positiveThreshold = 1f;
        private float predictedIgnore = DEFAULT_IGNORE_PREDICTED;

        private Builder() {}

        /**
         * Sets the anchors per head, {@code [head][anchor] = (width, height)} in pixels.
         *
         * @param anchors the anchors, as given to {@link YoloNet}
         * @return this builder
         */
        public Builder setAnchors(float[][][] anchors) {
            this.anchors = anchors;
            return this;
        }

        /**
         * Sets the head strides, ascending, as given to {@link YoloNet}.
         *
         * @param strides the strides
         * @return this builder
         */
        public Builder setStrides(int... strides) {
            this.strides = strides.clone();
            return this;
        }

        /**
         * Sets the number of classes {@code K}.
         *
         * @param numClasses the number of classes, ≥ 1
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the IoU above which an unassigned anchor is ignored by the objectness loss (default
         * 0.7); 1 ignores nothing.
         *
         * @param ignoreThreshold the threshold in [0, 1]
         * @return this builder
         */
        public Builder optIgnoreThreshold(float ignoreThreshold) {
            this.ignoreThreshold = ignoreThreshold;
            return this;
        }

        /**
         * Sets the IoU above which a negative whose <em>predicted</em> box overlaps a ground truth
         * is ignored by {@link #targets}, besides the anchors whose prior box overlaps one by more
         * than {@link #optIgnoreThreshold}'s threshold, as YOLOv3 does (Redmon and Farhadi 2018;
         * Darknet's {@code ignore_thresh}, GluonCV's dynamic targets): a neighbouring cell that
         * already predicts the object well is not pushed towards background. Default: {@value
         * #DEFAULT_IGNORE_PREDICTED}, as both; 1 turns the rule off, since no IoU exceeds 1.
         *
         * @param threshold the IoU above which a predicted box is ignored, in [0, 1]
         * @return this builder
         */
        public Builder optIgnorePredicted(float threshold) {
            this.predictedIgnore = threshold;
            return this;
        }

        /**
         * Makes every anchor whose shape matches a ground truth's by IoU above the threshold a
         * positive for it as well, not only the best-matching anchor (YOLOv4's {@code iou_thresh},
         * Bochkovskiy et al. 2020, arXiv 2004.10934, uses 0.213); default 1, one positive per
         * ground truth as in YOLOv3. The shape IoU compares (width, height) pairs centred at the
         * origin, and each positive sits in the cell of its head that holds the box centre.
         *
         * @param positiveThreshold the threshold in [0, 1]; 1 keeps one positive per ground truth
         * @return this builder
         */
        public Builder optPositiveThreshold(float positiveThreshold) {
            this.positiveThreshold = positiveThreshold;
            return this;
        }

        /**
         * Turns sigmoid class label smoothing on with GluonCV's ε = min(1/K, 1/40).
         *
         * @return this builder
         */
        public Builder optLabelSmoothing() {
            this.smooth = true;
            return this;
        }

        /**
         * Turns sigmoid class label smoothing on with an explicit ε: the true class's target is 1 −
         * ε, the others' ε.
         *
         * @param epsilon ε in [0, 0.5)
         * @return this builder
         */
        public Builder optLabelSmoothing(float epsilon) {
            this.smooth = true;
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Validates the settings and builds the assigner.
         *
         * @return the assigner
         * @throws IllegalArgumentException if a setting is out of range
         */
        public YoloAssigner build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
            }
            if (anchors == null
                    || strides == null
                    || anchors.length != strides.length
                    || strides.length == 0) {
                throw new IllegalArgumentException(
                        "anchors and strides are required, one anchor row per stride, got "
                                + (anchors == null ? "null" : anchors.length)
                                + " rows and strides "
                                + Arrays.toString(strides));
            }
            if (!(ignoreThreshold >= 0 && ignoreThreshold <= 1)) {
                throw new IllegalArgumentException(
                        "ignoreThreshold must be in [0, 1], got " + ignoreThreshold);
            }
            checkIgnorePredicted(predictedIgnore);
            if (!(positiveThreshold >= 0 && positiveThreshold <= 1)) {
                throw new IllegalArgumentException(
                        "positiveThreshold must be in [0, 1], got " + positiveThreshold);
            }
            if (smooth) {
                if (Float.isNaN(epsilon)) {
                    smoothing = Math.min(1f / numClasses, 1f / 40);
                } else if (!(epsilon >= 0 && epsilon < 0.5f)) {
                    throw new IllegalArgumentException(
                            "label smoothing epsilon must be in [0, 0.5), got " + epsilon);
                } else {
                    smoothing = epsilon;
                }
            }
            // the network validates anchors and strides the same way; reuse it for one message
            YoloNet.builder()
                    .setNumClasses(numClasses)
                    .setAnchors(anchors)
                    .optStrides(strides)
                    .build();
            return new YoloAssigner(this);
        }
    }
}
