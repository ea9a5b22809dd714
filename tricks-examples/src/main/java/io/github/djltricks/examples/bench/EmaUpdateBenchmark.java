/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import io.github.djltricks.core.ema.ModelEma;
import java.util.Locale;

/**
 * {@code ema-update}: what one {@link ModelEma} update (every weight and batch-norm statistic moved
 * towards the live ones) adds to a training step of the example detector, as {@code 1 + t_update /
 * t_step}, both timed in the same interleaved rounds on the same {@link DetectorFixture}. Timing
 * the update by itself, rather than a step with the update against a step without, keeps the step's
 * own spread (several percent from round to round) out of a figure of about one percent. It is what
 * weight EMA adds to every step of a training run; evaluating with the shadow costs one weight copy
 * per evaluation ({@link ModelEma#apply}).
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
        return "detector step time with a weight-EMA update / without (1 + update / step)";
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
            fixture.warmUp(quick);
            ema.update(fixture.net);
            Interleaved.Work step = fixture::step;
            Interleaved.Work update = () -> ema.update(fixture.net);
            Interleaved.Result result =
                    quick
                            ? Interleaved.compare(step, update, 2, 7, 3)
                            : Interleaved.compare(step, update, 5, 41, 5);
            double added = 1 + result.ratio();
            return new Measurement(
                    added,
                    result.spread(),
                    "x",
                    added <= 1.02,
                    String.format(
                            Locale.ROOT,
                            "step %.3f ms, EMA update %.3f ms",
                            result.baselineMillis(),
                            result.subjectMillis()));
        }
    }
}
