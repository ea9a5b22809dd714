/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.AbstractCompositeLoss;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.djltricks.core.autograd.Scalar;
import io.github.djltricks.detection.loss.FocalLoss;
import io.github.djltricks.detection.loss.IouLoss;
import io.github.djltricks.detection.loss.Reduction;
import io.github.djltricks.detection.loss.SmoothL1Loss;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * more than {@link YoloAssigner.Builder#optIgnorePredicted}'s, 0.7 by default):
 *
 * <pre>
 * L = λ_obj·(Σ_{i∈P} w_i·ℓ_obj(o_i, 1) + Σ_{i∈Q} ℓ_obj(o_i, 0)) / N
 *   + λ_cls·Σ_{i∈P} w_i·Σ_k BCE(c_ik, y_ik) / N
 *   + λ_box·Σ_{i∈P} w_i·ℓ_box(b_i, g_i) / N
 * </pre>
 *
 * <p><b>Layout.</b> Predictions: the network's head outputs. Labels: the padded ground truth of the
 * batch, {@code [boxes (N, M, 4), classes (N, M), weights (N, M), mask (N, M)]} as the {@link
 * YoloAssigner} takes them. The loss only scores: {@link YoloAssigner#targets} builds the batch's
 * {@link YoloTargets} (the assignment at the input size the heads imply, so random-shape training
 * needs nothing else, and YOLOv3's ignore rules), once per evaluation, and nothing is kept between
 * calls. Images without objects and boxes of weight 0 give finite values.
 *
 * <p>The three terms are this composite's components, named {@code yolo_objectness}, {@code
 * yolo_class} and {@code yolo_box}. Each takes the same labels and predictions as the whole loss,
 * so they can be added to the training configuration as evaluators to see which term still falls;
 * the composite's accumulators keep one value per component, from one build of the targets.
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
    public static final float DEFAULT_IGNORE_PREDICTED = YoloAssigner.DEFAULT_IGNORE_PREDICTED;

    private final YoloAssigner assigner;
    private final YoloDecoder decoder;
    private final float[][][] anchors;

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
     * Returns the targets of a batch: the assignment of its ground truth to the heads ({@link
     * YoloAssigner#targets}).
     *
     * @param labels {@code [boxes, classes, weights, mask]}
     * @param predictions the head outputs
     * @return one target array per head, laid out as {@link YoloAssigner} says
     */
    public NDList targets(NDList labels, NDList predictions) {
        return assigner.targets(labels, predictions).heads();
    }

    /**
     * Returns the assigner that builds this loss's targets.
     *
     * @return the assigner
     */
    public YoloAssigner getAssigner() {
        return assigner;
    }

    /**
     * Returns the raw outputs at the assigned positions {@code (M, 5 + K)}, in the order of the
     * cache's rows: gathered head by head, without joining the heads' whole outputs.
     */
    private static NDArray predictionRows(NDList predictions, YoloTargets c) {
        NDList parts = new NDList(predictions.size());
        for (int h = 0; h < predictions.size(); h++) {
            if (c.positives(h).size() > 0 || (h == predictions.size() - 1 && parts.isEmpty())) {
                NDArray p = predictions.get(h);
                long width = p.getShape().get(p.getShape().dimension() - 1);
                parts.add(p.reshape(-1, width).get(new NDIndex("{}", c.positives(h))));
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
        return evaluate(assigner.targets(labels, predictions), predictions);
    }

    /**
     * Scores head outputs against targets built beforehand ({@link YoloAssigner#targets}, for
     * example once for several evaluations of the same batch).
     *
     * @param targets the batch's targets
     * @param predictions the head outputs they were built for
     * @return the sum of the weighted terms, a scalar
     */
    public NDArray evaluate(YoloTargets targets, NDList predictions) {
        YoloTargets c = targets;
        NDArray rows = predictionRows(predictions, c);
        NDArray total = null;
        for (Loss component : components) {
            NDArray term = ((Term) component).value(c, predictions, rows);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /**
     * Updates every term's accumulators from one build of the batch's targets (each term's own
     * {@link Term#evaluate} would build them again), with the values {@link #evaluate} sums.
     */
    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        YoloTargets c = assigner.targets(labels, predictions);
        NDArray rows = predictionRows(predictions, c);
        for (Loss component : components) {
            Term term = (Term) component;
            term.accumulate(keys, term.value(c, predictions, term.readsRows() ? rows : null));
        }
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
        private final boolean readsRows;

        Term(String name, float weight, boolean readsRows) {
            super(name);
            this.weight = weight;
            this.readsRows = readsRows;
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
        abstract NDArray sum(YoloTargets c, NDList predictions, NDArray rows);

        /** Whether {@link #sum} reads the outputs at the assigned positions. */
        final boolean readsRows() {
            return readsRows;
        }

        /** The weighted term, divided by the batch size. */
        NDArray value(YoloTargets c, NDList predictions, NDArray rows) {
            NDArray total = sum(c, predictions, rows);
            long n = Math.max(1, predictions.get(0).getShape().get(0));
            // an engine-owned constant (Scalar): the PyTorch engine's x.mul(Number) wraps a Java
            // buffer that autograd may read after it is released
            return total.mul(Scalar.like(total, weight / n));
        }

        /**
         * The accumulated sums by key. {@link Loss} keeps its own private, so that {@link
         * YoloLoss#updateAccumulators} can add a value it computed instead of evaluating again, the
         * term keeps the accumulators here, with {@link Loss}'s semantics.
         */
        private final Map<String, Float> sums = new ConcurrentHashMap<>();

        /** Adds one batch's value to the accumulators, as {@link Loss#updateAccumulators} does. */
        void accumulate(String[] keys, NDArray value) {
            float update = value.sum().getFloat();
            for (String key : keys) {
                totalInstances.compute(key, (k, v) -> v + 1);
                sums.compute(key, (k, v) -> v + update);
            }
        }

        /** {@inheritDoc} */
        @Override
        public void addAccumulator(String key) {
            totalInstances.put(key, 0L);
            sums.put(key, 0f);
        }

        /** {@inheritDoc} */
        @Override
        public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
            accumulate(keys, evaluate(labels, predictions));
        }

        /** {@inheritDoc} */
        @Override
        public void resetAccumulator(String key) {
            totalInstances.compute(key, (k, v) -> 0L);
            sums.compute(key, (k, v) -> 0f);
        }

        /** {@inheritDoc} */
        @Override
        public float getAccumulator(String key) {
            Long total = totalInstances.get(key);
            if (total == null) {
                throw new IllegalArgumentException("No loss found at that path");
            }
            return total == 0 ? Float.NaN : sums.get(key) / total;
        }

        /** {@inheritDoc} */
        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return evaluate(assigner.targets(labels, predictions), predictions);
        }

        /**
         * Scores head outputs against targets built beforehand, as {@link
         * YoloLoss#evaluate(YoloTargets, NDList)} does for the whole loss.
         *
         * @param targets the batch's targets
         * @param predictions the head outputs they were built for
         * @return the weighted term, a scalar
         */
        public NDArray evaluate(YoloTargets targets, NDList predictions) {
            return value(
                    targets,
                    predictions,
                    readsRows() ? predictionRows(predictions, targets) : null);
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
            super("yolo_objectness", weight, false);
            this.loss = loss;
        }

        @Override
        NDArray sum(YoloTargets c, NDList predictions, NDArray rows) {
            // only the objectness channel of each head is joined, never the heads' whole outputs
            NDList parts = new NDList(predictions.size());
            for (NDArray p : predictions) {
                parts.add(channel(p, 4).reshape(p.getShape().get(0), -1));
            }
            NDArray logits = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);
            FocalLoss.Targets t =
                    loss.prepare(
                            new NDList(c.objectness(), c.objectnessWeights(), c.ignored()), logits);
            return loss.evaluate(t, logits);
        }
    }

    /** The class term: binary cross-entropy per class at positives, times the box weight. */
    public final class Classification extends Term {

        private final FocalLoss bce;

        Classification(FocalLoss bce, float weight) {
            super("yolo_class", weight, true);
            this.bce = bce;
        }

        @Override
        NDArray sum(YoloTargets c, NDList predictions, NDArray rows) {
            int k = (int) rows.getShape().get(1) - 5;
            NDArray logits = channels(rows, 5, 5 + k);
            NDArray w = c.boxWeights().expandDims(1);
            NDArray y = channels(c.rows(), YoloAssigner.CHANNELS, YoloAssigner.CHANNELS + k);
            return bce.evaluate(bce.prepare(new NDList(y, w), logits), logits);
        }
    }

    /** The box term: an IoU-family loss on decoded boxes, or YOLOv3's classic terms. */
    public final class BoxRegression extends Term {

        private final BoxLoss kind;
        private final Loss iou;
        private final FocalLoss bce;
        private final SmoothL1Loss l1;

        BoxRegression(BoxLoss kind, FocalLoss bce, float weight) {
            super("yolo_box", weight, true);
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
        NDArray sum(YoloTargets c, NDList predictions, NDArray rows) {
            NDArray w = c.boxWeights();
            if (kind != BoxLoss.CLASSIC) {
                NDArray boxes = decoder.boxesAt(rows, c.cells(), c.halfAnchors(), c.strides());
                return iou.evaluate(new NDList(c.boxes(), w), new NDList(boxes));
            }
            NDArray tp = c.rows();
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
        private Float predictedIgnore;

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
         * Sets the assigner's predicted-box ignore threshold ({@link
         * YoloAssigner.Builder#optIgnorePredicted}, default {@value #DEFAULT_IGNORE_PREDICTED}),
         * overriding the one of the assigner given to {@link #optAssigner}; 1 turns YOLOv3's rule
         * off.
         *
         * @param threshold the IoU above which a predicted box is ignored, in [0, 1]
         * @return this builder
         */
        public Builder optIgnorePredicted(float threshold) {
            YoloAssigner.checkIgnorePredicted(threshold);
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
            if (predictedIgnore != null) {
                assigner = assigner.withIgnorePredicted(predictedIgnore);
            }
            return new YoloLoss(this);
        }
    }
}
