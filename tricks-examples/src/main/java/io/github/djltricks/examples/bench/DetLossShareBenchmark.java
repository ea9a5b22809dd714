/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

/**
 * {@code det-loss-share}: the share of a detector training step spent in the focal and GIoU losses
 * (forward and backward), target &le; 10%.
 *
 * <p>The step is the example detector's ({@link DetectorFixture}: YOLO-style network at 96 px,
 * batch 16, GIoU boxes and focal objectness); the subject is the loss's focal objectness term over
 * every anchor plus its GIoU term over the assigned anchors, on the batch's cached assignment (the
 * assignment is timed by {@code assign-loss-share}). Both run interleaved; the figure is subject
 * time over step time.
 */
public final class DetLossShareBenchmark implements Benchmark {

    /** The index of the objectness term among the loss components. */
    static final int OBJECTNESS = 0;

    /** The index of the box term among the loss components. */
    static final int BOX = 2;

    /** Creates the benchmark. */
    public DetLossShareBenchmark() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "det-loss-share";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "focal + GIoU loss (fwd+bwd) / YOLO detector training step, 96 px, batch 16";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 0.10";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        Interleaved.Result r =
                DetectorFixture.shareOfStep(
                        (fixture, heads) -> fixture.terms(heads, OBJECTNESS, BOX), quick);
        return new Measurement(
                r.ratio(),
                r.spread(),
                "of step",
                r.ratio() <= 0.10,
                String.format(
                        "step %.1f ms, focal objectness + GIoU %.1f ms",
                        r.baselineMillis(), r.subjectMillis()));
    }
}
