/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' detector fixture times steps as a training loop runs them: what a timed call
 * computes is freed when the call ends, so no call pays for memory the previous ones kept.
 */
class DetectorFixtureTest {

    @Test
    void timedCallsLeaveNoArraysBehind() {
        try (DetectorFixture fixture = new DetectorFixture()) {
            NDList heads = fixture.heads();
            fixture.step();
            fixture.lossOnly(heads);
            fixture.terms(heads, DetLossShareBenchmark.OBJECTNESS, DetLossShareBenchmark.BOX);
            int live = fixture.liveArrays();
            for (int i = 0; i < 3; i++) {
                fixture.step();
                fixture.forwardBackward();
                fixture.lossOnly(heads);
                fixture.terms(heads, DetLossShareBenchmark.OBJECTNESS, DetLossShareBenchmark.BOX);
            }
            assertThat(fixture.liveArrays()).isEqualTo(live);
        }
    }
}
