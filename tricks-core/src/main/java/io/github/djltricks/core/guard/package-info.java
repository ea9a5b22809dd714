/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Guards for a training run: {@link io.github.djltricks.core.guard.NonFiniteGuard} stops a run at
 * the first step whose parameters or gradients are not finite, with a {@link
 * io.github.djltricks.core.guard.DivergedException} that names the step and the array.
 */
package io.github.djltricks.core.guard;
