/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.github.djltricks.detection.box.Boxes;

/**
 * The IoU family of box-regression losses on paired (x1, y1, x2, y2) boxes.
 *
 * <p>For a predicted box B and its target G, with I = |B ∩ G|, U = |B| + |G| − I, IoU = I / (U +
 * ε), C the smallest box enclosing both, ρ the distance between their centres and c the diagonal of
 * C:
 *
 * <ul>
 *   <li>{@link Kind#IOU}: 1 − IoU;
 *   <li>{@link Kind#GIOU} (Rezatofighi et al., CVPR 2019): 1 − IoU + (|C| − U) / (|C| + ε);
 *   <li>{@link Kind#DIOU} (Zheng et al., AAAI 2020): 1 − IoU + ρ² / (c² + ε);
 *   <li>{@link Kind#CIOU} (same paper): DIoU + α·v with v = (4 / π²)(atan(w_G / (h_G + ε)) −
 *       atan(w_B / (h_B + ε)))² and α = v / (1 − IoU + v + ε) held constant in the gradient, as the
 *       paper and torchvision do.
 * </ul>
 *
 * <p>GIoU, DIoU and CIoU equal torchvision 0.14's {@code generalized_box_iou_loss}, {@code
 * distance_box_iou_loss} and {@code complete_box_iou_loss} within 1e-6 (golden vectors); the ε in
 * CIoU's aspect ratios is this class's addition, so that a zero-area box gives a finite value.
 * Identical boxes give 0 (up to ε / area), disjoint boxes give a GIoU loss in (1, 2).
 *
 * <p><b>Layout.</b> Predictions: {@code [boxes]} of shape (..., 4). Labels: {@code [targets]} or
 * {@code [targets, weights]}; targets have the boxes' shape; per-box weights broadcast to (...).
 * The per-box losses, of shape (...), are multiplied by the weights and reduced by {@link
 * Reduction} ({@code MEAN} divides by the number of boxes; no boxes give 0).
 *
 * <p><b>Malformed boxes.</b> Both predictions and targets must have finite coordinates with x1 &le;
 * x2 and y1 &le; y2 (zero-area boxes are fine); otherwise {@link #evaluate} throws an {@link
 * IllegalArgumentException} naming the first bad box. A head should therefore decode its boxes so
 * that they are valid by construction, e.g. centre ± exp(·)/2.
 */
public class IouLoss extends Loss {

    /** Which member of the IoU family. */
    public enum Kind {
        /** 1 − IoU. */
        IOU,
        /** Generalized IoU loss. */
        GIOU,
        /** Distance IoU loss. */
        DIOU,
        /** Complete IoU loss. */
        CIOU
    }

    private static final double FOUR_OVER_PI_SQUARED = 4 / (Math.PI * Math.PI);

    private final Kind kind;
    private final double eps;
    private final Reduction reduction;

    IouLoss(Builder builder) {
        super(builder.name == null ? builder.kind.name() + "Loss" : builder.name);
        kind = builder.kind;
        eps = builder.eps;
        reduction = builder.reduction;
    }

    /**
     * Returns a builder; the kind must be set, ε defaults to 1e-7 and the reduction to {@link
     * Reduction#MEAN}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.get(0);
        NDArray target = labels.get(0);
        if (!target.getShape().equals(pred.getShape())) {
            throw new IllegalArgumentException(
                    "targets must have the predictions' shape "
                            + pred.getShape()
                            + ", got "
                            + target.getShape());
        }
        target = target.toType(pred.getDataType(), false);
        Shape boxShape = pred.getShape().slice(0, pred.getShape().dimension() - 1);
        NDArray loss = perBox(pred, target);
        if (labels.size() > 1) {
            NDArray weights = labels.get(1);
            Reduction.checkBroadcast(weights, boxShape, "weights");
            loss = loss.mul(weights.toType(pred.getDataType(), false));
        }
        return reduction.apply(loss, null);
    }

    private NDArray perBox(NDArray pred, NDArray target) {
        int axis = pred.getShape().dimension() - 1;
        NDList p = pred.split(4, axis);
        NDList g = target.split(4, axis);
        NDArray x1 = p.get(0);
        NDArray y1 = p.get(1);
        NDArray x2 = p.get(2);
        NDArray y2 = p.get(3);
        NDArray gx1 = g.get(0);
        NDArray gy1 = g.get(1);
        NDArray gx2 = g.get(2);
        NDArray gy2 = g.get(3);
        NDArray w = x2.sub(x1);
        NDArray h = y2.sub(y1);
        NDArray gw = gx2.sub(gx1);
        NDArray gh = gy2.sub(gy1);
        if (pred.size() > 0) {
            // One read for both arrays: every side >= 0 (NaN fails) and every coordinate finite.
            NDArray sides = w.minimum(h).minimum(gw.minimum(gh)).min();
            NDArray extent = pred.abs().max().maximum(target.abs().max());
            if (!sides.gte(0).logicalAnd(extent.lt(Double.POSITIVE_INFINITY)).getBoolean()) {
                Boxes.checkXyxy(pred, "predictions");
                Boxes.checkXyxy(target, "targets");
            }
        }
        NDArray iw = Activation.relu(x2.minimum(gx2).sub(x1.maximum(gx1)));
        NDArray ih = Activation.relu(y2.minimum(gy2).sub(y1.maximum(gy1)));
        NDArray inter = iw.mul(ih);
        NDArray union = w.mul(h).add(gw.mul(gh)).sub(inter);
        NDArray iou = inter.div(union.add(eps));
        NDArray loss = iou.neg().add(1);
        if (kind != Kind.IOU) {
            NDArray cw = x2.maximum(gx2).sub(x1.minimum(gx1));
            NDArray ch = y2.maximum(gy2).sub(y1.minimum(gy1));
            if (kind == Kind.GIOU) {
                NDArray area = cw.mul(ch);
                loss = loss.add(area.sub(union).div(area.add(eps)));
            } else {
                NDArray diagonal = cw.square().add(ch.square()).add(eps);
                NDArray dx = x1.add(x2).sub(gx1).sub(gx2).mul(0.5);
                NDArray dy = y1.add(y2).sub(gy1).sub(gy2).mul(0.5);
                loss = loss.add(dx.square().add(dy.square()).div(diagonal));
                if (kind == Kind.CIOU) {
                    NDArray v =
                            gw.div(gh.add(eps))
                                    .atan()
                                    .sub(w.div(h.add(eps)).atan())
                                    .square()
                                    .mul(FOUR_OVER_PI_SQUARED);
                    NDArray alpha = v.div(iou.neg().add(1).add(v).add(eps)).stopGradient();
                    loss = loss.add(alpha.mul(v));
                }
            }
        }
        return loss.squeeze(axis);
    }

    /**
     * Returns the kind of IoU loss.
     *
     * @return the kind
     */
    public Kind getKind() {
        return kind;
    }

    /**
     * Returns ε, added to denominators.
     *
     * @return ε &gt; 0
     */
    public double getEps() {
        return eps;
    }

    /**
     * Returns the reduction.
     *
     * @return the reduction
     */
    public Reduction getReduction() {
        return reduction;
    }

    /** Builds an {@link IouLoss}. */
    public static final class Builder {

        private Kind kind;
        private String name;
        private double eps = 1e-7;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Sets the kind of IoU loss (required).
         *
         * @param kind IOU, GIOU, DIOU or CIOU
         * @return this builder
         */
        public Builder setKind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the loss's name, as the trainer reports it.
         *
         * @param name the name; default the kind followed by {@code Loss}, e.g. {@code GIOULoss}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets ε, added to every denominator.
         *
         * @param eps ε, finite and &gt; 0; default 1e-7 (torchvision's)
         * @return this builder
         */
        public Builder optEps(double eps) {
            this.eps = eps;
            return this;
        }

        /**
         * Sets the reduction.
         *
         * @param reduction none, sum or mean; default mean
         * @return this builder
         */
        public Builder optReduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the IoU loss
         * @throws IllegalArgumentException if the kind is not set or a setting is out of range
         */
        public IouLoss build() {
            if (kind == null) {
                throw new IllegalArgumentException(
                        "kind must be set to IOU, GIOU, DIOU or CIOU, got null");
            }
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
            }
            if (reduction == null) {
                throw new IllegalArgumentException("reduction must be NONE, SUM or MEAN, got null");
            }
            if (name != null && name.isEmpty()) {
                throw new IllegalArgumentException("name must be non-empty, got an empty name");
            }
            return new IouLoss(this);
        }
    }
}
