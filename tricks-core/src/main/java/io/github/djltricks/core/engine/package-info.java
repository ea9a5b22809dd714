/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Switches of the PyTorch engine's native library that DJL does not expose: {@link
 * io.github.djltricks.core.engine.OneDnn} turns off the oneDNN convolutions whose training reads
 * memory it never wrote on AVX-512 and AVX2 CPUs.
 */
package io.github.djltricks.core.engine;
