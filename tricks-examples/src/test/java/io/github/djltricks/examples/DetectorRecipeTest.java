/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import io.github.djltricks.core.experiment.Configuration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorRecipeTest {

    @TempDir Path dir;

    private static Configuration baselineWith(Map<String, Object> changes) {
        Map<String, Object> map = new TreeMap<>(BofDetectionCommand.BASELINE);
        map.putAll(changes);
        return Configuration.of(map);
    }

    @Test
    void readsTheBaselineWithTheDefaultsOfTheOptionalSwitches() {
        DetectorRecipe r = DetectorRecipe.of(Configuration.of(BofDetectionCommand.BASELINE));
        assertThat(r.syncBn()).isFalse();
        assertThat(r.schedule()).isEqualTo("step");
        assertThat(r.boxLoss()).isEqualTo("classic");
        assertThat(r.augmentation()).isEqualTo("flip");
        assertThat(r.mosaic()).isFalse();
        assertThat(r.extras()).isEmpty();
        assertThat(r.ignorePredicted()).isTrue();
        assertThat(r.shapeFinalSteps()).isZero();
        assertThat(r.width()).isNull();
        assertThat(r.positiveIou()).isNull();
        assertThat(r.trainSize()).isNull();
        assertThat(r.epochs()).isNull();
    }

    @Test
    void everyRowOfTheCommandsReadsAndSwitchesWhatItSays() {
        Map<String, Object> cumulative = new TreeMap<>(BofDetectionCommand.BASELINE);
        for (AblationRow row : BofDetectionCommand.ROWS) {
            cumulative.putAll(row.changes());
            DetectorRecipe.of(Configuration.of(cumulative));
        }
        DetectorRecipe all = DetectorRecipe.of(Configuration.of(cumulative));
        assertThat(all.syncBn()).isTrue();
        assertThat(all.randomShapes()).isTrue();
        assertThat(all.schedule()).isEqualTo("cosine");
        assertThat(all.labelSmoothing()).isTrue();
        assertThat(all.mixup()).isTrue();
        assertThat(all.augmentation()).isEqualTo("standard");
        assertThat(all.boxLoss()).isEqualTo("giou");
        assertThat(all.focal()).isTrue();
        assertThat(all.mosaic()).isTrue();
        // every row's extra is on, each once, in row order (which extras: their own tests)
        assertThat(all.extras())
                .isEqualTo(
                        BofDetectionCommand.ROWS.stream()
                                .flatMap(row -> row.extras().stream())
                                .distinct()
                                .toList());
        DetectorRecipe cell =
                DetectorRecipe.of(
                        baselineWith(
                                Map.of(
                                        "train_size",
                                        60,
                                        "epochs",
                                        25,
                                        "positive_iou",
                                        0.213,
                                        "width",
                                        0.5,
                                        "ignore_predicted",
                                        false,
                                        "shape_final_steps",
                                        100)));
        assertThat(cell.trainSize()).isEqualTo(60);
        assertThat(cell.epochs()).isEqualTo(25);
        assertThat(cell.positiveIou()).isEqualTo(0.213f);
        assertThat(cell.width()).isEqualTo(0.5f);
        assertThat(cell.ignorePredicted()).isFalse();
        assertThat(cell.shapeFinalSteps()).isEqualTo(100);
    }

    @Test
    void rejectsUnknownMissingMistypedAndOutOfRangeSwitchesByName() {
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("positiv_iou", 0.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[positiv_iou]")
                .hasMessageContaining("positive_iou");
        Map<String, Object> missing = new TreeMap<>(BofDetectionCommand.BASELINE);
        missing.remove("focal");
        assertThatThrownBy(() -> DetectorRecipe.of(Configuration.of(missing)))
                .hasMessageContaining("'focal'");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("schedule", "linear"))))
                .hasMessageContaining("schedule=\"linear\"")
                .hasMessageContaining("[cosine, step]");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("augmentation", "none"))))
                .hasMessageContaining("augmentation=\"none\"");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("syncbn", "yes"))))
                .hasMessageContaining("'syncbn' must be a boolean");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("positive_iou", 1.5))))
                .hasMessageContaining("positive_iou=1.5");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("epochs", 0))))
                .hasMessageContaining("epochs=0");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("train_size", 2.5))))
                .hasMessageContaining("'train_size' must be an int");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("width", 3))))
                .hasMessageContaining("width")
                .hasMessageContaining("3");
    }

    /** A row's extra is a switch of the recipe through its key alone, checked as the others. */
    @Test
    void anExtraOfTheRowsIsAnOptionalBooleanSwitchAndNothingElseIs() {
        TrialExtra probe = new Probe("probe", 1);
        List<AblationRow> rows =
                List.of(
                        AblationRow.of("+ SyncBN", Map.of("syncbn", true)),
                        AblationRow.of("+ probe", probe));
        assertThat(DetectorRecipe.of(baselineWith(Map.of()), rows).extras()).isEmpty();
        assertThat(DetectorRecipe.of(baselineWith(Map.of("probe", false)), rows).extras())
                .isEmpty();
        assertThat(DetectorRecipe.of(baselineWith(Map.of("probe", true)), rows).extras())
                .containsExactly(probe);
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("probe", "yes")), rows))
                .hasMessageContaining("'probe' must be a boolean");
        // without the row its key is unknown, by name, and the allowed keys list the extras'
        assertThatThrownBy(
                        () ->
                                DetectorRecipe.of(
                                        baselineWith(Map.of("probe", true)), rows.subList(0, 1)))
                .hasMessageContaining("unknown detector switch(es) [probe]");
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of("prob", true)), rows))
                .hasMessageContaining("[prob]")
                .hasMessageContaining("epochs, probe]");
        // two rows may share an extra, not a key between different extras or with the detector
        List<AblationRow> twice = List.of(AblationRow.of("a", probe), AblationRow.of("b", probe));
        assertThat(DetectorRecipe.of(baselineWith(Map.of("probe", true)), twice).extras())
                .containsExactly(probe);
        List<AblationRow> clash =
                List.of(AblationRow.of("a", probe), AblationRow.of("b", new Probe("probe", 2)));
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of()), clash))
                .hasMessageContaining("two extras share the key 'probe'");
        List<AblationRow> own = List.of(AblationRow.of("a", new Probe("mosaic", 1)));
        assertThatThrownBy(() -> DetectorRecipe.of(baselineWith(Map.of()), own))
                .hasMessageContaining("the detector's own key 'mosaic'");
    }

    /** An extra that is never attached, told apart by its key and number. */
    private record Probe(String key, int number) implements TrialExtra {

        @Override
        public Attached attach(Block block, long updates) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aMistypedSetFailsBeforeTheDataIsRead() {
        // the data directory does not exist: the typo must be reported first
        for (String command : new String[] {"bof-detection", "regime-map"}) {
            CommandRun run =
                    CommandRun.of(
                            command,
                            "--data-dir",
                            dir.resolve("absent").toString(),
                            "--set",
                            "positiv_iou=0.2");
            assertThat(run.code()).as(command).isNotZero();
            assertThat(run.err()).as(command).contains("positiv_iou").doesNotContain("absent");
        }
    }
}
