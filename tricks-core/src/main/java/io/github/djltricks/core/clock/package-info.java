/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The training clock: {@link io.github.djltricks.core.clock.TrainingClock} counts trained batches
 * and finished epochs from the trainer's listener calls, and every data-side piece that changes
 * with training time (mixup's last clean epochs, a detection dataset's batch shapes and sample
 * draws) reads it instead of keeping a count of its own.
 */
package io.github.djltricks.core.clock;
