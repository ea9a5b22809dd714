/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;
import java.util.List;

/**
 * A trick that plugs into a {@link ClassifierTrial} run from its own file: the trial attaches it to
 * the network before training, adds its listeners, lets it prepare the network for the test figures
 * and closes it when the run ends, without knowing which trick it is.
 *
 * <p>An ablation row shows it with one line, {@link AblationRow#of(String, TrialExtra)}: the row
 * turns on the extra's configuration switch, {@code {key(): true}}, and every run whose
 * configuration has the switch on gets the extra ({@link AblationRow#extrasOn}). {@link WeightEma}
 * is the first. A {@link DetectorTrial} plugs in the extras of bof-detection's rows the same way:
 * its runs may be child JVMs, which get only the configuration, and find the extra there again by
 * its key among those rows, which they build too ({@link DetectorRecipe}). An extra is immutable
 * and tells equal ones by value, so that the two JVMs, and two rows, agree on it.
 */
public interface TrialExtra {

    /**
     * Returns the configuration switch that turns this extra on.
     *
     * @return the key, e.g. {@code "ema"}; absent from a configuration means off
     */
    String key();

    /**
     * Attaches this extra to one run.
     *
     * @param block the network the run trains (for distillation, the {@code DistillationBlock})
     * @param updates the run's optimizer updates, one per training batch
     * @return the extra for this run, closed by the trial when the run ends
     */
    Attached attach(Block block, long updates);

    /** An extra attached to one run. */
    interface Attached extends AutoCloseable {

        /**
         * Returns the listeners the run trains with, after the trial's own.
         *
         * @return the listeners, maybe none
         */
        List<TrainingListener> listeners();

        /**
         * Prepares the trained network for the test figures, e.g. writes averaged weights in.
         *
         * @return what puts the trained network back, closed right after the test
         */
        Restore beforeTest();

        /** Frees what the extra holds; the trial calls it once the trainer is closed. */
        @Override
        void close();
    }

    /** Puts a network back as training left it. */
    @FunctionalInterface
    interface Restore extends AutoCloseable {

        /** Puts the network back. */
        @Override
        void close();
    }
}
