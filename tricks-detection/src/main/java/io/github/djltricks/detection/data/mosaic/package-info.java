/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Mosaic (Bochkovskiy et al. 2020, "YOLOv4", arXiv 2004.10934, section 3.3): four training images
 * tiled around a random centre on one canvas, each box clipped to the part of its image that was
 * kept.
 */
package io.github.djltricks.detection.data.mosaic;
