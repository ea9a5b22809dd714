/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A multi-sample augmentation: combines the sample being drawn with {@code sampleCount() − 1} other
 * samples of the source into one training sample (detection mixup blends two images, Mosaic tiles
 * four). The dataset picks the others at random, calls it before the single-sample {@link
 * DetectionTransform} pipeline, and only in the epochs where {@link #isActive} says so. Like a
 * {@code DetectionTransform}, it draws any randomness from the generator it is given and from
 * nothing else, and is safe to share between threads.
 */
public interface DetectionMixer {

    /**
     * Returns how many samples one call combines, the drawn sample included.
     *
     * @return the sample count, {@code >= 2}
     */
    int sampleCount();

    /**
     * Returns whether the mixer applies in the given epoch; in other epochs the drawn sample goes
     * to the pipeline alone.
     *
     * @param epoch the zero-based epoch
     * @return whether to mix
     */
    boolean isActive(int epoch);

    /**
     * Combines the samples into one; the inputs are not modified.
     *
     * @param samples {@link #sampleCount()} samples, the drawn one first
     * @param rng the source of randomness for this call
     * @return the combined sample
     */
    DetectionSample mix(List<DetectionSample> samples, UniformRandomProvider rng);

    /**
     * Returns the first epoch of a mixer switched off for the last {@code lastEpochs} of {@code
     * totalEpochs} epochs, {@code totalEpochs − lastEpochs}, so that training ends on plain images.
     *
     * @param totalEpochs the training epochs, {@code >= 1}
     * @param lastEpochs the epochs at the end without mixing, in {@code [0, totalEpochs]}
     * @return the first epoch without mixing
     * @throws IllegalArgumentException if a count is outside its range
     */
    static int offFromEpoch(int totalEpochs, int lastEpochs) {
        if (totalEpochs < 1 || lastEpochs < 0 || lastEpochs > totalEpochs) {
            throw new IllegalArgumentException(
                    "need totalEpochs >= 1 and 0 <= lastEpochs <= totalEpochs, got totalEpochs="
                            + totalEpochs
                            + ", lastEpochs="
                            + lastEpochs);
        }
        return totalEpochs - lastEpochs;
    }
}
