/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.coco;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;
import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads detection data in the COCO format: an instances JSON file ({@code images}, {@code
 * annotations}, {@code categories}, as {@code instances_train2017.json}) plus a folder holding the
 * images named by {@code file_name}. Images are decoded with DJL's {@link ImageFactory} into RGB.
 *
 * <p>Boxes {@code [x, y, w, h]} become {@code (x, y, x + w, y + h)}, clipped to the decoded image;
 * boxes left with no area are skipped, and so are crowd annotations ({@code iscrowd = 1}) unless
 * asked for. Category ids are mapped to contiguous class ids {@code 0..K−1} in increasing id order
 * ({@link #classNames()} gives the names). Images are listed in the file's order; images without
 * boxes are kept.
 */
public final class CocoDetection implements DetectionSource {

    private final Path imageDirectory;
    private final List<Entry> entries;
    private final List<String> classNames;

    private CocoDetection(Path imageDirectory, List<Entry> entries, List<String> classNames) {
        this.imageDirectory = imageDirectory;
        this.entries = entries;
        this.classNames = classNames;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the category names, indexed by class id.
     *
     * @return the class names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Returns the image file of sample {@code index}.
     *
     * @param index the sample index
     * @return the path of its image
     */
    public Path imagePath(int index) {
        return imageDirectory.resolve(entries.get(index).fileName);
    }

    /** {@inheritDoc} */
    @Override
    public int size() {
        return entries.size();
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample get(int index) throws IOException {
        Entry e = entries.get(index);
        Image img = ImageFactory.getInstance().fromFile(imageDirectory.resolve(e.fileName));
        int h = img.getHeight();
        int w = img.getWidth();
        float[] chw = pixels(img, h, w);
        List<float[]> boxes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < e.boxes.size(); i++) {
            float[] b = BoxGeometry.clip(e.boxes.get(i), w, h);
            if (BoxGeometry.isValid(b, w, h)) {
                boxes.add(b);
                ids.add(e.classIds.get(i));
            }
        }
        return DetectionSample.of(
                chw,
                3,
                h,
                w,
                boxes.toArray(new float[0][]),
                ids.stream().mapToInt(Integer::intValue).toArray());
    }

    private static float[] pixels(Image img, int h, int w) {
        float[] chw = new float[3 * h * w];
        if (img.getWrappedImage() instanceof BufferedImage bi) {
            int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
            int plane = h * w;
            for (int p = 0; p < plane; p++) {
                int v = argb[p];
                chw[p] = (v >> 16) & 0xFF;
                chw[plane + p] = (v >> 8) & 0xFF;
                chw[2 * plane + p] = v & 0xFF;
            }
            return chw;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray hwc = img.toNDArray(manager, Image.Flag.COLOR);
            return hwc.toType(DataType.FLOAT32, false).transpose(2, 0, 1).toFloatArray();
        }
    }

    private static final class Entry {
        final String fileName;
        final List<float[]> boxes = new ArrayList<>();
        final List<Integer> classIds = new ArrayList<>();

        Entry(String fileName) {
            this.fileName = fileName;
        }
    }

    /** The subset of the COCO instances schema this reader uses. */
    private static final class Json {
        List<JsonImage> images;
        List<JsonAnnotation> annotations;
        List<JsonCategory> categories;
    }

    private static final class JsonImage {
        long id;

        @SerializedName("file_name")
        String fileName;
    }

    private static final class JsonAnnotation {
        @SerializedName("image_id")
        long imageId;

        @SerializedName("category_id")
        long categoryId;

        float[] bbox;
        int iscrowd;
    }

    private static final class JsonCategory {
        long id;
        String name;
    }

    /** Builds a {@link CocoDetection}. */
    public static final class Builder {

        private Path annotationFile;
        private Path imageDirectory;
        private boolean keepCrowd;

        private Builder() {}

        /**
         * Sets the instances JSON file.
         *
         * @param annotationFile the file
         * @return this builder
         */
        public Builder setAnnotationFile(Path annotationFile) {
            this.annotationFile = annotationFile;
            return this;
        }

        /**
         * Sets the folder the images' {@code file_name}s are relative to.
         *
         * @param imageDirectory the folder
         * @return this builder
         */
        public Builder setImageDirectory(Path imageDirectory) {
            this.imageDirectory = imageDirectory;
            return this;
        }

        /**
         * Sets whether crowd annotations are kept as boxes.
         *
         * @param keepCrowd default {@code false}
         * @return this builder
         */
        public Builder optKeepCrowd(boolean keepCrowd) {
            this.keepCrowd = keepCrowd;
            return this;
        }

        /**
         * Reads the annotation file.
         *
         * @return the source
         * @throws IOException if the file cannot be read
         * @throws IllegalArgumentException if a path is missing, or an annotation names an unknown
         *     image or category or has a malformed box
         */
        public CocoDetection build() throws IOException {
            if (annotationFile == null || imageDirectory == null) {
                throw new IllegalArgumentException(
                        "annotationFile and imageDirectory must be set, got annotationFile="
                                + annotationFile
                                + ", imageDirectory="
                                + imageDirectory);
            }
            Json json;
            try (Reader reader = Files.newBufferedReader(annotationFile, StandardCharsets.UTF_8)) {
                json = new Gson().fromJson(reader, Json.class);
            }
            if (json == null || json.images == null || json.categories == null) {
                throw new IllegalArgumentException(
                        "annotationFile "
                                + annotationFile
                                + " must hold 'images' and 'categories' arrays");
            }
            List<JsonCategory> categories = new ArrayList<>(json.categories);
            categories.sort(Comparator.comparingLong(c -> c.id));
            Map<Long, Integer> classOf = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (JsonCategory c : categories) {
                classOf.put(c.id, names.size());
                names.add(c.name);
            }
            Map<Long, Entry> byId = new HashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (JsonImage im : json.images) {
                Entry e = new Entry(im.fileName);
                byId.put(im.id, e);
                entries.add(e);
            }
            if (json.annotations != null) {
                for (JsonAnnotation a : json.annotations) {
                    if (a.iscrowd != 0 && !keepCrowd) {
                        continue;
                    }
                    Entry e = byId.get(a.imageId);
                    Integer cls = classOf.get(a.categoryId);
                    if (e == null || cls == null) {
                        throw new IllegalArgumentException(
                                "annotation names image_id="
                                        + a.imageId
                                        + " and category_id="
                                        + a.categoryId
                                        + "; each must be listed in "
                                        + annotationFile);
                    }
                    if (a.bbox == null || a.bbox.length != 4) {
                        throw new IllegalArgumentException(
                                "bbox must be [x, y, w, h], got "
                                        + java.util.Arrays.toString(a.bbox)
                                        + " for image_id="
                                        + a.imageId);
                    }
                    float[] b = a.bbox;
                    e.boxes.add(new float[] {b[0], b[1], b[0] + b[2], b[1] + b[3]});
                    e.classIds.add(cls);
                }
            }
            return new CocoDetection(imageDirectory, List.copyOf(entries), List.copyOf(names));
        }
    }
}
