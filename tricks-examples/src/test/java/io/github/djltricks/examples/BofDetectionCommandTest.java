/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.guard.DivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny form of {@code bof-detection} writes every row of the ablation, every file. */
class BofDetectionCommandTest {

    @TempDir Path dir;

    /** The metrics every detection run reports. */
    private static final List<String> METRICS =
            List.of(
                    "voc07",
                    DetectorTrial.TRAIN_VOC07,
                    "coco_ap",
                    "ap50",
                    "fp_per_image",
                    "precision",
                    "recall",
                    "final_loss",
                    "converged");

    @Test
    void tinyRunWritesEveryRowAndFile() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        Path out = dir.resolve("out");
        CommandRun run =
                CommandRun.tinyDetection(
                        "bof-detection",
                        data,
                        "--seeds",
                        "2",
                        "--rows",
                        String.valueOf(BofDetectionCommand.ROWS.size() + 1),
                        "--workers",
                        "1",
                        "--out",
                        out.toString());
        assertThat(run.code()).as(run.err()).isZero();

        List<String> rows = new ArrayList<>();
        rows.add(BofDetectionCommand.BASELINE_NAME);
        BofDetectionCommand.ROWS.forEach(r -> rows.add(r.name()));
        String table = Files.readString(out.resolve("table.md"));
        for (String row : rows) {
            assertThat(table).contains("| " + row + " ");
            assertThat(table).containsPattern("\\| " + Pattern.quote(row) + "[^|]* \\| 2 \\|");
        }
        assertThat(table).contains("| + mixup (the BoF stack) | 2 |");
        assertThat(table)
                .contains(
                        "- command: `java -jar tricks-examples/target/tricks-examples.jar bof-detection --data-dir")
                .contains("- machine: ")
                .contains("- backbone: pretrained once (2 steps");
        assertThat(Files.readString(out.resolve("full-table.md"))).contains("p baseline");

        JsonObject json =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject();
        var runs = json.getAsJsonArray("runs");
        assertThat(runs).hasSize(rows.size() * 2);
        for (var record : runs) {
            JsonObject r = record.getAsJsonObject();
            assertThat(r.get("status").getAsString()).isEqualTo("OK");
            var metrics = r.getAsJsonObject("metrics");
            for (String m : METRICS) {
                assertThat(metrics.has(m)).as(m).isTrue();
                assertThat(Double.isFinite(metrics.get(m).getAsDouble())).as(m).isTrue();
            }
        }
        for (String png : List.of("voc07.png", "coco_ap.png", "fp_per_image.png", "curves.png")) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertThat(bytes).as(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        // one curve per run, each with a point per step (2 steps of 4 canvases)
        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertThat(curves).hasSize(1 + rows.size() * 2 * 2);
        assertThat(run.out()).contains("| + focal | 2 |").contains("100%");
        assertThat(table).contains("- runs: one after the other in one JVM");
    }

    /** Runs of two child JVMs at once: every row and file, and the same numbers a second time. */
    @Test
    void workersInChildJvmsGiveEveryRowAndTheSameResultTwice() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        List<JsonObject> metrics = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path out = dir.resolve(name);
            CommandRun run =
                    CommandRun.tinyDetection(
                            "bof-detection",
                            data,
                            "--seeds",
                            "2",
                            "--rows",
                            "2",
                            "--workers",
                            "2",
                            "--out",
                            out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            String table = Files.readString(out.resolve("table.md"));
            assertThat(table)
                    .contains("| " + BofDetectionCommand.BASELINE_NAME + " | 2 |")
                    .contains("| + SyncBN | 2 |")
                    .contains("- runs: 2 at a time, each in a JVM of its own");
            assertThat(run.out()).contains("100%");
            // one curve per run with a point per step (2 steps), as in this JVM
            assertThat(Files.readAllLines(out.resolve("curves.csv"))).hasSize(1 + 4 * 2);
            JsonObject json =
                    JsonParser.parseString(Files.readString(out.resolve("results.json")))
                            .getAsJsonObject();
            var runs = json.getAsJsonArray("runs");
            assertThat(runs).hasSize(4);
            List<String> order = new ArrayList<>();
            for (var record : runs) {
                JsonObject r = record.getAsJsonObject();
                assertThat(r.get("status").getAsString()).as(r.toString()).isEqualTo("OK");
                order.add(r.get("variant").getAsString() + " " + r.get("seed").getAsLong());
                metrics.add(r.getAsJsonObject("metrics"));
            }
            assertThat(order)
                    .containsExactly(
                            BofDetectionCommand.BASELINE_NAME + " 1",
                            "+ SyncBN 1",
                            BofDetectionCommand.BASELINE_NAME + " 2",
                            "+ SyncBN 2");
        }
        assertThat(metrics.get(0).get("final_loss").getAsDouble()).isFinite();
        assertThat(metrics.subList(4, 8)).isEqualTo(metrics.subList(0, 4));
    }

    /**
     * One at a time: every row is the baseline with one change; a second invocation resumes every
     * run and keeps the curves of the first.
     */
    @Test
    void oneAtATimeRowsChangeTheBaselineAloneAndAResumeKeepsTheCurves() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        Path out = dir.resolve("out");
        String[] args = {"--one-at-a-time", "--seeds", "1", "--rows", "3", "--workers", "1"};
        List<String> first = null;
        for (int invocation = 0; invocation < 2; invocation++) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--out", out.toString()));
            CommandRun run =
                    CommandRun.tinyDetection("bof-detection", data, all.toArray(new String[0]));
            assertThat(run.code()).as(run.err()).isZero();
            String table = Files.readString(out.resolve("table.md"));
            assertThat(table)
                    .startsWith("# bof-detection, one trick at a time")
                    .contains("| + random shapes | 1 |")
                    .contains("One at a time: each row adds its change to the baseline alone.");
            var runs =
                    JsonParser.parseString(Files.readString(out.resolve("results.json")))
                            .getAsJsonObject()
                            .getAsJsonArray("runs");
            assertThat(runs).hasSize(3);
            JsonObject shapes = runs.get(2).getAsJsonObject();
            assertThat(shapes.get("variant").getAsString()).isEqualTo("+ random shapes");
            JsonObject config = shapes.getAsJsonObject("configuration");
            assertThat(config.get("random_shapes").getAsBoolean()).isTrue();
            assertThat(config.get("syncbn").getAsBoolean()).isFalse();
            List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
            // one curve per run with a point per step (2 steps)
            assertThat(curves).hasSize(1 + 3 * 2);
            if (first == null) {
                first = curves;
            } else {
                assertThat(curves).isEqualTo(first);
            }
        }
    }

    @Test
    void theFormsTrainTheOverfittingRegimeAndTheChildGetsEveryOption() {
        DetectorOptions full = new DetectorOptions(BofDetectionCommand.DEFAULTS);
        assertThat(full.trainSize()).isEqualTo(480);
        assertThat(full.epochs()).isEqualTo(BofDetectionCommand.FULL_EPOCHS);
        assertThat(full.learningRate).isEqualTo(0.02f);
        DetectorOptions underfitting = new DetectorOptions();
        assertThat(underfitting.epochs()).isEqualTo(5);
        assertThat(underfitting.trainSize()).isEqualTo(4800);
        assertThat(underfitting.learningRate).isEqualTo(0.005f);
        full.quick = true;
        assertThat(full.epochs()).isEqualTo(BofDetectionCommand.FULL_EPOCHS);
        List<String> args = full.args();
        assertThat(args.get(args.indexOf("--epochs") + 1)).isEqualTo("50");
        assertThat(args.get(args.indexOf("--train-size") + 1)).isEqualTo("480");
        assertThat(args.get(args.indexOf("--lr") + 1)).isEqualTo("0.02");
        assertThat(args.get(args.indexOf("--pretrain-steps") + 1)).isEqualTo("2000");
        underfitting.quick = true;
        assertThat(underfitting.pretrainSteps()).isEqualTo(600);
        assertThat(args.get(args.indexOf("--item-scale") + 1)).isEqualTo("20,56");
    }

    /** The quick form runs the baseline and the BoF stack, nothing between. */
    @Test
    void theQuickFormRunsTheBaselineAndTheBofStack() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        Path out = dir.resolve("quick");
        CommandRun run =
                CommandRun.tinyDetection(
                        "bof-detection",
                        data,
                        "--quick",
                        "--workers",
                        "1",
                        "--out",
                        out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String table = Files.readString(out.resolve("table.md"));
        assertThat(table)
                .contains("| " + BofDetectionCommand.BASELINE_NAME + " | 1 |")
                .contains("| " + BofDetectionCommand.STACK_NAME + " | 1 |")
                .doesNotContain("| + SyncBN |");
        var runs =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("runs");
        assertThat(runs).hasSize(2);
        JsonObject stack = runs.get(1).getAsJsonObject().getAsJsonObject("configuration");
        for (var row : BofDetectionCommand.BOF_ROWS) {
            row.changes()
                    .forEach(
                            (k, v) ->
                                    assertThat(stack.get(k).getAsString())
                                            .as(k)
                                            .isEqualTo(v.toString()));
        }
        // the baseline's flips-only augmentation and losses: GIoU, focal and GluonCV's
        // augmentation are rows after BoF's, not part of its stack
        assertThat(stack.get("augmentation").getAsString()).isEqualTo("flip");
        assertThat(stack.get("box_loss").getAsString()).isEqualTo("classic");
        assertThat(stack.get("focal").getAsBoolean()).isFalse();
    }

    @Test
    void aChildThatFailsIsRecordedWithItsError() throws IOException {
        DetectorOptions options =
                CommandRun.tinyDetectorOptions(CommandRun.tinyFashionMnist(dir.resolve("data")));
        ForkedTrial trial = new ForkedTrial(options, 0.25f, null, dir.resolve("work"), null, null);
        Map<String, Object> config = new java.util.HashMap<>(BofDetectionCommand.BASELINE);
        config.put("schedule", "linear");
        assertThatThrownBy(() -> trial.run(Configuration.of(config), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("linear");
    }

    /** A diverged run is counted as failed in the README's table, never shown as a score. */
    @Test
    void theSummaryCountsADivergedRunAsFailed() throws Exception {
        AblationResult result =
                AblationRunner.builder()
                        .setBaseline(Map.of("mixup", false))
                        .addVariant("+ mixup", Map.of("mixup", true))
                        .setSeeds(1, 2)
                        .setTrial(
                                (c, seed) -> {
                                    if (c.getBoolean("mixup") && seed == 2) {
                                        throw new DivergedException(
                                                9, "training diverged at step 9: loss NaN");
                                    }
                                    Map<String, Double> m = new LinkedHashMap<>();
                                    for (String k : METRICS) {
                                        m.put(k, k.equals("converged") ? 1.0 : 10.0 + seed);
                                    }
                                    return m;
                                })
                        .setResultsFile(dir.resolve("runs.json"))
                        .build()
                        .run();
        String table = BofDetectionCommand.summary(result, false);
        assertThat(table)
                .contains("| baseline | 2 | 11.50 ± 0.71 | 11.50 ± 0.71 |")
                .contains("| + mixup (the BoF stack) | 1 (+1 failed) | 11.00 | 11.00 |");
    }

    /** results.json lists the baseline's keys in one order in every JVM, with --set or without. */
    @Test
    void theBaselineListsItsKeysInSortedOrder() {
        assertThat(List.copyOf(BofDetectionCommand.BASELINE.keySet())).isSorted();
        assertThat(List.copyOf(BofDetectionCommand.baseline(Map.of()).keySet())).isSorted();
        assertThat(List.copyOf(BofDetectionCommand.baseline(Map.of("mosaic", "true")).keySet()))
                .isSorted()
                .contains("mosaic");
    }
}
