/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.detection.loss.FocalLoss;
import io.github.djltricks.detection.loss.IouLoss;
import io.github.djltricks.detection.loss.Reduction;
import java.util.function.BiFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * {@code det-loss-share}: the share of a detector-like training step spent in the focal and GIoU
 * losses (forward and backward), target &le; 10%.
 *
 * <p>There is no detector in the project yet, so the step is a stand-in: a small single-scale
 * detection network — five 3×3 convolutions with ReLU (16, 32, 32, 64, 64 filters; strides 2, 2, 1,
 * 2, 1) and a 1×1 convolution predicting, for 3 anchors per cell of the 12 × 12 grid, 20 class
 * logits and 4 box offsets — on a batch of 16 RGB images of 96 × 96 px, with an SGD step at
 * learning rate 0 (the update is computed and applied, but the weights stay those at
 * initialisation, so every step sees the same network). Box offsets are decoded against the anchors
 * (centre + offset × anchor size, size = anchor size × exp(offset)) for the positive anchors (about
 * 10%, seeded), which is part of both steps.
 *
 * <p>Two steps run interleaved, identical except for the loss: the subject computes the sigmoid
 * focal loss over every anchor and class (normalised by the positives) plus the GIoU loss over the
 * positives; the baseline replaces both with a near-free loss (the means of the same two arrays).
 * With r = subject / baseline, the loss share is 1 − 1/r = (subject − baseline) / subject.
 */
public final class DetLossShareBenchmark implements Benchmark {

    private static final int BATCH = 16;
    private static final int SIZE = 96;
    private static final int GRID = 12;
    private static final int ANCHORS = 3;
    private static final int CLASSES = 20;

    /** Creates the benchmark. */
    public DetLossShareBenchmark() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "det-loss-share";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "focal + GIoU loss share of a stand-in detection-head training step (16 x 96 px)";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 0.10";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        FocalLoss focal =
                FocalLoss.builder()
                        .optReduction(Reduction.SUM)
                        .optNormalizeByPositives(true)
                        .build();
        IouLoss giou = IouLoss.builder().setKind(IouLoss.Kind.GIOU).build();
        try (Model model = Model.newInstance("det-head");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(head());
            Loss unused = Loss.l2Loss(); // the steps below compute their own losses
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(unused)
                            .optOptimizer(
                                    Optimizer.sgd()
                                            // Rate 0: the update runs but both steps keep
                                            // seeing the same weights (the near-free loss
                                            // would otherwise drive the boxes to NaN).
                                            .setLearningRateTracker(Tracker.fixed(0f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 3, SIZE, SIZE));
                Batch batch = new Batch(manager);
                BiFunction<NDArray, NDArray, NDArray> losses =
                        (cls, boxes) ->
                                focal.evaluate(new NDList(batch.classTargets), new NDList(cls))
                                        .add(
                                                giou.evaluate(
                                                        new NDList(batch.boxTargets),
                                                        new NDList(boxes)));
                BiFunction<NDArray, NDArray, NDArray> trivial =
                        (cls, boxes) -> cls.mean().add(boxes.mean());
                Interleaved.Result r =
                        Interleaved.compare(
                                () -> step(trainer, batch, trivial),
                                () -> step(trainer, batch, losses),
                                quick ? 2 : 3,
                                quick ? 5 : 11,
                                quick ? 2 : 4);
                double share = 1 - 1 / r.ratio();
                double spread = r.spread() / (r.ratio() * r.ratio());
                return new Measurement(
                        share,
                        spread,
                        "of step",
                        share <= 0.10,
                        String.format(
                                "step %.2f ms with the losses, %.2f ms with a near-free loss (%d"
                                        + " positives of %d anchors); stand-in head, no detector"
                                        + " yet",
                                r.subjectMillis(),
                                r.baselineMillis(),
                                batch.positives,
                                BATCH * GRID * GRID * ANCHORS));
            }
        }
    }

    private static SequentialBlock head() {
        SequentialBlock block = new SequentialBlock();
        // (filters, stride): 96 px → 48 → 24 → 24 → 12 → 12
        int[][] layers = {{16, 2}, {32, 2}, {32, 1}, {64, 2}, {64, 1}};
        for (int[] layer : layers) {
            block.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optStride(new Shape(layer[1], layer[1]))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(layer[0])
                                    .build())
                    .add(Activation.reluBlock());
        }
        block.add(
                Conv2d.builder()
                        .setKernelShape(new Shape(1, 1))
                        .setFilters(ANCHORS * (CLASSES + 4))
                        .build());
        return block;
    }

    private static void step(
            Trainer trainer, Batch batch, BiFunction<NDArray, NDArray, NDArray> loss) {
        try (NDManager scope = batch.images.getManager().newSubManager()) {
            // Everything the step derives from the batch lives in the scope and is freed with it.
            batch.all().tempAttach(scope);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(batch.images)).singletonOrThrow();
                // (B, A·(C+4), H, W) → (B·H·W·A, C+4)
                NDArray flat =
                        out.reshape(BATCH, ANCHORS, CLASSES + 4, GRID, GRID)
                                .transpose(0, 3, 4, 1, 2)
                                .reshape(-1, CLASSES + 4);
                NDArray cls = flat.get(":, :" + CLASSES);
                NDArray offsets =
                        flat.get(":, " + CLASSES + ":")
                                .booleanMask(batch.positiveMask)
                                .reshape(-1, 4);
                NDArray centre =
                        batch.anchorCentres.add(offsets.get(":, :2").mul(batch.anchorSizes));
                NDArray half = batch.anchorSizes.mul(offsets.get(":, 2:").exp()).mul(0.5);
                NDArray boxes = centre.sub(half).concat(centre.add(half), 1);
                gc.backward(loss.apply(cls, boxes));
            }
            trainer.step();
        }
    }

    /** One fixed batch: images, the positive anchors, their classes, anchors and target boxes. */
    private static final class Batch {
        final NDArray images;
        final NDArray classTargets;
        final NDArray positiveMask;
        final NDArray anchorCentres;
        final NDArray anchorSizes;
        final NDArray boxTargets;
        final int positives;

        NDList all() {
            return new NDList(
                    images, classTargets, positiveMask, anchorCentres, anchorSizes, boxTargets);
        }

        Batch(NDManager manager) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
            int n = BATCH * GRID * GRID * ANCHORS;
            float[] pixels = new float[BATCH * 3 * SIZE * SIZE];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rng.nextFloat();
            }
            images = manager.create(pixels, new Shape(BATCH, 3, SIZE, SIZE));
            boolean[] mask = new boolean[n];
            float[] oneHot = new float[n * CLASSES];
            int p = 0;
            for (int i = 0; i < n; i++) {
                if (rng.nextFloat() < 0.1f) {
                    mask[i] = true;
                    oneHot[i * CLASSES + rng.nextInt(CLASSES)] = 1;
                    p++;
                }
            }
            positives = p;
            boolean[] mask4 = new boolean[4 * n]; // the mask repeated over the 4 offsets
            for (int i = 0; i < 4 * n; i++) {
                mask4[i] = mask[i / 4];
            }
            positiveMask = manager.create(mask4, new Shape(n, 4));
            classTargets = manager.create(oneHot, new Shape(n, CLASSES));
            float cell = (float) SIZE / GRID;
            float[] sizes = {12, 24, 40};
            float[] centres = new float[2 * p];
            float[] whs = new float[2 * p];
            float[] targets = new float[4 * p];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!mask[i]) {
                    continue;
                }
                int a = i % ANCHORS; // layout (B, H, W, A)
                int x = (i / ANCHORS) % GRID;
                int y = (i / (ANCHORS * GRID)) % GRID;
                centres[2 * k] = (x + 0.5f) * cell;
                centres[2 * k + 1] = (y + 0.5f) * cell;
                whs[2 * k] = sizes[a];
                whs[2 * k + 1] = sizes[a];
                float cx = centres[2 * k] + (rng.nextFloat() - 0.5f) * cell;
                float cy = centres[2 * k + 1] + (rng.nextFloat() - 0.5f) * cell;
                float w = sizes[a] * (0.6f + 0.8f * rng.nextFloat());
                float h = sizes[a] * (0.6f + 0.8f * rng.nextFloat());
                targets[4 * k] = cx - w / 2;
                targets[4 * k + 1] = cy - h / 2;
                targets[4 * k + 2] = cx + w / 2;
                targets[4 * k + 3] = cy + h / 2;
                k++;
            }
            anchorCentres = manager.create(centres, new Shape(p, 2));
            anchorSizes = manager.create(whs, new Shape(p, 2));
            boxTargets = manager.create(targets, new Shape(p, 4));
        }
    }
}
