/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.github.djltricks.core.schedule.WarmupSchedule;

/**
 * {@code schedule-lookup}: the cost of one learning-rate lookup of {@link WarmupSchedule} (linear
 * warmup + cosine) against DJL's {@code WarmUpTracker} + {@code CosineTracker} with the same
 * settings, timed interleaved in the same run.
 *
 * <p>The target is a ratio of at most 2: both compute one cosine per lookup; ours adds the step
 * mapping {@code ⌊(numUpdate − 1)/k⌋}, range checks and double precision, and nothing else. An
 * optimizer asks once per parameter per update, so even twice DJL's few nanoseconds is nothing
 * against a training step; the bound is there to catch allocation, boxing or a scan (of milestones
 * or restart cycles) creeping into the hot path.
 */
public final class ScheduleLookupBenchmark implements Benchmark {

    private static final int WARMUP = 500;
    private static final int TOTAL = 20_000;

    /** Keeps the JIT from dropping the lookups. */
    private volatile float sink;

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "schedule-lookup";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "time of one lr lookup, WarmupSchedule warmup+cosine / DJL WarmUpTracker+CosineTracker";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 2.0";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        Tracker ours =
                WarmupSchedule.builder()
                        .setBaseValue(0.1f)
                        .optWarmupBegin(0.001f)
                        .optWarmupSteps(WARMUP)
                        .setTotalSteps(TOTAL)
                        .optFinalValue(0f)
                        .cosine()
                        .build();
        Tracker djl =
                WarmUpTracker.builder()
                        .setMainTracker(
                                CosineTracker.builder()
                                        .setBaseValue(0.1f)
                                        .optFinalValue(0f)
                                        .setMaxUpdates(TOTAL - WARMUP)
                                        .build())
                        .optWarmUpSteps(WARMUP)
                        .optWarmUpBeginValue(0.001f)
                        .build();
        int lookups = quick ? 10_000 : 100_000;
        Interleaved.Result result =
                Interleaved.compare(
                        () -> lookups(djl, lookups),
                        () -> lookups(ours, lookups),
                        quick ? 10 : 40,
                        quick ? 21 : 101,
                        1);
        double baselineNanos = result.baselineMillis() * 1e6 / lookups;
        double subjectNanos = result.subjectMillis() * 1e6 / lookups;
        return new Measurement(
                result.ratio(),
                result.spread(),
                "x",
                result.ratio() <= 2.0,
                String.format(
                        "DJL %.1f ns, WarmupSchedule %.1f ns per lookup (%d lookups per round)",
                        baselineNanos, subjectNanos, lookups));
    }

    /** Looks up {@code count} values over update numbers 1 … T + 500, in order, wrapping. */
    private void lookups(Tracker tracker, int count) {
        float sum = 0;
        int numUpdate = 1;
        for (int i = 0; i < count; i++) {
            sum += tracker.getNewValue(numUpdate);
            numUpdate = numUpdate > TOTAL + 500 ? 1 : numUpdate + 1;
        }
        sink = sum;
    }
}
