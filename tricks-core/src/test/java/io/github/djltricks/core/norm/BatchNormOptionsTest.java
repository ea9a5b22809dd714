/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;

/** The options DJL keeps private are read back as they were built, defaults included. */
class BatchNormOptionsTest {

    @Test
    void readsTheBuiltOptionsAndTheDefaults() {
        assertThat(BatchNormOptions.of(BatchNorm.builder().build()))
                .isEqualTo(new BatchNormOptions(1, 1e-5f, 0.9f, true, true));
        BatchNorm custom =
                BatchNorm.builder()
                        .optAxis(3)
                        .optEpsilon(1e-3f)
                        .optMomentum(0.5f)
                        .optCenter(false)
                        .optScale(false)
                        .build();
        assertThat(BatchNormOptions.of(custom))
                .isEqualTo(new BatchNormOptions(3, 1e-3f, 0.5f, false, false));
    }

    @Test
    void nullIsRejectedByName() {
        assertThatThrownBy(() -> BatchNormOptions.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bn=null");
    }
}
