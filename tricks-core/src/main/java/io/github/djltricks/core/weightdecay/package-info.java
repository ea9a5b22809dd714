/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Weight decay on the weights only (He et al. 2019, "Bag of Tricks for Image Classification with
 * Convolutional Neural Networks", arXiv 1812.01187, section 3.1, "no bias decay"): {@link
 * io.github.djltricks.core.weightdecay.NoBiasDecay}, a DJL {@code Optimizer} that decays the
 * weights of convolutions and linear layers and leaves biases and batch-norm γ and β undecayed.
 */
package io.github.djltricks.core.weightdecay;
