/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A batch of {@code N} samples of one image size, their boxes padded to a fixed count {@code M}:
 *
 * <ul>
 *   <li>{@code images}: {@code (N, C, H, W)};
 *   <li>{@code boxes}: {@code (N, M, 4)}, {@code (x1, y1, x2, y2)} in pixels of the batch's images,
 *       0 in padding;
 *   <li>{@code classIds}: {@code (N, M)}, the class id as a float, −1 in padding;
 *   <li>{@code weights}: {@code (N, M)}, the per-box loss weight (1, or the mixup coefficient), 0
 *       in padding;
 *   <li>{@code mask}: {@code (N, M)}, 1 for a real box, 0 for padding.
 * </ul>
 *
 * <p>As a DJL {@link Batch} the data is {@code [images]} and the labels are {@code [boxes,
 * classIds, weights, mask]} in that order.
 */
public final class DetectionBatch {

    /** Index of the boxes in the label list. */
    public static final int BOXES = 0;

    /** Index of the class ids in the label list. */
    public static final int CLASS_IDS = 1;

    /** Index of the box weights in the label list. */
    public static final int WEIGHTS = 2;

    /** Index of the padding mask in the label list. */
    public static final int MASK = 3;

    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int maxBoxes;
    private final float[] images;
    private final float[] boxes;
    private final float[] classIds;
    private final float[] weights;
    private final float[] mask;

    private DetectionBatch(List<DetectionSample> samples, int maxBoxes) {
        DetectionSample first = samples.get(0);
        size = samples.size();
        channels = first.channels();
        height = first.height();
        width = first.width();
        this.maxBoxes = maxBoxes;
        int plane = channels * height * width;
        images = new float[size * plane];
        boxes = new float[size * maxBoxes * 4];
        classIds = new float[size * maxBoxes];
        weights = new float[size * maxBoxes];
        mask = new float[size * maxBoxes];
        java.util.Arrays.fill(classIds, -1f);
        for (int i = 0; i < size; i++) {
            DetectionSample s = samples.get(i);
            if (s.channels() != channels || s.height() != height || s.width() != width) {
                throw new IllegalArgumentException(
                        "all images of a batch must have one shape; sample 0 is "
                                + channels
                                + "x"
                                + height
                                + "x"
                                + width
                                + ", sample "
                                + i
                                + " is "
                                + s.channels()
                                + "x"
                                + s.height()
                                + "x"
                                + s.width());
            }
            if (s.boxCount() > maxBoxes) {
                throw new IllegalArgumentException(
                        "sample "
                                + i
                                + " has "
                                + s.boxCount()
                                + " boxes, more than maxBoxes="
                                + maxBoxes);
            }
            System.arraycopy(s.image(), 0, images, i * plane, plane);
            for (int j = 0; j < s.boxCount(); j++) {
                int k = i * maxBoxes + j;
                System.arraycopy(s.boxes()[j], 0, boxes, 4 * k, 4);
                classIds[k] = s.classIds()[j];
                weights[k] = s.weights()[j];
                mask[k] = 1f;
            }
        }
    }

    /**
     * Pads the samples into a batch.
     *
     * @param samples at least one sample, all of the same image shape
     * @param maxBoxes the padded box count {@code M}, {@code >=} every sample's box count
     * @return the batch
     * @throws IllegalArgumentException if the list is empty, shapes differ, {@code maxBoxes < 1} or
     *     a sample has more than {@code maxBoxes} boxes
     */
    public static DetectionBatch pad(List<DetectionSample> samples, int maxBoxes) {
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        if (maxBoxes < 1) {
            throw new IllegalArgumentException("maxBoxes must be >= 1, got " + maxBoxes);
        }
        return new DetectionBatch(samples, maxBoxes);
    }

    /**
     * Returns the arrays as {@code NDArray}s in a new sub-manager of {@code parent}, wrapped as a
     * DJL {@link Batch} (data {@code [images]}, labels {@code [boxes, classIds, weights, mask]});
     * closing the batch frees them.
     *
     * @param parent the manager whose sub-manager will own the arrays
     * @param progress the batch's progress value for DJL's progress bar
     * @param progressTotal the total progress of the epoch
     * @return the batch
     */
    public Batch toBatch(NDManager parent, long progress, long progressTotal) {
        NDManager manager = parent.newSubManager();
        NDList data = new NDList(array(manager, images, new Shape(size, channels, height, width)));
        NDList labels =
                new NDList(
                        array(manager, boxes, new Shape(size, maxBoxes, 4)),
                        array(manager, classIds, new Shape(size, maxBoxes)),
                        array(manager, weights, new Shape(size, maxBoxes)),
                        array(manager, mask, new Shape(size, maxBoxes)));
        return new Batch(
                manager,
                data,
                labels,
                size,
                Batchifier.STACK,
                Batchifier.STACK,
                progress,
                progressTotal);
    }

    private static NDArray array(NDManager manager, float[] values, Shape shape) {
        return manager.create(FloatBuffer.wrap(values), shape);
    }

    /**
     * Returns the number of samples {@code N}.
     *
     * @return the batch size
     */
    public int size() {
        return size;
    }

    /**
     * Returns the padded box count {@code M}.
     *
     * @return the box count per sample
     */
    public int maxBoxes() {
        return maxBoxes;
    }

    /**
     * Returns the image height shared by the batch.
     *
     * @return the height
     */
    public int height() {
        return height;
    }

    /**
     * Returns the image width shared by the batch.
     *
     * @return the width
     */
    public int width() {
        return width;
    }

    /**
     * Returns the {@code (N, C, H, W)} images, row-major (not a copy).
     *
     * @return the images
     */
    public float[] images() {
        return images;
    }

    /**
     * Returns the {@code (N, M, 4)} boxes, row-major (not a copy).
     *
     * @return the boxes
     */
    public float[] boxes() {
        return boxes;
    }

    /**
     * Returns the {@code (N, M)} class ids, −1 in padding (not a copy).
     *
     * @return the class ids
     */
    public float[] classIds() {
        return classIds;
    }

    /**
     * Returns the {@code (N, M)} box weights, 0 in padding (not a copy).
     *
     * @return the weights
     */
    public float[] weights() {
        return weights;
    }

    /**
     * Returns the {@code (N, M)} mask, 1 for a real box and 0 for padding (not a copy).
     *
     * @return the mask
     */
    public float[] mask() {
        return mask;
    }
}
