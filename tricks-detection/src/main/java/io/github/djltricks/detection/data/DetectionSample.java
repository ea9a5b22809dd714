/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import java.util.Arrays;

/**
 * One detection training sample: an image and its labelled boxes.
 *
 * <ul>
 *   <li>The image is a CHW {@code float[]} ({@code channels × height × width}, row-major), RGB on
 *       the 0–255 scale: a source's pixels lie in [0, 255], but augmented values may lie outside,
 *       since {@link io.github.djltricks.detection.data.augment.ColorDistortion} does not clip (as
 *       GluonCV's does not): brightness shifts by up to ±32 and contrast and saturation scale the
 *       distance from the mean by up to 1.5, so values can fall below 0 and rise above 255. It is a
 *       plain Java array, not an {@code NDArray}: augmentation touches a few boxes and a few image
 *       passes per sample, where the per-call cost of a native op and the need to close each array
 *       would dominate; plain arrays also make samples safe to build on any thread and cheap to
 *       compare. The array becomes an {@code NDArray} once per batch, in {@link
 *       DetectionBatch#toBatch}.
 *   <li>Each box is a {@code float[4]} {@code (x1, y1, x2, y2)} in pixels, inside the image with
 *       positive area: {@code 0 <= x1 < x2 <= width}, {@code 0 <= y1 < y2 <= height}.
 *   <li>Each box has a class id ({@code >= 0}) and a weight ({@code >= 0}, 1 for an ordinary box,
 *       the mixup coefficient for a mixed one), which the detection loss multiplies into that box's
 *       terms.
 * </ul>
 *
 * <p>The constructor checks all of the above, so every sample an augmentation returns satisfies
 * them. Arrays are not copied: a sample is immutable by convention, and the getters return the
 * arrays themselves, which callers must not modify.
 */
public final class DetectionSample {

    private final float[] image;
    private final int channels;
    private final int height;
    private final int width;
    private final float[][] boxes;
    private final int[] classIds;
    private final float[] weights;

    /**
     * Creates a sample.
     *
     * @param image the CHW pixels, {@code channels * height * width} values
     * @param channels the number of channels, {@code >= 1}
     * @param height the image height in pixels, {@code >= 1}
     * @param width the image width in pixels, {@code >= 1}
     * @param boxes the boxes, each {@code (x1, y1, x2, y2)} inside the image with positive area
     * @param classIds one class id per box, {@code >= 0}
     * @param weights one weight per box, finite and {@code >= 0}
     * @throws IllegalArgumentException if any of the above does not hold
     */
    public DetectionSample(
            float[] image,
            int channels,
            int height,
            int width,
            float[][] boxes,
            int[] classIds,
            float[] weights) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "channels, height and width must be >= 1, got channels="
                            + channels
                            + ", height="
                            + height
                            + ", width="
                            + width);
        }
        if (image == null || (long) image.length != (long) channels * height * width) {
            throw new IllegalArgumentException(
                    "image must hold channels*height*width = "
                            + ((long) channels * height * width)
                            + " values, got "
                            + (image == null ? "null" : image.length));
        }
        if (boxes == null || classIds == null || weights == null) {
            throw new IllegalArgumentException("boxes, classIds and weights must not be null");
        }
        if (classIds.length != boxes.length || weights.length != boxes.length) {
            throw new IllegalArgumentException(
                    "boxes, classIds and weights must have one entry per box, got "
                            + boxes.length
                            + " boxes, "
                            + classIds.length
                            + " classIds, "
                            + weights.length
                            + " weights");
        }
        for (int i = 0; i < boxes.length; i++) {
            if (!BoxGeometry.isValid(boxes[i], width, height)) {
                throw new IllegalArgumentException(
                        "box "
                                + i
                                + " must be (x1, y1, x2, y2) with 0 <= x1 < x2 <= width="
                                + width
                                + " and 0 <= y1 < y2 <= height="
                                + height
                                + ", got "
                                + Arrays.toString(boxes[i]));
            }
            if (classIds[i] < 0) {
                throw new IllegalArgumentException(
                        "classIds[" + i + "] must be >= 0, got " + classIds[i]);
            }
            if (!(weights[i] >= 0) || !Float.isFinite(weights[i])) {
                throw new IllegalArgumentException(
                        "weights[" + i + "] must be finite and >= 0, got " + weights[i]);
            }
        }
        this.image = image;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.boxes = boxes;
        this.classIds = classIds;
        this.weights = weights;
    }

    /**
     * Creates a sample whose boxes all have weight 1.
     *
     * @param image the CHW pixels
     * @param channels the number of channels
     * @param height the image height
     * @param width the image width
     * @param boxes the boxes, {@code (x1, y1, x2, y2)} in pixels
     * @param classIds one class id per box
     * @return the sample
     * @throws IllegalArgumentException if the arguments are inconsistent (see the constructor)
     */
    public static DetectionSample of(
            float[] image, int channels, int height, int width, float[][] boxes, int[] classIds) {
        float[] weights = new float[boxes == null ? 0 : boxes.length];
        Arrays.fill(weights, 1f);
        return new DetectionSample(image, channels, height, width, boxes, classIds, weights);
    }

    /**
     * Returns a sample with the same image and new boxes.
     *
     * @param newBoxes the boxes
     * @param newClassIds their class ids
     * @param newWeights their weights
     * @return the new sample
     */
    public DetectionSample withBoxes(float[][] newBoxes, int[] newClassIds, float[] newWeights) {
        return new DetectionSample(
                image, channels, height, width, newBoxes, newClassIds, newWeights);
    }

    /**
     * Returns the sample after a geometric transform: a new image (possibly of a new size) and, for
     * each old box, its new coordinates or {@code null} if the box is dropped. Class ids and
     * weights follow their boxes.
     *
     * @param newImage the CHW pixels of the new image, same channels
     * @param newHeight the new height
     * @param newWidth the new width
     * @param movedBoxes one entry per old box: the new box, or {@code null} to drop it
     * @return the new sample
     * @throws IllegalArgumentException if {@code movedBoxes} does not have one entry per box or a
     *     kept box is not valid in the new image
     */
    public DetectionSample transformed(
            float[] newImage, int newHeight, int newWidth, float[][] movedBoxes) {
        if (movedBoxes.length != boxes.length) {
            throw new IllegalArgumentException(
                    "movedBoxes must have one entry per box ("
                            + boxes.length
                            + "), got "
                            + movedBoxes.length);
        }
        int kept = 0;
        for (float[] b : movedBoxes) {
            if (b != null) {
                kept++;
            }
        }
        float[][] outBoxes = new float[kept][];
        int[] outIds = new int[kept];
        float[] outWeights = new float[kept];
        int k = 0;
        for (int i = 0; i < movedBoxes.length; i++) {
            if (movedBoxes[i] != null) {
                outBoxes[k] = movedBoxes[i];
                outIds[k] = classIds[i];
                outWeights[k] = weights[i];
                k++;
            }
        }
        return new DetectionSample(
                newImage, channels, newHeight, newWidth, outBoxes, outIds, outWeights);
    }

    /**
     * Returns a sample with a new image of the same shape and the same boxes.
     *
     * @param newImage the CHW pixels, same channels, height and width
     * @return the new sample
     */
    public DetectionSample withImage(float[] newImage) {
        return new DetectionSample(newImage, channels, height, width, boxes, classIds, weights);
    }

    /**
     * Returns the CHW pixels (not a copy; do not modify).
     *
     * @return the image
     */
    public float[] image() {
        return image;
    }

    /**
     * Returns the number of channels.
     *
     * @return the channels
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the image height in pixels.
     *
     * @return the height
     */
    public int height() {
        return height;
    }

    /**
     * Returns the image width in pixels.
     *
     * @return the width
     */
    public int width() {
        return width;
    }

    /**
     * Returns the number of boxes.
     *
     * @return the box count
     */
    public int boxCount() {
        return boxes.length;
    }

    /**
     * Returns the boxes, each {@code (x1, y1, x2, y2)} in pixels (not a copy; do not modify).
     *
     * @return the boxes
     */
    public float[][] boxes() {
        return boxes;
    }

    /**
     * Returns the class id of each box (not a copy; do not modify).
     *
     * @return the class ids
     */
    public int[] classIds() {
        return classIds;
    }

    /**
     * Returns the weight of each box (not a copy; do not modify).
     *
     * @return the weights
     */
    public float[] weights() {
        return weights;
    }

    /**
     * Returns whether both samples hold the same pixels, boxes, class ids and weights.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DetectionSample s)) {
            return false;
        }
        return channels == s.channels
                && height == s.height
                && width == s.width
                && Arrays.equals(image, s.image)
                && Arrays.deepEquals(boxes, s.boxes)
                && Arrays.equals(classIds, s.classIds)
                && Arrays.equals(weights, s.weights);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(image) + Arrays.deepHashCode(boxes))
                + Arrays.hashCode(classIds);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "DetectionSample["
                + channels
                + "x"
                + height
                + "x"
                + width
                + ", "
                + boxes.length
                + " boxes]";
    }
}
