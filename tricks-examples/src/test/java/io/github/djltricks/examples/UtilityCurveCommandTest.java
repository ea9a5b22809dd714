/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.dataset.Dataset;
import io.github.djltricks.examples.data.IdxFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tiny form of {@code utility-curve} writes a point for every recipe and width. */
class UtilityCurveCommandTest {

    @TempDir Path dir;

    @Test
    void tinyRunWritesEveryPoint() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 40);
        IdxFiles.write(data, Dataset.Usage.TEST, 20);
        Path out = dir.resolve("out");
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(text, true));
        cmd.setErr(new PrintWriter(err, true));
        int code =
                cmd.execute(
                        "utility-curve",
                        "--data-dir",
                        data.toString(),
                        "--widths",
                        "0.125,0.25",
                        "--train-size",
                        "8",
                        "--test-size",
                        "4",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "4",
                        "--shards",
                        "2",
                        "--size",
                        "64",
                        "--seeds",
                        "1",
                        "--out",
                        out.toString());
        assertThat(code).as(err.toString()).isZero();

        List<String> table = Files.readAllLines(out.resolve("table.md"));
        for (String recipe : UtilityCurveCommand.RECIPES.keySet()) {
            for (String width : List.of("0.125", "0.250")) {
                assertThat(table)
                        .as(recipe + " at " + width)
                        .anyMatch(l -> l.startsWith("| " + recipe + " | " + width + " | "));
            }
        }
        assertThat(String.join("\n", table))
                .contains(
                        "- command: `java -jar tricks-examples/target/tricks-examples.jar utility-curve --data-dir")
                .contains("MACs");
        for (String png : List.of("utility.png", "curves.png")) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertThat(bytes).as(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        // one training curve per (recipe, width, seed), a point per step (2 steps of 4 canvases)
        assertThat(Files.readAllLines(out.resolve("curves.csv"))).hasSize(1 + 2 * 2 * 2);
        assertThat(text.toString()).contains("100%");
    }
}
