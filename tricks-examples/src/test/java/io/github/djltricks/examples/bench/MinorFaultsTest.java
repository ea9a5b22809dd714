/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MinorFaultsTest {

    private static final int PAGE = 4096;

    @Test
    void touchingFreshMemoryCountsAFaultPerPage() {
        long before = MinorFaults.sinceStart();
        assumeTrue(before >= 0, "needs Linux's /proc/self/stat");
        int bytes = 16 << 20;
        // a direct buffer is zeroed when allocated: every one of its pages is touched once
        ByteBuffer fresh = ByteBuffer.allocateDirect(bytes);
        long faults = MinorFaults.sinceStart() - before;
        // huge pages would fault less, but glibc maps a block this size with small pages
        assertThat(faults).isGreaterThanOrEqualTo(bytes / PAGE / 2);
        assertThat(fresh.capacity()).isEqualTo(bytes);
    }

    @Test
    void memoryAlreadyTouchedDoesNotFaultAgain() {
        long before = MinorFaults.sinceStart();
        assumeTrue(before >= 0, "needs Linux's /proc/self/stat");
        ByteBuffer held = ByteBuffer.allocateDirect(16 << 20);
        long touched = MinorFaults.sinceStart();
        for (int i = 0; i < held.capacity(); i += PAGE) {
            held.put(i, (byte) 1);
        }
        long again = MinorFaults.sinceStart() - touched;
        assertThat(again).isLessThan((16 << 20) / PAGE / 10);
    }
}
