/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line lists its commands, and rejects unknown ones in one line. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpListsCommandsAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Commands:").contains("engine-info");
    }

    @Test
    void aCommandsHelpIsPrintedOnce() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString().split("Usage: tricks-examples bench", -1)).hasSize(2);
    }

    @Test
    void aCommandThatRunsTurnsOneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(true);
        try {
            assertThat(run("engine-info")).isZero();
            assertThat(io.github.djltricks.core.engine.OneDnn.isEnabled()).isFalse();
        } finally {
            io.github.djltricks.core.engine.OneDnn.setEnabled(false);
        }
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("engine-info");
    }

    @Test
    void unknownCommandIsOneLineError() {
        assertThat(run("no-such-command")).isEqualTo(2);
        String text = err.toString().strip();
        assertThat(text).contains("no-such-command").doesNotContain("\tat ").doesNotContain("\n");
    }

    @Test
    void unknownOptionIsOneLineError() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).contains("--bogus").doesNotContain("\n");
    }

    @Test
    void engineInfoComputesOnPyTorch() {
        assertThat(run("engine-info")).isZero();
        assertThat(out.toString()).contains("PyTorch").contains("[[7,10],[15,22]]");
    }
}
