/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.github.djltricks.core.schedule.WarmupSchedule;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.yolo.YoloNet;
import io.github.djltricks.examples.data.FashionMnist;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pretrains the detector's backbone as a classifier, as the Bag-of-Freebies detectors start from a
 * Darknet or ResNet pretrained on ImageNet (Zhang et al. 2019, §4.1): the {@link
 * YoloNet#getBackbone() backbone}, global average pooling and a linear layer learn to name the one
 * Fashion-MNIST item on single-item canvases (the detection set's tinted items on textured
 * backgrounds, 64 px, items 20–56 px), with SGD, linear warmup and cosine decay.
 *
 * <p>The weights are trained once per width with a fixed seed and then copied into the backbone of
 * every run, whatever its row and seed, as every row of the BoF tables starts from the same
 * ImageNet weights. The canvases come from the training split for training and from the test split
 * for the reported accuracy, with seeds of their own (not those of the detection sets).
 */
public final class BackbonePretraining {

    /** Canvas side of the classification canvases, in pixels. */
    public static final int CANVAS = 64;

    /** Images per pretraining batch. */
    public static final int BATCH = 64;

    /** Seed of the training canvases, the weights and the order. */
    public static final long SEED = 3;

    /** Seed of the test canvases. */
    public static final long TEST_SEED = 4;

    private static final int TEST_IMAGES = 1000;
    private static final float LEARNING_RATE = 0.05f;

    private final Path dataDir;
    private final int steps;
    private final int classes;
    private final float[][][] anchors;
    private final int[] scale;
    private final PrintWriter log;
    private final Map<Float, Weights> done = new HashMap<>();

    /**
     * The pretrained backbone of one width.
     *
     * @param names the backbone's parameter names, in {@link YoloNet#getBackbone()} order
     * @param values their values
     * @param shapes their shapes
     * @param accuracy top-1 accuracy on the test canvases
     * @param seconds wall time of the pretraining
     */
    public record Weights(
            List<String> names,
            List<float[]> values,
            List<Shape> shapes,
            double accuracy,
            double seconds) {

        /**
         * Writes the weights to a file that {@link #read} reads back exactly (big-endian binary:
         * count, then name, shape and values of each parameter, then accuracy and seconds).
         *
         * @param file the file, replaced if it exists
         * @throws IOException if the file cannot be written
         */
        public void write(Path file) throws IOException {
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(names.size());
                for (int i = 0; i < names.size(); i++) {
                    out.writeUTF(names.get(i));
                    long[] shape = shapes.get(i).getShape();
                    out.writeInt(shape.length);
                    for (long d : shape) {
                        out.writeLong(d);
                    }
                    float[] v = values.get(i);
                    out.writeInt(v.length);
                    for (float x : v) {
                        out.writeFloat(x);
                    }
                }
                out.writeDouble(accuracy);
                out.writeDouble(seconds);
            }
        }

        /**
         * Reads weights written by {@link #write}.
         *
         * @param file the file
         * @return the weights
         * @throws IOException if the file cannot be read or is truncated
         */
        public static Weights read(Path file) throws IOException {
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                List<String> names = new ArrayList<>(n);
                List<float[]> values = new ArrayList<>(n);
                List<Shape> shapes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    names.add(in.readUTF());
                    long[] shape = new long[in.readInt()];
                    for (int j = 0; j < shape.length; j++) {
                        shape[j] = in.readLong();
                    }
                    shapes.add(new Shape(shape));
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = in.readFloat();
                    }
                    values.add(v);
                }
                return new Weights(names, values, shapes, in.readDouble(), in.readDouble());
            }
        }
    }

    /**
     * Sets up the pretraining.
     *
     * @param dataDir the directory of the Fashion-MNIST files
     * @param steps the pretraining steps of batch {@value #BATCH}, at least 1
     * @param classes the number of classes of the detector
     * @param anchors the detector's anchors (the backbone does not use them; {@link YoloNet} needs
     *     them to be built)
     * @param scale the least and greatest item side in pixels, as the detection set's
     * @param log where a line per pretraining goes, or null
     * @throws IllegalArgumentException if steps is below 1
     */
    public BackbonePretraining(
            Path dataDir,
            int steps,
            int classes,
            float[][][] anchors,
            int[] scale,
            PrintWriter log) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        this.dataDir = dataDir;
        this.steps = steps;
        this.classes = classes;
        this.anchors = anchors;
        this.scale = new int[] {scale[0], Math.min(scale[1], CANVAS - 4)};
        this.log = log;
    }

    /**
     * Returns the pretrained weights of a width, training them on first use.
     *
     * @param width the width multiplier of the detector
     * @return the weights
     * @throws IOException if the data cannot be read
     */
    public synchronized Weights weights(float width) throws IOException {
        Weights w = done.get(width);
        if (w == null) {
            w = train(width);
            done.put(width, w);
        }
        return w;
    }

    /**
     * Uses given weights for a width instead of training them, as a child process does with the
     * weights its parent trained.
     *
     * @param width the width multiplier of the detector
     * @param weights the weights of that width
     */
    public synchronized void preload(float width, Weights weights) {
        done.put(width, weights);
    }

    /**
     * Copies pretrained weights into an initialised detector's backbone.
     *
     * @param weights the weights of the detector's width
     * @param net the detector, initialised
     * @throws IllegalArgumentException if the backbone's parameters do not match the weights
     */
    public static void load(Weights weights, YoloNet net) {
        List<Parameter> params = parameters(net);
        if (params.size() != weights.values().size()) {
            throw new IllegalArgumentException(
                    "the backbone has "
                            + params.size()
                            + " parameters, the weights "
                            + weights.values().size());
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray array = params.get(i).getArray();
            if (!params.get(i).getName().equals(weights.names().get(i))
                    || !array.getShape().equals(weights.shapes().get(i))) {
                throw new IllegalArgumentException(
                        "parameter "
                                + params.get(i).getName()
                                + " "
                                + array.getShape()
                                + " does not match the weights' "
                                + weights.names().get(i)
                                + " "
                                + weights.shapes().get(i));
            }
            array.set(weights.values().get(i));
        }
    }

    private static List<Parameter> parameters(YoloNet net) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getBackbone().getParameters()) {
            out.add(p.getValue());
        }
        return out;
    }

    private Weights train(float width) throws IOException {
        long start = System.nanoTime();
        DetectionSource train = canvases(Dataset.Usage.TRAIN, steps * BATCH, SEED);
        DetectionSource test = canvases(Dataset.Usage.TEST, TEST_IMAGES, TEST_SEED);
        Engine.getInstance().setRandomSeed((int) SEED);
        YoloNet net =
                YoloNet.builder()
                        .setNumClasses(classes)
                        .setAnchors(anchors)
                        .optStrides(8, 16, 32)
                        .optWidth(width)
                        .build();
        SequentialBlock classifier =
                new SequentialBlock()
                        .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().div(255f))))
                        .add(net.getBackbone())
                        .add(Pool.globalAvgPool2dBlock())
                        .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
        WarmupSchedule lr =
                WarmupSchedule.builder()
                        .setBaseValue(LEARNING_RATE)
                        .setTotalSteps(steps)
                        .optWarmupSteps(steps / 10)
                        .optFinalValue(0f)
                        .cosine()
                        .build();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(lr)
                                        .optMomentum(0.9f)
                                        .optWeightDecays(5e-4f)
                                        .build());
        try (Model model = Model.newInstance("backbone")) {
            model.setBlock(classifier);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 3, CANVAS, CANVAS));
                // the next batch's canvases are drawn on another thread while this one trains;
                // canvas i depends only on (seed, i), so the data are the same as drawn in turn
                CompletableFuture<Canvases> next = Canvases.drawAsync(train, 0, BATCH);
                for (int s = 0; s < steps; s++) {
                    Canvases canvases = next.join();
                    if (s + 1 < steps) {
                        next = Canvases.drawAsync(train, (s + 1) * BATCH, BATCH);
                    }
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        Batch batch = canvases.batch(scope);
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                }
                int correct = 0;
                for (int from = 0; from < TEST_IMAGES; from += BATCH) {
                    int n = Math.min(BATCH, TEST_IMAGES - from);
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        Batch batch = batch(scope, test, from, n);
                        NDArray predicted = trainer.evaluate(batch.getData()).head().argMax(1);
                        long[] p = predicted.toLongArray();
                        float[] y = batch.getLabels().head().toFloatArray();
                        for (int i = 0; i < n; i++) {
                            correct += p[i] == (long) y[i] ? 1 : 0;
                        }
                    }
                }
                List<String> names = new ArrayList<>();
                List<float[]> values = new ArrayList<>();
                List<Shape> shapes = new ArrayList<>();
                for (Parameter p : parameters(net)) {
                    names.add(p.getName());
                    values.add(p.getArray().toFloatArray());
                    shapes.add(p.getArray().getShape());
                }
                double accuracy = correct / (double) TEST_IMAGES;
                double seconds = (System.nanoTime() - start) / 1e9;
                if (log != null) {
                    log.printf(
                            Locale.ROOT,
                            "backbone (width %.3f) pretrained: %d steps of %d single-item"
                                    + " canvases, test accuracy %.1f%% (%.0f s)%n",
                            width,
                            steps,
                            BATCH,
                            100 * accuracy,
                            seconds);
                    log.flush();
                }
                return new Weights(names, values, shapes, accuracy, seconds);
            }
        }
    }

    /** Single-item canvases of one split (the detection set's canvases, one item each). */
    private DetectionSource canvases(Dataset.Usage usage, int size, long seed) throws IOException {
        return DetectionSplits.canvases(
                dataDir, usage, size, CANVAS, scale, new int[] {1, 1}, seed);
    }

    private static Batch batch(NDManager manager, DetectionSource source, int from, int n)
            throws IOException {
        return Canvases.draw(source, from, n).batch(manager);
    }

    /** A batch of single-item canvases on the host: images and class labels. */
    private record Canvases(float[] images, float[] labels) {

        static Canvases draw(DetectionSource source, int from, int n) throws IOException {
            int pixels = 3 * CANVAS * CANVAS;
            float[] x = new float[n * pixels];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                DetectionSample sample = source.get(from + i);
                System.arraycopy(sample.image(), 0, x, i * pixels, pixels);
                y[i] = sample.classIds()[0];
            }
            return new Canvases(x, y);
        }

        static CompletableFuture<Canvases> drawAsync(DetectionSource source, int from, int n) {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return draw(source, from, n);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }

        Batch batch(NDManager manager) {
            int n = labels.length;
            NDList data = new NDList(manager.create(images, new Shape(n, 3, CANVAS, CANVAS)));
            NDList y = new NDList(manager.create(labels).toType(DataType.FLOAT32, false));
            return new Batch(manager, data, y, n, null, null, 0, 1);
        }
    }
}
