/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Weight averaging: {@link io.github.djltricks.core.ema.ModelEma}, an exponential moving average of
 * a block's weights updated after every optimizer step, for evaluation and export.
 */
package io.github.djltricks.core.ema;
