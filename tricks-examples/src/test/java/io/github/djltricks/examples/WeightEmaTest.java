/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.github.djltricks.core.experiment.Configuration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bof-detection's {@code + EMA} row, one line of {@link BofDetectionCommand#ROWS}: its key alone
 * switches the weight EMA on in every detector run, in this JVM or in a child that gets only the
 * configuration.
 */
class WeightEmaTest {

    @TempDir Path dir;

    private static Map<String, Object> baselineWith(String key, Object value) {
        Map<String, Object> map = new TreeMap<>(BofDetectionCommand.BASELINE);
        map.put(key, value);
        return map;
    }

    @Test
    void bofDetectionsEmaRowSwitchesOnItsWeightEmaByTheKeyAlone() {
        AblationRow row =
                BofDetectionCommand.ROWS.stream()
                        .filter(r -> r.name().equals("+ EMA"))
                        .findFirst()
                        .orElseThrow();
        // the configuration, and so results.json, holds the key alone, as before the row had an
        // extra: the committed runs still resume
        assertThat(row.changes()).isEqualTo(Map.of(WeightEma.KEY, true));
        assertThat(WeightEma.KEY).isEqualTo("ema");

        Map<String, Object> on = baselineWith(WeightEma.KEY, true);
        DetectorRecipe recipe = DetectorRecipe.of(Configuration.of(on));
        assertThat(recipe.extras())
                .singleElement()
                .isInstanceOfSatisfying(
                        WeightEma.class,
                        ema -> {
                            assertThat(ema.decay()).isEqualTo(0.995);
                            assertThat(ema.rampUpdates()).isEqualTo(200.0);
                        });
        // a child JVM gets the configuration as JSON and finds the same extra
        Map<String, Object> child =
                DetectorRunCommand.GSON.fromJson(
                        DetectorRunCommand.GSON.toJson(on),
                        new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        assertThat(DetectorRecipe.of(Configuration.of(child)).extras()).isEqualTo(recipe.extras());
        // off when false or absent; a value of another type fails by name
        assertThat(DetectorRecipe.of(Configuration.of(baselineWith(WeightEma.KEY, false))).extras())
                .isEmpty();
        assertThatThrownBy(() -> DetectorRecipe.of(Configuration.of(baselineWith("ema", 1))))
                .hasMessageContaining("'ema' must be a boolean");
        // without the row, the key is unknown, by name
        assertThatThrownBy(
                        () -> DetectorRecipe.of(Configuration.of(on), BofDetectionCommand.BOF_ROWS))
                .hasMessageContaining("unknown detector switch(es) [ema]");
    }

    /**
     * An EMA run in a child JVM ({@link ForkedTrial}, which hands over the configuration alone)
     * gives the metrics of the same run in this JVM, bit for bit, and they are not those of the run
     * without the EMA: the child attached the weight EMA from the key.
     */
    @Test
    void anEmaRunInAChildJvmAttachesTheEmaAsThisJvmDoes() throws Exception {
        DetectorOptions options =
                CommandRun.tinyDetectorOptions(CommandRun.tinyFashionMnist(dir.resolve("data")));
        DetectionSplits splits = options.load();
        DetectorTrial here =
                new DetectorTrial(
                        options.settings(splits, 0.25f), splits.train(), splits.test(), null, null);
        // 30 epochs of 2 steps, so that the shadow lags the weights (d_60 = 0.26)
        Map<String, Object> on = baselineWith(WeightEma.KEY, true);
        on.put("epochs", 30);
        Map<String, Object> off = new TreeMap<>(on);
        off.remove(WeightEma.KEY);
        Map<String, Double> ema = here.run(Configuration.of(on), 1);
        Map<String, Double> plain = here.run(Configuration.of(off), 1);
        // the same training, other figures: those of the averaged weights (60 steps: the train
        // VOC07 moves)
        assertThat(ema.get("final_loss")).isEqualTo(plain.get("final_loss"));
        assertThat(ema).isNotEqualTo(plain);
        try (ForkedTrial forked =
                new ForkedTrial(options, 0.25f, null, dir.resolve("work"), null, null)) {
            assertThat(forked.run(Configuration.of(on), 1)).isEqualTo(ema);
        }
    }
}
