/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The {@code acnet-fusion} benchmark is registered with its target, and at a tiny size measures a
 * ratio of two equal computations.
 */
class AcnetFusionBenchmarkTest {

    @Test
    void isRegisteredWithItsTarget() {
        assertThat(Benchmarks.all())
                .filteredOn(b -> b.name().equals("acnet-fusion"))
                .singleElement()
                .isInstanceOf(AcnetFusionBenchmark.class)
                .satisfies(b -> assertThat(b.target()).isEqualTo("< 1"));
    }

    @Test
    void measuresARatioOfEqualOutputsAtATinySize() throws Exception {
        Measurement m = new AcnetFusionBenchmark(2, 16, 8).run(true);
        assertThat(m.value()).isPositive().isFinite();
        assertThat(m.unit()).isEqualTo("x");
        assertThat(m.detail()).contains("batch 2, 16 channels, 8x8");
        String difference = m.detail().replaceAll(".*outputs differ by (\\S+) relative.*", "$1");
        assertThat(Double.parseDouble(difference)).isLessThanOrEqualTo(1e-5);
    }
}
