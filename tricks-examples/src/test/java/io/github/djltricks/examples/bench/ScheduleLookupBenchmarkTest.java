/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code schedule-lookup} is registered and measures a finite ratio (its target is not asserted).
 */
class ScheduleLookupBenchmarkTest {

    @Test
    void registeredAndMeasuresAFiniteRatio() throws Exception {
        assertThat(Benchmarks.all()).extracting(Benchmark::name).contains("schedule-lookup");
        assertThat(Benchmarks.notBuiltYet()).doesNotContain("schedule-lookup");
        Measurement m = new ScheduleLookupBenchmark().run(true);
        assertThat(m.value()).isPositive().isFinite();
        assertThat(m.unit()).isEqualTo("x");
        assertThat(m.pass()).isEqualTo(m.value() <= 2.0);
        assertThat(m.detail()).contains("ns per lookup");
    }
}
