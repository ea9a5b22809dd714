/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The numeric options of the training commands and {@code schedule}, walked with 0, −1, NaN, a huge
 * value and a non-number where each is outside the option's range: every one fails before any work
 * with a one-line error naming the option, a non-zero exit and no stack trace. The data folder is a
 * plain file, so that a value let through would fail on reading data instead of training.
 */
class NumericOptionsTest {

    @TempDir static Path dir;

    private static final String[] INTS = {"0", "-1", "NaN", "2147483647", "99999999999", "abc"};
    private static final String[] SIZES = {"0", "-1", "NaN", "99999999999", "abc"};

    static Stream<Arguments> badValues() {
        List<Arguments> all = new ArrayList<>();
        for (String command : new String[] {"distill", "bof-classification"}) {
            for (String option :
                    new String[] {"--epochs", "--seeds", "--batch-size", "--threads"}) {
                add(all, command, option, INTS);
            }
            add(all, command, "--train-size", SIZES);
            add(all, command, "--test-size", SIZES);
        }
        add(all, "distill", "--teacher-epochs", INTS);
        add(all, "distill", "--temperature", "0", "-1", "NaN", "Infinity", "abc");
        add(all, "distill", "--alpha", "-1", "NaN", "1e30", "abc");
        add(all, "bof-classification", "--width", INTS);
        add(all, "bof-classification", "--teacher-width", INTS);
        add(all, "bof-classification", "--kd-temperature", "0", "-1", "NaN", "Infinity", "abc");
        add(all, "bof-classification", "--kd-alpha", "-1", "NaN", "1e30", "abc");
        add(all, "bof-classification", "--lr", "0", "-1", "NaN", "Infinity", "abc");
        add(all, "schedule", "--total", INTS);
        add(all, "schedule", "--total-epochs", INTS);
        add(all, "schedule", "--steps-per-epoch", INTS);
        return all.stream();
    }

    private static void add(List<Arguments> all, String command, String option, String... values) {
        for (String v : values) {
            all.add(Arguments.of(command, option, v));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badValues")
    void outOfRangeValueFailsInOneLineNamingTheOptionWithoutAStackTrace(
            String command, String option, String value) throws IOException {
        Path notAFolder = dir.resolve("data");
        if (!Files.exists(notAFolder)) {
            Files.writeString(notAFolder, "not a folder");
        }
        List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("schedule")) {
            args.addAll(
                    List.of(
                            "--csv",
                            dir.resolve("s.csv").toString(),
                            "--png",
                            dir.resolve("s.png").toString()));
            if (option.equals("--total-epochs")) {
                args.addAll(List.of("--steps-per-epoch", "10"));
            } else if (option.equals("--steps-per-epoch")) {
                args.addAll(List.of("--total-epochs", "10"));
            }
        } else {
            args.addAll(List.of("--data-dir", notAFolder.toString(), "--out", dir.toString()));
        }
        args.addAll(List.of(option, value));
        CommandRun run = CommandRun.of(args.toArray(new String[0]));
        assertThat(run.code()).isNotZero();
        String err = run.err().strip();
        assertThat(err)
                .doesNotContain("\n")
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .contains(option.substring(2));
        assertThat(Files.exists(dir.resolve("s.csv"))).isFalse();
    }
}
