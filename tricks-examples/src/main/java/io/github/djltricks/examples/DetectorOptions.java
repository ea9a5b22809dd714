/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.djltricks.examples.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options the detection examples share (a picocli mixin): the data, the training budget and the
 * fixed part of every {@link DetectorTrial}. {@code --quick} shrinks the data and epochs; an
 * explicit option wins over it.
 */
public final class DetectorOptions {

    @Option(
            names = "--data-dir",
            description =
                    "Directory of the Fashion-MNIST IDX gzip files; downloaded there when empty and"
                            + " a network is at hand (default: ${DEFAULT-VALUE}).")
    Path dataDir = FashionMnist.DEFAULT_DIRECTORY;

    @Option(
            names = "--quick",
            description = "Quick form: 1 seed, 1,200 training and 300 test canvases, 4 epochs.")
    boolean quick;

    @Option(
            names = "--train-size",
            description = "Training canvases (default: 4,800; quick: 1,200).")
    Integer trainSize;

    @Option(names = "--test-size", description = "Test canvases (default: 1,000; quick: 300).")
    Integer testSize;

    @Option(
            names = "--epochs",
            description =
                    "Epochs per run (default: 15 for bof-detection, 5 for utility-curve; quick:"
                            + " 4).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize = 16;

    @Option(
            names = "--shards",
            description = "Shards per batch, as on k devices (default: ${DEFAULT-VALUE}).")
    int shards = 4;

    @Option(
            names = "--size",
            description = "Canvas side in pixels, a multiple of 32 (default: ${DEFAULT-VALUE}).")
    int size = 96;

    @Option(
            names = "--item-scale",
            split = ",",
            description = "Least and greatest item side in pixels (default: 20,56).")
    int[] itemScale = {20, 56};

    @Option(
            names = "--objects",
            split = ",",
            description = "Least and greatest items per canvas (default: 1,4).")
    int[] objects = {1, 4};

    @Option(names = "--lr", description = "Base learning rate of SGD (default: ${DEFAULT-VALUE}).")
    float learningRate = 0.005f;

    @Option(
            names = "--pretrain-steps",
            description =
                    "Steps (batch 64) of the backbone's classification pretraining on single-item"
                            + " canvases; 0 trains from scratch (default: 2,000; quick: 600).")
    Integer pretrainSteps;

    @Option(
            names = "--threads",
            description =
                    "PyTorch intra-op threads per shard; the k shards run concurrently"
                            + " (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    private final int fullEpochs;

    /** Creates the options with 5 epochs per run in the full form. */
    public DetectorOptions() {
        this(5);
    }

    /**
     * Creates the options.
     *
     * @param fullEpochs the epochs per run of the full form, without {@code --epochs}
     */
    public DetectorOptions(int fullEpochs) {
        this.fullEpochs = fullEpochs;
    }

    /**
     * Returns the number of training canvases.
     *
     * @return {@code --train-size}, else 1,200 quick or 4,800
     */
    public int trainSize() {
        return trainSize != null ? trainSize : quick ? 1200 : 4800;
    }

    /**
     * Returns the number of test canvases.
     *
     * @return {@code --test-size}, else 300 quick or 1,000
     */
    public int testSize() {
        return testSize != null ? testSize : quick ? 300 : 1000;
    }

    /**
     * Returns the epochs per run.
     *
     * @return {@code --epochs}, else 4 quick or the full form's epochs
     */
    public int epochs() {
        return epochs != null ? epochs : quick ? 4 : fullEpochs;
    }

    /**
     * Returns the backbone pretraining steps.
     *
     * @return {@code --pretrain-steps}, else 600 quick or 2,000
     */
    public int pretrainSteps() {
        return pretrainSteps != null ? pretrainSteps : quick ? 600 : 2000;
    }

    /**
     * Returns these options as command-line arguments, every value explicit, so that a child
     * process ({@link DetectorRunCommand}) sets up the same data and runs.
     *
     * @return the arguments
     */
    public List<String> args() {
        return List.of(
                "--data-dir",
                dataDir.toString(),
                "--train-size",
                Integer.toString(trainSize()),
                "--test-size",
                Integer.toString(testSize()),
                "--epochs",
                Integer.toString(epochs()),
                "--batch-size",
                Integer.toString(batchSize),
                "--shards",
                Integer.toString(shards),
                "--size",
                Integer.toString(size),
                "--item-scale",
                itemScale[0] + "," + itemScale[1],
                "--objects",
                objects[0] + "," + objects[1],
                "--lr",
                Float.toString(learningRate),
                "--pretrain-steps",
                Integer.toString(pretrainSteps()),
                "--threads",
                Integer.toString(threads));
    }

    /**
     * Returns the backbone pretraining every run starts from.
     *
     * @param splits the data, for its anchors
     * @param log where the pretraining reports, or null
     * @return the pretraining, or null when {@code --pretrain-steps} is 0
     */
    public BackbonePretraining pretraining(DetectionSplits splits, java.io.PrintWriter log) {
        int steps = pretrainSteps();
        return steps == 0
                ? null
                : new BackbonePretraining(
                        dataDir, steps, FashionMnist.CLASSES, splits.anchors(), itemScale, log);
    }

    /**
     * Checks the options, loads the engine with its thread count, and sets up the data.
     *
     * @return the training and test canvases and the anchors
     * @throws IllegalArgumentException if a size or count is out of range
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public DetectionSplits load() throws IOException {
        if (pretrainSteps() < 0) {
            throw new IllegalArgumentException(
                    "pretrain-steps must be >= 0, got " + pretrainSteps());
        }
        if (trainSize() < batchSize || testSize() < 1 || epochs() < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "need train-size >= batch-size, test-size >= 1, epochs >= 1 and threads >= 1;"
                            + " got train-size="
                            + trainSize()
                            + ", batch-size="
                            + batchSize
                            + ", test-size="
                            + testSize()
                            + ", epochs="
                            + epochs()
                            + ", threads="
                            + threads);
        }
        Engine.getInstance(); // loads the natives
        JniUtils.setNumThreads(threads);
        return DetectionSplits.load(dataDir, trainSize(), testSize(), size, itemScale, objects);
    }

    /**
     * Returns the fixed part of every run.
     *
     * @param splits the data, for its anchors
     * @param width the default width multiplier
     * @return the settings
     */
    public DetectorTrial.Settings settings(DetectionSplits splits, float width) {
        return new DetectorTrial.Settings(
                epochs(),
                batchSize,
                shards,
                size,
                width,
                learningRate,
                FashionMnist.CLASSES,
                splits.anchors());
    }
}
