/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

/**
 * {@code assign-loss-share}: the share of a detector training step spent in target assignment and
 * the loss (forward and backward), at the example detector's size ({@link DetectorFixture}); the
 * detail gives the step's images per second. Target ≤ 15 % (the detector issue's bound).
 */
public final class AssignLossShareBenchmark implements Benchmark {

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "assign-loss-share";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "YOLO target assignment + loss (fwd+bwd) / detector training step, 96 px, batch 16";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 0.15";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        Interleaved.Result r = DetectorFixture.shareOfStep(DetectorFixture::lossOnly, quick);
        double imagesPerSecond = DetectorFixture.BATCH / (r.baselineMillis() / 1e3);
        return new Measurement(
                r.ratio(),
                r.spread(),
                "",
                r.ratio() <= 0.15,
                String.format(
                        "step %.1f ms (%.1f images/s), assignment + loss %.1f ms",
                        r.baselineMillis(), imagesPerSecond, r.subjectMillis()));
    }
}
