/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import io.github.djltricks.core.engine.OneDnn;

/**
 * {@code onednn-cost}: the time of the example detector's forward, loss and backward ({@link
 * DetectorFixture}: width 0.25, 96×96, batch 16; the update, the same either way, is left out so
 * that the garbage gradients of the oneDNN-on steps never reach the weights) with libtorch's oneDNN
 * convolutions off, the project's workaround for oneDNN reading unwritten memory, over the same
 * step with them on, interleaved in the same run (the switch is flipped between the timed units; it
 * is read when each convolution runs). The steps with oneDNN on may compute garbage: only their
 * time is used. The switch is left off.
 */
public final class OneDnnCostBenchmark implements Benchmark {

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "onednn-cost";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "detector forward + backward time, oneDNN off (workaround) / oneDNN on";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 1.5";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        try (DetectorFixture fixture = new DetectorFixture()) {
            fixture.warmUp(quick);
            Interleaved.Result result =
                    Interleaved.compare(
                            () -> {
                                OneDnn.setEnabled(true);
                                fixture.forwardBackward();
                            },
                            () -> {
                                OneDnn.setEnabled(false);
                                fixture.forwardBackward();
                            },
                            2,
                            quick ? 5 : 15,
                            2);
            return result.atMost(1.5);
        } finally {
            OneDnn.setEnabled(false);
        }
    }
}
