/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.training.dataset.Dataset;
import io.github.djltricks.detection.anchor.AnchorClustering;
import io.github.djltricks.detection.anchor.Anchors;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.examples.data.FashionMnist;
import io.github.djltricks.examples.data.FashionMnistDetection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection examples' data: "Fashion-MNIST detection" training canvases made from the training
 * split and test canvases from the test split, and nine anchors clustered from the training boxes
 * (YOLOv2's k-means with 1 − IoU distance), three per head in ascending area.
 *
 * @param train the training canvases
 * @param test the test canvases
 * @param anchors the anchors per head, as {@link io.github.djltricks.detection.yolo.YoloNet} takes
 *     them
 */
public record DetectionSplits(DetectionSource train, DetectionSource test, float[][][] anchors) {

    /** The generator seed of the training canvases. */
    public static final long TRAIN_SEED = 1;

    /** The generator seed of the test canvases. */
    public static final long TEST_SEED = 2;

    /**
     * Reads Fashion-MNIST (downloading it when the directory is empty and a network is there) and
     * sets up the canvases and anchors.
     *
     * @param dataDir the directory of the IDX files
     * @param trainSize the number of training canvases
     * @param testSize the number of test canvases
     * @param size the canvas side in pixels
     * @return the splits
     * @throws IOException if the files cannot be read
     */
    public static DetectionSplits load(Path dataDir, int trainSize, int testSize, int size)
            throws IOException {
        return load(dataDir, trainSize, testSize, size, new int[] {20, 56}, new int[] {1, 4});
    }

    /**
     * Reads Fashion-MNIST and sets up the canvases and anchors, with the item sizes and counts
     * given.
     *
     * @param dataDir the directory of the IDX files
     * @param trainSize the number of training canvases
     * @param testSize the number of test canvases
     * @param size the canvas side in pixels
     * @param scale the least and greatest item side in pixels
     * @param objects the least and greatest number of items per canvas
     * @return the splits
     * @throws IOException if the files cannot be read
     */
    public static DetectionSplits load(
            Path dataDir, int trainSize, int testSize, int size, int[] scale, int[] objects)
            throws IOException {
        DetectionSource train =
                canvases(dataDir, Dataset.Usage.TRAIN, trainSize, size, scale, objects, TRAIN_SEED);
        DetectionSource test =
                canvases(dataDir, Dataset.Usage.TEST, testSize, size, scale, objects, TEST_SEED);
        return new DetectionSplits(train, test, anchors(train));
    }

    /**
     * Makes the canvases of one split, from the Fashion-MNIST items of that split.
     *
     * @param dataDir the directory of the IDX files
     * @param usage the split the items come from
     * @param n the number of canvases
     * @param size the canvas side in pixels
     * @param scale the least and greatest item side in pixels
     * @param objects the least and greatest number of items per canvas
     * @param seed the generator seed of the canvases
     * @return the canvases
     * @throws IOException if the files cannot be read
     */
    static DetectionSource canvases(
            Path dataDir,
            Dataset.Usage usage,
            int n,
            int size,
            int[] scale,
            int[] objects,
            long seed)
            throws IOException {
        FashionMnist items =
                FashionMnist.builder()
                        .optDirectory(dataDir)
                        .optUsage(usage)
                        .setSampling(1, false)
                        .build();
        items.prepare(null);
        return FashionMnistDetection.builder()
                .setSource(items)
                .optSize(n)
                .optCanvasSize(size)
                .optScale(scale[0], scale[1])
                .optObjects(objects[0], objects[1])
                .optSeed(seed)
                .build();
    }

    /**
     * Clusters the boxes of the first 2,000 training canvases into nine anchors.
     *
     * @param train the training canvases
     * @return the anchors, {@code [head][anchor][width, height]}, 0.1 px resolution
     * @throws IOException if a canvas cannot be made
     */
    static float[][][] anchors(DetectionSource train) throws IOException {
        List<double[]> sizes = new ArrayList<>();
        int n = Math.min(train.size(), 2000);
        for (int i = 0; i < n; i++) {
            DetectionSample s = train.get(i);
            for (float[] b : s.boxes()) {
                sizes.add(new double[] {b[2] - b[0], b[3] - b[1]});
            }
        }
        double[] w = sizes.stream().mapToDouble(s -> s[0]).toArray();
        double[] h = sizes.stream().mapToDouble(s -> s[1]).toArray();
        Anchors fitted = AnchorClustering.builder().setClusters(9).optSeed(1).build().fit(w, h);
        float[][][] out = new float[3][3][2];
        for (int i = 0; i < 9; i++) {
            out[i / 3][i % 3][0] = Math.round(fitted.widths()[i] * 10) / 10f;
            out[i / 3][i % 3][1] = Math.round(fitted.heights()[i] * 10) / 10f;
        }
        return out;
    }
}
