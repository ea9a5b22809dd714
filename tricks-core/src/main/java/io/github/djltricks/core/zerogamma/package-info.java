/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Zero-γ initialization of residual networks (He et al. 2019, "Bag of Tricks for Image
 * Classification with Convolutional Neural Networks", arXiv 1812.01187, section 3.1): {@link
 * io.github.djltricks.core.zerogamma.ZeroGamma} finds the normalization layer that ends each
 * residual branch and starts its γ at 0, so that every residual block starts as its shortcut.
 */
package io.github.djltricks.core.zerogamma;
