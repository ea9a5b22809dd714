/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The average-precision figures {@link MeanAveragePrecision} computes under every protocol: those
 * of one class ({@link ClassAp#ap()}), or their means over the classes ({@link
 * DetectionMetrics#mean()}, {@link #meanOf}). A value is {@link MeanAveragePrecision#UNDEFINED}
 * ({@code -1}, as in pycocotools) when no ground truth counts for it (none, or only difficult ones,
 * or none in that area range); a mean is over the classes for which the figure is defined.
 *
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
public record ApFigures(
        double voc07,
        double vocAllPoint,
        double vocRecall,
        double coco,
        double ap50,
        double ap75,
        double apSmall,
        double apMedium,
        double apLarge,
        double recall) {

    /**
     * Returns each figure's mean over the classes for which it is defined: the "m" of mAP.
     *
     * @param classes the figures of each class
     * @return the means, each {@link MeanAveragePrecision#UNDEFINED} where no class defines it
     */
    public static ApFigures meanOf(List<ApFigures> classes) {
        return new ApFigures(
                mean(classes, ApFigures::voc07),
                mean(classes, ApFigures::vocAllPoint),
                mean(classes, ApFigures::vocRecall),
                mean(classes, ApFigures::coco),
                mean(classes, ApFigures::ap50),
                mean(classes, ApFigures::ap75),
                mean(classes, ApFigures::apSmall),
                mean(classes, ApFigures::apMedium),
                mean(classes, ApFigures::apLarge),
                mean(classes, ApFigures::recall));
    }

    private static double mean(List<ApFigures> classes, ToDoubleFunction<ApFigures> figure) {
        double sum = 0;
        int n = 0;
        for (ApFigures c : classes) {
            double v = figure.applyAsDouble(c);
            if (v != MeanAveragePrecision.UNDEFINED) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? MeanAveragePrecision.UNDEFINED : sum / n;
    }
}
