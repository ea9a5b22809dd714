/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Counting the compute of a DJL network: multiply-accumulates (MACs) and parameters per layer and
 * in total, the x-axis of the accuracy-versus-compute comparisons in Zhang et al. 2019 (arXiv
 * 1902.04103) and of the width sweeps of Howard et al. 2017 (arXiv 1704.04861).
 *
 * <p>Entry point: {@link io.github.djltricks.core.compute.ComputeCounter#count}.
 */
package io.github.djltricks.core.compute;
