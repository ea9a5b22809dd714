/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * A YOLOv3-style detector that trains on the PyTorch engine: the network, the target assigner, the
 * loss with every Bag-of-Freebies switch, and decoding.
 */
package io.github.djltricks.detection.yolo;
