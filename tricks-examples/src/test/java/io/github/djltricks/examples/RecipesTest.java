/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.djltricks.core.experiment.Configuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed recipes convert to the runner's parameter maps and back, keys in snake case. */
class RecipesTest {

    enum Colour {
        DARK_RED,
        BLUE
    }

    record Sample(int epochs, long trainSize, double kdTemperature, boolean on, Colour colour) {}

    record Switched(int epochs, @Recipes.Flag boolean noBiasDecay, boolean on) {}

    record BadFlag(@Recipes.Flag int epochs) {}

    @Test
    void componentsBecomeSnakeCaseKeysInOrderAndComeBack() {
        Sample sample = new Sample(8, 10_000L, 4.0, true, Colour.DARK_RED);
        Map<String, Object> map = Recipes.toMap(sample);
        assertThat(map.keySet())
                .containsExactly("epochs", "train_size", "kd_temperature", "on", "colour");
        assertThat(map).containsEntry("colour", "dark_red").containsEntry("train_size", 10_000L);
        assertThat(Recipes.of(Sample.class, Configuration.of(map))).isEqualTo(sample);
        assertThat(Recipes.key("noMixupEpochs")).isEqualTo("no_mixup_epochs");
        assertThat(Recipes.key("lr")).isEqualTo("lr");
    }

    @Test
    void aMissingOrUnknownValueIsAnError() {
        Map<String, Object> map =
                new LinkedHashMap<>(Recipes.toMap(new Sample(1, 2, 3, false, Colour.BLUE)));
        map.put("colour", "green");
        assertThatThrownBy(() -> Recipes.of(Sample.class, Configuration.of(map)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
        map.remove("colour");
        assertThatThrownBy(() -> Recipes.of(Sample.class, Configuration.of(map)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void aFlagIsLeftOutWhileFalseAndReadAsFalseWhenAbsent() {
        Switched off = new Switched(3, false, false);
        assertThat(Recipes.toMap(off)).containsOnlyKeys("epochs", "on");
        assertThat(Recipes.of(Switched.class, Configuration.of(Map.of("epochs", 3, "on", false))))
                .isEqualTo(off);
        Switched on = new Switched(3, true, false);
        assertThat(Recipes.toMap(on).keySet()).containsExactly("epochs", "no_bias_decay", "on");
        assertThat(Recipes.of(Switched.class, Configuration.of(Recipes.toMap(on)))).isEqualTo(on);
        // a plain boolean is still required
        assertThatThrownBy(() -> Recipes.of(Switched.class, Configuration.of(Map.of("epochs", 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on");
        assertThatThrownBy(() -> Recipes.toMap(new BadFlag(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a @Flag component must be a boolean; epochs is of type int");
    }

    /**
     * The committed bof-classification results (written before the recipe was a record) read back
     * into the recipe and give the same configuration, so that a rerun resumes from them.
     */
    @Test
    void committedBofClassificationRunsReadBackUnchanged() throws IOException {
        Path results = Path.of("results", "bof-classification", "results.json");
        List<JsonElement> runs =
                JsonParser.parseString(Files.readString(results))
                        .getAsJsonObject()
                        .getAsJsonArray("runs")
                        .asList();
        assertThat(runs).isNotEmpty();
        for (JsonElement run : runs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> recorded =
                    new Gson()
                            .fromJson(
                                    run.getAsJsonObject().get("configuration"),
                                    LinkedHashMap.class);
            Configuration configuration = Configuration.of(recorded);
            BofClassificationCommand.Recipe recipe =
                    Recipes.of(BofClassificationCommand.Recipe.class, configuration);
            Map<String, Object> again = Recipes.toMap(recipe);
            assertThat(again.keySet()).containsExactlyElementsOf(recorded.keySet());
            assertThat(Configuration.of(again)).isEqualTo(configuration);
        }
    }
}
