/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.core.schedule.WarmupSchedule;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end: {@code EasyTrain.fit} with mixup/CutMix, label smoothing and a warmup-cosine schedule
 * ({@link WarmupSchedule}, linear warmup then cosine) trains a small CNN on generated images.
 */
class MixupTrainingTest {

    private static final int CLASSES = 4;
    private static final int SIDE = 12;

    /** Class k: a bright 4×4 square in quadrant k over Gaussian noise. */
    private static ArrayDataset images(NDManager manager, int size, long seed, int batch) {
        Random random = new Random(seed);
        float[] x = new float[size * SIDE * SIDE];
        float[] y = new float[size];
        for (int n = 0; n < size; n++) {
            int k = random.nextInt(CLASSES);
            y[n] = k;
            int top = (k / 2) * 6 + 1 + random.nextInt(2);
            int left = (k % 2) * 6 + 1 + random.nextInt(2);
            for (int i = 0; i < SIDE * SIDE; i++) {
                x[n * SIDE * SIDE + i] = (float) (random.nextGaussian() * 0.4);
            }
            for (int r = top; r < top + 4; r++) {
                for (int c = left; c < left + 4; c++) {
                    x[n * SIDE * SIDE + r * SIDE + c] += 1f;
                }
            }
        }
        NDArray data = manager.create(x, new Shape(size, 1, SIDE, SIDE));
        return new ArrayDataset.Builder()
                .setData(data)
                .optLabels(manager.create(y))
                .setSampling(batch, true)
                .build();
    }

    @Test
    void fitWithMixupAndLabelSmoothingBeatsChance() throws Exception {
        Engine.getInstance().setRandomSeed(1234);
        int epochs = 4;
        int batch = 32;
        int trainSize = 512;
        int steps = epochs * trainSize / batch;
        Mixup mixup =
                Mixup.builder()
                        .setNumClasses(CLASSES)
                        .optMixupAlpha(0.2)
                        .optCutMixAlpha(1.0)
                        .optOffEpoch(epochs - 1)
                        .optSeed(42)
                        .build();
        WarmupSchedule schedule =
                WarmupSchedule.builder()
                        .setBaseValue(0.1f)
                        .optWarmupSteps(8)
                        .optWarmupBegin(0.01f)
                        .setTotalSteps(steps)
                        .optFinalValue(0.001f)
                        .cosine()
                        .build();
        SequentialBlock net =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(8)
                                        .build())
                        .add(Activation::relu)
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(CLASSES).build());
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("mixup-cnn")) {
            model.setBlock(net);
            ArrayDataset train = images(manager, trainSize, 1, batch);
            ArrayDataset validate = images(manager, 256, 2, batch);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(
                                    LabelSmoothingCrossEntropyLoss.builder()
                                            .optEpsilon(0.1)
                                            .build())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(schedule)
                                            .optMomentum(0.9f)
                                            .build())
                            .addEvaluator(new Accuracy())
                            .addTrainingListeners(TrainingListener.Defaults.basic())
                            .addTrainingListeners(mixup.clock());
            TrainingResult result;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 1, SIDE, SIDE));
                EasyTrain.fit(trainer, epochs, new MixupDataset(train, mixup), validate);
                result = trainer.getTrainingResult();
            }
            assertThat(mixup.getEpoch()).isEqualTo(epochs);
            assertThat(mixup.isActive()).isFalse();
            assertThat(result.getEpoch()).isEqualTo(epochs);
            float accuracy = result.getValidateEvaluation("Accuracy");
            float validationLoss = result.getValidateLoss();
            assertThat(validationLoss).isFinite().isPositive();
            assertThat(accuracy).as("validation accuracy, chance is 0.25").isGreaterThan(0.6f);
        }
    }
}
