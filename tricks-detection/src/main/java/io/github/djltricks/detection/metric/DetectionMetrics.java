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
 * @param voc07 mean of {@link ClassAp#voc07()}
 * @param vocAllPoint mean of {@link ClassAp#vocAllPoint()}
 * @param vocRecall mean of {@link ClassAp#vocRecall()}
 * @param coco mean of {@link ClassAp#coco()} (COCO "AP")
 * @param ap50 mean of {@link ClassAp#ap50()}
 * @param ap75 mean of {@link ClassAp#ap75()}
 * @param apSmall mean of {@link ClassAp#apSmall()}
 * @param apMedium mean of {@link ClassAp#apMedium()}
 * @param apLarge mean of {@link ClassAp#apLarge()}
 * @param recall mean of {@link ClassAp#recall()} (COCO "AR" at {@code maxDetections})
 * @param perClass the per-class figures, by ascending label, for every label that occurs in a
 *     detection or a ground truth
 */
public record DetectionMetrics(
        long images,
        double voc07,
        double vocAllPoint,
        double vocRecall,
        double coco,
        double ap50,
        double ap75,
        double apSmall,
        double apMedium,
        double apLarge,
        double recall,
        List<ClassAp> perClass) {

    /**
     * Copies the per-class list.
     *
     * @param images the number of images
     * @param voc07 mean VOC07 AP
     * @param vocAllPoint mean VOC all-point AP
     * @param vocRecall mean VOC recall
     * @param coco mean COCO AP
     * @param ap50 mean AP50
     * @param ap75 mean AP75
     * @param apSmall mean AP small
     * @param apMedium mean AP medium
     * @param apLarge mean AP large
     * @param recall mean COCO recall
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
