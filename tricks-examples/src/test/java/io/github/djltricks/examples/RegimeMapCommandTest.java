/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny regime map: every cell's two runs, the table, both heat maps, and a resume. */
class RegimeMapCommandTest {

    @TempDir Path dir;

    @Test
    void tinyMapRunsBaselineAndStackInEveryCellAndResumes() throws IOException {
        Path data = CommandRun.tinyFashionMnist(dir.resolve("data"));
        Path out = dir.resolve("out");
        String[] args = {
            "--train-sizes",
            "4,8",
            "--step-counts",
            "1,2",
            "--workers",
            "1",
            "--out",
            out.toString()
        };
        CommandRun run = CommandRun.tinyDetection("regime-map", data, args);
        assertThat(run.code()).as(run.err()).isZero();

        JsonObject json =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject();
        var runs = json.getAsJsonArray("runs");
        assertThat(runs).hasSize(8); // 2 x 2 cells x (baseline, stack)
        for (var record : runs) {
            JsonObject r = record.getAsJsonObject();
            assertThat(r.get("status").getAsString()).isEqualTo("OK");
            assertThat(r.getAsJsonObject("metrics").get("voc07").getAsDouble()).isFinite();
        }
        String table = Files.readString(out.resolve("table.md"));
        // 8 canvases in batches of 4: 2 steps per epoch, so 1 step rounds to 1 epoch (2 steps)
        assertThat(table)
                .contains("| 4 | 1 (1 epochs) |")
                .contains("| 4 | 2 (2 epochs) |")
                .contains("| 8 | 2 (1 epochs) |")
                .contains(
                        "- command: `java -jar tricks-examples/target/tricks-examples.jar regime-map");
        assertThat(cells(table)).hasSize(4);
        for (String png : List.of("stack-gain.png", "baseline-gap.png")) {
            assertThat(Files.readAllBytes(out.resolve(png)))
                    .as(png)
                    .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }

        // a second invocation finds every run in the results file and trains nothing
        CommandRun again = CommandRun.tinyDetection("regime-map", data, args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(cells(Files.readString(out.resolve("table.md"))))
                .containsExactlyElementsOf(cells(table));
        // nothing ran again: every record, wall-clock seconds included, is the first one's
        assertThat(
                        JsonParser.parseString(Files.readString(out.resolve("results.json")))
                                .getAsJsonObject()
                                .getAsJsonArray("runs"))
                .isEqualTo(runs);
    }

    private static List<String> cells(String table) {
        return table.lines().filter(l -> l.matches("\\| \\d+ \\| \\d+ .*")).toList();
    }

    @Test
    void stepsBecomeWholeEpochsAndTheStackHoldsEveryBofRowsChange() {
        assertThat(RegimeMapCommand.epochsFor(1500, 240, 16)).isEqualTo(100);
        assertThat(RegimeMapCommand.epochsFor(500, 60, 16)).isEqualTo(125);
        assertThat(RegimeMapCommand.epochsFor(1, 960, 16)).isEqualTo(1);
        Map<String, Object> stack = BofDetectionCommand.stack();
        for (var row : BofDetectionCommand.BOF_ROWS) {
            assertThat(stack).containsAllEntriesOf(row.changes());
        }
        assertThat(stack).doesNotContainKeys("box_loss", "focal", "augmentation");
        assertThat(BofDetectionCommand.stack(true))
                .containsAllEntriesOf(stack)
                .containsEntry("box_loss", "giou")
                .containsEntry("focal", true);
    }

    @Test
    void aTrainingSizeBelowTheBatchIsRejectedByName() {
        CommandRun run =
                CommandRun.tinyDetection(
                        "regime-map",
                        dir,
                        "--train-sizes",
                        "2,8",
                        "--step-counts",
                        "1",
                        "--out",
                        dir.resolve("o").toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--train-sizes").contains("2");
    }
}
