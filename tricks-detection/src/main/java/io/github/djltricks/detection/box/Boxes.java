/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djltricks.core.autograd.Scalar;
import java.util.Arrays;

/**
 * Operations on boxes held in {@link NDArray}s whose last axis has length 4: conversions between
 * {@link BoxFormat}s, area, clip, scale, a validity check, and the pairwise IoU and GIoU matrices.
 *
 * <p>The pairwise IoU of boxes A and B is |A ∩ B| / |A ∪ B|; the generalized IoU (Rezatofighi et
 * al., "Generalized Intersection over Union", CVPR 2019) subtracts the share of their smallest
 * enclosing box C that the union leaves empty: GIoU = IoU − (|C| − |A ∪ B|) / |C|. Both agree with
 * torchvision's {@code box_iou} and {@code generalized_box_iou} (golden vectors from torchvision
 * 0.14), except on degenerate pairs: where a union or an enclosing box has zero area torchvision
 * returns NaN (0 / 0) and these methods return 0 for that term, so zero-area boxes give finite
 * matrices.
 *
 * <p>Malformed boxes (x2 &lt; x1, y2 &lt; y1, NaN or infinite coordinates): {@link #iou}, {@link
 * #giou} and {@link #checkXyxy} reject them with an {@link IllegalArgumentException} naming the
 * first bad row; {@link #convert}, {@link #area}, {@link #clip} and {@link #scale} do not check and
 * apply their formula to whatever numbers they get (the area of a box with x2 &lt; x1 comes out
 * negative, NaN stays NaN).
 *
 * <p>Intermediate arrays live in a sub-manager that is closed before a method returns; the result
 * is attached to the manager of the first input.
 */
public final class Boxes {

    private Boxes() {}

    /**
     * Converts boxes from one format to another: XYXY ↔ XYWH (w = x2 − x1, h = y2 − y1) and XYXY ↔
     * CXCYWH (cx = (x1 + x2) / 2, cy = (y1 + y2) / 2).
     *
     * @param boxes boxes of shape (..., 4) in format {@code from}
     * @param from the format of {@code boxes}
     * @param to the format wanted
     * @return a new array of the same shape and type in format {@code to}
     * @throws IllegalArgumentException if the last axis of {@code boxes} is not 4
     */
    public static NDArray convert(NDArray boxes, BoxFormat from, BoxFormat to) {
        checkShape(boxes, "boxes");
        if (from == to) {
            return boxes.duplicate();
        }
        NDManager owner = boxes.getManager();
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            NDArray[] c = columns(boxes);
            NDArray x1;
            NDArray y1;
            NDArray x2;
            NDArray y2;
            switch (from) {
                case XYWH:
                    x1 = c[0];
                    y1 = c[1];
                    x2 = c[0].add(c[2]);
                    y2 = c[1].add(c[3]);
                    break;
                case CXCYWH:
                    NDArray hw = c[2].mul(Scalar.like(c[2], 0.5));
                    NDArray hh = c[3].mul(Scalar.like(c[3], 0.5));
                    x1 = c[0].sub(hw);
                    y1 = c[1].sub(hh);
                    x2 = c[0].add(hw);
                    y2 = c[1].add(hh);
                    break;
                default:
                    x1 = c[0];
                    y1 = c[1];
                    x2 = c[2];
                    y2 = c[3];
            }
            NDList out;
            switch (to) {
                case XYWH:
                    out = new NDList(x1, y1, x2.sub(x1), y2.sub(y1));
                    break;
                case CXCYWH:
                    out =
                            new NDList(
                                    x1.add(x2).mul(Scalar.like(x1, 0.5)),
                                    y1.add(y2).mul(Scalar.like(y1, 0.5)),
                                    x2.sub(x1),
                                    y2.sub(y1));
                    break;
                default:
                    out = new NDList(x1, y1, x2, y2);
            }
            NDArray result = NDArrays.concat(out, lastAxis(boxes));
            result.attach(owner);
            return result;
        }
    }

    /**
     * Returns the areas (x2 − x1)(y2 − y1) of XYXY boxes.
     *
     * @param boxes boxes of shape (..., 4), XYXY
     * @return the areas, of shape (...)
     * @throws IllegalArgumentException if the last axis of {@code boxes} is not 4
     */
    public static NDArray area(NDArray boxes) {
        checkShape(boxes, "boxes");
        NDManager owner = boxes.getManager();
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            NDArray[] c = columns(boxes);
            NDArray result = c[2].sub(c[0]).mul(c[3].sub(c[1])).squeeze(-1);
            result.attach(owner);
            return result;
        }
    }

    /**
     * Clips XYXY boxes to the image [0, width] × [0, height]: x coordinates to [0, width], y
     * coordinates to [0, height]. A box wholly outside the image becomes a zero-area box on its
     * border.
     *
     * @param boxes boxes of shape (..., 4), XYXY
     * @param width the image width, finite and &ge; 0
     * @param height the image height, finite and &ge; 0
     * @return the clipped boxes, same shape and type
     * @throws IllegalArgumentException if the last axis is not 4 or a size is negative or not
     *     finite
     */
    public static NDArray clip(NDArray boxes, double width, double height) {
        checkShape(boxes, "boxes");
        checkSize(width, "width");
        checkSize(height, "height");
        NDManager owner = boxes.getManager();
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            NDArray[] c = columns(boxes);
            NDList out =
                    new NDList(
                            c[0].clip(0, width),
                            c[1].clip(0, height),
                            c[2].clip(0, width),
                            c[3].clip(0, height));
            NDArray result = NDArrays.concat(out, lastAxis(boxes));
            result.attach(owner);
            return result;
        }
    }

    /**
     * Scales boxes by {@code sx} along x and {@code sy} along y, i.e. multiplies the four numbers
     * by (sx, sy, sx, sy). Right for every {@link BoxFormat}, e.g. after resizing an image.
     *
     * @param boxes boxes of shape (..., 4), any format
     * @param sx the x factor, finite
     * @param sy the y factor, finite
     * @return the scaled boxes, same shape and type
     * @throws IllegalArgumentException if the last axis is not 4 or a factor is not finite
     */
    public static NDArray scale(NDArray boxes, double sx, double sy) {
        checkShape(boxes, "boxes");
        if (!Double.isFinite(sx) || !Double.isFinite(sy)) {
            throw new IllegalArgumentException(
                    "scale factors must be finite, got sx=" + sx + ", sy=" + sy);
        }
        NDManager owner = boxes.getManager();
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            NDArray factors =
                    scope.create(new double[] {sx, sy, sx, sy}).toType(boxes.getDataType(), false);
            NDArray result = boxes.mul(factors);
            result.attach(owner);
            return result;
        }
    }

    /**
     * Checks that every box is a valid XYXY box: finite coordinates with x1 &le; x2 and y1 &le; y2.
     * Zero-area boxes are valid. Costs one read of a boolean from the array's device.
     *
     * @param boxes boxes of shape (..., 4)
     * @param name the name the exception message gives the array
     * @throws IllegalArgumentException if the last axis is not 4, or naming the first box that has
     *     a NaN or infinite coordinate, x2 &lt; x1 or y2 &lt; y1
     */
    public static void checkXyxy(NDArray boxes, String name) {
        checkShape(boxes, name);
        if (boxes.size() == 0) {
            return;
        }
        boolean ok;
        try (NDManager scope = NDManager.subManagerOf(boxes)) {
            boxes.tempAttach(scope);
            NDArray[] c = columns(boxes);
            NDArray finite = boxes.abs().lt(Double.POSITIVE_INFINITY).all();
            NDArray ordered = c[2].gte(c[0]).logicalAnd(c[3].gte(c[1])).all();
            ok = finite.logicalAnd(ordered).getBoolean();
        }
        if (!ok) {
            double[] v = boxes.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < v.length; i += 4) {
                if (!validBox(v[i], v[i + 1], v[i + 2], v[i + 3])) {
                    throw new IllegalArgumentException(
                            name
                                    + " row "
                                    + (i / 4)
                                    + " = "
                                    + Arrays.toString(Arrays.copyOfRange(v, i, i + 4))
                                    + " is not a valid (x1, y1, x2, y2) box: coordinates must be"
                                    + " finite with x1 <= x2 and y1 <= y2");
                }
            }
        }
    }

    /**
     * Returns the pairwise IoU matrix of two sets of XYXY boxes: entry (i, j) is |A_i ∩ B_j| / |A_i
     * ∪ B_j|, and 0 where the union has zero area.
     *
     * @param boxes1 boxes A of shape (N, 4), XYXY
     * @param boxes2 boxes B of shape (M, 4), XYXY
     * @return the (N, M) IoU matrix, in [0, 1]
     * @throws IllegalArgumentException if a shape is not (n, 4) or a box is malformed (see {@link
     *     #checkXyxy})
     */
    public static NDArray iou(NDArray boxes1, NDArray boxes2) {
        return pairwise(boxes1, boxes2, false);
    }

    /**
     * Returns the pairwise generalized IoU matrix of two sets of XYXY boxes: entry (i, j) is
     * IoU(A_i, B_j) − (|C| − |A_i ∪ B_j|) / |C| with C the smallest box enclosing both; a term
     * whose denominator is zero counts as 0.
     *
     * @param boxes1 boxes A of shape (N, 4), XYXY
     * @param boxes2 boxes B of shape (M, 4), XYXY
     * @return the (N, M) GIoU matrix, in [−1, 1]
     * @throws IllegalArgumentException if a shape is not (n, 4) or a box is malformed (see {@link
     *     #checkXyxy})
     */
    public static NDArray giou(NDArray boxes1, NDArray boxes2) {
        return pairwise(boxes1, boxes2, true);
    }

    private static NDArray pairwise(NDArray boxes1, NDArray boxes2, boolean generalized) {
        checkMatrix(boxes1, "boxes1");
        checkMatrix(boxes2, "boxes2");
        checkXyxy(boxes1, "boxes1");
        checkXyxy(boxes2, "boxes2");
        NDManager owner = boxes1.getManager();
        try (NDManager scope = NDManager.subManagerOf(boxes1)) {
            boxes1.tempAttach(scope);
            if (boxes2 != boxes1) {
                boxes2.tempAttach(scope);
            }
            NDArray[] a = columns(boxes1); // (N, 1) each
            NDArray[] b = columns(boxes2); // (M, 1) each, transposed to (1, M)
            for (int i = 0; i < 4; i++) {
                b[i] = b[i].transpose();
            }
            NDArray area1 = a[2].sub(a[0]).mul(a[3].sub(a[1]));
            NDArray area2 = b[2].sub(b[0]).mul(b[3].sub(b[1]));
            NDArray zero = Scalar.like(area1, 0);
            NDArray tiny = Scalar.like(area1, Float.MIN_NORMAL);
            NDArray w = a[2].minimum(b[2]).sub(a[0].maximum(b[0])).maximum(zero);
            NDArray h = a[3].minimum(b[3]).sub(a[1].maximum(b[1])).maximum(zero);
            NDArray inter = w.mul(h);
            NDArray union = area1.add(area2).sub(inter);
            NDArray result = inter.div(union.maximum(tiny));
            if (generalized) {
                NDArray cw = a[2].maximum(b[2]).sub(a[0].minimum(b[0]));
                NDArray ch = a[3].maximum(b[3]).sub(a[1].minimum(b[1]));
                NDArray enclosing = cw.mul(ch);
                result = result.sub(enclosing.sub(union).div(enclosing.maximum(tiny)));
            }
            result.attach(owner);
            return result;
        }
    }

    /** Splits (..., 4) into four (..., 1) arrays. */
    private static NDArray[] columns(NDArray boxes) {
        return boxes.split(4, lastAxis(boxes)).toArray(new NDArray[0]);
    }

    private static int lastAxis(NDArray boxes) {
        return boxes.getShape().dimension() - 1;
    }

    static boolean validBox(double x1, double y1, double x2, double y2) {
        return Double.isFinite(x1)
                && Double.isFinite(y1)
                && Double.isFinite(x2)
                && Double.isFinite(y2)
                && x2 >= x1
                && y2 >= y1;
    }

    private static void checkShape(NDArray boxes, String name) {
        Shape shape = boxes.getShape();
        if (shape.dimension() < 1 || shape.get(shape.dimension() - 1) != 4) {
            throw new IllegalArgumentException(name + " must have shape (..., 4), got " + shape);
        }
    }

    private static void checkMatrix(NDArray boxes, String name) {
        Shape shape = boxes.getShape();
        if (shape.dimension() != 2 || shape.get(1) != 4) {
            throw new IllegalArgumentException(name + " must have shape (n, 4), got " + shape);
        }
    }

    private static void checkSize(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }
}
