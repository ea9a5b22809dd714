/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import java.util.List;
import java.util.Optional;

/**
 * Mean average precision under the PASCAL VOC and COCO protocols, each the mean over the classes
 * for which it is defined (see {@link ClassAp}); {@link MeanAveragePrecision#UNDEFINED} ({@code
 * -1}) when no class has ground truth that counts.
 *
 * <p>mAP hides false positives: a detector can add many low-scored wrong boxes at no cost to its
 * AP. Report {@link MeanAveragePrecision#operatingPoint(double, double)} beside it.
 *
 * @param images the number of images added
 * @param mean each figure's mean over the classes that define it ({@link ApFigures#meanOf}): COCO
 *     "AP" is {@code mean().coco()}, "AR" at {@code maxDetections} {@code mean().recall()}
 * @param perClass the per-class figures, by ascending label, for every label that occurs in a
 *     detection or a ground truth
 */
public record DetectionMetrics(long images, ApFigures mean, List<ClassAp> perClass) {

    /**
     * Copies the per-class list.
     *
     * @param images the number of images
     * @param mean the means over the classes
     * @param perClass the per-class figures
     * @throws NullPointerException if {@code perClass} is null
     */
    public DetectionMetrics {
        perClass = List.copyOf(perClass);
    }

    /**
     * Returns the figures of one class.
     *
     * @param label the class index
     * @return the class's figures, or empty if the label occurs in no detection and no ground truth
     */
    public Optional<ClassAp> classAp(int label) {
        return perClass.stream().filter(c -> c.label() == label).findFirst();
    }
}
