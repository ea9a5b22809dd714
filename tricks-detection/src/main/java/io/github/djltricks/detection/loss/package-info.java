/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Detection losses as DJL {@link ai.djl.training.loss.Loss}es: the sigmoid focal loss ({@link
 * io.github.djltricks.detection.loss.FocalLoss}, Lin et al. 2017), the IoU family ({@link
 * io.github.djltricks.detection.loss.IouLoss}: IoU, GIoU, DIoU, CIoU) and the smooth L1 loss
 * ({@link io.github.djltricks.detection.loss.SmoothL1Loss}).
 *
 * <p>Each loss reads its predictions from the first array of the predictions {@link
 * ai.djl.ndarray.NDList} and its targets from the first array of the labels list; optional
 * per-element weights (and, for the focal loss, an ignore mask) follow the targets in the labels
 * list. Each class documents its layout. Values agree with torchvision 0.14 within 1e-6 (golden
 * vectors in the tests).
 */
package io.github.djltricks.detection.loss;
