/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Box operations on {@link ai.djl.ndarray.NDArray}s: format conversions, area, clip, scale,
 * pairwise IoU and GIoU matrices ({@link io.github.djltricks.detection.box.Boxes}), greedy and
 * class-aware non-maximum suppression ({@link io.github.djltricks.detection.box.Nms}) and Soft-NMS
 * ({@link io.github.djltricks.detection.box.SoftNms}, Bodla et al. 2017); and the IoU of two boxes
 * held in plain Java numbers ({@link io.github.djltricks.detection.box.BoxIou}), which every class
 * of the library that compares two boxes on the host calls.
 *
 * <p>IoU lives in two places, one per storage: {@code Boxes.iou} for the (N, M) matrix of two
 * arrays of boxes, {@code BoxIou} for one pair of boxes on the host (float64, float32 as
 * torchvision's {@code nms}, and the size-only special case of anchor matching).
 *
 * <p>Boxes are rows of four numbers in the last axis. Unless a method says otherwise they are in
 * {@link io.github.djltricks.detection.box.BoxFormat#XYXY} form (x1, y1, x2, y2) with x1 &le; x2
 * and y1 &le; y2, the convention of torchvision.
 */
package io.github.djltricks.detection.box;
