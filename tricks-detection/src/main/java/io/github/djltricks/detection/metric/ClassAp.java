/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/**
 * The average precision of one class under every protocol {@link MeanAveragePrecision} computes. A
 * value is {@link MeanAveragePrecision#UNDEFINED} ({@code -1}, as in pycocotools) when the class
 * has no ground truth that counts for it (none, or only difficult ones, or none in that area
 * range).
 *
 * @param label the class index
 * @param groundTruths the number of ground truths of the class that are not difficult
 * @param detections the number of detections of the class (before the COCO per-image cap)
 * @param voc07 PASCAL VOC 2007 11-point AP at IoU &gt; 0.5
 * @param vocAllPoint PASCAL VOC 2010+ all-point AP at IoU &gt; 0.5
 * @param vocRecall recall at IoU &gt; 0.5 over all detections (VOC matching)
 * @param coco COCO AP: 101-point AP averaged over IoU 0.50:0.05:0.95
 * @param ap50 COCO 101-point AP at IoU &ge; 0.50
 * @param ap75 COCO 101-point AP at IoU &ge; 0.75
 * @param apSmall COCO AP for objects of area &lt; 32&sup2;
 * @param apMedium COCO AP for objects of area in [32&sup2;, 96&sup2;]
 * @param apLarge COCO AP for objects of area &gt; 96&sup2;
 * @param recall COCO average recall: recall with at most {@code maxDetections} per image, averaged
 *     over IoU 0.50:0.05:0.95
 */
public record ClassAp(
        int label,
        int groundTruths,
        int detections,
        double voc07,
        double vocAllPoint,
        double vocRecall,
        double coco,
        double ap50,
        double ap75,
        double apSmall,
        double apMedium,
        double apLarge,
        double recall) {}
