/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Synchronized batch normalization (Zhang et al. 2019, arXiv 1902.04103, section 3.5): {@link
 * io.github.djltricks.core.norm.SyncBatchNorm}, whose statistics span every shard of a step; {@link
 * io.github.djltricks.core.norm.ShardGroup}, which runs the shards concurrently and lets their
 * layers meet; {@link io.github.djltricks.core.norm.SyncTrain}, the sharded training step; and
 * {@link io.github.djltricks.core.norm.BatchNormConverter}, which swaps BatchNorm and SyncBatchNorm
 * in a block tree.
 */
package io.github.djltricks.core.norm;
