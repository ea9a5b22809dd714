/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Random-shape (multi-scale) training as in YOLOv3: every {@code interval} iterations a new square
 * input size is drawn from a list, shared by all images of a batch.
 */
package io.github.djltricks.detection.data.multiscale;
