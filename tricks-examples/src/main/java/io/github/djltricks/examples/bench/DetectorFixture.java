/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.detection.yolo.YoloLoss;
import io.github.djltricks.detection.yolo.YoloNet;
import io.github.djltricks.detection.yolo.YoloTargets;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The detector the benchmarks time: a {@link YoloNet} at the example's size (96×96 input, width
 * 0.25 unless given, strides 8/16/32, three anchors per head, 10 classes), a batch of 16 random
 * images with up to 6 random boxes each, and a trainer with the GIoU + focal {@link YoloLoss} and
 * SGD at learning rate 0, so every timed step does the full update on the same weights.
 */
final class DetectorFixture implements AutoCloseable {

    static final int SIZE = 96;
    static final int BATCH = 16;
    static final int BOXES = 6;
    static final int CLASSES = 10;
    static final float[][][] ANCHORS = {
        {{8, 9}, {12, 16}, {18, 12}}, {{20, 24}, {28, 18}, {26, 34}}, {{40, 36}, {52, 50}, {72, 64}}
    };

    /**
     * Untimed steps before a step is timed, so that the timed steps are those of a long training
     * run. In a fresh JVM the first 80 to 100 steps fault in fresh pages by the thousand while the
     * Java heap and the C heap grow to their working size ({@link MinorFaults}), and take up to
     * twice as long; measured on the 2-core virtual machine at width 0.5, steps 1 to 80 took 90 to
     * 160 ms with 750 to 2,500 faults each, steps after 100 took 69 to 80 ms with under 50.
     */
    static final int WARM_UP_STEPS = 120;

    /** {@link #WARM_UP_STEPS} for a benchmark's quick form: a smoke test, not a figure. */
    static final int QUICK_WARM_UP_STEPS = 5;

    final YoloNet net;
    final Model model;
    final Trainer trainer;
    final NDManager manager;
    final NDArray images;
    final NDList labels;

    /** The targets {@link #terms} scores against, built once for the heads they were built for. */
    private YoloTargets targets;

    private NDList targetsFor;

    /** The manager that holds {@link #targets}' arrays. */
    private NDManager targetArrays;

    /** The fixture at width 0.25, the size the step-share benchmarks were set against. */
    DetectorFixture() {
        this(0.25f);
    }

    /**
     * The fixture at a given width multiplier.
     *
     * @param width the detector's width multiplier, as {@code bof-detection --width}
     */
    DetectorFixture(float width) {
        net =
                YoloNet.builder()
                        .setNumClasses(CLASSES)
                        .setAnchors(ANCHORS)
                        .optStrides(8, 16, 32)
                        .optWidth(width)
                        .build();
        model = Model.newInstance("bench-detector");
        model.setBlock(net);
        YoloLoss loss =
                YoloLoss.builder(net)
                        .optBoxLoss(YoloLoss.BoxLoss.GIOU)
                        .optFocalObjectness(0.25f, 2f)
                        .build();
        trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(loss)
                                .optOptimizer(
                                        Optimizer.sgd()
                                                .setLearningRateTracker(Tracker.fixed(0f))
                                                .build()));
        trainer.initialize(new Shape(BATCH, 3, SIZE, SIZE));
        manager = model.getNDManager().newSubManager();
        Random random = new Random(1);
        images = manager.randomUniform(0, 1, new Shape(BATCH, 3, SIZE, SIZE));
        float[] boxes = new float[BATCH * BOXES * 4];
        float[] classes = new float[BATCH * BOXES];
        float[] mask = new float[BATCH * BOXES];
        for (int i = 0; i < BATCH * BOXES; i++) {
            float w = 8 + random.nextInt(60);
            float h = 8 + random.nextInt(60);
            float x = random.nextInt((int) (SIZE - w));
            float y = random.nextInt((int) (SIZE - h));
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + w;
            boxes[4 * i + 3] = y + h;
            classes[i] = random.nextInt(CLASSES);
            mask[i] = random.nextInt(4) == 0 ? 0 : 1;
        }
        labels =
                new NDList(
                        manager.create(boxes, new Shape(BATCH, BOXES, 4)),
                        manager.create(classes, new Shape(BATCH, BOXES)),
                        manager.ones(new Shape(BATCH, BOXES)),
                        manager.create(mask, new Shape(BATCH, BOXES)));
    }

    /**
     * Times a part of a training step against the whole step ({@link #step}), interleaved on a new
     * fixture after {@link #warmUp warming it up}: 2 warm-up rounds, then 15 timed rounds (5 when
     * quick) of 2 steps each.
     *
     * @param part the part, given the fixture and its head outputs from {@link #heads()}
     * @param quick fewer rounds
     * @return the ratio part / step and the times behind it
     * @throws Exception if a step or the part fails
     */
    static Interleaved.Result shareOfStep(BiConsumer<DetectorFixture, NDList> part, boolean quick)
            throws Exception {
        try (DetectorFixture fixture = new DetectorFixture()) {
            fixture.warmUp(quick);
            NDList heads = fixture.heads();
            return Interleaved.compare(
                    fixture::step, () -> part.accept(fixture, heads), 2, quick ? 5 : 15, 2);
        }
    }

    /**
     * Runs {@link #WARM_UP_STEPS} untimed training steps ({@link #QUICK_WARM_UP_STEPS} when quick).
     *
     * @param quick the benchmark's quick form
     * @return the steps run
     */
    int warmUp(boolean quick) {
        int steps = quick ? QUICK_WARM_UP_STEPS : WARM_UP_STEPS;
        warmUp(steps);
        return steps;
    }

    /**
     * Runs untimed training steps.
     *
     * @param steps how many
     */
    void warmUp(int steps) {
        for (int i = 0; i < steps; i++) {
            step();
        }
    }

    /** One training step: forward, loss (with assignment), backward, update. */
    void step() {
        forwardBackward();
        trainer.step();
    }

    /**
     * A training step without the update: forward, loss and backward. The weights never change,
     * whatever the gradients hold.
     */
    @SuppressWarnings("try") // the scope is only closed: it owns what the call computes
    void forwardBackward() {
        try (NDManager scope = callScope();
                GradientCollector gc = trainer.newGradientCollector()) {
            NDList preds = trainer.forward(new NDList(images), labels);
            NDArray loss = trainer.getLoss().evaluate(labels, preds);
            gc.backward(loss);
        }
    }

    /**
     * The loss's part of a step: assignment, the loss forward and its backward into the head
     * outputs.
     *
     * @param heads head outputs from {@link #heads()}: leaves that take gradients
     */
    void lossOnly(NDList heads) {
        try (NDManager scope = callScope()) {
            heads.tempAttach(scope);
            // a fresh labels array each call, as a training step has
            NDArray boxes = labels.get(0).duplicate();
            boxes.attach(scope);
            NDList fresh = new NDList(boxes, labels.get(1), labels.get(2), labels.get(3));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray loss = trainer.getLoss().evaluate(fresh, heads);
                gc.backward(loss);
            }
        }
    }

    /**
     * Some terms of the loss, forward and backward into the head outputs, on the batch's cached
     * assignment (the assignment itself is not timed).
     *
     * @param heads head outputs from {@link #heads()}
     * @param components indices of {@link YoloLoss}'s components to evaluate
     */
    void terms(NDList heads, int... components) {
        YoloLoss loss = (YoloLoss) trainer.getLoss();
        if (targets == null || targetsFor != heads) {
            // built once for these heads, untimed, in a manager of their own
            if (targetArrays != null) {
                targetArrays.close();
            }
            targetArrays = manager.newSubManager();
            try (NDManager build = callScope()) {
                heads.tempAttach(build);
                targets = loss.getAssigner().targets(labels, heads);
                for (NDArray array : build.getManagedArrays()) {
                    array.attach(targetArrays);
                }
            }
            targetsFor = heads;
        }
        try (NDManager scope = callScope();
                GradientCollector gc = trainer.newGradientCollector()) {
            heads.tempAttach(scope);
            new NDList(targetArrays.getManagedArrays()).tempAttach(scope);
            NDArray total = null;
            for (int c : components) {
                NDArray term =
                        ((YoloLoss.Term) loss.getComponents().get(c)).evaluate(targets, heads);
                total = total == null ? term : total.add(term);
            }
            gc.backward(total);
        }
    }

    /**
     * Returns the network's head outputs on the batch as leaves that take gradients, detached from
     * the network's graph (their gradients accumulate across calls, which costs the same).
     *
     * @return the head outputs, owned by the fixture
     */
    @SuppressWarnings("try") // the scope is only closed: it owns what the call computes
    NDList heads() {
        try (NDManager scope = callScope()) {
            NDList out = trainer.forward(new NDList(images));
            NDList detached = new NDList(out.size());
            for (NDArray h : out) {
                NDArray d = h.stopGradient().duplicate();
                d.attach(manager);
                d.setRequiresGradient(true);
                detached.add(d);
            }
            return detached;
        }
    }

    /**
     * Opens the scope of one timed call, as a training loop's batch is: the fixture's images and
     * labels are attached to it for the call, so every array computed from them (the network's
     * activations, the loss's intermediates) belongs to the scope and is freed when it closes, and
     * the inputs go back to the fixture. Without it those arrays would pile up under the fixture's
     * manager, and each step would pay for fresh memory, which is not what a training step costs.
     *
     * @return the scope; the caller closes it
     */
    private NDManager callScope() {
        NDManager scope = manager.newSubManager();
        images.tempAttach(scope);
        labels.tempAttach(scope);
        return scope;
    }

    /**
     * Returns the count of arrays alive under the fixture's manager, for checking that the timed
     * calls leave nothing behind.
     *
     * @return the count
     */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        manager.close();
        trainer.close();
        model.close();
    }
}
