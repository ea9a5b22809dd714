/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import com.google.gson.Gson;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a {@link DetectionSource} in the COCO layout that {@link
 * io.github.djltricks.detection.data.coco.CocoDetection} reads: {@code images/NNNNNN.png} (RGB,
 * each 0–255 value rounded to 8 bits) and {@code annotations.json} with {@code images}, {@code
 * annotations} ({@code bbox = [x, y, w, h]}, {@code iscrowd = 0}) and {@code categories} (class id
 * {@code k} is category id {@code k + 1}, COCO ids being 1-based).
 */
public final class CocoWriter {

    /** The annotation file's name inside the output folder. */
    public static final String ANNOTATIONS = "annotations.json";

    /** The image folder's name inside the output folder. */
    public static final String IMAGES = "images";

    private CocoWriter() {}

    /**
     * Writes every sample of {@code source}; needs 3-channel samples.
     *
     * @param source the samples
     * @param classNames the category names, indexed by class id; every class id must be below its
     *     size
     * @param directory the output folder, created if missing
     * @throws IOException if a sample cannot be read or a file cannot be written
     * @throws IllegalArgumentException if a sample does not have 3 channels or has a class id
     *     without a name
     */
    public static void write(DetectionSource source, List<String> classNames, Path directory)
            throws IOException {
        Path images = directory.resolve(IMAGES);
        Files.createDirectories(images);
        List<Map<String, Object>> imageList = new ArrayList<>();
        List<Map<String, Object>> annotations = new ArrayList<>();
        long annotationId = 1;
        for (int i = 0; i < source.size(); i++) {
            DetectionSample s = source.get(i);
            if (s.channels() != 3) {
                throw new IllegalArgumentException(
                        "sample " + i + " must have 3 channels, got " + s.channels());
            }
            String name = String.format("%06d.png", i);
            if (!ImageIO.write(toImage(s), "png", images.resolve(name).toFile())) {
                throw new IOException("no PNG writer available for " + images.resolve(name));
            }
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("id", i);
            im.put("file_name", name);
            im.put("width", s.width());
            im.put("height", s.height());
            imageList.add(im);
            for (int k = 0; k < s.boxCount(); k++) {
                int cls = s.classIds()[k];
                if (cls >= classNames.size()) {
                    throw new IllegalArgumentException(
                            "classIds must be < classNames.size()="
                                    + classNames.size()
                                    + ", got "
                                    + cls
                                    + " in sample "
                                    + i);
                }
                float[] b = s.boxes()[k];
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", annotationId++);
                a.put("image_id", i);
                a.put("category_id", cls + 1);
                a.put("bbox", new float[] {b[0], b[1], b[2] - b[0], b[3] - b[1]});
                a.put("area", (b[2] - b[0]) * (b[3] - b[1]));
                a.put("iscrowd", 0);
                annotations.add(a);
            }
        }
        List<Map<String, Object>> categories = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Map<String, Object> cat = new LinkedHashMap<>();
            cat.put("id", c + 1);
            cat.put("name", classNames.get(c));
            categories.add(cat);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", imageList);
        json.put("annotations", annotations);
        json.put("categories", categories);
        try (Writer w =
                Files.newBufferedWriter(directory.resolve(ANNOTATIONS), StandardCharsets.UTF_8)) {
            new Gson().toJson(json, w);
        }
    }

    private static BufferedImage toImage(DetectionSample s) {
        int h = s.height();
        int w = s.width();
        int plane = h * w;
        float[] chw = s.image();
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            rgb[p] =
                    (byte8(chw[p]) << 16)
                            | (byte8(chw[plane + p]) << 8)
                            | byte8(chw[2 * plane + p]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, rgb, 0, w);
        return image;
    }

    private static int byte8(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
