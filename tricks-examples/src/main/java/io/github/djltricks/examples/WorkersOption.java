/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import picocli.CommandLine.Option;

/**
 * The {@code --workers} option of the commands that run detector ablations ({@code bof-detection},
 * {@code regime-map}, {@code utility-curve}): how many runs train at once, each in a JVM of its own
 * ({@link ForkedTrial}); one trains in the command's own JVM, one run after the other.
 */
public final class WorkersOption {

    @Option(
            names = "--workers",
            description =
                    "Runs at once, each in a child JVM, "
                            + OptionRanges.WORKERS_HELP
                            + "; 1 trains in this JVM, one run after the other (default:"
                            + " ${DEFAULT-VALUE}).")
    private int workers = 2;

    /**
     * Returns how many runs train at once.
     *
     * @return the value given, or 2
     * @throws IllegalArgumentException if it is outside {@link OptionRanges#WORKERS}
     */
    public int count() {
        OptionRanges.WORKERS.check("--workers", workers);
        return workers;
    }
}
