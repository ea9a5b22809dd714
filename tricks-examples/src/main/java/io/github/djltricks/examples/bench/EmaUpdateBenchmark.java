/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import io.github.djltricks.core.ema.ModelEma;

/**
 * {@code ema-update}: the time of a training step of the example detector followed by one {@link
 * ModelEma} update (every weight and batch-norm statistic moved towards the live ones) over the
 * time of the step alone, interleaved in one run on the same {@link DetectorFixture}. It is what
 * weight EMA adds to every step of a training run; the shadow's evaluation at the end is one weight
 * copy per run.
 */
public final class EmaUpdateBenchmark implements Benchmark {

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "ema-update";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "detector step time, with a weight-EMA update / without";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 1.02";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        try (DetectorFixture fixture = new DetectorFixture();
                ModelEma ema = ModelEma.builder().build()) {
            ema.update(fixture.net);
            Interleaved.Work baseline = fixture::step;
            Interleaved.Work subject =
                    () -> {
                        fixture.step();
                        ema.update(fixture.net);
                    };
            Interleaved.Result result =
                    quick
                            ? Interleaved.compare(baseline, subject, 2, 7, 3)
                            : Interleaved.compare(baseline, subject, 5, 21, 5);
            return result.atMost(1.02);
        }
    }
}
