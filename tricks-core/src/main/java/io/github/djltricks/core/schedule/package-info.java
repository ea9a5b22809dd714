/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Learning-rate schedules as DJL {@link ai.djl.training.tracker.Tracker}s: an optional warmup
 * (linear or constant) in front of a decay (cosine, with or without SGDR restarts, step, multistep,
 * polynomial, linear or constant), every value a pure function of the update number.
 *
 * <p>The Bag of Freebies recipe (He et al., "Bag of Tricks for Image Classification with
 * Convolutional Neural Networks", arXiv 1812.01187; Zhang et al., arXiv 1902.04103) trains with a
 * linear warmup followed by cosine decay, {@code lr_t = ½(1 + cos(π·t/T))·lr}; {@link
 * io.github.djltricks.core.schedule.WarmupSchedule} is that schedule and its relatives.
 *
 * <p>Each decay shape is one small class behind {@link io.github.djltricks.core.schedule.Decay}
 * ({@code CosineDecay}, {@code CosineRestartsDecay}, {@code StepDecay}, {@code MultiStepDecay},
 * {@code PolynomialDecay}, {@code LinearDecay}, {@code ConstantDecay}); {@code WarmupSchedule}
 * composes the warmup ({@link io.github.djltricks.core.schedule.WarmupMode}) around whichever it is
 * given and maps DJL's update number to the step in one place. A new shape is a new {@code Decay}:
 * a class here with its formula and paper and a builder method, or a user's own through {@code
 * WarmupSchedule.Builder.decay(Decay)}.
 */
package io.github.djltricks.core.schedule;
