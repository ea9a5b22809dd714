/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import java.util.Map;

/**
 * The C heap settings of the child JVMs ({@link ChildJvm}: the trials that train, the benchmarks):
 * glibc's {@code malloc} with one arena and fixed thresholds, so that the memory a training step
 * frees is reused by the next step instead of being handed back to the kernel and faulted in again.
 *
 * <p><b>Why.</b> libtorch takes every tensor from {@code malloc}. A DJL training step runs on a
 * Java thread, whose {@code malloc} arena is made of 64 MiB heaps; the example detector's stem
 * unfolds a batch of 16 into two 16 MB buffers a step (16 images × 27 × 96²). After a hundred or so
 * steps glibc can fall into a state where one or both come from freshly mapped memory every step:
 * 3,889 or 7,778 page faults a step (exactly the buffers' pages), and a step of 115 to 220 ms
 * instead of 70 to 80, for long stretches of the run (measured on a 2-core virtual machine, where a
 * page fault costs microseconds). One arena (a single heap that grows in place), a fixed mmap
 * threshold of 32 MiB (glibc's largest; the default rises and falls with what was freed) and a trim
 * threshold of 1 GiB keep those blocks in the heap. This is {@code GLIBC_TUNABLES}, which glibc
 * reads only when a process starts, so it applies to child processes: a user who runs training in
 * their own JVM can set the same variable before starting it.
 *
 * <p>It changes where memory comes from, never what is computed: results are bit-identical (the
 * library's results do not depend on memory contents, which the CI's fill check verifies). A
 * process keeps its peak C heap instead of returning it between steps.
 */
final class ChildHeap {

    /** The environment variable glibc reads its tunables from. */
    static final String VARIABLE = "GLIBC_TUNABLES";

    /** One arena, blocks up to 32 MiB from the heap, trim only above 1 GiB free. */
    static final String TUNABLES =
            "glibc.malloc.arena_max=1"
                    + ":glibc.malloc.mmap_threshold=33554432"
                    + ":glibc.malloc.trim_threshold=1073741824";

    private ChildHeap() {}

    /**
     * Sets {@link #TUNABLES} in a child's environment, unless the user set {@code GLIBC_TUNABLES}
     * themselves (their setting is kept, whatever it says).
     *
     * @param environment the child's environment, as {@link ProcessBuilder#environment()} gives it
     */
    static void configure(Map<String, String> environment) {
        environment.putIfAbsent(VARIABLE, TUNABLES);
    }
}
