/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Agrees with an independent per-detection reference of the VOC devkit and pycocotools protocols
 * ({@code src/test/python/map_reference.py}) on random scenes with distinct scores, difficult
 * objects, all area ranges and per-image caps of 100, 10 and 3.
 */
class MeanAveragePrecisionGoldenTest {

    private static final Map<String, ToDoubleFunction<ApFigures>> FIGURES =
            Map.of(
                    "voc07", ApFigures::voc07,
                    "vocAllPoint", ApFigures::vocAllPoint,
                    "vocRecall", ApFigures::vocRecall,
                    "coco", ApFigures::coco,
                    "ap50", ApFigures::ap50,
                    "ap75", ApFigures::ap75,
                    "apSmall", ApFigures::apSmall,
                    "apMedium", ApFigures::apMedium,
                    "apLarge", ApFigures::apLarge,
                    "recall", ApFigures::recall);

    @Test
    void matchesReferenceImplementation() throws IOException {
        JsonObject root;
        try (InputStream in = getClass().getResourceAsStream("/golden/map_reference.json")) {
            assertThat(in).as("golden/map_reference.json").isNotNull();
            root =
                    JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .getAsJsonObject();
        }
        JsonArray cases = root.getAsJsonArray("cases");
        assertThat(cases).hasSize(5);
        int checked = 0;
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            MeanAveragePrecision map =
                    MeanAveragePrecision.builder()
                            .optMaxDetections(c.get("maxDetections").getAsInt())
                            .build();
            for (JsonElement im : c.getAsJsonArray("images")) {
                List<Detection> dets = new ArrayList<>();
                for (JsonElement d : im.getAsJsonObject().getAsJsonArray("dets")) {
                    JsonObject o = d.getAsJsonObject();
                    double[] b = box(o);
                    dets.add(
                            new Detection(
                                    b[0],
                                    b[1],
                                    b[2],
                                    b[3],
                                    o.get("score").getAsDouble(),
                                    o.get("label").getAsInt()));
                }
                List<GroundTruth> gts = new ArrayList<>();
                for (JsonElement g : im.getAsJsonObject().getAsJsonArray("gts")) {
                    JsonObject o = g.getAsJsonObject();
                    double[] b = box(o);
                    gts.add(
                            new GroundTruth(
                                    b[0],
                                    b[1],
                                    b[2],
                                    b[3],
                                    o.get("label").getAsInt(),
                                    o.get("difficult").getAsBoolean()));
                }
                map.addImage(dets, gts);
            }
            DetectionMetrics m = map.evaluate();
            JsonObject expected = c.getAsJsonObject("expected");
            for (Map.Entry<String, ToDoubleFunction<ApFigures>> f : FIGURES.entrySet()) {
                assertThat(f.getValue().applyAsDouble(m.mean()))
                        .as("%s %s", name, f.getKey())
                        .isCloseTo(expected.get(f.getKey()).getAsDouble(), within(1e-12));
                checked++;
            }
            for (JsonElement pc : expected.getAsJsonArray("perClass")) {
                JsonObject o = pc.getAsJsonObject();
                int label = o.get("label").getAsInt();
                for (Map.Entry<String, ToDoubleFunction<ApFigures>> f : FIGURES.entrySet()) {
                    double want = o.get(f.getKey()).getAsDouble();
                    double got =
                            m.classAp(label)
                                    .map(a -> f.getValue().applyAsDouble(a.ap()))
                                    .orElse(MeanAveragePrecision.UNDEFINED);
                    assertThat(got)
                            .as("%s class %d %s", name, label, f.getKey())
                            .isCloseTo(want, within(1e-12));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    private static double[] box(JsonObject o) {
        JsonArray a = o.getAsJsonArray("box");
        return new double[] {
            a.get(0).getAsDouble(),
            a.get(1).getAsDouble(),
            a.get(2).getAsDouble(),
            a.get(3).getAsDouble()
        };
    }
}
