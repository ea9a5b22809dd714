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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tiny form of {@code distill} writes a row for every method and seed, and resumes from its
 * results file.
 */
class DistillCommandTest {

    @TempDir Path dir;

    @Test
    void theMethodsAreTheTeacherTheStudentAndEveryDistillation() {
        assertThat(DistillCommand.METHODS)
                .containsExactly(
                        "teacher",
                        "student",
                        "student+kd",
                        "student+dkd",
                        "student+fitnets",
                        "student+overhaul",
                        "student+rkd");
    }

    @Test
    void tinyRunWritesEveryRow() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 48);
        IdxFiles.write(data, Dataset.Usage.TEST, 24);
        Path out = dir.resolve("out");
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(text, true));
        cmd.setErr(new PrintWriter(err, true));
        int code =
                cmd.execute(
                        "distill",
                        "--data-dir",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--teacher-epochs",
                        "1",
                        "--seeds",
                        "2",
                        "--batch-size",
                        "16",
                        "--threads",
                        "1",
                        "--out",
                        out.toString());
        assertThat(code).as(err.toString()).isZero();

        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(runs.get(0)).isEqualTo("method,seed,test_accuracy,seconds");
        assertThat(runs).hasSize(1 + 2 * DistillCommand.METHODS.size());
        for (String method : DistillCommand.METHODS) {
            assertThat(runs.stream().filter(r -> r.startsWith(method + ",")).count())
                    .as(method)
                    .isEqualTo(2);
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary.get(0))
                .isEqualTo("method,runs,mean_accuracy,std_accuracy,gain_vs_student");
        assertThat(
                        summary.subList(1, summary.size()).stream()
                                .map(r -> r.split(",")[0])
                                .collect(Collectors.toList()))
                .isEqualTo(DistillCommand.METHODS);
        for (String row : summary.subList(1, summary.size())) {
            String[] cells = row.split(",");
            assertThat(cells[1]).isEqualTo("2");
            assertThat(Double.parseDouble(cells[2])).isBetween(0.0, 1.0);
        }
        assertThat(text.toString())
                .contains("| student+kd |")
                .contains("| student+dkd |")
                .contains("24 test images")
                .contains("1 epochs (teacher 1)")
                .contains("KD T=2.0 alpha=0.5");
    }

    @Test
    void aSecondRunFindsEveryRunRecordedAndWritesTheSameTables() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 48);
        IdxFiles.write(data, Dataset.Usage.TEST, 24);
        Path out = dir.resolve("out");
        String[] args = {
            "distill",
            "--data-dir",
            data.toString(),
            "--epochs",
            "1",
            "--seeds",
            "2",
            "--batch-size",
            "16",
            "--threads",
            "1",
            "--out",
            out.toString()
        };
        CommandRun first = CommandRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("14 runs pending of 14");
        String runs = Files.readString(out.resolve("runs.csv"));
        String results = Files.readString(out.resolve("results.json"));
        String table = Files.readString(out.resolve("table.md"));
        assertThat(table)
                .contains(
                        "- command: `java -jar tricks-examples/target/tricks-examples.jar distill")
                .contains("| student+rkd | 2 |")
                .contains("| student+dkd | 2 |")
                .contains("DKD T = 4.0, α = 1.0, β = 8.0")
                .contains("Welch p");
        assertThat(Files.readString(out.resolve("full-table.md"))).contains("p baseline");

        CommandRun second = CommandRun.of(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 runs pending of 14");
        assertThat(Files.readString(out.resolve("results.json"))).isEqualTo(results);
        assertThat(Files.readString(out.resolve("runs.csv"))).isEqualTo(runs);
    }
}
