/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader: values, labels, batches, limits and its errors. */
class FashionMnistTest {

    @TempDir Path dir;

    @Test
    void readsGeneratedFilesExactly() throws IOException, TranslateException {
        IdxFiles.write(dir, Dataset.Usage.TEST, 25);
        FashionMnist data =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optUsage(Dataset.Usage.TEST)
                        .optDownload(false)
                        .setSampling(10, false)
                        .build();
        data.prepare(null);
        assertThat(data.size()).isEqualTo(25);
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = data.get(m, 13);
            assertThat(r.getData().head().getShape()).isEqualTo(new Shape(1, 28, 28));
            assertThat(r.getLabels().head().getFloat()).isEqualTo(3f);
            float[] pixels = r.getData().head().toFloatArray();
            // pixel (7·13 + 3) mod 256 = 94, standardized
            assertThat(pixels[28 * 28 - 1])
                    .isCloseTo((94 / 255f - 0.2860f) / 0.3530f, within(1e-6f));
            assertThat(pixels[3 * 28 * 2]).isCloseTo((1f - 0.2860f) / 0.3530f, within(1e-6f));
            int batches = 0;
            for (Batch b : data.getData(m)) {
                batches++;
                assertThat(b.getData().head().getShape().get(0)).isLessThanOrEqualTo(10);
                b.close();
            }
            assertThat(batches).isEqualTo(3);
        }
        FashionMnist limited =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optUsage(Dataset.Usage.TEST)
                        .optLimit(7)
                        .setSampling(4, true)
                        .build();
        assertThat(limited.size()).isEqualTo(7);
        assertThat(limited.label(9)).isEqualTo(9);
    }

    @Test
    void missingFilesWithoutDownloadAndMalformedFilesFail() throws IOException {
        FashionMnist missing =
                FashionMnist.builder()
                        .optDirectory(dir.resolve("none"))
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        assertThatThrownBy(() -> missing.prepare(null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no Fashion-MNIST files in " + dir.resolve("none"));
        Files.createDirectories(dir.resolve("empty"));
        FashionMnist empty =
                FashionMnist.builder()
                        .optDirectory(dir.resolve("empty"))
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        assertThatThrownBy(() -> empty.prepare(null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz not found");

        String[] names = FashionMnist.fileNames(Dataset.Usage.TRAIN);
        try (DataOutputStream out =
                new DataOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(dir.resolve(names[0]))))) {
            out.writeInt(1234);
            out.writeInt(0);
            out.writeInt(28);
            out.writeInt(28);
        }
        IdxFiles.write(dir.resolve("ok"), Dataset.Usage.TRAIN, 1);
        Files.copy(dir.resolve("ok").resolve(names[1]), dir.resolve(names[1]));
        FashionMnist bad =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optDownload(false)
                        .setSampling(4, false)
                        .build();
        assertThatThrownBy(() -> bad.prepare(null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("magic 1234");
        assertThatThrownBy(() -> FashionMnist.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampling");
    }

    @Test
    void installedFilesHaveTheOfficialSizes() throws IOException {
        Path installed = FashionMnist.DEFAULT_DIRECTORY;
        Assumptions.assumeTrue(
                Files.exists(installed.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed in " + installed);
        FashionMnist test =
                FashionMnist.builder()
                        .optUsage(Dataset.Usage.TEST)
                        .optDownload(false)
                        .setSampling(32, false)
                        .build();
        test.prepare(null);
        assertThat(test.size()).isEqualTo(10_000);
        int[] perClass = new int[10];
        for (int i = 0; i < 10_000; i++) {
            perClass[test.label(i)]++;
        }
        assertThat(perClass).containsOnly(1000);
    }
}
