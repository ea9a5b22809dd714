/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.util.Map;

/** One run of an experiment: trains and evaluates a configuration with a seed. */
@FunctionalInterface
public interface Trial {

    /**
     * Runs the configuration with the seed and returns its metrics.
     *
     * @param configuration the hyper-parameters of this run
     * @param seed the seed of this run; the same seed must give the same result
     * @return the metrics by name (the same names on every run)
     * @throws Exception if the run fails; the runner records the failure and goes on
     */
    Map<String, Double> run(Configuration configuration, long seed) throws Exception;
}
