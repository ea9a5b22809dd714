/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinorFaultsTest {

    private static final int PAGE = 4096;
    private static final int BYTES = 16 << 20;

    @TempDir Path dir;

    /**
     * A new mapping of a file is memory the process never touched (unlike a {@code malloc} block,
     * which may reuse what an earlier test freed): its first touch faults once per page.
     */
    private MappedByteBuffer freshMapping() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("pages").toFile(), "rw")) {
            file.setLength(BYTES);
            return file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, BYTES);
        }
    }

    private static void touchEveryPage(MappedByteBuffer memory) {
        for (int i = 0; i < memory.capacity(); i += PAGE) {
            memory.put(i, (byte) 1);
        }
    }

    @Test
    void touchingFreshMemoryCountsAFaultPerPage() throws IOException {
        assumeTrue(MinorFaults.sinceStart() >= 0, "needs Linux's /proc/self/stat");
        MappedByteBuffer memory = freshMapping();
        long before = MinorFaults.sinceStart();
        touchEveryPage(memory);
        long faults = MinorFaults.sinceStart() - before;
        // huge pages or fault-around would fault less, but not this much less
        assertThat(faults).isGreaterThanOrEqualTo(BYTES / PAGE / 32);
    }

    @Test
    void memoryAlreadyTouchedDoesNotFaultAgain() throws IOException {
        assumeTrue(MinorFaults.sinceStart() >= 0, "needs Linux's /proc/self/stat");
        MappedByteBuffer memory = freshMapping();
        touchEveryPage(memory);
        long before = MinorFaults.sinceStart();
        touchEveryPage(memory);
        long again = MinorFaults.sinceStart() - before;
        assertThat(again).isLessThan(BYTES / PAGE / 64);
    }
}
