/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A tiny soak: every trick on, one sample per interval, a growth summary at the end. */
class SoakCommandTest {

    @TempDir Path dir;

    @Test
    void tinySoakSamplesEveryIntervalAndSummarises() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SoakCommand());
        cmd.setOut(new PrintWriter(out, true));
        int code = cmd.execute("--steps", "24", "--every", "2", "--out", dir.toString());
        assertThat(code).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("soak.csv"));
        assertThat(csv.get(0)).isEqualTo("step,resident_kib,live_ndarrays");
        assertThat(csv).hasSize(13);
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",");
            assertThat(Long.parseLong(cells[1])).isPositive();
            assertThat(Long.parseLong(cells[2])).isPositive();
        }
        assertThat(csv.get(12)).startsWith("24,");
        assertThat(out.toString())
                .contains("soak: 24 steps; resident memory")
                .contains("live NDArrays");
    }

    @Test
    void tooFewStepsForTenSamplesIsRejected() {
        CommandLine cmd = new CommandLine(new SoakCommand());
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cmd.execute("--steps", "50", "--every", "10", "--out", dir.toString()))
                .isNotZero();
    }
}
