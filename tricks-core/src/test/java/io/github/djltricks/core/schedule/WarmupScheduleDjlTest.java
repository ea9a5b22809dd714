/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import org.junit.jupiter.api.Test;

/**
 * The schedule inside DJL's training machinery: the learning rate SGD actually applies, recovered
 * from the parameter change of a linear model whose gradient is known, is the schedule's value at
 * that step; device copies are grouped by {@code optUpdatesPerStep}; and DJL's own warmup + cosine
 * pair reads the same curve one update later.
 */
class WarmupScheduleDjlTest {

    /** Linear warmup 0.05 → 0.5 over 3 steps, cosine to 0.02 at step 10. */
    private static WarmupSchedule.Builder schedule() {
        return WarmupSchedule.builder()
                .setBaseValue(0.5f)
                .optWarmupBegin(0.05f)
                .optWarmupSteps(3)
                .setTotalSteps(10)
                .optFinalValue(0.02f)
                .cosine();
    }

    @Test
    void sgdAppliesTheScheduleValueAtEveryStep() {
        WarmupSchedule lr = schedule().build();
        // y = w·x with x = (1, 2, 0.5) and loss = sum(y): dL/dw = x, exact in float, so one SGD
        // step moves w by exactly lr·x up to the rounding of w itself.
        float[] x = {1f, 2f, 0.5f};
        Linear block = Linear.builder().setUnits(1).optBias(false).build();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(lr).build())
                        .optInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT)
                        .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance("schedule", Device.cpu())) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3));
                Parameter weight = block.getParameters().get("weight");
                for (int step = 1; step <= 13; step++) {
                    float[] before = weight.getArray().toFloatArray();
                    try (NDManager batch = trainer.getManager().newSubManager();
                            GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray input = batch.create(x, new Shape(1, 3));
                        NDArray y = trainer.forward(new NDList(input)).singletonOrThrow();
                        collector.backward(y.sum());
                    }
                    trainer.step();
                    float[] after = weight.getArray().toFloatArray();
                    double expected = lr.value(step - 1);
                    for (int j = 0; j < x.length; j++) {
                        double applied = ((double) before[j] - after[j]) / x[j];
                        double roundOff =
                                Math.ulp(Math.max(Math.abs(before[j]), Math.abs(after[j]))) / x[j];
                        assertThat(applied)
                                .as(
                                        "lr applied at step %d (numUpdate %d), weight %d",
                                        step, step, j)
                                .isCloseTo(expected, within(roundOff + Math.ulp((float) expected)));
                    }
                }
            }
        }
        // The steps checked are distinguishable: neighbours differ far more than the tolerance.
        for (int t = 0; t < 10; t++) {
            assertThat(Math.abs(lr.value(t + 1) - lr.value(t))).isGreaterThan(1e-3);
        }
    }

    @Test
    void updatesPerStepGroupsDeviceCopiesOfOneStep() {
        // DJL's LocalParameterServer updates each device copy of a parameter in turn, counting one
        // update per copy. Two copies per step: with optUpdatesPerStep(2) both get value(step).
        float[][] grouped = appliedToTwoCopies(schedule().optUpdatesPerStep(2).build(), 6);
        WarmupSchedule lr = schedule().build();
        for (int step = 0; step < 6; step++) {
            assertThat(grouped[step][0]).isCloseTo((float) lr.value(step), within(2e-6f));
            assertThat(grouped[step][1]).isCloseTo((float) lr.value(step), within(2e-6f));
        }
        // Without it the schedule runs twice as fast and the copies disagree.
        float[][] ungrouped = appliedToTwoCopies(lr, 2);
        assertThat(ungrouped[0][1]).isCloseTo((float) lr.value(1), within(2e-6f));
        assertThat(ungrouped[1][0]).isCloseTo((float) lr.value(2), within(2e-6f));
    }

    @Test
    void resumedOptimizerContinuesTheSchedule() {
        // A run resumed after 4 steps: DJL's optBeginNumUpdate(4) makes the first update number 5,
        // and the stateless schedule continues at value(4).
        WarmupSchedule lr = schedule().build();
        float[][] resumed =
                applied(
                        Optimizer.sgd().setLearningRateTracker(lr).optBeginNumUpdate(4).build(),
                        1,
                        3);
        for (int step = 0; step < 3; step++) {
            assertThat(resumed[step][0]).isCloseTo((float) lr.value(4 + step), within(2e-6f));
        }
    }

    /** Learning rates that SGD applied to two copies of one parameter, per step. */
    private static float[][] appliedToTwoCopies(Tracker lr, int steps) {
        return applied(Optimizer.sgd().setLearningRateTracker(lr).build(), 2, steps);
    }

    /**
     * Learning rates an optimizer applied to {@code n} copies of one parameter through DJL's {@link
     * LocalParameterServer}, per step; the copies' gradients sum to 1.
     */
    private static float[][] applied(Optimizer optimizer, int n, int steps) {
        float[][] applied = new float[steps][n];
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                LocalParameterServer server = new LocalParameterServer(optimizer)) {
            NDArray[] copies = new NDArray[n];
            for (int c = 0; c < n; c++) {
                copies[c] = manager.zeros(new Shape(1));
            }
            for (int step = 0; step < steps; step++) {
                float[] before = new float[n];
                for (int c = 0; c < n; c++) {
                    before[c] = copies[c].getFloat();
                }
                try (NDManager batch = manager.newSubManager()) {
                    NDArray[] grads = new NDArray[n];
                    for (int c = 0; c < n; c++) {
                        grads[c] = batch.full(new Shape(1), 1f / n);
                    }
                    server.update("weight", grads, copies);
                }
                for (int c = 0; c < n; c++) {
                    applied[step][c] = before[c] - copies[c].getFloat();
                }
            }
        }
        return applied;
    }

    @Test
    void djlWarmupPlusCosineReadsTheSameCurveOneUpdateLater() {
        // DJL's WarmUpTracker + CosineTracker use numUpdate itself as the step, so its first update
        // (numUpdate 1) reads value(1) and the warmup begin value is never applied; ours reads
        // value(0). With the final value set (DJL's default is 0.01) the curves are the same.
        int warmup = 50;
        int total = 400;
        WarmupSchedule ours =
                WarmupSchedule.builder()
                        .setBaseValue(0.1f)
                        .optWarmupBegin(0.001f)
                        .optWarmupSteps(warmup)
                        .setTotalSteps(total)
                        .optFinalValue(0.0005f)
                        .cosine()
                        .build();
        Tracker djl =
                WarmUpTracker.builder()
                        .setMainTracker(
                                CosineTracker.builder()
                                        .setBaseValue(0.1f)
                                        .optFinalValue(0.0005f)
                                        .setMaxUpdates(total - warmup)
                                        .build())
                        .optWarmUpSteps(warmup)
                        .optWarmUpBeginValue(0.001f)
                        .build();
        for (int numUpdate = 1; numUpdate <= total + 20; numUpdate++) {
            assertThat(ours.getNewValue(numUpdate))
                    .as("numUpdate %d", numUpdate)
                    .isCloseTo(djl.getNewValue(numUpdate - 1), within(1e-6f * 0.1f));
        }
        assertThat(ours.getNewValue(1)).isEqualTo(0.001f);
        assertThat(djl.getNewValue(1)).isGreaterThan(0.001f);
    }
}
