/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/**
 * What a detector delivers when its output is cut at one score threshold: the counts of true
 * positives, false positives and missed objects, and precision, recall and false positives per
 * image. These are the figures mAP hides: AP integrates over all thresholds, so a flood of
 * low-scored false positives barely moves it, while a deployed detector runs at one threshold.
 *
 * @param scoreThreshold detections with {@code score >= scoreThreshold} were kept
 * @param iouThreshold a detection matched a ground truth at {@code IoU >= iouThreshold}
 * @param truePositives kept detections matched to a ground truth that is not difficult
 * @param falsePositives kept detections matched to no ground truth
 * @param falseNegatives ground truths, not difficult, that no kept detection matched
 * @param images the number of images
 * @param precision {@code TP / (TP + FP)}, or 0 when nothing was kept
 * @param recall {@code TP / (TP + FN)}, or 0 when there is no ground truth that counts
 * @param falsePositivesPerImage {@code FP / images}, or 0 when there are no images
 */
public record OperatingPoint(
        double scoreThreshold,
        double iouThreshold,
        long truePositives,
        long falsePositives,
        long falseNegatives,
        long images,
        double precision,
        double recall,
        double falsePositivesPerImage) {}
