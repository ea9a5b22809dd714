/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.weightdecay.NoBiasDecay;
import io.github.djltricks.examples.data.IdxFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tiny form of {@code bof-classification} writes every row, seed and output file, resumes, and
 * gives the same metrics for the same seeds.
 */
class BofClassificationCommandTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir Path dir;

    @Test
    void tinyRunWritesEveryRowResumesAndRepeats() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 32);
        IdxFiles.write(data, Dataset.Usage.TEST, 16);
        Path out = dir.resolve("out");
        StringWriter text = new StringWriter();
        assertThat(run(data, out, text)).isZero();

        String table = Files.readString(out.resolve("table.md"), StandardCharsets.UTF_8);
        assertThat(table)
                .contains("tricks-examples.jar bof-classification --data-dir")
                .doesNotContain("bof-classification bof-classification")
                .contains("cores (" + RunInfo.cpu() + "), Java");
        for (String row : BofClassificationCommand.ROWS) {
            assertThat(table).contains("| " + row + " | 2 |");
        }
        assertThat(table).contains("- teacher: top-1").contains("trained once with seed 1");
        assertThat(table)
                .contains("- rows: cumulative, each row adds its change to the row above")
                .contains("Cumulative: each row adds its change to the row above.");

        JsonArray runs =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("runs");
        assertThat(runs).hasSize(2 * BofClassificationCommand.ROWS.size());
        Map<String, Integer> perRow = new HashMap<>();
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            assertThat(run.get("status").getAsString()).as(run.toString()).isEqualTo("OK");
            perRow.merge(run.get("variant").getAsString(), 1, Integer::sum);
            JsonObject metrics = run.getAsJsonObject("metrics");
            assertThat(metrics.keySet())
                    .containsExactlyElementsOf(BofClassificationCommand.METRICS);
            assertThat(metrics.get("top1").getAsDouble()).isBetween(0.0, 100.0);
            assertThat(metrics.get("test_nll").getAsDouble()).isPositive().isFinite();
            assertThat(metrics.get("train_loss").getAsDouble()).isPositive().isFinite();
        }
        for (String row : BofClassificationCommand.ROWS) {
            assertThat(perRow).containsEntry(row, 2);
        }
        // the switches of the last two rows are absent from the rows before them, so that results
        // recorded before the rows existed still resume
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            int row = BofClassificationCommand.ROWS.indexOf(run.get("variant").getAsString());
            JsonObject configuration = run.getAsJsonObject("configuration");
            assertThat(configuration.has("no_bias_decay")).as(run.toString()).isEqualTo(row >= 5);
            assertThat(configuration.has("zero_gamma")).as(run.toString()).isEqualTo(row >= 6);
            assertThat(configuration.has("ema")).as(run.toString()).isEqualTo(row >= 7);
        }
        // + EMA trains exactly as + zero gamma (the same losses) and tests the averaged weights
        // (other figures)
        Map<String, JsonObject> byRun = new HashMap<>();
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            byRun.put(run.get("variant").getAsString() + "#" + run.get("seed"), run);
        }
        for (int seed = 1; seed <= 2; seed++) {
            JsonObject ema = byRun.get("+ EMA#" + seed).getAsJsonObject("metrics");
            JsonObject without = byRun.get("+ zero gamma#" + seed).getAsJsonObject("metrics");
            assertThat(ema.get("test_nll").getAsDouble())
                    .isFinite()
                    .isNotEqualTo(without.get("test_nll").getAsDouble());
            assertThat(ema.get("train_loss").getAsDouble())
                    .isEqualTo(without.get("train_loss").getAsDouble());
        }
        for (String png : new String[] {"top1.png", "test_nll.png", "train_loss.png"}) {
            assertPng(out.resolve(png));
        }
        assertPng(out.resolve("curves.png"));
        String curves = Files.readString(out.resolve("curves.csv"));
        assertThat(curves).startsWith("series,step,value\n");
        for (String row : BofClassificationCommand.ROWS) {
            assertThat(curves).contains("\"" + row + " / seed 1\"").contains(row + " / seed 2");
        }
        assertThat(curves).contains("teacher / seed 1");
        assertThat(text.toString())
                .contains("| + distillation |")
                .contains("| + no bias decay |")
                .contains("| + zero gamma |")
                .contains("| + EMA |")
                .contains("expected about");

        // A second invocation finds every run recorded and trains nothing.
        StringWriter again = new StringWriter();
        assertThat(run(data, out, again)).isZero();
        assertThat(again.toString())
                .contains("0 runs pending of " + 2 * BofClassificationCommand.ROWS.size());
        JsonArray rerun =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("runs");
        assertThat(rerun).isEqualTo(runs);

        // A fresh run with the same seeds gives the same metrics.
        Path other = dir.resolve("other");
        assertThat(run(data, other, new StringWriter())).isZero();
        assertThat(metrics(other)).isEqualTo(metrics(out));
    }

    @Test
    void oneAtATimeRowsEachChangeTheBaselineAlone() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.write(data, Dataset.Usage.TRAIN, 32);
        IdxFiles.write(data, Dataset.Usage.TEST, 16);
        Path out = dir.resolve("one-at-a-time");
        CommandRun run =
                CommandRun.of(
                        "bof-classification",
                        "--one-at-a-time",
                        "--data-dir",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--seeds",
                        "1",
                        "--batch-size",
                        "8",
                        "--width",
                        "2",
                        "--teacher-width",
                        "4",
                        "--out",
                        out.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();

        Map<String, JsonObject> configurations = new HashMap<>();
        for (JsonElement e :
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("runs")) {
            JsonObject r = e.getAsJsonObject();
            assertThat(r.get("status").getAsString()).as(r.toString()).isEqualTo("OK");
            configurations.put(r.get("variant").getAsString(), r.getAsJsonObject("configuration"));
        }
        assertThat(configurations.keySet())
                .containsExactlyInAnyOrderElementsOf(BofClassificationCommand.ROWS);
        JsonObject baseline = configurations.get(BofClassificationCommand.BASELINE_NAME);
        Gson gson = new Gson();
        for (AblationRow row : BofClassificationCommand.VARIANTS) {
            JsonObject configuration = configurations.get(row.name());
            // every key whose value differs from the baseline's, or that only one of them has
            Map<String, JsonElement> changed = new HashMap<>();
            Set<String> keys = new HashSet<>(configuration.keySet());
            keys.addAll(baseline.keySet());
            for (String key : keys) {
                if (!Objects.equals(configuration.get(key), baseline.get(key))) {
                    changed.put(key, configuration.get(key));
                }
            }
            Map<String, JsonElement> expected = new HashMap<>();
            row.changes().forEach((k, v) -> expected.put(k, gson.toJsonTree(v)));
            assertThat(changed).as(row.name()).isEqualTo(expected);
        }

        String table = Files.readString(out.resolve("table.md"), StandardCharsets.UTF_8);
        assertThat(table)
                .contains("- rows: one at a time, each row changes the baseline alone")
                .contains("One change at a time: each row changes the baseline alone.")
                .doesNotContain("Cumulative");
        for (String row : BofClassificationCommand.ROWS) {
            assertThat(table).contains("| " + row + " | 1 |");
        }
        assertThat(run.out()).contains("1 thread(s), one at a time");
    }

    @Test
    void theOutputDirectoryFollowsTheMode() {
        BofClassificationCommand cumulative = new BofClassificationCommand();
        new CommandLine(cumulative).parseArgs();
        assertThat(cumulative.outputDirectory())
                .isEqualTo(Path.of("results", "bof-classification"));
        BofClassificationCommand oneAtATime = new BofClassificationCommand();
        new CommandLine(oneAtATime).parseArgs("--one-at-a-time");
        assertThat(oneAtATime.outputDirectory())
                .isEqualTo(Path.of("results", "bof-classification-one-at-a-time"));
        BofClassificationCommand chosen = new BofClassificationCommand();
        new CommandLine(chosen).parseArgs("--one-at-a-time", "--out", "elsewhere");
        assertThat(chosen.outputDirectory()).isEqualTo(Path.of("elsewhere"));
        assertThat(new CommandLine(new BofClassificationCommand()).getUsageMessage())
                .contains("--one-at-a-time")
                .contains("results/bof-classification-one-at-a-time");
    }

    @Test
    void theNoBiasDecaySwitchDecaysTheWeightsOnly() {
        BofClassificationCommand.Recipe base = tinyRecipe();
        Block net = ClassifierNets.resnet(4, 1);
        assertThat(base.optimizer(net)).isNotInstanceOf(NoBiasDecay.class);
        BofClassificationCommand.Recipe switched =
                Recipes.of(
                        BofClassificationCommand.Recipe.class,
                        Configuration.of(Recipes.toMap(base)).with(Map.of("no_bias_decay", true)));
        assertThat(switched.noBiasDecay()).isTrue();
        assertThat(switched.optimizer(net))
                .isInstanceOfSatisfying(
                        NoBiasDecay.class,
                        sgd -> {
                            assertThat(sgd.weightDecay()).isEqualTo(1e-4f);
                            // the stem, two convolutions per block, two projections; the linear
                            assertThat(sgd.decayedParameters())
                                    .hasSize(1 + 3 * 2 + 2 + 1)
                                    .allMatch(name -> name.endsWith("_weight"));
                            // γ and β of 9 batch norms, the linear layer's bias
                            assertThat(sgd.undecayedParameters()).hasSize(9 * 2 + 1);
                        });
    }

    @Test
    void theEmaRowSwitchesOnTheWeightEmaSizedByTheRunAndLeavesTheRecipeAlone() {
        BofClassificationCommand.Recipe base = tinyRecipe();
        Configuration baseline = Configuration.of(Recipes.toMap(base));
        // off: absent from the parameters, so that the rows recorded before it still resume
        assertThat(baseline.asMap()).doesNotContainKey("ema");
        assertThat(AblationRow.extrasOn(BofClassificationCommand.VARIANTS, baseline)).isEmpty();
        Configuration switched = baseline.with(Map.of("ema", true));
        assertThat(AblationRow.extrasOn(BofClassificationCommand.VARIANTS, switched))
                .containsExactly(WeightEma.sizedByRun());
        // the switch is the extra's: the recipe, and so the student and its teacher, are the same
        assertThat(Recipes.of(BofClassificationCommand.Recipe.class, switched)).isEqualTo(base);
    }

    /** 64 training images in batches of 8 for one epoch, every switch off. */
    private static BofClassificationCommand.Recipe tinyRecipe() {
        return new BofClassificationCommand.Recipe(
                64,
                16,
                1,
                8,
                0.1,
                0.9,
                1e-4,
                4,
                BofClassificationCommand.Schedule.STEP,
                0,
                0,
                0,
                1,
                false,
                8,
                4,
                0.5,
                false,
                false);
    }

    private static Map<String, String> metrics(Path out) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (JsonElement e :
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("runs")) {
            JsonObject run = e.getAsJsonObject();
            m.put(
                    run.get("variant").getAsString() + "#" + run.get("seed"),
                    run.getAsJsonObject("metrics").toString());
        }
        return m;
    }

    private static int run(Path data, Path out, StringWriter text) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(text, true));
        cmd.setErr(new PrintWriter(err, true));
        int code =
                cmd.execute(
                        "bof-classification",
                        "--data-dir",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--seeds",
                        "2",
                        "--batch-size",
                        "8",
                        "--width",
                        "2",
                        "--teacher-width",
                        "4",
                        "--out",
                        out.toString());
        assertThat(err.toString()).isEmpty();
        return code;
    }

    private static void assertPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, PNG_MAGIC.length)).as(file.toString()).isEqualTo(PNG_MAGIC);
    }

    @Test
    void theHelpNamesEveryRowFromTheRowList() {
        String help = CommandRun.help("bof-classification");
        assertThat(help)
                .contains("the baseline, then \"+ warmup + cosine\", \"+ label smoothing\",")
                .contains("\"+ zero gamma\" and \"+ EMA\"; cumulative, over seeds.")
                .contains("--one-at-a-time: each row changes the baseline alone");
        for (AblationRow row : BofClassificationCommand.VARIANTS) {
            assertThat(help).contains('"' + row.name() + '"');
        }
    }
}
