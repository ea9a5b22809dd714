/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.dataset.Dataset;
import io.github.djltricks.examples.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.LongStream;
import picocli.CommandLine.Option;

/**
 * The options the classification examples ({@code bof-classification}, {@code distill}) share (a
 * picocli mixin): the Fashion-MNIST data, the training budget, the seeds and the threads. Each
 * command gives its own full and quick {@link Form} (and states them in its description); {@code
 * --quick} picks the quick one, and an explicit option wins over either.
 */
public final class ClassifierOptions {

    /**
     * The defaults of one form of a command.
     *
     * @param trainSize training images ({@link Integer#MAX_VALUE}: all of them)
     * @param testSize test images ({@link Integer#MAX_VALUE}: all of them)
     * @param epochs epochs per run
     * @param seeds number of seeds
     */
    public record Form(int trainSize, int testSize, int epochs, int seeds) {}

    @Option(
            names = "--data-dir",
            description =
                    "directory of the Fashion-MNIST IDX gzip files (default: ${DEFAULT-VALUE})")
    Path dataDir = FashionMnist.DEFAULT_DIRECTORY;

    @Option(
            names = "--quick",
            description =
                    "a quick run: the command's smaller data, epochs and seeds (see its"
                            + " description)")
    boolean quick;

    @Option(
            names = "--train-size",
            description =
                    "training images used, "
                            + OptionRanges.IMAGES_HELP
                            + " (default: the command's, see its description)")
    Integer trainSize;

    @Option(
            names = "--test-size",
            description =
                    "test images used, "
                            + OptionRanges.IMAGES_HELP
                            + " (default: all; quick: 2000)")
    Integer testSize;

    @Option(
            names = "--epochs",
            description =
                    "epochs per run, "
                            + OptionRanges.EPOCHS_HELP
                            + " (default: the command's, see its description)")
    Integer epochs;

    @Option(
            names = "--seeds",
            description =
                    "number of seeds, "
                            + OptionRanges.SEEDS_HELP
                            + " (default: the command's, see its description)")
    Integer seeds;

    @Option(
            names = "--batch-size",
            description =
                    "batch size, " + OptionRanges.BATCH_SIZE_HELP + " (default: ${DEFAULT-VALUE})")
    int batchSize = 64;

    @Option(
            names = "--threads",
            description =
                    "PyTorch intra-op threads, "
                            + OptionRanges.THREADS_HELP
                            + "; 1 avoids oversubscription on a shared machine (default: the"
                            + " command's, see its description)")
    Integer threads;

    private final Form full;
    private final Form quickForm;
    private final Integer defaultThreads;

    /**
     * Creates the options of a command.
     *
     * @param full the defaults without {@code --quick}
     * @param quick the defaults with {@code --quick}
     * @param defaultThreads the PyTorch threads without {@code --threads}, or null for the engine's
     *     own choice
     */
    public ClassifierOptions(Form full, Form quick, Integer defaultThreads) {
        this.full = full;
        this.quickForm = quick;
        this.defaultThreads = defaultThreads;
    }

    private Form form() {
        return quick ? quickForm : full;
    }

    /**
     * Returns the number of training images asked for.
     *
     * @return {@code --train-size}, else the form's
     */
    public int trainSize() {
        return trainSize != null ? trainSize : form().trainSize();
    }

    /**
     * Returns the number of test images asked for.
     *
     * @return {@code --test-size}, else the form's
     */
    public int testSize() {
        return testSize != null ? testSize : form().testSize();
    }

    /**
     * Returns the epochs per run.
     *
     * @return {@code --epochs}, else the form's
     */
    public int epochs() {
        return epochs != null ? epochs : form().epochs();
    }

    /**
     * Returns the seeds every row runs with.
     *
     * @return 1, 2, … up to {@code --seeds}, else the form's number
     */
    public long[] seeds() {
        return LongStream.rangeClosed(1, seeds != null ? seeds : form().seeds()).toArray();
    }

    /**
     * Returns the batch size.
     *
     * @return {@code --batch-size}
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the PyTorch intra-op threads.
     *
     * @return {@code --threads}, else the command's default; null leaves the engine's choice
     */
    public Integer threads() {
        return threads != null ? threads : defaultThreads;
    }

    /**
     * Returns the directory of the Fashion-MNIST files.
     *
     * @return {@code --data-dir}
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Checks every option against its range ({@link OptionRanges}) before any work starts.
     *
     * @throws IllegalArgumentException naming the first option out of range, its value and what is
     *     allowed
     */
    public void check() {
        OptionRanges.IMAGES.checkIfGiven("--train-size", trainSize);
        OptionRanges.IMAGES.checkIfGiven("--test-size", testSize);
        OptionRanges.EPOCHS.check("--epochs", epochs());
        OptionRanges.SEEDS.check("--seeds", seeds != null ? seeds : form().seeds());
        OptionRanges.BATCH_SIZE.check("--batch-size", batchSize);
        OptionRanges.THREADS.checkIfGiven("--threads", threads());
    }

    /**
     * Loads the engine with its thread count and reads the data: the training images shuffled, the
     * test images in order, both in batches of {@code --batch-size}. Call {@link #check()} first.
     *
     * @return the data every run of the command trains and tests on
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public ClassifierTrial.Data load() throws IOException {
        if (threads() != null) {
            Engine.getInstance(); // loads the natives
            JniUtils.setNumThreads(threads());
        }
        return new ClassifierTrial.Data(
                dataset(Dataset.Usage.TRAIN, trainSize(), true),
                dataset(Dataset.Usage.TEST, testSize(), false),
                batchSize);
    }

    private FashionMnist dataset(Dataset.Usage usage, int limit, boolean shuffle)
            throws IOException {
        FashionMnist set =
                FashionMnist.builder()
                        .optDirectory(dataDir)
                        .optUsage(usage)
                        .optLimit(limit)
                        .setSampling(batchSize, shuffle)
                        .build();
        set.prepare(null);
        return set;
    }
}
