/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code ema-update} benchmark is registered with issue #27's target and measures a ratio. */
class EmaUpdateBenchmarkTest {

    @Test
    void isRegisteredWithItsTarget() {
        assertThat(Benchmarks.all())
                .filteredOn(b -> b.name().equals("ema-update"))
                .singleElement()
                .isInstanceOf(EmaUpdateBenchmark.class)
                .satisfies(b -> assertThat(b.target()).isEqualTo("<= 1.02"));
    }
}
