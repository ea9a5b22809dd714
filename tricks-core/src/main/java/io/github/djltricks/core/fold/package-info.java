/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Inference-time folding: {@link io.github.djltricks.core.fold.BatchNormFolding} folds a batch
 * normalization into the convolution before it (W' = W·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)) and
 * rewrites a whole block tree, also replacing every {@link io.github.djltricks.core.fold.Fusible}
 * block (such as ACNet's asymmetric convolution block, Ding et al. 2019, arXiv 1908.03930) with its
 * fused form; {@link io.github.djltricks.core.fold.FoldReport} says what changed.
 */
package io.github.djltricks.core.fold;
