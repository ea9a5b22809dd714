/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import java.util.List;

/**
 * The registry of every performance figure the project tracks, in the order the {@code bench} table
 * prints them. A figure whose feature is not built yet is listed by name so the table says so
 * instead of leaving it out.
 */
public final class Benchmarks {

    private Benchmarks() {}

    /**
     * Returns the benchmarks that exist.
     *
     * @return the runnable benchmarks, one per figure
     */
    public static List<Benchmark> all() {
        return List.of(
                new ScheduleLookupBenchmark(),
                new MixupStepBenchmark(),
                new SyncBnStepBenchmark(),
                new NmsVsDjlBenchmark(),
                new MapBenchmark(),
                new DetLossShareBenchmark(),
                new AugmentThroughputBenchmark(),
                new AssignLossShareBenchmark(),
                new DetectorGflopsBenchmark(),
                new OneDnnCostBenchmark(),
                new EmaUpdateBenchmark(),
                new AcnetFusionBenchmark());
    }

    /**
     * Returns the figures the project tracks whose feature is not built yet, by name.
     *
     * @return names of figures without a benchmark
     */
    public static List<String> notBuiltYet() {
        return List.of();
    }
}
