/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.clock;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainingClockTest {

    @Test
    void countsTheBatchesAndEpochsOfEasyTrainFit() throws Exception {
        TrainingClock clock = new TrainingClock();
        assertThat(clock.iteration()).isZero();
        assertThat(clock.epoch()).isZero();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("clock")) {
            model.setBlock(Linear.builder().setUnits(1).build());
            NDArray x = manager.randomUniform(0, 1, new Shape(10, 3));
            NDArray y = manager.randomUniform(0, 1, new Shape(10, 1));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(y)
                            .setSampling(4, false)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).addTrainingListeners(clock);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 3));
                EasyTrain.fit(trainer, 2, data, null);
            }
        }
        // 10 samples in batches of 4: 3 batches per epoch (the last one partial), 2 epochs
        assertThat(clock.iteration()).isEqualTo(6);
        assertThat(clock.epoch()).isEqualTo(2);
    }

    @Test
    void countsFromManyThreadsWithoutLosingAnAdvance() {
        TrainingClock clock = new TrainingClock();
        IntStream.range(0, 10_000).parallel().forEach(i -> clock.advanceBatch());
        assertThat(clock.iteration()).isEqualTo(10_000);
        assertThat(clock).hasToString("TrainingClock[iteration=10000, epoch=0]");
    }
}
