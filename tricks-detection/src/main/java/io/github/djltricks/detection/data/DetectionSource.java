/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import java.io.IOException;
import java.util.List;

/** Random access to raw (not yet augmented) detection samples, e.g. a COCO folder. */
public interface DetectionSource {

    /**
     * Returns the number of samples.
     *
     * @return the size
     */
    int size();

    /**
     * Returns sample {@code index}.
     *
     * @param index in {@code [0, size())}
     * @return the sample
     * @throws IOException if the sample cannot be read
     */
    DetectionSample get(int index) throws IOException;

    /**
     * Returns a source over samples held in memory.
     *
     * @param samples the samples
     * @return the source
     */
    static DetectionSource of(List<DetectionSample> samples) {
        List<DetectionSample> copy = List.copyOf(samples);
        return new DetectionSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public DetectionSample get(int index) {
                return copy.get(index);
            }
        };
    }
}
