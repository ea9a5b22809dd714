/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.util.Map;

/**
 * One recorded run of an ablation, as stored in its JSON results file.
 *
 * @param variant the row the run belongs to
 * @param seed the run's seed
 * @param name a readable name: the parameters changed from the baseline, the seed and the headline
 *     metric, e.g. {@code lr=0.4,smoothing=0.1-seed2-top1=0.7712}
 * @param status whether the run finished or threw
 * @param message the failure ({@code ExceptionClass: message}) of a failed run, else empty
 * @param wallSeconds the wall-clock time of the run in seconds
 * @param configuration the run's full configuration
 * @param metrics the metrics of a finished run (empty for a failed one)
 */
public record RunRecord(
        String variant,
        long seed,
        String name,
        Status status,
        String message,
        double wallSeconds,
        Map<String, Object> configuration,
        Map<String, Double> metrics) {

    /** Whether a run finished. */
    public enum Status {
        /** The trial returned its metrics. */
        OK,
        /** The trial threw; the message says why. */
        FAILED
    }

    /**
     * Returns whether the run finished.
     *
     * @return true for {@link Status#OK}
     */
    public boolean ok() {
        return status == Status.OK;
    }
}
