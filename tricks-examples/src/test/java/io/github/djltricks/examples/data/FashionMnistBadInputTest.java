/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.dataset.Dataset;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken IDX files: each fails with one IOException whose one line names the file. */
class FashionMnistBadInputTest {

    @TempDir Path dir;
    private Path images;
    private Path labels;

    @BeforeEach
    void setUp() throws IOException {
        IdxFiles.write(dir, Dataset.Usage.TEST, 25);
        String[] names = FashionMnist.fileNames(Dataset.Usage.TEST);
        images = dir.resolve(names[0]);
        labels = dir.resolve(names[1]);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> fails(Path named) {
        FashionMnist data =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optUsage(Dataset.Usage.TEST)
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        return assertThatThrownBy(() -> data.prepare(null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(named.toString())
                .hasMessageNotContaining("\n");
    }

    /** Writes a gzip IDX image header announcing {@code count} images, then {@code bytes} zeros. */
    private void imageHeader(int count, int bytes) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(2051);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[bytes]);
        }
    }

    @Test
    void countsWhosePixelsOverflowAnIntAreRejectedNamingCountAndLimit() throws IOException {
        for (int count : new int[] {3_000_000, 1 << 30, Integer.MAX_VALUE, -1}) {
            imageHeader(count, 0);
            fails(images)
                    .hasMessageContainingAll(
                            "announces " + Integer.toUnsignedString(count) + " entries",
                            "allowed are 0..2739137");
        }
        assertThat(FashionMnist.MAX_COUNT).isEqualTo(2_739_137);
    }

    @Test
    void countLargerThanTheDataIsReportedAsTruncatedWithoutAllocatingIt() throws IOException {
        imageHeader(2_000_000, 784 * 3);
        fails(images)
                .hasMessageContainingAll(
                        "ends early (truncated)",
                        "2000000 images (1568000000 bytes)",
                        "only 2352 follow");
    }

    @Test
    void zeroByteFileIsReportedAsEmptyOrTruncated() throws IOException {
        Files.write(labels, new byte[0]);
        fails(labels).hasMessageContaining("ends early (empty or truncated)");
    }

    @Test
    void truncatedGzipIsReportedAsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(full, full.length / 2));
        fails(images).hasMessageContaining("ends early");
    }

    @Test
    void fileThatIsNotGzipIsReportedAsSuch() throws IOException {
        Files.writeString(labels, "these are not the labels you are looking for");
        fails(labels).hasMessageContaining("is not a valid gzip file");
    }

    @Test
    void directoryInPlaceOfAFileIsReportedAsSuch() throws IOException {
        Files.delete(labels);
        Files.createDirectory(labels);
        fails(labels).hasMessageContaining("is a directory");
    }

    @Test
    void aMissingDirectoryIsReportedWithoutDownloadingOrCreatingIt() {
        Path missing = dir.resolve("absent");
        FashionMnist data =
                FashionMnist.builder()
                        .optDirectory(missing)
                        .optUsage(Dataset.Usage.TEST)
                        .setSampling(4, false)
                        .build();
        assertThatThrownBy(() -> data.prepare(null))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "no Fashion-MNIST files in "
                                + missing
                                + " (no such directory); install dataset-fashion-mnist or pass"
                                + " --data-dir")
                .hasNoCause();
        assertThat(missing).doesNotExist();
    }

    @Test
    void onlyTheMissingFileIsNamedWhenTheOtherExists() throws IOException {
        Files.delete(labels);
        fails(labels)
                .hasMessageContaining("not found")
                .hasMessageNotContaining(images.getFileName().toString());
    }

    @Test
    void moreDataThanTheHeaderAnnouncesIsRejected() throws IOException {
        imageHeader(1, 784 * 2);
        fails(images).hasMessageContaining("holds more data than its header announces");
    }

    @Test
    void gzipChecksumMismatchIsRejected() throws IOException {
        byte[] gz = Files.readAllBytes(labels);
        gz[gz.length - 8] ^= 1; // the CRC-32 of the trailer
        Files.write(labels, gz);
        fails(labels).hasMessageContainingAll("is not a valid gzip file", "Corrupt GZIP trailer");
    }
}
