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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.detection.data.DetectionBatch;
import io.github.djltricks.detection.data.DetectionDataset;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.augment.AugmentationPipeline;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code augment-throughput}: images per second of the detection data pipeline (BoF mixup, colour
 * distortion, random expand, SSD crop, flip, random-shape resize to 96–128 px, padding and the
 * {@code NDArray} batch) divided by the images per second a training step consumes at 128 px.
 *
 * <p>There is no detector yet, so the step is a stand-in: a small conv net of five 3×3 stride-2
 * conv + BatchNorm + ReLU layers (widths 16, 32, 64, 64, 128) and a 1×1 head of 75 channels (3
 * anchors × (5 + 20 classes), the shape of a YOLO output), trained with SGD on the mean square of
 * its output. Both use the machine's cores (PyTorch's intra-op threads; the pipeline's samples on
 * the common fork-join pool), batch 16, interleaved; raw images are random 128–192 px RGB with 1–6
 * boxes. Target: the pipeline delivers at least 3× the images the step consumes.
 */
public final class AugmentThroughputBenchmark implements Benchmark {

    private static final int BATCH = 16;
    private static final int SIZE = 128;

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "augment-throughput";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "images/s, augmentation pipeline with mixup / stand-in training step, 96-128 px";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return ">= 3";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        DetectionDataset data =
                DetectionDataset.builder()
                        .setSource(DetectionSource.of(rawImages(64, 42)))
                        .setBatchSize(BATCH)
                        .setShape(RandomShape.builder().optSizes(96, SIZE, 16).build())
                        .optPipeline(AugmentationPipeline.bagOfFreebies())
                        .optMixup(DetectionMixup.builder().build())
                        .optMaxBoxes(16)
                        .optSeed(7)
                        .optParallel(true)
                        .build();
        int[] order = data.order(0);
        try (Model model = Model.newInstance("stand-in");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(standIn());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.01f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 3, SIZE, SIZE));
                int[] first = new int[BATCH];
                System.arraycopy(order, 0, first, 0, BATCH);
                DetectionBatch fixed = data.batch(0, first, SIZE);
                int[] cursor = {0};
                Interleaved.Work step =
                        () -> {
                            try (Batch b = fixed.toBatch(manager, 1, 1)) {
                                NDArray images = b.getData().head();
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDArray out = trainer.forward(new NDList(images)).head();
                                    gc.backward(out.square().mean());
                                }
                                trainer.step();
                            }
                        };
                Interleaved.Work pipeline =
                        () -> {
                            int[] idx = new int[BATCH];
                            for (int i = 0; i < BATCH; i++) {
                                idx[i] = order[(cursor[0] + i) % order.length];
                            }
                            int size = 96 + 16 * (cursor[0] / BATCH % 3);
                            cursor[0] += BATCH;
                            data.batch(cursor[0] / order.length, idx, size)
                                    .toBatch(manager, 1, 1)
                                    .close();
                        };
                // A training run augments thousands of images: let the JIT compile the pipeline's
                // loops before timing it (the step's warm-up is the comparison's own).
                for (int i = 0; i < (quick ? 20 : 60); i++) {
                    pipeline.run();
                }
                Interleaved.Result r =
                        Interleaved.compare(step, pipeline, quick ? 2 : 4, quick ? 5 : 15, 2);
                double ratio = 1 / r.ratio();
                double pipelineIps = BATCH * 1000 / r.subjectMillis();
                double stepIps = BATCH * 1000 / r.baselineMillis();
                return new Measurement(
                        ratio,
                        r.spread() / (r.ratio() * r.ratio()),
                        "x",
                        ratio >= 3,
                        String.format(
                                "pipeline %.0f images/s (96-128 px, mixup, parallel), stand-in step"
                                        + " %.0f images/s (128 px, batch %d)",
                                pipelineIps, stepIps, BATCH));
            }
        }
    }

    /** The stand-in network: five stride-2 conv-BN-ReLU layers and a 1×1 YOLO-shaped head. */
    static SequentialBlock standIn() {
        SequentialBlock net = new SequentialBlock();
        for (int width : new int[] {16, 32, 64, 64, 128}) {
            net.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optStride(new Shape(2, 2))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(width)
                                    .optBias(false)
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        net.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(75).build());
        return net;
    }

    /** Random RGB images of 128–192 px with 1–6 boxes each. */
    static List<DetectionSample> rawImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DetectionSample> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int h = 128 + r.nextInt(65);
            int w = 128 + r.nextInt(65);
            float[] image = new float[3 * h * w];
            for (int p = 0; p < image.length; p++) {
                image[p] = r.nextInt(256);
            }
            int boxes = 1 + r.nextInt(6);
            float[][] b = new float[boxes][];
            int[] ids = new int[boxes];
            for (int k = 0; k < boxes; k++) {
                float x1 = r.nextInt(w - 8);
                float y1 = r.nextInt(h - 8);
                b[k] =
                        new float[] {
                            x1,
                            y1,
                            x1 + 4 + r.nextInt((int) (w - x1) - 3),
                            y1 + 4 + r.nextInt((int) (h - y1) - 3)
                        };
                b[k][2] = Math.min(b[k][2], w);
                b[k][3] = Math.min(b[k][3], h);
                ids[k] = r.nextInt(20);
            }
            list.add(DetectionSample.of(image, 3, h, w, b, ids));
        }
        return list;
    }
}
