/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oneDNN switch works, and with it off the upstream reproduction (two convolutions of 4 or 8
 * filters, the channel counts whose oneDNN training reads unwritten padding) trains to finite
 * weights; {@code .ci/fill-check} compares the digests this test records across fill bytes.
 */
class OneDnnTest {

    @Test
    void theSwitchTurnsOneDnnOnAndOff() {
        boolean before = OneDnn.isEnabled();
        try {
            OneDnn.setEnabled(true);
            assertThat(OneDnn.isEnabled()).isTrue();
            OneDnn.setEnabled(false);
            assertThat(OneDnn.isEnabled()).isFalse();
        } finally {
            OneDnn.setEnabled(before);
        }
    }

    @Test
    void testsRunWithOneDnnOff() {
        // OneDnnOffSession, registered for every test JVM, turned it off
        assertThat(OneDnn.isEnabled()).isFalse();
    }

    /**
     * The network of the upstream reproduction ({@code PlainDjlConvRepro}): 47 examples of 1×8×8 in
     * batches of 10, 4 epochs of SGD with momentum, two 3×3 convolutions of {@code filters} filters
     * with batch norm. With oneDNN on, 4 and 8 filters gave NaN weights on an AVX-512 machine, and
     * other weights under every fill byte of the allocator.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16})
    void plainDjlConvolutionTrainingIsFiniteWithOneDnnOff(int filters) throws Exception {
        float[] first = train(filters);
        for (float w : first) {
            assertThat(w).isFinite();
        }
        assertThat(train(filters)).as("same seed, same bits").isEqualTo(first);
    }

    private static float[] train(int filters) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        int n = 47;
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("repro")) {
            SequentialBlock net =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .optPadding(new Shape(1, 1))
                                            .setFilters(filters)
                                            .build())
                            .add(BatchNorm.builder().build())
                            .add(Activation.reluBlock())
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .setFilters(filters)
                                            .build())
                            .add(BatchNorm.builder().build())
                            .add(Activation.reluBlock())
                            .add(Pool.globalAvgPool2dBlock())
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(3).build());
            model.setBlock(net);
            float[] x = new float[n * 64];
            float[] y = new float[n];
            Random random = new Random(7);
            for (int i = 0; i < n; i++) {
                y[i] = random.nextInt(3);
                for (int j = 0; j < 64; j++) {
                    x[i * 64 + j] = (float) (random.nextGaussian() + 0.5 * y[i]);
                }
            }
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.create(x, new Shape(n, 1, 8, 8)))
                            .optLabels(manager.create(y))
                            .setSampling(10, false)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .optMomentum(0.9f)
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(10, 1, 8, 8));
                EasyTrain.fit(trainer, 4, data, null);
            }
            FillCheck.record("OneDnnTest-" + filters + "-filters", net);
            return net.getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }
}
