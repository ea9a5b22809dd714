/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import ai.djl.training.dataset.Dataset;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small Fashion-MNIST-format IDX gzip files for tests. */
public final class IdxFiles {

    private IdxFiles() {}

    /**
     * Writes a split whose image i has every pixel equal to (7·i + 3) mod 256 and label i mod 10.
     *
     * @param dir the directory
     * @param usage TRAIN or TEST
     * @param count number of images
     * @throws IOException if writing fails
     */
    public static void write(Path dir, Dataset.Usage usage, int count) throws IOException {
        Files.createDirectories(dir);
        String[] names = FashionMnist.fileNames(usage);
        try (DataOutputStream out =
                new DataOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(dir.resolve(names[0]))))) {
            out.writeInt(2051);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < count; i++) {
                byte[] image = new byte[28 * 28];
                java.util.Arrays.fill(image, (byte) ((7 * i + 3) % 256));
                // a class-dependent stripe, so that the classes are learnable
                for (int p = 0; p < 28; p++) {
                    image[(i % 10) * 28 * 2 + p] = (byte) 255;
                }
                out.write(image);
            }
        }
        try (DataOutputStream out =
                new DataOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(dir.resolve(names[1]))))) {
            out.writeInt(2049);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        }
    }
}
