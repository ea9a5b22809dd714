/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

import ai.djl.nn.Block;

/**
 * A block that trains as several layers and can turn itself into one equivalent block for
 * inference, such as ACNet's asymmetric convolution block (Ding et al. 2019, arXiv 1908.03930),
 * which becomes one convolution. {@link BatchNormFolding#foldInPlace} replaces every such block of
 * a tree with its fused form.
 */
public interface Fusible {

    /**
     * Returns a new block that computes what this block computes in inference mode, with its own
     * initialized parameters; this block is left unchanged.
     *
     * @return the fused block
     * @throws IllegalStateException if this block is not initialized
     */
    Block fuse();
}
