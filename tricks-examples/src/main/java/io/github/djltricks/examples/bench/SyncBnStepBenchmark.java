/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import io.github.djltricks.core.norm.BatchNormConverter;
import io.github.djltricks.core.norm.SyncTrain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * {@code syncbn-step}: the time of one training step of a small CNN (three conv–BN–ReLU stages,
 * batch 32 of 3×32×32) with {@code SyncBatchNorm} and k = 2 virtual shards on one CPU ({@code
 * SyncTrain.trainBatch} + {@code step}) over the same step with {@code BatchNorm} on the full batch
 * ({@code EasyTrain.trainBatch} + {@code step}), interleaved.
 */
public final class SyncBnStepBenchmark implements Benchmark {

    private static final int BATCH = 32;
    private static final Shape INPUT = new Shape(BATCH, 3, 32, 32);

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "syncbn-step";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "step time, SyncBN with 2 virtual shards on one CPU / BatchNorm on the full batch";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 1.25";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model plain = Model.newInstance("plain");
                Model sync = Model.newInstance("sync")) {
            plain.setBlock(cnn());
            NDArray x = manager.randomNormal(INPUT);
            NDArray y = manager.randomInteger(0, 10, new Shape(BATCH), x.getDataType());
            try (Trainer a = trainer(plain)) {
                a.initialize(INPUT);
                sync.setBlock(copyAsSync(plain.getBlock(), sync));
                try (Trainer b = trainer(sync)) {
                    b.initialize(INPUT);
                    Interleaved.Work baseline =
                            () -> {
                                try (Batch batch = batch(manager, x, y)) {
                                    EasyTrain.trainBatch(a, batch);
                                    a.step();
                                }
                            };
                    Interleaved.Work subject =
                            () -> {
                                try (Batch batch = batch(manager, x, y)) {
                                    SyncTrain.trainBatch(b, batch, 2);
                                    b.step();
                                }
                            };
                    Interleaved.Result result =
                            quick
                                    ? Interleaved.compare(baseline, subject, 3, 7, 3)
                                    : Interleaved.compare(baseline, subject, 5, 21, 5);
                    return result.atMost(1.25);
                }
            }
        }
    }

    private static Block cnn() {
        SequentialBlock block = new SequentialBlock();
        int[] widths = {16, 32, 64};
        for (int i = 0; i < widths.length; i++) {
            block.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optPadding(new Shape(1, 1))
                                    .optStride(i == 0 ? new Shape(1, 1) : new Shape(2, 2))
                                    .setFilters(widths[i])
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        return block.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    private static Block copyAsSync(Block trained, Model into) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trained.saveParameters(new DataOutputStream(bytes));
        Block block = BatchNormConverter.toSyncInPlace(cnn());
        try {
            block.loadParameters(
                    into.getNDManager(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (MalformedModelException e) {
            throw new IOException("cannot copy the weights into the SyncBN network", e);
        }
        return block;
    }

    private static Trainer trainer(Model model) {
        return model.newTrainer(
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(Tracker.fixed(0.01f))
                                        .build())
                        .optDevices(new Device[] {Device.cpu()}));
    }

    private static Batch batch(NDManager manager, NDArray x, NDArray y) {
        NDManager scope = manager.newSubManager();
        return new Batch(
                scope,
                new NDList(x.duplicate()),
                new NDList(y.duplicate()),
                BATCH,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                0);
    }
}
