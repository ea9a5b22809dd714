/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildHeapTest {

    @Test
    void aChildGetsTheTunablesWhenTheUserSetNone() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin"));
        ChildHeap.configure(environment);
        assertThat(environment)
                .containsEntry("GLIBC_TUNABLES", ChildHeap.TUNABLES)
                .containsEntry("PATH", "/usr/bin");
    }

    @Test
    void theUsersOwnTunablesAreKept() {
        Map<String, String> environment =
                new HashMap<>(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=4"));
        ChildHeap.configure(environment);
        assertThat(environment).containsEntry("GLIBC_TUNABLES", "glibc.malloc.arena_max=4");
    }

    @Test
    void everyTunableIsOneGlibcAcceptsAndInItsRange() {
        Map<String, Long> values = new HashMap<>();
        for (String entry : ChildHeap.TUNABLES.split(":")) {
            String[] pair = entry.split("=");
            assertThat(pair).hasSize(2);
            assertThat(pair[0]).startsWith("glibc.malloc.");
            values.put(pair[0].substring("glibc.malloc.".length()), Long.parseLong(pair[1]));
        }
        assertThat(values).containsOnlyKeys("arena_max", "mmap_threshold", "trim_threshold");
        // glibc ignores an mmap threshold above half its 64 MiB heap size on 64-bit systems
        assertThat(values.get("mmap_threshold")).isBetween(16L << 20, 32L << 20);
        assertThat(values.get("trim_threshold")).isGreaterThan(2 * values.get("mmap_threshold"));
        assertThat(values.get("arena_max")).isEqualTo(1);
    }
}
