/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Visually coherent mixup for detection (Zhang et al. 2019, arXiv 1902.04103, section 3.1): two
 * images blended on a common canvas without resizing, the boxes of both kept with weights {@code λ}
 * and {@code 1 − λ}.
 */
package io.github.djltricks.detection.data.mixup;
