/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The minor page faults of this process so far: each one is a page of memory the kernel had to map
 * on first touch (Linux's {@code /proc/self/stat}, field 10, {@code minflt}).
 *
 * <p>A training step that runs on memory the process already holds faults close to never. A fresh
 * process faults thousands of times a step for its first hundred or so steps, while the Java heap
 * and the C heap grow to their working size; on a virtual machine each fault costs microseconds,
 * which can double a small step. The benchmarks count faults to say which of the two they timed.
 */
final class MinorFaults {

    /** {@code minflt} is the 10th field of {@code /proc/self/stat}, the 8th after the command. */
    private static final int FIELD_AFTER_COMMAND = 7;

    private MinorFaults() {}

    /**
     * Returns the count of minor page faults of this process so far.
     *
     * @return the count, or -1 where {@code /proc/self/stat} cannot be read (not Linux)
     */
    static long sinceStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // the command, in parentheses, may hold spaces: count fields after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[FIELD_AFTER_COMMAND]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
