/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Detection data: one sample type ({@link io.github.djltricks.detection.data.DetectionSample},
 * image plus boxes, class ids and per-box weights), its padded batch ({@link
 * io.github.djltricks.detection.data.DetectionBatch}), the box geometry augmentation needs ({@link
 * io.github.djltricks.detection.data.BoxGeometry}) and a {@link ai.djl.training.dataset.Dataset}
 * that runs mixup, the augmentation pipeline and random-shape resizing for {@code EasyTrain.fit}
 * ({@link io.github.djltricks.detection.data.DetectionDataset}).
 *
 * <p>Conventions: images are CHW float arrays in RGB order with values on the 0–255 scale (as in
 * GluonCV's detection transforms); boxes are {@code (x1, y1, x2, y2)} in pixels with {@code 0 <= x1
 * < x2 <= width} and {@code 0 <= y1 < y2 <= height}.
 */
package io.github.djltricks.detection.data;
