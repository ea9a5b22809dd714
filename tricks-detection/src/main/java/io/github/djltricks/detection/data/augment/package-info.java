/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Box-aware augmentations for detection (the SSD/YOLOv3 recipe of Zhang et al. 2019, "Bag of
 * Freebies for Training Object Detection Neural Networks", arXiv 1902.04103): colour distortion,
 * random expand, SSD random crop with IoU constraints, horizontal flip and resize. Each is a {@link
 * io.github.djltricks.detection.data.augment.DetectionTransform}: a pure function of the sample and
 * the random generator it is given, so the same seed gives the same samples; they compose with
 * {@link io.github.djltricks.detection.data.augment.AugmentationPipeline}.
 */
package io.github.djltricks.detection.data.augment;
