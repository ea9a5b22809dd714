/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import io.github.djltricks.core.autograd.Scalar;
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
public class IouLoss extends RegressionLoss {

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

    IouLoss(Builder builder) {
        super(
                builder.name == null ? builder.kind.name() + "Loss" : builder.name,
                builder.reduction);
        kind = builder.kind;
        eps = builder.eps;
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

    /**
     * The per-box losses, of the predictions' shape without its last axis, computed on (x, y)
     * pairs: each operator handles both axes at once, and the constants are engine-owned scalars
     * (no Java buffer per operator).
     */
    @Override
    NDArray unweighted(NDArray pred, NDArray target) {
        int axis = pred.getShape().dimension() - 1;
        NDManager manager = pred.getManager();
        DataType type = pred.getDataType();
        NDList p = pred.split(2, axis);
        NDList g = target.split(2, axis);
        NDArray lo = p.get(0);
        NDArray hi = p.get(1);
        NDArray glo = g.get(0);
        NDArray ghi = g.get(1);
        NDArray wh = hi.sub(lo);
        NDArray gwh = ghi.sub(glo);
        if (pred.size() > 0) {
            // One read for both arrays: every side >= 0 (NaN fails) and their sum finite, which
            // holds for finite, well-ordered boxes (an infinite or NaN corner makes a side ±inf or
            // NaN); only when it fails are the boxes checked one by one, with a precise message.
            NDArray total = wh.add(gwh).sum();
            NDArray check = wh.minimum(gwh).min().add(total.sub(total));
            if (!(check.toType(DataType.FLOAT64, false).getDouble() >= 0)) {
                Boxes.checkXyxy(pred, "predictions");
                Boxes.checkXyxy(target, "targets");
            }
        }
        NDArray epsilon = Scalar.of(manager, eps, type);
        NDArray one = Scalar.of(manager, 1, type);
        NDArray inter = product(Activation.relu(hi.minimum(ghi).sub(lo.maximum(glo))), axis);
        NDList sides = wh.split(2, axis);
        NDList gsides = gwh.split(2, axis);
        NDArray union =
                sides.get(0).mul(sides.get(1)).add(gsides.get(0).mul(gsides.get(1))).sub(inter);
        NDArray iou = inter.div(union.add(epsilon));
        NDArray loss = one.sub(iou);
        if (kind != Kind.IOU) {
            NDArray cwh = hi.maximum(ghi).sub(lo.minimum(glo));
            if (kind == Kind.GIOU) {
                NDArray area = product(cwh, axis);
                loss = loss.add(area.sub(union).div(area.add(epsilon)));
            } else {
                NDArray diagonal = cwh.square().sum(new int[] {axis}, true).add(epsilon);
                NDArray d = lo.add(hi).sub(glo).sub(ghi).mul(Scalar.of(manager, 0.5, type));
                loss = loss.add(d.square().sum(new int[] {axis}, true).div(diagonal));
                if (kind == Kind.CIOU) {
                    NDArray v =
                            gsides.get(0)
                                    .div(gsides.get(1).add(epsilon))
                                    .atan()
                                    .sub(sides.get(0).div(sides.get(1).add(epsilon)).atan())
                                    .square()
                                    .mul(Scalar.of(manager, FOUR_OVER_PI_SQUARED, type));
                    NDArray alpha = v.div(one.sub(iou).add(v).add(epsilon)).stopGradient();
                    loss = loss.add(alpha.mul(v));
                }
            }
        }
        return loss.squeeze(axis);
    }

    /** The product of a pair along {@code axis}: (…, 2) to (…, 1). */
    private static NDArray product(NDArray pair, int axis) {
        NDList two = pair.split(2, axis);
        return two.get(0).mul(two.get(1));
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

    /** Builds an {@link IouLoss}. */
    public static final class Builder extends RegressionLoss.Builder<Builder> {

        private Kind kind;
        private double eps = 1e-7;

        private Builder() {
            super(null);
        }

        /** {@inheritDoc} */
        @Override
        Builder self() {
            return this;
        }

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
            Reduction.checkNotNull(reduction);
            if (name != null && name.isEmpty()) {
                throw new IllegalArgumentException("name must be non-empty, got an empty name");
            }
            return new IouLoss(this);
        }
    }
}
