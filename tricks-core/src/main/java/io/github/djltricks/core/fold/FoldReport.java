/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

/**
 * What {@link BatchNormFolding#foldInPlace} changed in a block tree.
 *
 * @param convBatchNormPairs how many {@code Conv2d} → {@code BatchNorm} pairs became one {@code
 *     Conv2d}
 * @param fusedBlocks how many {@link Fusible} blocks were replaced with their fused form
 */
public record FoldReport(int convBatchNormPairs, int fusedBlocks) {

    /**
     * Returns the number of replacements, pairs and fused blocks together.
     *
     * @return {@code convBatchNormPairs + fusedBlocks}
     */
    public int total() {
        return convBatchNormPairs + fusedBlocks;
    }
}
