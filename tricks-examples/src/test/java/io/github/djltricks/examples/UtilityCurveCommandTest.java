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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny form of {@code utility-curve} writes a point for every recipe and width. */
class UtilityCurveCommandTest {

    @TempDir Path dir;

    /** The committed curve measured the first wave's recipes; bof-detection's rows moved on. */
    @Test
    void theRecipesStayTheFirstWaves() {
        var recipes = UtilityCurveCommand.recipes();
        assertThat(recipes.get("baseline")).doesNotContainKey("augmentation");
        assertThat(recipes.get("bag of freebies"))
                .doesNotContainKey("augmentation")
                .doesNotContainKey("ema")
                .containsEntry("syncbn", true)
                .containsEntry("mixup", true)
                .containsEntry("box_loss", "giou")
                .containsEntry("focal", true);
    }

    @Test
    void tinyRunWritesEveryPoint() throws IOException {
        Path out = dir.resolve("out");
        CommandRun run = tiny(out, "--seeds", "1");

        List<String> table = Files.readAllLines(out.resolve("table.md"));
        assertEveryPoint(table);
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
        assertThat(run.out()).contains("100%");
    }

    /** The seeds of a point in two child JVMs at once: every point and every curve. */
    @Test
    void seedsInChildJvmsGiveEveryPointAndCurve() throws IOException {
        Path out = dir.resolve("forked");
        CommandRun run = tiny(out, "--seeds", "2", "--workers", "2");
        List<String> table = Files.readAllLines(out.resolve("table.md"));
        assertEveryPoint(table);
        // one curve per (recipe, width, seed), a point per step (2 steps)
        assertThat(Files.readAllLines(out.resolve("curves.csv"))).hasSize(1 + 2 * 2 * 2 * 2);
        assertThat(run.out()).contains("100%");
    }

    @Test
    void noWorkersIsRefused() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        CommandRun run =
                CommandRun.tinyDetection(
                        "utility-curve",
                        data,
                        "--workers",
                        "0",
                        "--out",
                        dir.resolve("none").toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--workers must be in [1, 64], got 0");
    }

    /** The table has a row for each recipe at widths 0.125 and 0.25. */
    private static void assertEveryPoint(List<String> table) {
        for (String recipe : UtilityCurveCommand.RECIPES.keySet()) {
            for (String width : List.of("0.125", "0.250")) {
                assertThat(table)
                        .as(recipe + " at " + width)
                        .anyMatch(l -> l.startsWith("| " + recipe + " | " + width + " | "));
            }
        }
    }

    /** Runs the tiny form at widths 0.125 and 0.25 into {@code out} and checks it succeeded. */
    private CommandRun tiny(Path out, String... args) throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        List<String> all = new ArrayList<>(List.of("--widths", "0.125,0.25"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        CommandRun run =
                CommandRun.tinyDetection("utility-curve", data, all.toArray(new String[0]));
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }
}
