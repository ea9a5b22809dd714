/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Classification losses: {@link io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss},
 * softmax cross-entropy against smoothed targets (Szegedy et al. 2016, arXiv 1512.00567; the
 * Bag-of-Tricks paper, He et al. 2019, arXiv 1812.01187, §5.2).
 */
package io.github.djltricks.core.loss;
