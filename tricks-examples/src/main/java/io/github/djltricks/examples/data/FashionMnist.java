/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv 1708.07747): 28×28 grey images of 10 kinds of
 * clothing, 60,000 for training and 10,000 for testing, read from the four official IDX gzip files
 * in a directory.
 *
 * <p>A record's data is the image as float32 (1, 28, 28), standardized with the training set's mean
 * 0.2860 and standard deviation 0.3530 of the pixel values scaled to [0, 1]; its label is the class
 * index as a float32 scalar. When the directory exists but lacks a file, {@link #prepare(Progress)}
 * downloads the official file into it, which needs a network; a directory that does not exist is
 * reported as such ("no Fashion-MNIST files in DIR; install dataset-fashion-mnist or pass
 * --data-dir"), never created or downloaded into.
 */
public final class FashionMnist extends RandomAccessDataset {

    /** Where Debian-style installs keep the files. */
    public static final Path DEFAULT_DIRECTORY = Paths.get("/usr/share/datasets/fashion-mnist");

    /** Where the official files are published. */
    public static final String DOWNLOAD_URL =
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /** Image side in pixels. */
    public static final int SIDE = 28;

    /** Number of classes. */
    public static final int CLASSES = 10;

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /**
     * The most images (and labels) a file may hold: {@code Integer.MAX_VALUE / 784 = 2,739,137},
     * the most whose pixels fit one Java array (Fashion-MNIST's training split has 60,000).
     */
    public static final int MAX_COUNT = Integer.MAX_VALUE / (SIDE * SIDE);

    private static final float MEAN = 0.2860f;
    private static final float STD = 0.3530f;
    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private final Path directory;
    private final Dataset.Usage usage;
    private final boolean download;
    private byte[] pixels;
    private byte[] labels;

    private FashionMnist(Builder builder) {
        super(builder);
        this.directory = builder.directory;
        this.usage = builder.usage;
        this.download = builder.download;
    }

    /**
     * Returns a builder reading the training split from {@link #DEFAULT_DIRECTORY}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the file names of a split, images first.
     *
     * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
     * @return the image and label file names
     */
    public static String[] fileNames(Dataset.Usage usage) {
        String prefix = usage == Dataset.Usage.TRAIN ? "train" : "t10k";
        return new String[] {prefix + "-images-idx3-ubyte.gz", prefix + "-labels-idx1-ubyte.gz"};
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the split's two files; downloads the missing ones first when downloading is allowed.
     * An image file holds at most {@link #MAX_COUNT} images.
     *
     * @throws IOException if the directory does not exist, a file is missing and cannot be
     *     downloaded (both messages say "no Fashion-MNIST files in DIR; install
     *     dataset-fashion-mnist or pass --data-dir"), or a file is not a complete gzip IDX file of
     *     the split (not gzip, truncated, failing the gzip checksum, a wrong magic number or image
     *     size, a count out of range, more or less data than the count announces, a label out of
     *     0..9, or counts that disagree); the one-line message names the file
     */
    @Override
    public synchronized void prepare(Progress progress) throws IOException {
        if (pixels != null) {
            return;
        }
        String[] names = fileNames(usage);
        Path images = directory.resolve(names[0]);
        Path labelFile = directory.resolve(names[1]);
        if (!Files.isDirectory(directory)) {
            // a mistyped directory is not a reason to create it and go to the internet
            throw new IOException(missingMessage(directory));
        }
        for (int k = 0; k < 2; k++) {
            Path file = k == 0 ? images : labelFile;
            if (!Files.exists(file)) {
                if (!download) {
                    throw new IOException(
                            "Fashion-MNIST file " + file + " not found, and downloading is off");
                }
                fetch(names[k], file);
            }
        }
        byte[] read = readImages(images);
        byte[] l = readLabels(labelFile);
        if (read.length / (SIDE * SIDE) != l.length) {
            throw new IOException(
                    images
                            + " holds "
                            + read.length / (SIDE * SIDE)
                            + " images but "
                            + labelFile
                            + " holds "
                            + l.length
                            + " labels");
        }
        pixels = read;
        labels = l;
    }

    private void fetch(String name, Path target) throws IOException {
        Files.createDirectories(directory);
        String url = DOWNLOAD_URL + name;
        Path part = Files.createTempFile(directory, name, ".part");
        try {
            URLConnection connection = URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(60_000);
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException(
                    missingMessage(directory)
                            + " (the file "
                            + target.getFileName()
                            + " is missing and downloading "
                            + url
                            + " failed: "
                            + e
                            + ")",
                    e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * The message for a directory without the data set's files.
     *
     * @param directory the directory
     * @return "no Fashion-MNIST files in DIR; install dataset-fashion-mnist or pass --data-dir"
     */
    static String missingMessage(Path directory) {
        return "no Fashion-MNIST files in "
                + directory
                + (Files.exists(directory) ? "" : " (no such directory)")
                + "; install dataset-fashion-mnist or pass --data-dir";
    }

    /** Reads an IDX gzip file, turning gzip and end-of-file failures into messages naming it. */
    private static byte[] read(Path file, IdxReader reader) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not a gzip IDX file");
        }
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(
                                new GZIPInputStream(Files.newInputStream(file)), 1 << 16))) {
            byte[] data = reader.read(in);
            // reading to the end makes GZIPInputStream check the CRC and length of the data
            if (in.read() != -1) {
                throw new IOException(
                        file + " holds more data than its header announces; need exactly as many");
            }
            return data;
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid gzip file: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new IOException(
                    file
                            + " ends early (empty or truncated)"
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }

    /** Reads the content of an opened IDX file. */
    private interface IdxReader {
        byte[] read(DataInputStream in) throws IOException;
    }

    /** Reads {@code n} bytes, allocating as they arrive, not as a header claims. */
    private static byte[] body(DataInputStream in, Path file, long n, String what)
            throws IOException {
        byte[] data = in.readNBytes((int) n);
        if (data.length < n) {
            throw new IOException(
                    file
                            + " ends early (truncated): its header announces "
                            + what
                            + " ("
                            + n
                            + " bytes) but only "
                            + data.length
                            + " follow");
        }
        return data;
    }

    private static byte[] readImages(Path file) throws IOException {
        return read(
                file,
                in -> {
                    int magic = in.readInt();
                    int count = in.readInt();
                    int rows = in.readInt();
                    int cols = in.readInt();
                    if (magic != IMAGES_MAGIC || rows != SIDE || cols != SIDE) {
                        throw new IOException(
                                file
                                        + " is not an IDX image file of 28x28 images: magic "
                                        + magic
                                        + " (need "
                                        + IMAGES_MAGIC
                                        + "), images of "
                                        + rows
                                        + "x"
                                        + cols);
                    }
                    checkCount(file, count);
                    return body(in, file, (long) count * SIDE * SIDE, count + " images");
                });
    }

    private static byte[] readLabels(Path file) throws IOException {
        return read(
                file,
                in -> {
                    int magic = in.readInt();
                    int count = in.readInt();
                    if (magic != LABELS_MAGIC) {
                        throw new IOException(
                                file
                                        + " is not an IDX label file: magic "
                                        + magic
                                        + " (need "
                                        + LABELS_MAGIC
                                        + ")");
                    }
                    checkCount(file, count);
                    byte[] data = body(in, file, count, count + " labels");
                    for (int i = 0; i < data.length; i++) {
                        if (data[i] < 0 || data[i] >= CLASSES) {
                            throw new IOException(
                                    file
                                            + " holds label "
                                            + data[i]
                                            + " at index "
                                            + i
                                            + ", allowed are 0..9");
                        }
                    }
                    return data;
                });
    }

    private static void checkCount(Path file, int count) throws IOException {
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException(
                    file
                            + " announces "
                            + Integer.toUnsignedString(count)
                            + " entries; allowed are 0.."
                            + MAX_COUNT);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        if (pixels == null) {
            prepare(null);
        }
        int offset = Math.toIntExact(index) * SIDE * SIDE;
        float[] image = new float[SIDE * SIDE];
        for (int i = 0; i < image.length; i++) {
            image[i] = ((pixels[offset + i] & 0xFF) / 255f - MEAN) / STD;
        }
        NDList data = new NDList(manager.create(image, new Shape(1, SIDE, SIDE)));
        NDList label = new NDList(manager.create((float) labels[Math.toIntExact(index)]));
        return new Record(data, label);
    }

    /**
     * Returns the raw pixels of image {@code index} scaled to [0, 1] (grey value / 255, not
     * standardized), row-major 28×28, without building arrays; reads the files on first use.
     *
     * @param index the image's index
     * @return a new array of {@code 28 * 28} values in [0, 1]
     * @throws IOException if the files cannot be read
     */
    public float[] image(long index) throws IOException {
        if (labels == null) {
            prepare(null);
        }
        int offset = Math.toIntExact(index) * SIDE * SIDE;
        float[] image = new float[SIDE * SIDE];
        for (int i = 0; i < image.length; i++) {
            image[i] = (pixels[offset + i] & 0xFF) / 255f;
        }
        return image;
    }

    /**
     * Returns the class index of a record without building arrays.
     *
     * @param index the record's index
     * @return its label in 0..9
     * @throws IOException if the files cannot be read
     */
    public int label(long index) throws IOException {
        if (labels == null) {
            prepare(null);
        }
        return labels[Math.toIntExact(index)];
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        if (labels == null) {
            try {
                prepare(null);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Fashion-MNIST cannot be read: " + e.getMessage(), e);
            }
        }
        return labels.length;
    }

    /** Builds a {@link FashionMnist}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Path directory = DEFAULT_DIRECTORY;
        private Dataset.Usage usage = Dataset.Usage.TRAIN;
        private boolean download = true;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the directory holding the IDX gzip files (default {@link #DEFAULT_DIRECTORY}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder optDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Sets the split (default {@link Dataset.Usage#TRAIN}).
         *
         * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
         * @return this builder
         */
        public Builder optUsage(Dataset.Usage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Sets whether missing files are downloaded from {@link #DOWNLOAD_URL} (default true).
         *
         * @param download whether to download missing files
         * @return this builder
         */
        public Builder optDownload(boolean download) {
            this.download = download;
            return this;
        }

        /**
         * Builds the data set; the files are read by {@link FashionMnist#prepare(Progress)}.
         *
         * @return the data set
         * @throws IllegalArgumentException if the directory is null, the usage is not TRAIN or
         *     TEST, or no sampling is set
         */
        public FashionMnist build() {
            if (directory == null) {
                throw new IllegalArgumentException("directory must not be null");
            }
            if (usage != Dataset.Usage.TRAIN && usage != Dataset.Usage.TEST) {
                throw new IllegalArgumentException("usage must be TRAIN or TEST, got " + usage);
            }
            if (sampler == null) {
                throw new IllegalArgumentException(
                        "sampling must be set with setSampling(batchSize, random)");
            }
            return new FashionMnist(this);
        }
    }
}
