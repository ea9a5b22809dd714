/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code mixup-step} benchmark is registered under its name with the target. */
class MixupStepBenchmarkTest {

    @Test
    void isRegisteredAndNoLongerListedAsMissing() {
        assertThat(Benchmarks.all())
                .filteredOn(b -> b.name().equals("mixup-step"))
                .singleElement()
                .isInstanceOf(MixupStepBenchmark.class)
                .satisfies(b -> assertThat(b.target()).isEqualTo("<= 1.05"));
        assertThat(Benchmarks.notBuiltYet()).doesNotContain("mixup-step");
    }
}
