/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.coco;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads detection data in the COCO format: an instances JSON file ({@code images}, {@code
 * annotations}, {@code categories}, as {@code instances_train2017.json}) plus a folder holding the
 * images named by {@code file_name}. Images are decoded with {@link ImageIO} (as DJL's default
 * {@code BufferedImageFactory} does) into RGB.
 *
 * <p>Every image needs an integer {@code id} (unique), a {@code file_name} and its {@code width}
 * and {@code height} in pixels; every category an integer {@code id} (unique) and a {@code name};
 * every annotation an {@code image_id} and a {@code category_id} listed in the file and a {@code
 * bbox} {@code [x, y, w, h]}. A {@code file_name} is a path relative to the image folder that stays
 * inside it: absolute paths, paths leaving it through {@code ..}, and (checked when the image is
 * read) symbolic links resolving outside it are refused. An image may hold at most {@link
 * #MAX_PIXELS} pixels.
 *
 * <p>Boxes {@code [x, y, w, h]} become {@code (x, y, x + w, y + h)}, clipped to the image. A box is
 * malformed when a value is not a finite float32 number, its width or height is not positive, or it
 * lies wholly outside the image; malformed boxes are rejected unless {@link
 * Builder#optSkipInvalidBoxes(boolean)} asks to skip them (then {@link #skippedBoxes()} counts
 * them); {@code instances_train2017.json} itself holds two boxes of height 0, so reading it needs
 * that option. Crowd annotations ({@code iscrowd = 1}) are left out unless asked for. Category ids
 * are mapped to contiguous class ids {@code 0..K−1} in increasing id order ({@link #classNames()}
 * gives the names). Images are listed in the file's order; images without boxes are kept.
 */
public final class CocoDetection implements DetectionSource {

    /**
     * The most pixels ({@code width · height}) an image may declare and hold: {@code 2^26}, e.g.
     * 8192×8192, whose float32 CHW copy takes 768 MiB.
     */
    public static final long MAX_PIXELS = 1L << 26;

    private final Path imageDirectory;
    private final List<Entry> entries;
    private final List<String> classNames;
    private final int skippedBoxes;

    private CocoDetection(
            Path imageDirectory, List<Entry> entries, List<String> classNames, int skippedBoxes) {
        this.imageDirectory = imageDirectory;
        this.entries = entries;
        this.classNames = classNames;
        this.skippedBoxes = skippedBoxes;
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
     * Returns how many malformed boxes were skipped; always 0 unless {@link
     * Builder#optSkipInvalidBoxes(boolean)} is on, since malformed boxes are rejected otherwise.
     *
     * @return the number of annotations left out for a malformed box
     */
    public int skippedBoxes() {
        return skippedBoxes;
    }

    /**
     * Returns the image file of sample {@code index}: the image folder (made absolute) joined with
     * its {@code file_name}, normalised; it lies inside the folder as far as the names go, and
     * {@link #get(int)} checks that it still does once symbolic links are resolved.
     *
     * @param index the sample index
     * @return the path of its image
     */
    public Path imagePath(int index) {
        return imageDirectory.resolve(entries.get(index).fileName).normalize();
    }

    /** {@inheritDoc} */
    @Override
    public int size() {
        return entries.size();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IOException if the image file is missing, is not a regular file, resolves (through
     *     symbolic links) to a file outside the image folder, cannot be decoded, or has another
     *     size than the annotation file declares; the message names the image id, its {@code
     *     file_name} and the path
     */
    @Override
    public DetectionSample get(int index) throws IOException {
        Entry e = entries.get(index);
        Path path = imagePath(index);
        BufferedImage img = read(e, path, insideFolder(e, path));
        int h = img.getHeight();
        int w = img.getWidth();
        return DetectionSample.of(
                pixels(img, h, w),
                3,
                h,
                w,
                e.boxes.stream().map(float[]::clone).toArray(float[][]::new),
                e.classIds.stream().mapToInt(Integer::intValue).toArray());
    }

    private Path insideFolder(Entry e, Path path) throws IOException {
        Path folder;
        Path real;
        try {
            folder = imageDirectory.toRealPath();
        } catch (IOException ex) {
            throw new IOException(
                    e.describe(path)
                            + ": the image folder "
                            + imageDirectory
                            + " cannot be read: "
                            + ex,
                    ex);
        }
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException ex) {
            throw new IOException(e.describe(path) + ": no such file", ex);
        } catch (IOException ex) {
            throw new IOException(e.describe(path) + ": cannot be resolved: " + ex, ex);
        }
        if (!real.startsWith(folder) || real.equals(folder)) {
            throw new IOException(
                    e.describe(path)
                            + ": resolves to "
                            + real
                            + ", outside the image folder "
                            + folder
                            + "; images must lie inside it");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(e.describe(path) + ": is not a regular file");
        }
        return real;
    }

    private static BufferedImage read(Entry e, Path path, Path real) throws IOException {
        String problem = null;
        BufferedImage img = null;
        try (InputStream in =
                        Channels.newInputStream(
                                Files.newByteChannel(
                                        real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                problem = "is not in an image format ImageIO can read";
            } else {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(stream, true, true);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (w != e.width || h != e.height) {
                        // checked before decoding: a header claiming a huge size allocates nothing
                        problem =
                                "the file is "
                                        + w
                                        + "x"
                                        + h
                                        + " but the annotation file declares width="
                                        + e.width
                                        + ", height="
                                        + e.height;
                    } else {
                        img = reader.read(0, reader.getDefaultReadParam());
                        if (img.getWidth() != w || img.getHeight() != h) {
                            problem =
                                    "decoded as "
                                            + img.getWidth()
                                            + "x"
                                            + img.getHeight()
                                            + " although its header says "
                                            + w
                                            + "x"
                                            + h;
                        }
                    }
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException ex) {
            throw new IOException(e.describe(path) + ": cannot be decoded: " + oneLine(ex), ex);
        }
        if (problem != null) {
            throw new IOException(e.describe(path) + ": " + problem);
        }
        return img;
    }

    private static float[] pixels(BufferedImage bi, int h, int w) {
        float[] chw = new float[3 * h * w];
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

    private static final class Entry {
        final long id;
        final String fileName;
        final int width;
        final int height;
        final List<float[]> boxes = new ArrayList<>();
        final List<Integer> classIds = new ArrayList<>();

        Entry(long id, String fileName, int width, int height) {
            this.id = id;
            this.fileName = fileName;
            this.width = width;
            this.height = height;
        }

        String describe(Path path) {
            return "image id=" + id + " file_name=" + quote(fileName) + " (" + path + ")";
        }
    }

    /** Quotes a string for a one-line message, escaped as JSON and cut after 120 characters. */
    private static String quote(String s) {
        String q = new JsonPrimitive(s).toString();
        return q.length() <= 122 ? q : q.substring(0, 120) + "…\"";
    }

    /**
     * Returns {@code t.toString()} on one line, without Gson's link to its troubleshooting page.
     */
    private static String oneLine(Throwable t) {
        return t.toString().replaceAll("\\s*\\R\\s*", " ").replaceAll(" See https://\\S+$", "");
    }

    /** Shows a JSON value in a one-line message, cut after 120 characters. */
    private static String show(JsonElement v) {
        String s = v == null ? "missing" : v.toString();
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    /** Builds a {@link CocoDetection}. */
    public static final class Builder {

        private Path annotationFile;
        private Path imageDirectory;
        private boolean keepCrowd;
        private boolean skipInvalidBoxes;

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
         * Sets the folder the images' {@code file_name}s are relative to; no image outside it is
         * ever read.
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
         * Sets whether annotations with a malformed box (a value that is not a finite float32
         * number, a width or height that is not positive, or a box wholly outside its image) are
         * skipped, and counted by {@link CocoDetection#skippedBoxes()}, instead of rejected.
         *
         * @param skipInvalidBoxes default {@code false}: a malformed box fails {@link #build()}
         * @return this builder
         */
        public Builder optSkipInvalidBoxes(boolean skipInvalidBoxes) {
            this.skipInvalidBoxes = skipInvalidBoxes;
            return this;
        }

        /**
         * Reads and checks the annotation file; the images are read by {@link
         * CocoDetection#get(int)}.
         *
         * @return the source
         * @throws IOException if the annotation file cannot be read: it is missing, a directory,
         *     unreadable or not UTF-8; the message names the file
         * @throws IllegalArgumentException if a path is not set, or the annotation file is not
         *     valid JSON or breaks the format described in {@link CocoDetection}: a field missing
         *     or of the wrong type, a duplicate image or category id, an annotation naming an
         *     unknown image or category, a {@code file_name} leading outside the image folder, or a
         *     malformed box (unless skipped); the one-line message names the file, the entry, the
         *     field, its value and what is allowed
         */
        public CocoDetection build() throws IOException {
            if (annotationFile == null || imageDirectory == null) {
                throw new IllegalArgumentException(
                        "annotationFile and imageDirectory must be set, got annotationFile="
                                + annotationFile
                                + ", imageDirectory="
                                + imageDirectory);
            }
            return new Parser(
                            annotationFile,
                            imageDirectory.toAbsolutePath().normalize(),
                            keepCrowd,
                            skipInvalidBoxes)
                    .parse();
        }
    }

    /** Reads and checks one annotation file. */
    private static final class Parser {

        private final Path file;
        private final Path folder;
        private final boolean keepCrowd;
        private final boolean skipInvalidBoxes;

        Parser(Path file, Path folder, boolean keepCrowd, boolean skipInvalidBoxes) {
            this.file = file;
            this.folder = folder;
            this.keepCrowd = keepCrowd;
            this.skipInvalidBoxes = skipInvalidBoxes;
        }

        CocoDetection parse() throws IOException {
            JsonObject root = object(readJson(), "the top level");
            JsonArray images = array(root, "images", "the top level", true);
            JsonArray categoryArray = array(root, "categories", "the top level", true);
            JsonArray annotations = array(root, "annotations", "the top level", false);

            record Category(long id, String name, int index) {}
            List<Category> categories = new ArrayList<>();
            Map<Long, Category> categoryById = new HashMap<>();
            for (int i = 0; i < categoryArray.size(); i++) {
                String where = "categories[" + i + "]";
                JsonObject c = object(categoryArray.get(i), where);
                long id = integer(c, "id", where);
                Category cat = new Category(id, string(c, "name", where + " (id=" + id + ")"), i);
                Category first = categoryById.putIfAbsent(id, cat);
                if (first != null) {
                    throw fail(
                            where
                                    + ": duplicate category id "
                                    + id
                                    + " (name "
                                    + quote(cat.name())
                                    + "), first at categories["
                                    + first.index()
                                    + "] (name "
                                    + quote(first.name())
                                    + "); category ids must be unique");
                }
                categories.add(cat);
            }
            categories.sort(Comparator.comparingLong(Category::id));
            Map<Long, Integer> classOf = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (Category c : categories) {
                classOf.put(c.id(), names.size());
                names.add(c.name());
            }

            Map<Long, Integer> imageIndex = new HashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                String where = "images[" + i + "]";
                JsonObject im = object(images.get(i), where);
                long id = integer(im, "id", where);
                where += " (id=" + id + ")";
                String fileName = string(im, "file_name", where);
                where = "images[" + i + "] (id=" + id + ", file_name=" + quote(fileName) + ")";
                checkInside(fileName, where);
                long width = integer(im, "width", where);
                long height = integer(im, "height", where);
                if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
                    throw fail(
                            where
                                    + ": width="
                                    + width
                                    + ", height="
                                    + height
                                    + "; both must be >= 1 and width * height <= "
                                    + MAX_PIXELS);
                }
                Integer first = imageIndex.putIfAbsent(id, i);
                if (first != null) {
                    throw fail(
                            where
                                    + ": duplicate image id "
                                    + id
                                    + ", first at images["
                                    + first
                                    + "]; image ids must be unique");
                }
                entries.add(new Entry(id, fileName, (int) width, (int) height));
            }

            int skipped = 0;
            for (int i = 0; annotations != null && i < annotations.size(); i++) {
                String where = "annotations[" + i + "]";
                JsonObject a = object(annotations.get(i), where);
                if (a.has("id")) {
                    where += " (id=" + show(a.get("id")) + ")";
                }
                long imageId = integer(a, "image_id", where);
                long categoryId = integer(a, "category_id", where);
                Integer image = imageIndex.get(imageId);
                Integer cls = classOf.get(categoryId);
                if (image == null || cls == null) {
                    throw fail(
                            where
                                    + ": names image_id="
                                    + imageId
                                    + " and category_id="
                                    + categoryId
                                    + "; each must be listed in 'images' and 'categories'");
                }
                long crowd = a.has("iscrowd") ? integer(a, "iscrowd", where) : 0;
                if (crowd != 0 && crowd != 1) {
                    throw fail(where + ": iscrowd=" + crowd + "; allowed are 0 and 1");
                }
                double[] xywh = bbox(a, where);
                if (crowd == 1 && !keepCrowd) {
                    continue;
                }
                Entry e = entries.get(image);
                String problem = boxProblem(xywh, e.width, e.height);
                if (problem != null) {
                    if (skipInvalidBoxes) {
                        skipped++;
                        continue;
                    }
                    throw fail(
                            where
                                    + ": bbox "
                                    + show(a.get("bbox"))
                                    + " on image id="
                                    + e.id
                                    + " ("
                                    + e.width
                                    + "x"
                                    + e.height
                                    + "): "
                                    + problem
                                    + "; optSkipInvalidBoxes(true) skips such boxes");
                }
                e.boxes.add(box(xywh, e.width, e.height));
                e.classIds.add(cls);
            }
            return new CocoDetection(folder, List.copyOf(entries), List.copyOf(names), skipped);
        }

        /** Returns the box {@code (x1, y1, x2, y2)} in float32, clipped to the image. */
        private static float[] box(double[] xywh, int width, int height) {
            float x = (float) xywh[0];
            float y = (float) xywh[1];
            return BoxGeometry.clip(
                    new float[] {x, y, x + (float) xywh[2], y + (float) xywh[3]}, width, height);
        }

        /** Returns why a box is malformed, or null when it is fine. */
        private static String boxProblem(double[] xywh, int width, int height) {
            String[] field = {"x", "y", "width", "height"};
            for (int k = 0; k < 4; k++) {
                if (!Float.isFinite((float) xywh[k])) {
                    return field[k] + " = " + xywh[k] + " is not a finite float32 number";
                }
            }
            for (int k = 2; k < 4; k++) {
                if (!(xywh[k] > 0)) {
                    return field[k] + " = " + xywh[k] + " must be > 0";
                }
            }
            if (!Float.isFinite((float) xywh[0] + (float) xywh[2])
                    || !Float.isFinite((float) xywh[1] + (float) xywh[3])) {
                return "x + width or y + height is not a finite float32 number";
            }
            float[] b = box(xywh, width, height);
            if (!BoxGeometry.isValid(b, width, height)) {
                return "it has no area inside the image (clipped to it: "
                        + Arrays.toString(b)
                        + "); it must overlap the image";
            }
            return null;
        }

        private JsonElement readJson() throws IOException {
            if (Files.isDirectory(file)) {
                throw new IOException(
                        "annotation file " + file + " is a directory; need a COCO JSON file");
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    JsonReader reader = new JsonReader(in)) {
                // Lenient as Gson reads by default: NaN or Infinity (as Python writes them) reach
                // the box checks and are reported there.
                reader.setStrictness(Strictness.LENIENT);
                JsonElement root = JsonParser.parseReader(reader);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw fail(
                            "not valid JSON: more content after the top-level value, at "
                                    + reader.getPath());
                }
                return root;
            } catch (JsonParseException | IOException e) {
                Throwable cause = e instanceof JsonParseException ? e.getCause() : e;
                if (cause instanceof CharacterCodingException) {
                    throw new IOException(
                            "annotation file " + file + " is not UTF-8 text: " + cause, e);
                }
                if (e instanceof JsonIOException
                        || (cause instanceof IOException
                                && !(cause instanceof MalformedJsonException)
                                && !(cause instanceof EOFException))) {
                    throw new IOException(
                            "annotation file "
                                    + file
                                    + " cannot be read: "
                                    + oneLine(cause == null ? e : cause),
                            e);
                }
                throw fail("not valid JSON: " + oneLine(cause == null ? e : cause));
            }
        }

        private void checkInside(String fileName, String where) {
            Path name;
            try {
                name = Path.of(fileName);
            } catch (InvalidPathException e) {
                throw fail(where + ": file_name is not a valid path: " + e.getReason());
            }
            if (name.isAbsolute()) {
                throw fail(
                        where
                                + ": file_name is an absolute path; it must be relative to the"
                                + " image folder "
                                + folder);
            }
            Path resolved = folder.resolve(name).normalize();
            if (!resolved.startsWith(folder) || resolved.equals(folder)) {
                throw fail(
                        where
                                + ": file_name leads to "
                                + resolved
                                + ", outside the image folder "
                                + folder
                                + "; it must name a file inside it");
            }
        }

        private JsonObject object(JsonElement v, String where) {
            if (v == null || !v.isJsonObject()) {
                throw fail(where + " must be a JSON object, got " + show(v));
            }
            return v.getAsJsonObject();
        }

        private JsonArray array(JsonObject o, String key, String where, boolean required) {
            JsonElement v = o.get(key);
            if (v == null && !required) {
                return null;
            }
            if (v == null || !v.isJsonArray()) {
                throw fail(where + ": field '" + key + "' must be an array, got " + show(v));
            }
            return v.getAsJsonArray();
        }

        private long integer(JsonObject o, String key, String where) {
            JsonElement v = o.get(key);
            if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                try {
                    return new BigDecimal(v.getAsString()).longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    // reported below
                }
            }
            throw fail(where + ": field '" + key + "' must be an integer, got " + show(v));
        }

        private String string(JsonObject o, String key, String where) {
            JsonElement v = o.get(key);
            if (v == null
                    || !v.isJsonPrimitive()
                    || !v.getAsJsonPrimitive().isString()
                    || v.getAsString().isEmpty()) {
                throw fail(
                        where + ": field '" + key + "' must be a non-empty string, got " + show(v));
            }
            return v.getAsString();
        }

        private double[] bbox(JsonObject a, String where) {
            JsonElement v = a.get("bbox");
            if (v != null && v.isJsonArray() && v.getAsJsonArray().size() == 4) {
                double[] b = new double[4];
                int k = 0;
                for (; k < 4; k++) {
                    JsonElement c = v.getAsJsonArray().get(k);
                    if (!c.isJsonPrimitive()) {
                        break;
                    }
                    JsonPrimitive p = c.getAsJsonPrimitive();
                    String s = p.getAsString();
                    if (p.isNumber()) {
                        try {
                            b[k] = Double.parseDouble(s);
                        } catch (NumberFormatException e) {
                            break;
                        }
                    } else if (p.isString()
                            && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
                        // the lenient reader's NaN and infinities: reported by the box checks
                        b[k] = Double.parseDouble(s);
                    } else {
                        break;
                    }
                }
                if (k == 4) {
                    return b;
                }
            }
            throw fail(where + ": field 'bbox' must be [x, y, w, h] (4 numbers), got " + show(v));
        }

        private IllegalArgumentException fail(String message) {
            return new IllegalArgumentException(file + ": " + message);
        }
    }
}
