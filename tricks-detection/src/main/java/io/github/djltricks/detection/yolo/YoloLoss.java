/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.AbstractCompositeLoss;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.djltricks.detection.loss.FocalLoss;
import io.github.djltricks.detection.loss.IouLoss;
import io.github.djltricks.detection.loss.Reduction;
import io.github.djltricks.detection.loss.SmoothL1Loss;
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
 * {@code w_i}, and negatives {@code Q} (unassigned, not ignored):
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

    private final YoloAssigner assigner;
    private final YoloDecoder decoder;
    private final float[][][] anchors;

    /**
     * The last batch's assignment, one per thread: a sharded step evaluates the shards' losses on
     * threads of their own, each with its own labels.
     */
    private final ThreadLocal<Cache> cache = ThreadLocal.withInitial(Cache::new);

    /** What one thread last computed: targets for one labels array, and flat predictions. */
    private static final class Cache {
        NDArray key;
        Shape shape;
        NDList targets;
        NDArray flatTargets;
        NDArray positives;
        NDArray cells;
        NDArray predictionsKey;
        NDArray flatPredictions;
    }

    private YoloLoss(Builder builder) {
        super(builder.name);
        assigner = builder.assigner;
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
        c.flatTargets = null;
        c.positives = null;
        c.cells = null;
        return targets;
    }

    /**
     * Returns the targets of all heads as one array {@code (N, P, CHANNELS + K)}, {@code P} the
     * anchor positions of all heads in head, anchor, row, column order; cached with the targets.
     */
    private NDArray flatTargets(NDList labels, NDList predictions) {
        NDList targets = targets(labels, predictions);
        Cache c = cache.get();
        if (c.flatTargets == null || c.flatTargets.isReleased()) {
            c.flatTargets = flatten(targets);
        }
        return c.flatTargets;
    }

    /**
     * Returns the flat indices, into {@code N·P} positions, of the assigned anchors: the class and
     * box terms are computed on these rows alone (a few dozen of thousands), read once per batch
     * from the assignment.
     */
    private NDArray positives(NDList labels, NDList predictions) {
        NDArray t = flatTargets(labels, predictions);
        Cache c = cache.get();
        if (c.positives == null || c.positives.isReleased()) {
            float[] objectness =
                    t.get(new NDIndex("..., {}", YoloAssigner.OBJECTNESS_INDEX)).toFloatArray();
            int count = 0;
            for (float o : objectness) {
                if (o > 0) {
                    count++;
                }
            }
            long[] index = new long[count];
            count = 0;
            for (int i = 0; i < objectness.length; i++) {
                if (objectness[i] > 0) {
                    index[count++] = i;
                }
            }
            c.positives = t.getManager().create(index);
        }
        return c.positives;
    }

    /**
     * Returns, for each assigned position, its cell column and row, anchor width and height, and
     * stride {@code (M, 5)}: what decoding needs to turn the gathered raw outputs into boxes.
     */
    private NDArray cells(NDList labels, NDList predictions) {
        NDArray positives = positives(labels, predictions);
        Cache c = cache.get();
        if (c.cells == null || c.cells.isReleased()) {
            long[] index = positives.toLongArray();
            int heads = predictions.size();
            long[] offset = new long[heads + 1];
            for (int h = 0; h < heads; h++) {
                Shape s = predictions.get(h).getShape();
                offset[h + 1] = offset[h] + s.get(1) * s.get(2) * s.get(3);
            }
            long perImage = offset[heads];
            float[] cells = new float[index.length * 5];
            for (int i = 0; i < index.length; i++) {
                long q = index[i] % perImage;
                int h = 0;
                while (q >= offset[h + 1]) {
                    h++;
                }
                q -= offset[h];
                Shape s = predictions.get(h).getShape();
                long gh = s.get(2);
                long gw = s.get(3);
                int a = (int) (q / (gh * gw));
                cells[5 * i] = q % gw;
                cells[5 * i + 1] = (q / gw) % gh;
                cells[5 * i + 2] = anchors[h][a][0];
                cells[5 * i + 3] = anchors[h][a][1];
                cells[5 * i + 4] = decoder.stride(h);
            }
            c.cells = positives.getManager().create(cells, new Shape(index.length, 5));
        }
        return c.cells;
    }

    /**
     * Returns the rows of a flat {@code (N, P, C)} array at the given positions: {@code (M, C)}.
     */
    private static NDArray rows(NDArray flat, NDArray index) {
        Shape s = flat.getShape();
        return flat.reshape(-1, s.get(s.dimension() - 1)).get(new NDIndex("{}", index));
    }

    /**
     * Returns the head outputs as one array {@code (N, P, 5 + K)}, computed once per forward pass
     * and shared by the terms (so each term runs its operators once, not once per head).
     */
    private NDArray flatPredictions(NDList predictions) {
        NDArray key = predictions.head();
        Cache c = cache.get();
        if (key != c.predictionsKey
                || c.flatPredictions == null
                || c.flatPredictions.isReleased()) {
            c.flatPredictions = flatten(predictions);
            c.predictionsKey = key;
        }
        return c.flatPredictions;
    }

    private static NDArray flatten(NDList heads) {
        NDList flat = new NDList(heads.size());
        for (NDArray h : heads) {
            Shape s = h.getShape();
            flat.add(h.reshape(s.get(0), -1, s.get(s.dimension() - 1)));
        }
        return flat.size() == 1 ? flat.head() : NDArrays.concat(flat, 1);
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
         * @param t the targets of all heads {@code (N, P, CHANNELS + K)}
         * @param p the raw outputs of all heads {@code (N, P, 5 + K)}
         * @param predictions the head outputs as the network returned them
         * @param positives the flat indices of the assigned positions, int64 {@code (M)}
         * @param labels the batch's labels (the key of its cached assignment)
         * @return the summed term, a scalar
         */
        abstract NDArray sum(
                NDArray t, NDArray p, NDList predictions, NDArray positives, NDList labels);

        /** {@inheritDoc} */
        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray total =
                    sum(
                            flatTargets(labels, predictions),
                            flatPredictions(predictions),
                            predictions,
                            positives(labels, predictions),
                            labels);
            long n = Math.max(1, predictions.get(0).getShape().get(0));
            // an engine-owned scalar: the PyTorch engine's x.mul(Number) wraps a Java buffer that
            // autograd may read after it is released
            return total.mul(total.getManager().full(new Shape(), weight / n, total.getDataType()));
        }
    }

    /**
     * The objectness term: positives (target 1, weight = box weight) and negatives (target 0,
     * weight 1); ignored anchors left out.
     */
    public final class Objectness extends Term {

        private final FocalLoss loss;

        Objectness(FocalLoss loss, float weight) {
            super("yolo_objectness", weight);
            this.loss = loss;
        }

        @Override
        NDArray sum(NDArray t, NDArray p, NDList predictions, NDArray positives, NDList labels) {
            NDArray positive = channel(t, YoloAssigner.OBJECTNESS_INDEX);
            NDArray boxWeight = channel(t, YoloAssigner.WEIGHT_INDEX);
            NDArray w = positive.mul(boxWeight).add(positive.neg().add(1));
            NDArray ignore = channel(t, YoloAssigner.OBJECTNESS_MASK_INDEX).neg().add(1);
            return loss.evaluate(new NDList(positive, w, ignore), new NDList(channel(p, 4)));
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
        NDArray sum(NDArray t, NDArray p, NDList predictions, NDArray positives, NDList labels) {
            int k = (int) p.getShape().get(2) - 5;
            NDArray tp = rows(t, positives);
            NDArray w = channel(tp, YoloAssigner.WEIGHT_INDEX).expandDims(1);
            NDArray y = channels(tp, YoloAssigner.CHANNELS, YoloAssigner.CHANNELS + k);
            return bce.evaluate(
                    new NDList(y, w), new NDList(channels(rows(p, positives), 5, 5 + k)));
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
        NDArray sum(NDArray t, NDArray p, NDList predictions, NDArray positives, NDList labels) {
            NDArray tp = rows(t, positives);
            NDArray w = channel(tp, YoloAssigner.WEIGHT_INDEX);
            NDArray pp = rows(p, positives);
            if (kind != BoxLoss.CLASSIC) {
                NDArray boxes = decoder.boxesAt(pp, cells(labels, predictions));
                int b = YoloAssigner.BOX_INDEX;
                return iou.evaluate(new NDList(channels(tp, b, b + 4), w), new NDList(boxes));
            }
            NDArray scaled = w.mul(channel(tp, YoloAssigner.SCALE_INDEX)).expandDims(1);
            int o = YoloAssigner.OFFSET_INDEX;
            NDArray centre =
                    bce.evaluate(
                            new NDList(channels(tp, o, o + 2), scaled),
                            new NDList(channels(pp, 0, 2)));
            NDArray size =
                    l1.evaluate(
                            new NDList(channels(tp, o + 2, o + 4), scaled),
                            new NDList(channels(pp, 2, 4)));
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
