/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Anchor boxes fitted to a dataset: YOLOv2's k-means over box sizes with the distance {@code 1 −
 * IoU} (Redmon and Farhadi 2017, "YOLO9000", section "Dimension Clusters").
 */
package io.github.djltricks.detection.anchor;
