/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.guard;

/**
 * Thrown when a training run goes non-finite: a NaN or infinite loss, parameter or gradient. The
 * message names the step, the loss and the first non-finite array; {@link
 * io.github.djltricks.core.experiment.AblationRunner} records such a run as failed (diverged).
 */
public class DivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The training step (batch) at which the run went non-finite, counted from 1. */
    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the training step (batch) at which the run went non-finite, counted from 1
     * @param message what went non-finite
     */
    public DivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /**
     * Returns the training step at which the run went non-finite.
     *
     * @return the step, counted from 1
     */
    public long getStep() {
        return step;
    }
}
