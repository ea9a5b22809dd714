/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.dataset.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random corruptions of valid small IDX gzip files (flips and truncation of the gzip bytes, flips
 * of the header or the data under a valid gzip layer): {@link FashionMnist#prepare} either loads
 * exactly the original data (when the decompressed bytes are unchanged), or loads data that keeps
 * its guarantees, or fails with an IOException whose one-line message names the corrupted file.
 */
class FashionMnistCorruptionProperties {

    private static final int COUNT = 12;
    private static Path valid;
    private static Path dir;
    private static String[] names;
    private static byte[][] gz = new byte[2][];
    private static byte[][] raw = new byte[2][];

    @BeforeContainer
    static void writeValidFiles() throws IOException {
        valid = Files.createTempDirectory("fmnist-valid");
        dir = Files.createTempDirectory("fmnist-corrupt");
        IdxFiles.write(valid, Dataset.Usage.TEST, COUNT);
        names = FashionMnist.fileNames(Dataset.Usage.TEST);
        for (int k = 0; k < 2; k++) {
            gz[k] = Files.readAllBytes(valid.resolve(names[k]));
            try (InputStream in =
                    new GZIPInputStream(Files.newInputStream(valid.resolve(names[k])))) {
                raw[k] = in.readAllBytes();
            }
        }
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        for (Path root : new Path[] {valid, dir}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A corruption of one of the two files (0 images, 1 labels), with a name for the report. */
    record Corruption(String name, int file, boolean ofGzip, UnaryOperator<byte[]> apply) {
        @Override
        public String toString() {
            return names[file] + ": " + name;
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.of(true, false),
                        Arbitraries.of("flip", "truncate"),
                        Arbitraries.doubles().between(0, 1).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.integers().between(1, 255))
                .as(
                        (file, ofGzip, kind, where, mask) -> {
                            boolean header = where.get(0) < 0.3;
                            UnaryOperator<byte[]> apply =
                                    b -> {
                                        // a third of the changes go to the 16-byte header
                                        int n = ofGzip || !header ? b.length : 16;
                                        if (kind.equals("truncate")) {
                                            return Arrays.copyOf(b, (int) (where.get(0) * n));
                                        }
                                        byte[] c = b.clone();
                                        for (double w : where) {
                                            c[(int) (w * n) % n] ^= (byte) (int) mask;
                                        }
                                        return c;
                                    };
                            return new Corruption(
                                    kind
                                            + (ofGzip ? " gzip bytes at " : " content at ")
                                            + where
                                            + " mask "
                                            + mask,
                                    file,
                                    ofGzip,
                                    apply);
                        });
    }

    @Property(tries = 100)
    void corruptedFilesLoadTheSameDataOrValidDataOrFailNamingTheFile(
            @ForAll("corruptions") Corruption corruption) throws IOException {
        byte[] content = raw[corruption.file()];
        byte[] written;
        if (corruption.ofGzip()) {
            written = corruption.apply().apply(gz[corruption.file()]);
        } else {
            content = corruption.apply().apply(content);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                zip.write(content);
            }
            written = out.toByteArray();
        }
        Path corrupted = dir.resolve(names[corruption.file()]);
        Files.write(corrupted, written);
        Path other = dir.resolve(names[1 - corruption.file()]);
        Files.write(other, gz[1 - corruption.file()]);

        FashionMnist data =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optUsage(Dataset.Usage.TEST)
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        try {
            data.prepare(null);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(corrupted.toString()).doesNotContain("\n");
            return;
        }
        boolean same;
        if (corruption.ofGzip()) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(corrupted))) {
                same = Arrays.equals(in.readAllBytes(), raw[corruption.file()]);
            }
        } else {
            same = Arrays.equals(content, raw[corruption.file()]);
        }
        FashionMnist original =
                FashionMnist.builder()
                        .optDirectory(valid)
                        .optUsage(Dataset.Usage.TEST)
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        if (same) {
            assertThat(data.size()).isEqualTo(COUNT);
        }
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.label(i)).isBetween(0, 9);
            float[] image = data.image(i);
            assertThat(image).hasSize(28 * 28);
            if (same) {
                assertThat(data.label(i)).isEqualTo(original.label(i));
                assertThat(image).isEqualTo(original.image(i));
            }
        }
    }
}
