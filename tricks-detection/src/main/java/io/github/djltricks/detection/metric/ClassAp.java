/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

/**
 * The average-precision figures of one class under every protocol {@link MeanAveragePrecision}
 * computes, with the counts they rest on.
 *
 * @param label the class index
 * @param groundTruths the number of ground truths of the class that are not difficult
 * @param detections the number of detections of the class (before the COCO per-image cap)
 * @param ap the class's figures; {@link MeanAveragePrecision#UNDEFINED} where no ground truth of
 *     the class counts for one
 */
public record ClassAp(int label, int groundTruths, int detections, ApFigures ap) {}
