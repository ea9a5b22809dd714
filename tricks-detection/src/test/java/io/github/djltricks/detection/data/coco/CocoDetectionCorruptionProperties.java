/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.coco;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random corruptions of a valid small COCO file (byte flips, truncation, field mutations, harmless
 * reformatting): the reader either loads exactly the original data (whenever the file still holds
 * the same JSON), or loads data that keeps its guarantees, or fails with a documented exception
 * whose one-line message names the file. Never another exception.
 */
class CocoDetectionCorruptionProperties {

    private static final String VALID =
            """
            {"images": [
               {"id": 1, "file_name": "a.png", "width": 8, "height": 6},
               {"id": 2, "file_name": "b.png", "width": 5, "height": 7},
               {"id": 3, "file_name": "sub/c.png", "width": 4, "height": 4}],
             "annotations": [
               {"id": 10, "image_id": 1, "category_id": 4, "bbox": [1, 1, 3, 2], "iscrowd": 0},
               {"id": 11, "image_id": 1, "category_id": 9, "bbox": [0.5, 2, 7, 3.5]},
               {"id": 12, "image_id": 2, "category_id": 4, "bbox": [2, 3, 2, 9], "iscrowd": 0},
               {"id": 13, "image_id": 2, "category_id": 9, "bbox": [0, 0, 2, 2], "iscrowd": 1},
               {"id": 14, "image_id": 3, "category_id": 9, "bbox": [1, 1, 1, 1], "iscrowd": 0}],
             "categories": [{"id": 9, "name": "cat"}, {"id": 4, "name": "dog"}]}
            """;

    private static Path dir;
    private static Path images;
    private static Path file;
    private static JsonElement validTree;
    private static List<String> validClasses;
    private static List<DetectionSample> validSamples;

    @BeforeContainer
    static void writeValidData() throws IOException {
        dir = Files.createTempDirectory("coco-corruption");
        images = Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(images.resolve("sub"));
        png(images.resolve("a.png"), 8, 6, 10);
        png(images.resolve("b.png"), 5, 7, 90);
        png(images.resolve("sub/c.png"), 4, 4, 170);
        file = dir.resolve("instances.json");
        validTree = JsonParser.parseString(VALID);
        CocoDetection coco = load(VALID);
        validClasses = coco.classNames();
        validSamples = new ArrayList<>();
        for (int i = 0; i < coco.size(); i++) {
            validSamples.add(coco.get(i));
        }
        assertThat(validClasses).containsExactly("dog", "cat");
        assertThat(validSamples.get(0).boxCount()).isEqualTo(2);
        assertThat(validSamples.get(1).boxCount()).isEqualTo(1);
    }

    @AfterContainer
    static void deleteValidData() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void png(Path path, int w, int h, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((seed + 7 * x) << 16) | ((seed + 11 * y) << 8) | (x * y));
            }
        }
        ImageIO.write(img, "png", path.toFile());
    }

    private static CocoDetection load(String content) throws IOException {
        return load(content.getBytes(StandardCharsets.UTF_8));
    }

    private static CocoDetection load(byte[] content) throws IOException {
        Files.write(file, content);
        return CocoDetection.builder().setAnnotationFile(file).setImageDirectory(images).build();
    }

    /** A corruption of the valid file's bytes, with a name for the report. */
    record Corruption(String name, UnaryOperator<byte[]> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        int n = VALID.getBytes(StandardCharsets.UTF_8).length;
        Arbitrary<Corruption> flips =
                Combinators.combine(
                                Arbitraries.integers()
                                        .between(0, n - 1)
                                        .list()
                                        .ofMinSize(1)
                                        .ofMaxSize(3),
                                Arbitraries.integers().between(1, 255))
                        .as(
                                (at, mask) ->
                                        new Corruption(
                                                "flip " + at + " with " + mask,
                                                b -> {
                                                    byte[] c = b.clone();
                                                    for (int i : at) {
                                                        c[i] ^= (byte) (int) mask;
                                                    }
                                                    return c;
                                                }));
        Arbitrary<Corruption> cuts =
                Arbitraries.integers()
                        .between(0, n - 1)
                        .map(k -> new Corruption("truncate to " + k, b -> Arrays.copyOf(b, k)));
        Arbitrary<Corruption> mutations =
                Arbitraries.of("images", "annotations", "categories")
                        .flatMap(
                                array ->
                                        Combinators.combine(
                                                        Arbitraries.just(array),
                                                        Arbitraries.integers().between(0, 4),
                                                        Arbitraries.of(FIELDS.get(array)),
                                                        Arbitraries.integers()
                                                                .between(0, REPLACEMENTS.size()))
                                                .as(CocoDetectionCorruptionProperties::mutation));
        Arbitrary<Corruption> reformatted =
                Arbitraries.of(true, false)
                        .map(
                                pretty ->
                                        new Corruption(
                                                "reformat, pretty=" + pretty,
                                                b -> reformat(pretty)));
        return Arbitraries.oneOf(flips, cuts, mutations, mutations, reformatted);
    }

    /** The fields of each array's entries. */
    private static final Map<String, List<String>> FIELDS =
            Map.of(
                    "images", List.of("id", "file_name", "width", "height"),
                    "annotations", List.of("id", "image_id", "category_id", "bbox", "iscrowd"),
                    "categories", List.of("id", "name"));

    /** Values a field is replaced by; index {@code size()} removes the field. */
    private static final List<JsonElement> REPLACEMENTS =
            List.of(
                    JsonNull.INSTANCE,
                    new JsonPrimitive("abc"),
                    new JsonPrimitive(""),
                    new JsonPrimitive(-1),
                    new JsonPrimitive(0),
                    new JsonPrimitive(1.5),
                    new JsonPrimitive(1e40),
                    new JsonPrimitive(1e20),
                    new JsonPrimitive(true),
                    new JsonArray(),
                    new JsonObject(),
                    new JsonPrimitive("../a.png"),
                    new JsonPrimitive("/etc/hostname"),
                    new JsonPrimitive(1),
                    new JsonPrimitive(9),
                    JsonParser.parseString("[1, 2, 3]"),
                    JsonParser.parseString("[-100, -100, 5, 5]"),
                    JsonParser.parseString("[0, 0, 0, 1]"),
                    JsonParser.parseString("[\"1\", 2, 3, 4]"));

    private static Corruption mutation(String array, int index, String field, int replacement) {
        String what =
                array
                        + "["
                        + index
                        + "]."
                        + field
                        + (replacement == REPLACEMENTS.size()
                                ? " removed"
                                : " = " + REPLACEMENTS.get(replacement));
        return new Corruption(
                what,
                b -> {
                    JsonObject root = validTree.deepCopy().getAsJsonObject();
                    JsonArray a = root.getAsJsonArray(array);
                    JsonObject o = a.get(index % a.size()).getAsJsonObject();
                    if (replacement == REPLACEMENTS.size()) {
                        o.remove(field);
                    } else {
                        o.add(field, REPLACEMENTS.get(replacement).deepCopy());
                    }
                    return root.toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    private static byte[] reformat(boolean pretty) {
        GsonBuilder gson = new GsonBuilder();
        if (pretty) {
            gson.setPrettyPrinting();
        }
        // keys in reverse order, whitespace changed: the same JSON
        JsonObject root = new JsonObject();
        List<String> keys = new ArrayList<>(validTree.getAsJsonObject().keySet());
        java.util.Collections.reverse(keys);
        for (String k : keys) {
            root.add(k, validTree.getAsJsonObject().get(k));
        }
        return gson.create().toJson(root).getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 100)
    void corruptedFileLoadsTheSameDataOrValidDataOrFailsNamingTheFile(
            @ForAll("corruptions") Corruption corruption) throws IOException {
        byte[] bytes = corruption.apply().apply(VALID.getBytes(StandardCharsets.UTF_8));
        CocoDetection coco;
        try {
            coco = load(bytes);
        } catch (IllegalArgumentException | IOException e) {
            assertThat(e.getMessage()).contains(file.toString()).doesNotContain("\n");
            return;
        }
        boolean sameJson = sameJson(bytes);
        if (sameJson) {
            assertThat(coco.classNames()).isEqualTo(validClasses);
            assertThat(coco.size()).isEqualTo(validSamples.size());
        }
        for (int i = 0; i < coco.size(); i++) {
            DetectionSample s;
            try {
                s = coco.get(i);
            } catch (IOException e) {
                assertThat(sameJson).as("the original file reads without error").isFalse();
                assertThat(e.getMessage())
                        .contains(coco.imagePath(i).toString())
                        .doesNotContain("\n");
                continue;
            }
            assertThat(coco.imagePath(i)).startsWith(images);
            for (int k = 0; k < s.boxCount(); k++) {
                assertThat(BoxGeometry.isValid(s.boxes()[k], s.width(), s.height())).isTrue();
                assertThat(s.classIds()[k]).isBetween(0, coco.classNames().size() - 1);
            }
            if (sameJson) {
                DetectionSample v = validSamples.get(i);
                assertThat(s.image()).isEqualTo(v.image());
                assertThat(s.boxes()).isDeepEqualTo(v.boxes());
                assertThat(s.classIds()).isEqualTo(v.classIds());
            }
        }
    }

    /** Whether the bytes are UTF-8 JSON equal to the valid file's, as the reader sees it. */
    private static boolean sameJson(byte[] bytes) {
        try {
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(bytes))
                            .toString();
            return JsonParser.parseString(text).equals(validTree);
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
