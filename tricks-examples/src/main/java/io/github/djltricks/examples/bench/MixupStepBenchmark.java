/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.core.mixup.MixedBatch;
import io.github.djltricks.core.mixup.Mixup;

/**
 * {@code mixup-step}: the time of one training step with mixup/CutMix and label smoothing over the
 * time of a plain step (softmax cross-entropy on class indices), same network and same batch,
 * interleaved in one run.
 *
 * <p>The network is a four-convolution CNN with batch norm on 3×32×32 images, 10 classes, batch 64
 * (32 with {@code --quick}), SGD with momentum. One unit of work is what {@code EasyTrain.fit} does
 * per batch: a fresh batch, {@code EasyTrain.trainBatch} and {@code trainer.step()}, then closing
 * the batch; the subject first mixes the batch as {@code MixupDataset} does (mixup α = 0.2, CutMix
 * α = 1, switch probability 0.5, per batch) and its loss is {@link LabelSmoothingCrossEntropyLoss}
 * with ε = 0.1. Two models of the same architecture and the same initial weights are trained, one
 * per side.
 */
public final class MixupStepBenchmark implements Benchmark {

    private static final int CLASSES = 10;
    private static final int SIDE = 32;

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "mixup-step";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "step time, mixup + label smoothing / plain";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 1.05";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        int batchSize = quick ? 32 : 64;
        Shape shape = new Shape(batchSize, 3, SIDE, SIDE);
        Mixup mixup =
                Mixup.builder()
                        .setNumClasses(CLASSES)
                        .optMixupAlpha(0.2)
                        .optCutMixAlpha(1.0)
                        .optSeed(7)
                        .build();
        Loss smoothing = LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0.1).build();
        try (NDManager manager = NDManager.newBaseManager();
                Model plainModel = Model.newInstance("plain");
                Model mixedModel = Model.newInstance("mixup")) {
            NDArray images = manager.randomUniform(0, 1, shape);
            NDArray labels =
                    manager.randomInteger(0, CLASSES, new Shape(batchSize), DataType.INT64)
                            .toType(DataType.FLOAT32, false);
            try (Trainer plain = trainer(plainModel, Loss.softmaxCrossEntropyLoss(), shape);
                    Trainer mixed = trainer(mixedModel, smoothing, shape)) {
                NDArray x = images;
                NDArray y = labels;
                Interleaved.Work baseline = () -> step(plain, batch(manager, x, y, batchSize));
                Interleaved.Work subject =
                        () -> {
                            Batch batch = batch(manager, x, y, batchSize);
                            MixedBatch mix =
                                    mixup.mix(batch.getData().head(), batch.getLabels().head());
                            Batch mixedBatch =
                                    new Batch(
                                            batch.getManager(),
                                            new NDList(mix.data()),
                                            new NDList(mix.targets()),
                                            batchSize,
                                            Batchifier.STACK,
                                            Batchifier.STACK,
                                            0,
                                            0);
                            step(mixed, mixedBatch);
                        };
                Interleaved.Result result =
                        quick
                                ? Interleaved.compare(baseline, subject, 2, 7, 3)
                                : Interleaved.compare(baseline, subject, 5, 21, 5);
                return result.atMost(1.05);
            }
        }
    }

    private static Batch batch(NDManager manager, NDArray images, NDArray labels, int size) {
        NDManager batchManager = manager.newSubManager();
        return new Batch(
                batchManager,
                new NDList(images.duplicate()),
                new NDList(labels.duplicate()),
                size,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                0);
    }

    private static void step(Trainer trainer, Batch batch) {
        EasyTrain.trainBatch(trainer, batch);
        trainer.step();
        batch.close();
    }

    private static Trainer trainer(Model model, Loss loss, Shape shape) {
        Engine.getInstance().setRandomSeed(3);
        model.setBlock(network());
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(Tracker.fixed(0.01f))
                                        .optMomentum(0.9f)
                                        .build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(shape);
        return trainer;
    }

    private static Block network() {
        SequentialBlock net = new SequentialBlock();
        int[] widths = {16, 32, 32, 64};
        for (int i = 0; i < widths.length; i++) {
            net.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optPadding(new Shape(1, 1))
                                    .setFilters(widths[i])
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
            if (i % 2 == 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }
}
