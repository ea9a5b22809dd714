/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunInfoTest {

    @Test
    void cpuIsTheFirstModelNameOfCpuinfo(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(
                info,
                "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\n"
                        + "processor\t: 1\nmodel name\t: Other\n");
        assertThat(RunInfo.cpu(info)).isEqualTo("AMD EPYC 7B13");
    }

    @Test
    void cpuFallsBackToTheArchitectureWithoutAModelName(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nCPU part\t: 0xd0c\n");
        String unknown = "unknown " + System.getProperty("os.arch");
        assertThat(RunInfo.cpu(info)).isEqualTo(unknown);
        assertThat(RunInfo.cpu(dir.resolve("missing"))).isEqualTo(unknown);
    }

    @Test
    void theMachineLineNamesTheCpu() {
        assertThat(RunInfo.cpu()).isNotBlank().doesNotContain("\n");
        assertThat(RunInfo.machine()).contains("cores (" + RunInfo.cpu() + ")");
    }
}
