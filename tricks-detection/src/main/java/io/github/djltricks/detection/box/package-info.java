/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Box operations on {@link ai.djl.ndarray.NDArray}s: format conversions, area, clip, scale,
 * pairwise IoU and GIoU matrices ({@link io.github.djltricks.detection.box.Boxes}), greedy and
 * class-aware non-maximum suppression ({@link io.github.djltricks.detection.box.Nms}) and Soft-NMS
 * ({@link io.github.djltricks.detection.box.SoftNms}, Bodla et al. 2017).
 *
 * <p>Boxes are rows of four numbers in the last axis. Unless a method says otherwise they are in
 * {@link io.github.djltricks.detection.box.BoxFormat#XYXY} form (x1, y1, x2, y2) with x1 &le; x2
 * and y1 &le; y2, the convention of torchvision.
 */
package io.github.djltricks.detection.box;
