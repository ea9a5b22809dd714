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
            description =
                    "Quick form: 1 seed, 300 test canvases and the command's quick training set"
                            + " and epochs (see its description).")
    boolean quick;

    @Option(
            names = "--train-size",
            description =
                    "Training canvases, "
                            + OptionRanges.IMAGES_HELP
                            + ", at least --batch-size (default: the command's, see its"
                            + " description).")
    Integer trainSize;

    @Option(
            names = "--test-size",
            description =
                    "Test canvases, " + OptionRanges.IMAGES_HELP + " (default: 1,000; quick: 300).")
    Integer testSize;

    @Option(
            names = "--epochs",
            description =
                    "Epochs per run, "
                            + OptionRanges.EPOCHS_HELP
                            + " (default: the command's, see its description).")
    Integer epochs;

    @Option(
            names = "--batch-size",
            description =
                    "Images per batch, "
                            + OptionRanges.BATCH_SIZE_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    int batchSize = 16;

    @Option(
            names = "--shards",
            description =
                    "Shards per batch, as on k devices, "
                            + OptionRanges.SHARDS_HELP
                            + " and at most --batch-size (default: ${DEFAULT-VALUE}).")
    int shards = 4;

    @Option(
            names = "--size",
            description =
                    "Canvas side in pixels, "
                            + OptionRanges.SIZE_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    int size = 96;

    @Option(
            names = "--item-scale",
            split = ",",
            description =
                    "Least and greatest item side in pixels, each "
                            + OptionRanges.ITEM_SCALE_HELP
                            + " and at most --size (default: 20,56).")
    int[] itemScale = {20, 56};

    @Option(
            names = "--objects",
            split = ",",
            description =
                    "Least and greatest items per canvas, each "
                            + OptionRanges.OBJECTS_HELP
                            + ", the greatest at least 1 (default: 1,4).")
    int[] objects = {1, 4};

    @Option(
            names = "--lr",
            description =
                    "Base learning rate of SGD, "
                            + OptionRanges.LEARNING_RATE_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(
            names = "--pretrain-steps",
            description =
                    "Steps (batch 64) of the backbone's classification pretraining on single-item"
                            + " canvases, "
                            + OptionRanges.PRETRAIN_STEPS_HELP
                            + "; 0 trains from scratch (default: 2,000; quick: the command's, see"
                            + " its description).")
    Integer pretrainSteps;

    @Option(
            names = "--threads",
            description =
                    "PyTorch intra-op threads per shard, "
                            + OptionRanges.THREADS_HELP
                            + "; the k shards run concurrently (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    private final Defaults defaults;

    /**
     * What a command trains when its options are not given: the full form's and the quick form's
     * training set and epochs, and the learning rate.
     *
     * @param trainSize the training canvases of the full form
     * @param epochs the epochs per run of the full form
     * @param quickTrainSize the training canvases of the quick form
     * @param quickEpochs the epochs per run of the quick form
     * @param quickPretrainSteps the backbone's pretraining steps in the quick form
     * @param learningRate the base learning rate
     */
    public record Defaults(
            int trainSize,
            int epochs,
            int quickTrainSize,
            int quickEpochs,
            int quickPretrainSteps,
            float learningRate) {}

    /** The defaults of the commands that keep the first wave's settings (utility-curve). */
    public static final Defaults UNDERFITTING = new Defaults(4800, 5, 1200, 4, 600, 0.005f);

    /** Creates the options with {@link #UNDERFITTING}'s defaults. */
    public DetectorOptions() {
        this(UNDERFITTING);
    }

    /**
     * Creates the options.
     *
     * @param defaults what runs when an option is not given
     */
    public DetectorOptions(Defaults defaults) {
        this.defaults = defaults;
        this.learningRate = defaults.learningRate();
    }

    /**
     * Returns the number of training canvases.
     *
     * @return {@code --train-size}, else the command's default for the form
     */
    public int trainSize() {
        return trainSize != null
                ? trainSize
                : quick ? defaults.quickTrainSize() : defaults.trainSize();
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
     * @return {@code --epochs}, else the command's default for the form
     */
    public int epochs() {
        return epochs != null ? epochs : quick ? defaults.quickEpochs() : defaults.epochs();
    }

    /**
     * Returns the backbone pretraining steps.
     *
     * @return {@code --pretrain-steps}, else the command's quick default or 2,000
     */
    public int pretrainSteps() {
        return pretrainSteps != null ? pretrainSteps : quick ? defaults.quickPretrainSteps() : 2000;
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
     * Checks every option against its range ({@link OptionRanges}) and against the others (at most
     * as many shards as images per batch, at least as many training canvases, items no larger than
     * the canvas), before any work starts.
     *
     * @throws IllegalArgumentException naming the first option out of range, its value and what is
     *     allowed
     */
    public void check() {
        if (trainSize != null) {
            OptionRanges.IMAGES.check("--train-size", trainSize);
        }
        if (testSize != null) {
            OptionRanges.IMAGES.check("--test-size", testSize);
        }
        OptionRanges.EPOCHS.check("--epochs", epochs());
        OptionRanges.BATCH_SIZE.check("--batch-size", batchSize);
        OptionRanges.SHARDS.check("--shards", shards);
        OptionRanges.SIZE.check("--size", size);
        OptionRanges.checkPair(OptionRanges.ITEM_SCALE, "--item-scale", itemScale);
        OptionRanges.checkPair(OptionRanges.OBJECTS, "--objects", objects);
        OptionRanges.LEARNING_RATE.check("--lr", learningRate);
        OptionRanges.PRETRAIN_STEPS.check("--pretrain-steps", pretrainSteps());
        OptionRanges.THREADS.check("--threads", threads);
        if (shards > batchSize) {
            throw new IllegalArgumentException(
                    "--shards must be at most --batch-size (" + batchSize + "), got " + shards);
        }
        if (trainSize() < batchSize) {
            throw new IllegalArgumentException(
                    "--train-size must be at least --batch-size ("
                            + batchSize
                            + "), got "
                            + trainSize());
        }
        if (itemScale[1] > size) {
            throw new IllegalArgumentException(
                    "--item-scale must be at most --size (" + size + "), got " + itemScale[1]);
        }
        int pretrainScale = BackbonePretraining.CANVAS - 4;
        if (pretrainSteps() > 0 && itemScale[0] > pretrainScale) {
            throw new IllegalArgumentException(
                    "--item-scale must start at most at "
                            + pretrainScale
                            + " px with --pretrain-steps > 0 (the pretraining canvases are "
                            + BackbonePretraining.CANVAS
                            + " px), got "
                            + itemScale[0]);
        }
        if (objects[1] < 1) {
            throw new IllegalArgumentException(
                    "--objects must allow at least 1 item per canvas, got " + objects[1]);
        }
    }

    /**
     * Checks the options ({@link #check()}), loads the engine with its thread count, and sets up
     * the data.
     *
     * @return the training and test canvases and the anchors
     * @throws IllegalArgumentException if an option is out of range
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public DetectionSplits load() throws IOException {
        check();
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
