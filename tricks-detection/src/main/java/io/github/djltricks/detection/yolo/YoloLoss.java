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
import ai.djl.training.loss.AbstractCompositeLoss;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.djltricks.core.autograd.Scalar;
import io.github.djltricks.detection.box.BoxIou;
import io.github.djltricks.detection.loss.FocalLoss;
import io.github.djltricks.detection.loss.IouLoss;
import io.github.djltricks.detection.loss.Reduction;
import io.github.djltricks.detection.loss.SmoothL1Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss of a {@link YoloNet}, with a switch for every Bag-of-Freebies choice (Zhang et al. 2019,
 * arXiv 1902.04103): objectness by binary cross-entropy or focal loss (Lin et al. 2017); class
 * targets with or without sigmoid label smoothing (set on the {@link YoloAssigner}); box regression
 * by an IoU-family loss (GIoU, DIoU, CIoU) on the decoded boxes or by the classic YOLOv3 terms
 * (binary cross-entropy on the centre offsets plus L1 on the log sizes, both weighted by {@code 2 −
 * wh/WH}); mixup's per-box weights multiply every positive term.
 *
 * <p>For a batch of {@code N} images, with positives {@code P} (assigned anchors), box weights
 * {@code w_i}, and negatives {@code Q} (unassigned, not ignored; an anchor is ignored when its
 * prior box overlaps a ground truth by more than the assigner's threshold, or its predicted box by
 * more than {@link Builder#optIgnorePredicted}'s, 0.7 by default):
 *
 * <pre>
 * L = λ_obj·(Σ_{i∈P} w_i·ℓ_obj(o_i, 1) + Σ_{i∈Q} ℓ_obj(o_i, 0)) / N
 *   + λ_cls·Σ_{i∈P} w_i·Σ_k BCE(c_ik, y_ik) / N
 *   + λ_box·Σ_{i∈P} w_i·ℓ_box(b_i, g_i) / N
 * </pre>
 *
 * <p><b>Layout.</b> Predictions: the network's head outputs. Labels: the padded ground truth of the
 * batch, {@code [boxes (N, M, 4), classes (N, M), weights (N, M), mask (N, M)]} as the {@link
 * YoloAssigner} takes them; the assignment happens inside the loss, once per batch, at the input
 * size the heads imply, so random-shape training needs nothing else. Images without objects and
 * boxes of weight 0 give finite values.
 *
 * <p>The three terms are this composite's components, named {@code yolo_objectness}, {@code
 * yolo_class} and {@code yolo_box}. Each takes the same labels and predictions as the whole loss
 * and reads the batch's assignment from it (computed once per batch and labels), so they can be
 * added to the training configuration as evaluators to see which term still falls; the composite's
 * accumulators also keep one value per component.
 */
public final class YoloLoss extends AbstractCompositeLoss {

    /** How boxes are regressed. */
    public enum BoxLoss {
        /** Generalized IoU loss on the decoded boxes. */
        GIOU,
        /** Distance IoU loss on the decoded boxes. */
        DIOU,
        /** Complete IoU loss on the decoded boxes. */
        CIOU,
        /** YOLOv3's centre binary cross-entropy plus log-size L1, scaled by 2 − wh/WH. */
        CLASSIC
    }

    /** The default IoU above which a negative's predicted box is ignored, YOLOv3's 0.7. */
    public static final float DEFAULT_IGNORE_PREDICTED = 0.7f;

    private final YoloAssigner assigner;
    private final YoloDecoder decoder;
    private final float[][][] anchors;
    private final float predictedIgnore;

    /**
     * The last batch's assignment, one per thread: a sharded step evaluates the shards' losses on
     * threads of their own, each with its own labels.
     */
    private final ThreadLocal<Cache> cache = ThreadLocal.withInitial(Cache::new);

    /**
     * What one thread last computed for one labels array: the targets, and what every step of the
     * batch reads from them (built once, on the host, from one read of the targets).
     */
    private static final class Cache {
        NDArray key;
        Shape shape;
        NDList targets;

        /**
         * Objectness targets, weights (box weight at positives, 1 elsewhere) and ignore mask, each
         * {@code (N, P)}: every head's anchor positions in head, anchor, row, column order.
         */
        NDList objectness;

        /** The objectness targets prepared for the focal loss, built on first use. */
        FocalLoss.Targets objectnessPrepared;

        /** Per head: int64 row indices of the assigned positions in {@code (N·A·H·W, 5 + K)}. */
        NDArray[] positives;

        /** Target rows of the assigned positions {@code (M, CHANNELS + K)}, heads in order. */
        NDArray rows;

        /**
         * Cell column and row {@code (M, 2)}, half anchor {@code (M, 2)}, stride {@code (M, 1)}.
         */
        NDArray grid;

        NDArray halfAnchor;
        NDArray stride;

        /** The target boxes {@code (M, 4)} and box weights {@code (M)} of those rows. */
        NDArray boxTargets;

        NDArray boxWeights;

        /** Class targets prepared for binary cross-entropy, built on first use. */
        FocalLoss.Targets classPrepared;
    }

    private YoloLoss(Builder builder) {
        super(builder.name);
        assigner = builder.assigner;
        predictedIgnore = builder.predictedIgnore;
        decoder = new YoloDecoder(builder.net);
        anchors = builder.net.getAnchors();
        FocalLoss objectness =
                builder.focal
                        ? FocalLoss.builder()
                                .optAlpha(builder.focalAlpha)
                                .optGamma(builder.focalGamma)
                                .optReduction(Reduction.SUM)
                                .build()
                        : FocalLoss.builder()
                                .optAlphaDisabled()
                                .optGamma(0)
                                .optReduction(Reduction.SUM)
                                .build();
        FocalLoss bce =
                FocalLoss.builder()
                        .optAlphaDisabled()
                        .optGamma(0)
                        .optReduction(Reduction.SUM)
                        .build();
        components =
                List.of(
                        new Objectness(objectness, builder.objectnessWeight),
                        new Classification(bce, builder.classWeight),
                        new BoxRegression(builder.boxLoss, bce, builder.boxWeight));
    }

    /**
     * Returns a builder for a network.
     *
     * @param net the network whose outputs the loss reads
     * @return a new builder with GIoU boxes, BCE objectness, no smoothing
     */
    public static Builder builder(YoloNet net) {
        return new Builder(net);
    }

    /**
     * Returns the targets of a batch: the assignment of its ground truth to the heads.
     *
     * @param labels {@code [boxes, classes, weights, mask]}
     * @param predictions the head outputs
     * @return one target array per head, laid out as {@link YoloAssigner} says
     */
    public NDList targets(NDList labels, NDList predictions) {
        if (labels.size() != 4) {
            throw new IllegalArgumentException(
                    "labels must be [boxes, classes, weights, mask], got "
                            + labels.size()
                            + " arrays");
        }
        if (predictions.size() != decoder.numHeads()) {
            throw new IllegalArgumentException(
                    "expected " + decoder.numHeads() + " head outputs, got " + predictions.size());
        }
        NDArray key = labels.get(0);
        NDArray first = predictions.get(0);
        Cache c = cache.get();
        if (key == c.key && first.getShape().equals(c.shape) && !c.targets.head().isReleased()) {
            // every component, and the trainer's evaluate-then-accumulate, reads the same batch
            return c.targets;
        }
        int height = (int) first.getShape().get(2) * decoder.stride(0);
        int width = (int) first.getShape().get(3) * decoder.stride(0);
        NDList targets =
                assigner.assign(
                        key.getManager(), // the targets live as long as the labels they come from
                        height,
                        width,
                        labels.get(0),
                        labels.get(1),
                        labels.get(2),
                        labels.get(3));
        c.key = key;
        c.shape = first.getShape();
        c.targets = targets;
        c.objectness = null;
        return targets;
    }

    /**
     * Returns this thread's cache for the batch, with what the terms read from the targets built on
     * first use: per head the objectness targets, weights and ignore mask; the assigned positions
     * per head; and, for those positions in head order, the target rows and the cells that decoding
     * needs. One read of the targets, once per batch.
     */
    private Cache batch(NDList labels, NDList predictions) {
        NDList targets = targets(labels, predictions);
        Cache c = cache.get();
        if (c.objectness != null) {
            return c;
        }
        int heads = targets.size();
        NDManager manager = targets.head().getManager();
        int width = (int) targets.head().getShape().get(4);
        NDArray[] positives = new NDArray[heads];
        float[][] host = new float[heads][];
        int batch = (int) targets.head().getShape().get(0);
        long[] offset = new long[heads + 1]; // of each head's positions in one image's P
        for (int h = 0; h < heads; h++) {
            host[h] = targets.get(h).toFloatArray();
            offset[h + 1] = offset[h] + host[h].length / width / Math.max(1, batch);
        }
        int perImage = (int) offset[heads];
        float[] t = new float[batch * perImage];
        float[] w = new float[t.length];
        float[] ignore = new float[t.length];
        int total = 0;
        for (int h = 0; h < heads; h++) {
            float[] v = host[h];
            int n = v.length / width;
            int positions = (int) (offset[h + 1] - offset[h]);
            int count = 0;
            for (int r = 0; r < n; r++) {
                int j = (r / positions) * perImage + (int) offset[h] + r % positions;
                t[j] = v[r * width + YoloAssigner.OBJECTNESS_INDEX];
                // positives weigh their box's weight, negatives 1
                w[j] = t[j] > 0 ? v[r * width + YoloAssigner.WEIGHT_INDEX] : 1f;
                ignore[j] = 1f - v[r * width + YoloAssigner.OBJECTNESS_MASK_INDEX];
                if (t[j] > 0) {
                    count++;
                }
            }
            long[] index = new long[count];
            count = 0;
            for (int r = 0; r < n; r++) {
                if (v[r * width + YoloAssigner.OBJECTNESS_INDEX] > 0) {
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
        NDList objectness =
                new NDList(
                        manager.create(t, flat),
                        manager.create(w, flat),
                        manager.create(ignore, flat));
        float[] rows = new float[total * width];
        float[] grid = new float[total * 2];
        float[] half = new float[total * 2];
        float[] stride = new float[total];
        int i = 0;
        for (int h = 0; h < heads; h++) {
            Shape s = targets.get(h).getShape();
            long cells = s.get(1) * s.get(2) * s.get(3);
            long gh = s.get(2);
            long gw = s.get(3);
            for (long r : positives[h].toLongArray()) {
                System.arraycopy(host[h], (int) r * width, rows, i * width, width);
                long q = r % cells;
                int a = (int) (q / (gh * gw));
                grid[2 * i] = q % gw;
                grid[2 * i + 1] = (q / gw) % gh;
                half[2 * i] = anchors[h][a][0] * 0.5f;
                half[2 * i + 1] = anchors[h][a][1] * 0.5f;
                stride[i] = decoder.stride(h);
                i++;
            }
        }
        c.rows = manager.create(rows, new Shape(total, width));
        c.grid = manager.create(grid, new Shape(total, 2));
        c.halfAnchor = manager.create(half, new Shape(total, 2));
        c.stride = manager.create(stride, new Shape(total, 1));
        c.boxTargets = channels(c.rows, YoloAssigner.BOX_INDEX, YoloAssigner.BOX_INDEX + 4);
        c.boxWeights = channel(c.rows, YoloAssigner.WEIGHT_INDEX);
        c.positives = positives;
        c.objectnessPrepared = null;
        c.classPrepared = null;
        c.objectness = objectness;
        return c;
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
     * Returns the raw outputs at the assigned positions {@code (M, 5 + K)}, in the order of the
     * cache's rows: gathered head by head, without joining the heads' whole outputs.
     */
    private static NDArray predictionRows(NDList predictions, Cache c) {
        NDList parts = new NDList(predictions.size());
        for (int h = 0; h < predictions.size(); h++) {
            if (c.positives[h].size() > 0 || (h == predictions.size() - 1 && parts.isEmpty())) {
                NDArray p = predictions.get(h);
                long width = p.getShape().get(p.getShape().dimension() - 1);
                parts.add(p.reshape(-1, width).get(new NDIndex("{}", c.positives[h])));
            }
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }

    /**
     * Returns the sum of the terms; the prediction rows at the assigned positions are gathered once
     * and shared by the class and box terms.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        Cache c = batch(labels, predictions);
        NDArray rows = predictionRows(predictions, c);
        NDArray total = null;
        for (Loss component : components) {
            NDArray term = ((Term) component).value(c, predictions, rows);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** {@inheritDoc} */
    @Override
    protected Pair<NDList, NDList> inputForComponent(
            int componentIndex, NDList labels, NDList predictions) {
        return new Pair<>(labels, predictions);
    }

    private static NDArray channel(NDArray t, int index) {
        return t.get(new NDIndex("..., {}", index));
    }

    private static NDArray channels(NDArray t, int from, int to) {
        return t.get(new NDIndex("..., {}:{}", from, to));
    }

    /**
     * A term of the loss: a sum over every anchor position of every head, divided by the batch size
     * and multiplied by the term's weight.
     */
    public abstract class Term extends Loss {

        private final float weight;

        Term(String name, float weight) {
            super(name);
            this.weight = weight;
        }

        /**
         * Returns this term's sum over all heads.
         *
         * @param c the batch's cache
         * @param predictions the head outputs as the network returned them
         * @param rows the raw outputs at the assigned positions {@code (M, 5 + K)}, in the order of
         *     the cache's rows, or null where the term does not read them
         * @return the summed term, a scalar
         */
        abstract NDArray sum(Cache c, NDList predictions, NDArray rows);

        /** Whether {@link #sum} reads the outputs at the assigned positions. */
        abstract boolean readsRows();

        /** The weighted term, divided by the batch size. */
        NDArray value(Cache c, NDList predictions, NDArray rows) {
            NDArray total = sum(c, predictions, rows);
            long n = Math.max(1, predictions.get(0).getShape().get(0));
            // an engine-owned constant (Scalar): the PyTorch engine's x.mul(Number) wraps a Java
            // buffer that autograd may read after it is released
            return total.mul(Scalar.like(total, weight / n));
        }

        /** {@inheritDoc} */
        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            Cache c = batch(labels, predictions);
            return value(c, predictions, readsRows() ? predictionRows(predictions, c) : null);
        }
    }

    /**
     * The objectness term: positives (target 1, weight = box weight) and negatives (target 0,
     * weight 1); ignored anchors left out. Computed on the heads' objectness channels joined into
     * {@code (N, P)}, with the targets prepared once per batch ({@link FocalLoss#prepare}).
     */
    public final class Objectness extends Term {

        private final FocalLoss loss;

        Objectness(FocalLoss loss, float weight) {
            super("yolo_objectness", weight);
            this.loss = loss;
        }

        @Override
        boolean readsRows() {
            return false;
        }

        @Override
        NDArray sum(Cache c, NDList predictions, NDArray rows) {
            // only the objectness channel of each head is joined, never the heads' whole outputs
            NDList parts = new NDList(predictions.size());
            for (NDArray p : predictions) {
                parts.add(channel(p, 4).reshape(p.getShape().get(0), -1));
            }
            NDArray logits = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);
            FocalLoss.Targets t = c.objectnessPrepared;
            if (t == null || t.isReleased()) {
                t = loss.prepare(c.objectness, logits);
                c.objectnessPrepared = t;
            }
            return loss.evaluate(t, logits);
        }
    }

    /** The class term: binary cross-entropy per class at positives, times the box weight. */
    public final class Classification extends Term {

        private final FocalLoss bce;

        Classification(FocalLoss bce, float weight) {
            super("yolo_class", weight);
            this.bce = bce;
        }

        @Override
        boolean readsRows() {
            return true;
        }

        @Override
        NDArray sum(Cache c, NDList predictions, NDArray rows) {
            int k = (int) rows.getShape().get(1) - 5;
            NDArray logits = channels(rows, 5, 5 + k);
            FocalLoss.Targets t = c.classPrepared;
            if (t == null || t.isReleased()) {
                NDArray w = c.boxWeights.expandDims(1);
                NDArray y = channels(c.rows, YoloAssigner.CHANNELS, YoloAssigner.CHANNELS + k);
                t = bce.prepare(new NDList(y, w), logits);
                c.classPrepared = t;
            }
            return bce.evaluate(t, logits);
        }
    }

    /** The box term: an IoU-family loss on decoded boxes, or YOLOv3's classic terms. */
    public final class BoxRegression extends Term {

        private final BoxLoss kind;
        private final Loss iou;
        private final FocalLoss bce;
        private final SmoothL1Loss l1;

        BoxRegression(BoxLoss kind, FocalLoss bce, float weight) {
            super("yolo_box", weight);
            this.kind = kind;
            this.bce = bce;
            this.l1 = SmoothL1Loss.builder().optBeta(0).optReduction(Reduction.SUM).build();
            this.iou =
                    kind == BoxLoss.CLASSIC
                            ? null
                            : IouLoss.builder()
                                    .setKind(IouLoss.Kind.valueOf(kind.name()))
                                    .optReduction(Reduction.SUM)
                                    .build();
        }

        @Override
        boolean readsRows() {
            return true;
        }

        @Override
        NDArray sum(Cache c, NDList predictions, NDArray rows) {
            NDArray w = c.boxWeights;
            if (kind != BoxLoss.CLASSIC) {
                NDArray boxes = decoder.boxesAt(rows, c.grid, c.halfAnchor, c.stride);
                return iou.evaluate(new NDList(c.boxTargets, w), new NDList(boxes));
            }
            NDArray tp = c.rows;
            NDArray scaled = w.mul(channel(tp, YoloAssigner.SCALE_INDEX)).expandDims(1);
            int o = YoloAssigner.OFFSET_INDEX;
            NDArray centre =
                    bce.evaluate(
                            new NDList(channels(tp, o, o + 2), scaled),
                            new NDList(channels(rows, 0, 2)));
            NDArray size =
                    l1.evaluate(
                            new NDList(channels(tp, o + 2, o + 4), scaled),
                            new NDList(channels(rows, 2, 4)));
            return centre.add(size);
        }
    }

    /** The builder of {@link YoloLoss}. */
    public static final class Builder {

        private final YoloNet net;
        private YoloAssigner assigner;
        private String name = "yolo_loss";
        private BoxLoss boxLoss = BoxLoss.GIOU;
        private boolean focal;
        private float focalAlpha = 0.25f;
        private float focalGamma = 2f;
        private float objectnessWeight = 1f;
        private float classWeight = 1f;
        private float boxWeight = 1f;
        private float predictedIgnore = DEFAULT_IGNORE_PREDICTED;

        private Builder(YoloNet net) {
            if (net == null) {
                throw new IllegalArgumentException("net must not be null");
            }
            this.net = net;
        }

        /**
         * Sets the assigner (default: {@link YoloAssigner#builderFor} the network, without label
         * smoothing, ignore threshold 0.7). Class label smoothing is the assigner's option.
         *
         * @param assigner the assigner
         * @return this builder
         */
        public Builder optAssigner(YoloAssigner assigner) {
            this.assigner = assigner;
            return this;
        }

        /**
         * Sets the loss's display name (default {@code yolo_loss}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the box regression (default {@link BoxLoss#GIOU}).
         *
         * @param boxLoss the box loss
         * @return this builder
         */
        public Builder optBoxLoss(BoxLoss boxLoss) {
            this.boxLoss = boxLoss;
            return this;
        }

        /**
         * Uses the focal loss for objectness instead of binary cross-entropy.
         *
         * @param alpha α in [0, 1] (0.25 in RetinaNet)
         * @param gamma γ ≥ 0 (2 in RetinaNet)
         * @return this builder
         */
        public Builder optFocalObjectness(float alpha, float gamma) {
            this.focal = true;
            this.focalAlpha = alpha;
            this.focalGamma = gamma;
            return this;
        }

        /**
         * Sets the IoU above which a negative whose <em>predicted</em> box overlaps a ground truth
         * is ignored, besides the anchors whose prior box overlaps one by more than the assigner's
         * threshold, as YOLOv3 does (Redmon and Farhadi 2018; Darknet's {@code ignore_thresh},
         * GluonCV's dynamic targets): a neighbouring cell that already predicts the object well is
         * not pushed towards background. Default: {@value #DEFAULT_IGNORE_PREDICTED}, as both; 1
         * turns the rule off, since no IoU exceeds 1.
         *
         * @param threshold the IoU above which a predicted box is ignored, in [0, 1]
         * @return this builder
         */
        public Builder optIgnorePredicted(float threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException(
                        "ignore threshold must be in [0, 1], got " + threshold);
            }
            this.predictedIgnore = threshold;
            return this;
        }

        /**
         * Sets the weights λ_obj, λ_cls, λ_box of the three terms (default 1 each).
         *
         * @param objectness λ_obj ≥ 0
         * @param classes λ_cls ≥ 0
         * @param box λ_box ≥ 0
         * @return this builder
         */
        public Builder optTermWeights(float objectness, float classes, float box) {
            this.objectnessWeight = objectness;
            this.classWeight = classes;
            this.boxWeight = box;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the loss
         * @throws IllegalArgumentException if a setting is out of range
         */
        public YoloLoss build() {
            if (boxLoss == null) {
                throw new IllegalArgumentException("boxLoss must not be null");
            }
            float[] weights = {objectnessWeight, classWeight, boxWeight};
            String[] names = {"objectness", "classes", "box"};
            for (int i = 0; i < 3; i++) {
                if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                    throw new IllegalArgumentException(
                            "term weight "
                                    + names[i]
                                    + " must be finite and >= 0, got "
                                    + weights[i]);
                }
            }
            if (assigner == null) {
                assigner = YoloAssigner.builderFor(net).build();
            }
            return new YoloLoss(this);
        }
    }
}
