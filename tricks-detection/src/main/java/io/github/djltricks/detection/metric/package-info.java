/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Detection metrics: a mean-average-precision accumulator with the PASCAL VOC (2007 11-point and
 * all-point) and COCO (101-point, IoU 0.50:0.95, area ranges) protocols, the precision, recall and
 * false positives per image at a chosen score threshold, and a DJL {@link
 * ai.djl.training.evaluator.Evaluator} adapter for validation.
 *
 * <p>Boxes are {@code (x1, y1, x2, y2)} in continuous coordinates: width is {@code x2 - x1}, with
 * no "+1 pixel" as in the VOC devkit.
 */
package io.github.djltricks.detection.metric;
