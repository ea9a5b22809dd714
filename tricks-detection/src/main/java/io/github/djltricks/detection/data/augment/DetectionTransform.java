/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A box-aware augmentation: maps a sample (image and boxes together) to a new sample, drawing any
 * randomness from the generator it is given and from nothing else, so that the same generator state
 * gives the same output. Implementations are stateless and safe to share between threads.
 */
@FunctionalInterface
public interface DetectionTransform {

    /**
     * Returns the augmented sample; the input is not modified.
     *
     * @param sample the sample
     * @param rng the source of randomness for this call
     * @return the augmented sample
     */
    DetectionSample apply(DetectionSample sample, UniformRandomProvider rng);
}
