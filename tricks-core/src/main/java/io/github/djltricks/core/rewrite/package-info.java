/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * In-place rewriting of DJL block trees: {@link io.github.djltricks.core.rewrite.BlockRewrite}
 * replaces or removes a child, in its parent's list of children and in the fields its forward pass
 * reads. The layer converters and the inference-time folding are built on it.
 */
package io.github.djltricks.core.rewrite;
