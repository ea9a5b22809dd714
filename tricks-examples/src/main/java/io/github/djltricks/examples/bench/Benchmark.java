/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

/**
 * One performance figure of the {@code bench} command: a measurement of a trick against a baseline
 * taken in the same run, with the target the figure must meet.
 */
public interface Benchmark {

    /**
     * Returns the short name used on the command line, e.g. {@code mixup-step}.
     *
     * @return the benchmark's name
     */
    String name();

    /**
     * Returns what is measured, e.g. {@code step time, mixup + label smoothing / plain}.
     *
     * @return a one-line description of the figure
     */
    String figure();

    /**
     * Returns the target the figure must meet, in words, e.g. {@code <= 1.05}.
     *
     * @return the target
     */
    String target();

    /**
     * Runs the benchmark.
     *
     * @param quick whether to use the short budget ({@code bench --quick})
     * @return the measured figure and its verdict
     * @throws Exception if the benchmark cannot run
     */
    Measurement run(boolean quick) throws Exception;
}
