/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guard stops a run at the step it goes non-finite, naming the loss and the array, and lets a
 * healthy run finish.
 */
class NonFiniteGuardTest {

    private static ArrayDataset data(NDManager manager, float scale) {
        int n = 32;
        float[] x = new float[n * 4];
        float[] y = new float[n];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * scale;
        }
        for (int i = 0; i < n; i++) {
            y[i] = x[i * 4] > 0 ? 1 : 0;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 4)))
                .optLabels(manager.create(y))
                .setSampling(8, false)
                .build();
    }

    private static Trainer trainer(Model model, float lr, NonFiniteGuard guard) {
        model.setBlock(
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(2).build()));
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(
                                Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build())
                        .addTrainingListeners(guard);
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(8, 4));
        return trainer;
    }

    @Test
    void aHealthyRunFinishes() throws Exception {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("healthy");
                Trainer trainer = trainer(model, 0.1f, NonFiniteGuard.everyStep())) {
            EasyTrain.fit(trainer, 3, data(manager, 1), null);
            for (var p : model.getBlock().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    assertThat(v).isFinite();
                }
            }
        }
    }

    @Test
    void aRunThatBlowsUpStopsAtTheFirstNonFiniteStepNamingTheLossAndTheArray() throws Exception {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("blows-up");
                Trainer trainer = trainer(model, 1e30f, NonFiniteGuard.everyStep())) {
            assertThatThrownBy(() -> EasyTrain.fit(trainer, 20, data(manager, 1e3f), null))
                    .isInstanceOf(DivergedException.class)
                    .satisfies(
                            e -> {
                                DivergedException d = (DivergedException) e;
                                assertThat(d.getStep()).isGreaterThan(1);
                            })
                    .hasMessageMatching(
                            "training diverged at step \\d+: loss \\S+; first non-finite: (loss on"
                                    + " cpu\\(\\)|parameter \\S+|gradient of \\S+), \\d+ of \\d+"
                                    + " values, the first at index \\d+ \\((NaN|-?Infinity)\\)");
        }
        // checked only every 1000th step, the same run trains on to its end, non-finite
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("unguarded");
                Trainer trainer =
                        trainer(model, 1e30f, NonFiniteGuard.builder().optEvery(1000).build())) {
            EasyTrain.fit(trainer, 20, data(manager, 1e3f), null);
            float[] w =
                    model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            boolean diverged = false;
            for (float v : w) {
                diverged |= !Float.isFinite(v);
            }
            assertThat(diverged).as("the unguarded run diverged").isTrue();
        }
    }

    @Test
    void aCheckIntervalBelowOneIsRejected() {
        assertThatThrownBy(() -> NonFiniteGuard.builder().optEvery(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every must be an integer >= 1 (steps between checks), got 0");
    }
}
