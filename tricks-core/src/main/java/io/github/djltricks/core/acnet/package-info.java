/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * ACNet (Ding, Guo, Ding and Han 2019, arXiv 1908.03930): {@link
 * io.github.djltricks.core.acnet.AsymmetricConvBlock} trains a k×k, a 1×k and a k×1 convolution,
 * each with its batch normalization, in place of one k×k convolution and batch normalization, and
 * fuses into one k×k convolution for inference.
 */
package io.github.djltricks.core.acnet;
