/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that reads Fashion-MNIST, given a {@code --data-dir} that does not exist, says so
 * in one line and what to do, instead of reporting a failed download; it creates nothing there.
 */
class MissingDataDirTest {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "distill",
                "bof-classification",
                "bof-detection",
                "utility-curve",
                "regime-map",
                "detector-run"
            })
    void aMissingDataDirIsReportedAsMissingData(String command) {
        Path missing = dir.resolve("no-such-dir");
        List<String> args = new ArrayList<>(List.of(command, "--data-dir", missing.toString()));
        switch (command) {
            case "detector-run" ->
                    args.addAll(List.of("--width", "0.25", "--seed", "1", "--config", "{}"));
            case "distill", "bof-classification" ->
                    args.addAll(List.of("--out", dir.resolve("out").toString()));
            default ->
                    args.addAll(List.of("--workers", "1", "--out", dir.resolve("out").toString()));
        }
        CommandRun run = CommandRun.of(args.toArray(new String[0]));

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo(
                        command
                                + ": no Fashion-MNIST files in "
                                + missing
                                + " (no such directory); install dataset-fashion-mnist or pass"
                                + " --data-dir");
        assertThat(missing).doesNotExist();
    }
}
