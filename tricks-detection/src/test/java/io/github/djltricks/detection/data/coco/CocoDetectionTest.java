/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.detection.data.DetectionSample;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoDetectionTest {

    private static final String JSON =
            """
            {"images": [{"id": 7, "file_name": "a.png", "width": 6, "height": 4},
                        {"id": 3, "file_name": "b.png", "width": 5, "height": 5}],
             "annotations": [
               {"id": 1, "image_id": 7, "category_id": 18, "bbox": [1, 0.5, 2, 3], "iscrowd": 0},
               {"id": 2, "image_id": 7, "category_id": 1, "bbox": [4, 1, 5, 9], "iscrowd": 0},
               {"id": 3, "image_id": 7, "category_id": 1, "bbox": [0, 0, 2, 2], "iscrowd": 1},
               {"id": 4, "image_id": 7, "category_id": 1, "bbox": [2, 2, 0, 1], "iscrowd": 0}],
             "categories": [{"id": 18, "name": "dog"}, {"id": 1, "name": "person"}]}
            """;

    private static void png(Path file, int w, int h, int seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((seed + x) << 16) | ((10 * y) << 8) | (x * y));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void readsImagesBoxesAndContiguousClasses(@TempDir Path dir) throws Exception {
        png(dir.resolve("a.png"), 6, 4, 100);
        png(dir.resolve("b.png"), 5, 5, 50);
        Path ann = dir.resolve("instances.json");
        Files.writeString(ann, JSON, StandardCharsets.UTF_8);
        CocoDetection coco =
                CocoDetection.builder()
                        .setAnnotationFile(ann)
                        .setImageDirectory(dir)
                        .optSkipInvalidBoxes(true)
                        .build();
        assertThat(coco.size()).isEqualTo(2);
        assertThat(coco.skippedBoxes()).isEqualTo(1);
        assertThat(coco.classNames()).containsExactly("person", "dog");

        DetectionSample a = coco.get(0);
        assertThat(a.height()).isEqualTo(4);
        assertThat(a.width()).isEqualTo(6);
        assertThat(a.channels()).isEqualTo(3);
        // xywh -> xyxy; the second box is clipped to the image; crowd and zero-width boxes skipped
        assertThat(a.boxCount()).isEqualTo(2);
        assertThat(a.boxes()[0]).containsExactly(1f, 0.5f, 3f, 3.5f);
        assertThat(a.classIds()[0]).isEqualTo(1);
        assertThat(a.boxes()[1]).containsExactly(4f, 1f, 6f, 4f);
        assertThat(a.classIds()[1]).isEqualTo(0);
        assertThat(a.weights()).containsExactly(1f, 1f);
        // pixel (x=2, y=3): R = 102, G = 30, B = 6 in CHW order
        int plane = 24;
        int p = 3 * 6 + 2;
        assertThat(a.image()[p]).isEqualTo(102f);
        assertThat(a.image()[plane + p]).isEqualTo(30f);
        assertThat(a.image()[2 * plane + p]).isEqualTo(6f);

        DetectionSample b = coco.get(1);
        assertThat(b.boxCount()).isZero();
        assertThat(b.image()[0]).isEqualTo(50f);

        CocoDetection crowd =
                CocoDetection.builder()
                        .setAnnotationFile(ann)
                        .setImageDirectory(dir)
                        .optKeepCrowd(true)
                        .optSkipInvalidBoxes(true)
                        .build();
        assertThat(crowd.get(0).boxCount()).isEqualTo(3);
    }

    @Test
    void zeroWidthBoxIsRejectedByDefaultNamingAnnotationFieldAndValue(@TempDir Path dir)
            throws Exception {
        Path ann = dir.resolve("instances.json");
        Files.writeString(ann, JSON, StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                CocoDetection.builder()
                                        .setAnnotationFile(ann)
                                        .setImageDirectory(dir)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        ann.toString(), "annotations[3] (id=4)", "width = 0.0 must be > 0")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownCategoryIsRejected(@TempDir Path dir) throws Exception {
        Path ann = dir.resolve("bad.json");
        Files.writeString(
                ann,
                "{\"images\": [{\"id\": 1, \"file_name\": \"x.png\", \"width\": 2,"
                        + " \"height\": 2}],"
                        + " \"annotations\": [{\"image_id\": 1, \"category_id\": 5,"
                        + " \"bbox\": [0, 0, 1, 1]}], \"categories\": []}",
                StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                CocoDetection.builder()
                                        .setAnnotationFile(ann)
                                        .setImageDirectory(dir)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category_id=5");
    }
}
