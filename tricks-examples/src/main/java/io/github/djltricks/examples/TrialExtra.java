/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;
import java.util.ArrayList;
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

    /**
     * Attaches extras to one run, in order, each one's listeners added after the run's own.
     *
     * @param extras the extras
     * @param block the network the run trains
     * @param updates the run's optimizer updates
     * @param listeners the run's listeners, to which the extras' are added
     * @return the attached extras, to be closed with {@link #closeAll}; if one fails to attach,
     *     those before it are closed
     */
    static List<Attached> attachAll(
            List<? extends TrialExtra> extras,
            Block block,
            long updates,
            List<TrainingListener> listeners) {
        List<Attached> attached = new ArrayList<>();
        try {
            for (TrialExtra extra : extras) {
                Attached one = extra.attach(block, updates);
                attached.add(one);
                listeners.addAll(one.listeners());
            }
        } catch (RuntimeException e) {
            closeAll(attached);
            throw e;
        }
        return attached;
    }

    /**
     * Prepares the trained network for the test figures with every attached extra, in order.
     *
     * @param attached the run's attached extras
     * @return what puts the network back, the extras in reverse order; if one fails to prepare it,
     *     those before it have put it back
     */
    static Restore beforeTest(List<Attached> attached) {
        List<Restore> restores = new ArrayList<>();
        Restore all =
                () -> {
                    for (int i = restores.size() - 1; i >= 0; i--) {
                        restores.get(i).close();
                    }
                };
        try {
            for (Attached one : attached) {
                restores.add(one.beforeTest());
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    /**
     * Closes attached extras, in reverse order.
     *
     * @param attached the run's attached extras
     */
    static void closeAll(List<Attached> attached) {
        for (int i = attached.size() - 1; i >= 0; i--) {
            attached.get(i).close();
        }
    }

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
