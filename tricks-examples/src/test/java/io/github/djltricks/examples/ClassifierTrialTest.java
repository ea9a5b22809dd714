/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.github.djltricks.core.distill.DistillationBlock;
import io.github.djltricks.core.distill.DistillationLoss;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.examples.data.FashionMnist;
import io.github.djltricks.examples.data.IdxFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's weight EMA: the test figures come from the shadow, the trained weights come back bit for
 * bit, the training is the same as without it, and with distillation only the student is averaged
 * while the shared teacher is left as it was.
 */
class ClassifierTrialTest {

    private static final long SEED = 3;

    @TempDir Path dir;

    private ClassifierTrial.Data data;

    @BeforeEach
    void tinyData() throws IOException {
        IdxFiles.write(dir, Dataset.Usage.TRAIN, 32);
        IdxFiles.write(dir, Dataset.Usage.TEST, 16);
        data =
                new ClassifierTrial.Data(
                        set(Dataset.Usage.TRAIN, true), set(Dataset.Usage.TEST, false), 8);
    }

    private FashionMnist set(Dataset.Usage usage, boolean shuffle) throws IOException {
        FashionMnist set =
                FashionMnist.builder()
                        .optDirectory(dir)
                        .optUsage(usage)
                        .setSampling(8, shuffle)
                        .build();
        set.prepare(null);
        return set;
    }

    /** Two epochs of 4 batches of a width-2 ResNet, with plain SGD, optionally with an EMA. */
    private static ClassifierTrial.Plan plan(String series, WeightEma ema) {
        Block net = ClassifierNets.resnet(2, 1);
        return new ClassifierTrial.Plan(
                series,
                net,
                LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0).build(),
                sgd(),
                2,
                0,
                2,
                ema == null ? List.of() : List.of(ema));
    }

    private static Optimizer sgd() {
        return Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.9f)
                .build();
    }

    /** Trains a plan as a kept teacher, so its block's trained weights can be read afterwards. */
    private ClassifierTrial.Teacher train(ClassifierTrial trial, ClassifierTrial.Plan plan)
            throws IOException, TranslateException {
        return trial.teacher(SEED, () -> plan);
    }

    /** Every parameter's values, exactly (Float.toString round-trips). */
    private static Map<String, String> weights(Block block) {
        Map<String, String> weights = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            weights.put(p.getKey(), Arrays.toString(p.getValue().getArray().toFloatArray()));
        }
        return weights;
    }

    @Test
    void theFiguresComeFromTheShadowAndTheTrainedWeightsComeBack()
            throws IOException, TranslateException {
        ClassifierTrial.Outcome plain;
        Map<String, String> trained;
        try (ClassifierTrial trial = new ClassifierTrial(data, null, null, null)) {
            ClassifierTrial.Teacher run = train(trial, plan("plain", null));
            plain = run.outcome();
            trained = weights(run.model().getBlock());
        }
        ClassifierTrial.Outcome averaged;
        Map<String, String> after;
        try (ClassifierTrial trial = new ClassifierTrial(data, null, null, null)) {
            ClassifierTrial.Teacher run = train(trial, plan("ema", WeightEma.of(0.5, 0)));
            averaged = run.outcome();
            after = weights(run.model().getBlock());
        }
        // the EMA changes nothing in the training: the same losses and the same trained weights,
        // written back after the evaluation
        assertThat(averaged.smoothed()).containsExactly(plain.smoothed());
        assertThat(after).isEqualTo(trained);
        // while the test figures are the shadow's, not the trained weights'
        assertThat(averaged.test().nll()).isFinite().isNotEqualTo(plain.test().nll());
        assertThat(averaged.test().total()).isEqualTo(plain.test().total()).isEqualTo(16);
    }

    @Test
    void aZeroDecayShadowIsTheTrainedWeightsSoTheFiguresAreTheTrainedOnes()
            throws IOException, TranslateException {
        try (ClassifierTrial trial = new ClassifierTrial(data, null, null, null)) {
            ClassifierTrial.Outcome plain = trial.fit(plan("plain", null), SEED);
            ClassifierTrial.Outcome zero = trial.fit(plan("d = 0", WeightEma.of(0, 0)), SEED);
            ClassifierTrial.Outcome half = trial.fit(plan("d = 0.5", WeightEma.of(0.5, 0)), SEED);
            // d = 0: the shadow is the latest weights and statistics, so the figures are the
            // trained weights' bit for bit; d = 0.5 averages, and the figures move
            assertThat(zero.test()).isEqualTo(plain.test());
            assertThat(half.test()).isNotEqualTo(plain.test());
            assertThat(half.smoothed()).containsExactly(plain.smoothed());
        }
    }

    @Test
    void withDistillationOnlyTheStudentIsAveragedAndTheTeacherIsLeftAsItWas()
            throws IOException, TranslateException {
        try (ClassifierTrial trial = new ClassifierTrial(data, null, null, null)) {
            Block teacher =
                    trial.teacher(
                                    SEED,
                                    () ->
                                            ClassifierTrial.Plan.of(
                                                    "teacher",
                                                    ClassifierNets.resnet(4, 1),
                                                    LabelSmoothingCrossEntropyLoss.builder()
                                                            .optEpsilon(0)
                                                            .build(),
                                                    sgd(),
                                                    1))
                            .model()
                            .getBlock();
            Map<String, String> before = weights(teacher);
            Block student = ClassifierNets.resnet(2, 1);
            DistillationBlock block =
                    DistillationBlock.builder().setStudent(student).setTeacher(teacher).build();
            assertThat(WeightEma.averaged(block)).isSameAs(student);
            assertThat(WeightEma.averaged(student)).isSameAs(student);
            Loss task = LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0).build();
            ClassifierTrial.Outcome outcome =
                    trial.fit(
                            new ClassifierTrial.Plan(
                                    "distillation with EMA",
                                    block,
                                    DistillationLoss.hinton(task, 4f, 0.5f),
                                    sgd(),
                                    2,
                                    0,
                                    2,
                                    List.of(WeightEma.of(0.9, 2))),
                            SEED);
            assertThat(outcome.test().nll()).isFinite().isPositive();
            assertThat(outcome.trainLoss()).isFinite().isPositive();
            // the teacher every seed's distillation runs share: not a bit changed
            assertThat(weights(teacher)).isEqualTo(before);
        }
    }

    @Test
    void theDecayFollowsTheRunLength() {
        // the full form: 10,000 images / 64 = 157 batches x 8 epochs; horizon 1 + 157 updates
        WeightEma full = WeightEma.over(8 * 157);
        assertThat(full.decay()).isCloseTo(157.0 / 158, within(1e-12));
        assertThat(1 / (1 - full.decay())).isCloseTo(158, within(1e-6));
        assertThat(full.rampUpdates()).isEqualTo(157);
        // the quick form: 2,000 / 64 = 32 batches x 4 epochs
        WeightEma quick = WeightEma.over(4 * 32);
        assertThat(quick.decay()).isCloseTo(16.0 / 17, within(1e-12));
        assertThat(quick.rampUpdates()).isEqualTo(16);
        // a run of one update still averages a little, and none is refused by name
        assertThat(WeightEma.over(1).decay()).isStrictlyBetween(0.0, 1.0);
        assertThatThrownBy(() -> WeightEma.over(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("updates")
                .hasMessageContaining("0");
    }
}
