/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.dataset.Dataset;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.examples.data.IdxFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ablation run as parts, in separate processes, and merged gives the results, tables and charts
 * of the same ablation run on one machine; a part that did not finish leaves the others intact, the
 * merge names what is missing, and running only that part again completes it.
 */
class MergeCommandTest {

    @TempDir Path dir;

    /**
     * The quick form of {@code bof-classification} (7 rows x 2 seeds) at tiny size: the whole in
     * one process, parts 1/3 and 3/3 in two more, part 2/3 (a Slurm array task, by its environment)
     * only after a merge found it missing.
     */
    @Test
    void threePartsInThreeProcessesMergeToTheResultsOfOneProcess() throws Exception {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 32);
        IdxFiles.write(data, Dataset.Usage.TEST, 16);
        List<String> args =
                List.of(
                        "bof-classification",
                        "--quick",
                        "--data-dir",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--batch-size",
                        "8",
                        "--width",
                        "2",
                        "--teacher-width",
                        "4");
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        List<Process> running = new ArrayList<>();
        running.add(child(args, List.of("--out", whole.toString()), Map.of(), "whole"));
        for (String part : List.of("1/3", "3/3")) {
            running.add(
                    child(
                            args,
                            List.of("--out", parts.toString(), "--part", part),
                            Map.of(),
                            "part-" + part.charAt(0)));
        }
        for (Process p : running) {
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < running.size(); i++) {
            assertThat(running.get(i).exitValue())
                    .as(log(i == 0 ? "whole" : "part-" + (2 * i - 1)))
                    .isZero();
        }
        // every row of the quick form, 2 seeds
        int total = BofClassificationCommand.ROWS.size() * 2;
        Path p1 = parts.resolve("part-1-of-3").resolve("results.json");
        Path p3 = parts.resolve("part-3-of-3").resolve("results.json");
        int n1 = runs(p1.getParent()).size();
        int n3 = runs(p3.getParent()).size();
        int n2 = total - n1 - n3;
        assertThat(log("part-1")).contains("part 1/3: " + n1 + " of " + total + " runs in");
        // dealt by cost, no part is empty or holds more than half
        assertThat(List.of(n1, n2, n3)).allSatisfy(n -> assertThat(n).isBetween(1, total / 2));
        String p1Before = Files.readString(p1);
        String p3Before = Files.readString(p3);
        assertThat(parts.resolve("table.md")).doesNotExist();

        // part 2 never ran (it crashed before its first run ended): the merge names its runs
        CommandRun refused = CommandRun.of("merge", parts.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err())
                .contains("missing " + n2 + " of " + total + " runs: row '")
                .contains("(part 2/3: no file)")
                .contains("run part(s) [2/3] again");
        assertThat(parts.resolve("results.json")).doesNotExist();
        CommandRun gaps = CommandRun.of("merge", "--allow-missing", parts.toString());
        assertThat(gaps.code()).as(gaps.err()).isZero();
        assertThat(gaps.out())
                .contains(
                        "merge: 2 file(s) of 3 part(s) of bof-classification, "
                                + (n1 + n3)
                                + " runs into")
                .contains(n2 + " run(s) missing (--allow-missing): row '")
                .contains("rerun part(s) [2/3]");
        assertThat(runs(parts)).hasSize(n1 + n3);
        assertThat(parts.resolve("table.md")).exists();

        // run part 2 alone, its part from a Slurm array's environment; the merge completes
        Process p2 =
                child(
                        args,
                        List.of("--out", parts.toString()),
                        Map.of(
                                "SLURM_ARRAY_TASK_ID", "1",
                                "SLURM_ARRAY_TASK_COUNT", "3",
                                "SLURM_ARRAY_TASK_MIN", "0",
                                "SLURM_ARRAY_TASK_STEP", "1"),
                        "part-2");
        assertThat(p2.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.exitValue()).as(log("part-2")).isZero();
        assertThat(log("part-2")).contains("part 2/3: " + n2 + " of " + total + " runs in");
        assertThat(Files.readString(p1)).isEqualTo(p1Before);
        assertThat(Files.readString(p3)).isEqualTo(p3Before);
        CommandRun merged = CommandRun.of("merge", parts.toString());
        assertThat(merged.code()).as(merged.err()).isZero();
        assertThat(merged.out()).contains("merge: 3 file(s) of 3 part(s) of bof-classification");

        // run for run, the results of the one process: same rows, seeds, configurations, metrics
        JsonArray one = runs(whole);
        JsonArray all = runs(parts);
        assertThat(all).hasSize(total);
        for (JsonArray runs : List.of(one, all)) {
            for (JsonElement run : runs) {
                run.getAsJsonObject().remove("wallSeconds");
            }
        }
        assertThat(all).isEqualTo(one);
        assertThat(table(parts.resolve("table.md"))).isEqualTo(table(whole.resolve("table.md")));
        for (String file : List.of("top1.png", "test_nll.png", "train_loss.png", "curves.png")) {
            assertThat(parts.resolve(file)).isNotEmptyFile();
        }
        assertThat(series(parts.resolve("curves.csv")))
                .isEqualTo(series(whole.resolve("curves.csv")));
    }

    /**
     * The quick form of {@code bof-detection} (2 runs) as 3 parts, one of them empty, merged: the
     * same results as the whole, and the summary table.
     */
    @Test
    void theDetectionQuickFormInThreePartsOneEmptyMergesToTheWhole() throws Exception {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        String[] quick = {"--quick", "--workers", "1"};
        CommandRun run = tinyDetection(data, quick, "--out", whole.toString());
        assertThat(run.code()).as(run.err()).isZero();
        for (int p = 1; p <= 3; p++) {
            run = tinyDetection(data, quick, "--out", parts.toString(), "--part", p + "/3");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("part " + p + "/3: " + (p < 3 ? 1 : 0) + " of 2 runs");
        }
        CommandRun merged = CommandRun.of("merge", parts.toString());
        assertThat(merged.code()).as(merged.err()).isZero();
        JsonArray one = runs(whole);
        JsonArray all = runs(parts);
        for (JsonArray runs : List.of(one, all)) {
            for (JsonElement r : runs) {
                r.getAsJsonObject().remove("wallSeconds");
            }
        }
        assertThat(all).hasSize(2).isEqualTo(one);
        assertThat(table(parts.resolve("table.md")))
                .isEqualTo(table(whole.resolve("table.md")))
                .contains("| " + BofDetectionCommand.STACK_NAME + " | 1 |");
        assertThat(parts.resolve("voc07.png")).isNotEmptyFile();

        // a part of another ablation (here: other seeds) is refused by name
        run =
                tinyDetection(
                        data,
                        new String[] {"--quick", "--workers", "1", "--seeds", "2"},
                        "--out",
                        parts.toString(),
                        "--part",
                        "1/2");
        assertThat(run.code()).as(run.err()).isZero();
        CommandRun mixed = CommandRun.of("merge", parts.toString());
        assertThat(mixed.code()).isEqualTo(1);
        assertThat(mixed.err()).contains("are parts of different ablations");

        CommandRun bad = tinyDetection(data, quick, "--out", parts.toString(), "--part", "4/3");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--part must be I/N").contains("got '4/3'");
        CommandRun none = CommandRun.of("merge", dir.resolve("data").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("DIR must hold part-I-of-N/results.json files");
    }

    private static CommandRun tinyDetection(Path data, String[] form, String... more) {
        List<String> args = new ArrayList<>(List.of(form));
        args.addAll(List.of(more));
        return CommandRun.tinyDetection("bof-detection", data, args.toArray(new String[0]));
    }

    /** Starts {@code tricks-examples} in a JVM of its own, its output in {@code <name>.log}. */
    private Process child(
            List<String> args, List<String> more, Map<String, String> env, String name)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("-Xmx")) {
                command.add(arg);
            }
        }
        command.add("-Dai.djl.offline=true");
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(args);
        command.addAll(more);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SLURM_") || k.startsWith("JOB_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static JsonArray runs(Path out) throws IOException {
        JsonObject json =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject();
        return json.getAsJsonArray("runs");
    }

    /**
     * The table of a {@code table.md}: from its first table line, without the header above, and
     * without the wall times of the runner's full table (its last column).
     */
    private static String table(Path file) throws IOException {
        String text = Files.readString(file);
        return text.substring(text.indexOf("\n|") + 1).replaceAll("\\| [0-9.e+-]+ \\|\n", "|\n");
    }

    private static Set<String> series(Path csv) throws IOException {
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(csv)) {
            int close = line.lastIndexOf('"');
            if (close > 0) {
                names.add(line.substring(0, close + 1));
            }
        }
        return names;
    }
}
