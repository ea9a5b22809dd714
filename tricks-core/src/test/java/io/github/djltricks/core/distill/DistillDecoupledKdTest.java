/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.github.djltricks.core.Gc;
import io.github.djltricks.core.clock.TrainingClock;
import io.github.djltricks.core.engine.FillCheck;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DecoupledKdLoss}: its defining identity against {@link SoftTargetLoss} (classic KD is TCKD
 * + (1 − p_t^T)·NCKD per sample, Zhao et al. 2022, Eq. 4/5), finite values on degenerate input, bad
 * input rejected by name, the warm-up, and its wiring as a {@link DistillationLoss} term that reads
 * the class labels, through a short training.
 */
class DistillDecoupledKdTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static NDArray random(NDManager m, int seed, Shape shape, double scale) {
        Engine.getInstance().setRandomSeed(seed);
        return m.randomNormal(0, (float) scale, shape, DataType.FLOAT32);
    }

    private static NDArray labels(NDManager m, int seed, int rows, int classes) {
        Engine.getInstance().setRandomSeed(seed);
        return m.randomInteger(0, classes, new Shape(rows), DataType.INT64)
                .toType(DataType.FLOAT32, false);
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double value(NDArray scalar) {
        return scalar.toType(DataType.FLOAT64, false).getDouble();
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64"})
    void classicKdIsTckdPlusNonTargetMassTimesNckdPerSample(DataType type) {
        int[][] shapes = {{6, 10}, {5, 2}, {4, 100}, {7, 3}};
        int checked = 0;
        int seed = 100;
        for (int[] nc : shapes) {
            for (float temperature : new float[] {1f, 4f, 0.5f}) {
                try (NDManager m = manager.newSubManager()) {
                    int n = nc[0];
                    int c = nc[1];
                    NDArray t = random(m, seed++, new Shape(n, c), 3).toType(type, false);
                    NDArray s = random(m, seed++, new Shape(n, c), 3).toType(type, false);
                    NDArray y = labels(m, seed++, n, c);
                    DecoupledKdLoss dkd =
                            DecoupledKdLoss.builder().optTemperature(temperature).build();
                    NDList parts = dkd.decompose(t, s, y);
                    assertThat(parts.get(0).getShape()).isEqualTo(new Shape(n));
                    assertThat(parts.get(1).getShape()).isEqualTo(new Shape(n));
                    assertThat(parts.get(0).getDataType()).isEqualTo(type);
                    double[] tckd = doubles(parts.get(0));
                    double[] nckd = doubles(parts.get(1));
                    double[] teacherP = doubles(t.div(temperature).softmax(1));
                    long[] target = y.toType(DataType.INT64, false).toLongArray();
                    SoftTargetLoss kd =
                            SoftTargetLoss.builder().optTemperature(temperature).build();
                    for (int i = 0; i < n; i++) {
                        NDIndex row = new NDIndex("{}:{}", i, i + 1);
                        // SoftTargetLoss of one row is T²·KL(p^T ‖ p^S).
                        double classic =
                                value(kd.compute(t.get(row), s.get(row)))
                                        / ((double) temperature * temperature);
                        double decoupled =
                                tckd[i] + (1 - teacherP[i * c + (int) target[i]]) * nckd[i];
                        double tolerance =
                                type == DataType.FLOAT64
                                        ? 1e-12 * Math.max(1, classic)
                                        : 2e-6 + 2e-5 * Math.abs(classic);
                        assertThat(decoupled)
                                .as("%s row %d of (%d, %d), T = %s", type, i, n, c, temperature)
                                .isCloseTo(classic, within(tolerance));
                        assertThat(tckd[i]).isGreaterThanOrEqualTo(-1e-6);
                        assertThat(nckd[i]).isGreaterThanOrEqualTo(-1e-6);
                        if (c == 2) {
                            assertThat(nckd[i]).as("one non-target class: p̂ = [1]").isZero();
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(3 * (6 + 5 + 4 + 7));
    }

    @Test
    void lossIsTheWeightedSumOfThePartsAndZeroAtTheTeacher() {
        NDArray t = random(manager, 1, new Shape(5, 8), 2);
        NDArray s = random(manager, 2, new Shape(5, 8), 2);
        NDArray y = labels(manager, 3, 5, 8);
        DecoupledKdLoss dkd =
                DecoupledKdLoss.builder().optAlpha(0.7f).optBeta(3f).optTemperature(2f).build();
        NDList parts = dkd.decompose(t, s, y);
        double expected =
                4.0 / 5 * (0.7 * value(parts.get(0).sum()) + 3 * value(parts.get(1).sum()));
        NDArray loss = dkd.compute(t, s, y);
        assertThat(loss.getShape()).isEqualTo(new Shape());
        assertThat(loss.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(value(loss)).isPositive().isCloseTo(expected, within(1e-5 * expected));
        // evaluate: labels are the teacher's logits, then the class labels.
        assertThat(value(dkd.evaluate(new NDList(t, y), new NDList(s))))
                .isCloseTo(value(loss), within(1e-6));
        // Labels (N, 1) and of an integer type read the same.
        assertThat(value(dkd.compute(t, s, y.toType(DataType.INT32, false).reshape(5, 1))))
                .isCloseTo(value(loss), within(1e-6));
        assertThat(value(dkd.compute(t, t.duplicate(), y))).isCloseTo(0, within(1e-6));
        // The defaults are the paper's CIFAR setting.
        DecoupledKdLoss defaults = DecoupledKdLoss.builder().build();
        assertThat(defaults.getAlpha()).isEqualTo(1f);
        assertThat(defaults.getBeta()).isEqualTo(8f);
        assertThat(defaults.getTemperature()).isEqualTo(4f);
        assertThat(defaults.getWarmupEpochs()).isZero();
        assertThat(defaults.warmupFactor()).isEqualTo(1);
        assertThat(defaults.getName()).isEqualTo("DecoupledKdLoss");
    }

    /** The loss and the gradient with respect to the student's logits, all finite. */
    private static double[] lossAndGradient(
            DecoupledKdLoss dkd, NDArray teacher, NDArray student, NDArray y) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            student.setRequiresGradient(true);
            NDArray loss = dkd.compute(teacher, student, y);
            Gc.settle();
            gc.backward(loss);
            double[] grad = doubles(student.getGradient());
            double[] out = new double[grad.length + 1];
            out[0] = value(loss);
            System.arraycopy(grad, 0, out, 1, grad.length);
            for (double v : out) {
                assertThat(v).isFinite();
            }
            return out;
        } finally {
            student.setRequiresGradient(false);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64"})
    void degenerateInputGivesFiniteLossAndGradient(DataType type) {
        DecoupledKdLoss dkd = DecoupledKdLoss.builder().build();
        DecoupledKdLoss sharp = DecoupledKdLoss.builder().optTemperature(1f).build();
        try (NDManager m = manager.newSubManager()) {
            NDArray y = m.create(new float[] {0, 3, 2, 4});
            long[] target = {0, 3, 2, 4};
            // A one-hot teacher: b^T = [1, 0], so TCKD is the student's cross-entropy at T.
            float[] oneHot = new float[4 * 5];
            for (int i = 0; i < 4; i++) {
                oneHot[i * 5 + (int) target[i]] = 1e4f;
            }
            NDArray teacher = m.create(oneHot, new Shape(4, 5)).toType(type, false);
            NDArray student = random(m, 7, new Shape(4, 5), 2).toType(type, false);
            for (DecoupledKdLoss loss : new DecoupledKdLoss[] {dkd, sharp}) {
                lossAndGradient(loss, teacher, student, y);
                double[] tckd = doubles(loss.decompose(teacher, student, y).get(0));
                double[] logS = doubles(student.div(loss.getTemperature()).logSoftmax(1));
                for (int i = 0; i < 4; i++) {
                    assertThat(tckd[i]).isCloseTo(-logS[i * 5 + (int) target[i]], within(1e-5));
                }
            }

            // Very large logits on both sides, and a student certain of the target.
            NDArray big = random(m, 8, new Shape(4, 5), 1).mul(1e4).toType(type, false);
            NDArray bigStudent = random(m, 9, new Shape(4, 5), 1).mul(1e4).toType(type, false);
            lossAndGradient(dkd, big, bigStudent, y);
            lossAndGradient(sharp, big, bigStudent, y);
            lossAndGradient(sharp, bigStudent, teacher, y);
            lossAndGradient(sharp, teacher, teacher.duplicate(), y);

            // Two classes: NCKD is 0, the loss is α·T²·mean TCKD.
            NDArray t2 = random(m, 10, new Shape(3, 2), 3).toType(type, false);
            NDArray s2 = random(m, 11, new Shape(3, 2), 3).toType(type, false);
            NDArray y2 = m.create(new int[] {1, 0, 1});
            double[] both = lossAndGradient(dkd, t2, s2, y2);
            NDList parts = dkd.decompose(t2, s2, y2);
            assertThat(doubles(parts.get(1))).containsOnly(0.0);
            assertThat(both[0])
                    .isCloseTo(
                            16 * value(parts.get(0).mean()), within(1e-5 * Math.max(1, both[0])));
            lossAndGradient(sharp, t2.mul(1e4), s2.mul(-1e4), y2);
        }
    }

    private static void rejects(ThrowingCallable call, String... fragments) {
        var assertion = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        for (String fragment : fragments) {
            assertion.hasMessageContaining(fragment);
        }
    }

    @Test
    void badInputIsRejectedNamingTheParameterAndValue() {
        rejects(() -> DecoupledKdLoss.builder().optAlpha(-1).build(), "alpha", "-1.0", ">= 0");
        rejects(() -> DecoupledKdLoss.builder().optBeta(-0.5f).build(), "beta", "-0.5", ">= 0");
        rejects(() -> DecoupledKdLoss.builder().optAlpha(Float.NaN).build(), "alpha", "NaN");
        rejects(
                () -> DecoupledKdLoss.builder().optBeta(Float.POSITIVE_INFINITY).build(),
                "beta",
                "Infinity");
        rejects(
                () -> DecoupledKdLoss.builder().optTemperature(0).build(),
                "temperature",
                "0.0",
                "positive");
        rejects(() -> DecoupledKdLoss.builder().optTemperature(-2).build(), "temperature", "-2.0");
        rejects(() -> DecoupledKdLoss.builder().optTemperature(Float.NaN).build(), "temperature");
        rejects(
                () -> DecoupledKdLoss.builder().optWarmup(new TrainingClock(), 0).build(),
                "warmupEpochs",
                "0",
                ">= 1");
        rejects(() -> DecoupledKdLoss.builder().optWarmup(null, 20).build(), "clock", "null");

        DecoupledKdLoss dkd = DecoupledKdLoss.builder().build();
        NDArray t = random(manager, 1, new Shape(4, 10), 1);
        NDArray s = random(manager, 2, new Shape(4, 10), 1);
        rejects(
                () -> dkd.compute(t, s, manager.create(new float[] {0, 9, 10, 1})),
                "labels[2] = 10.0",
                "[0, 10)");
        rejects(
                () -> dkd.compute(t, s, manager.create(new int[] {-1, 0, 0, 0})),
                "labels[0] = -1.0");
        rejects(
                () -> dkd.compute(t, s, manager.create(new float[] {0, 2.5f, 0, 0})),
                "labels[1] = 2.5",
                "integer");
        rejects(
                () -> dkd.compute(t, s, manager.create(new float[] {0, 1, 2})),
                "labels shape (3)",
                "N = 4");
        rejects(() -> dkd.compute(t, s, manager.zeros(new Shape(4, 10))), "labels shape (4, 10)");
        rejects(
                () ->
                        dkd.compute(
                                t,
                                random(manager, 3, new Shape(4, 9), 1),
                                labels(manager, 4, 4, 9)),
                "student logits shape (4, 9)",
                "teacher logits shape (4, 10)");
        rejects(
                () -> dkd.compute(t.get(0), s.get(0), manager.create(new float[] {1})),
                "student logits must be (N, C)",
                "(10)");
        rejects(
                () ->
                        dkd.compute(
                                manager.zeros(new Shape(4, 1)),
                                manager.zeros(new Shape(4, 1)),
                                manager.zeros(new Shape(4))),
                "C >= 2",
                "(4, 1)");
        rejects(
                () -> dkd.evaluate(new NDList(t), new NDList(s)),
                "labels must hold the teacher's logits and then the class labels",
                "1 array");
    }

    @Test
    void warmupScalesTheLossLinearlyOverTheFirstEpochs() {
        NDArray t = random(manager, 1, new Shape(4, 6), 2);
        NDArray s = random(manager, 2, new Shape(4, 6), 2);
        NDArray y = labels(manager, 3, 4, 6);
        double full = value(DecoupledKdLoss.builder().build().compute(t, s, y));
        TrainingClock clock = new TrainingClock();
        DecoupledKdLoss warm = DecoupledKdLoss.builder().optWarmup(clock, 4).build();
        assertThat(warm.getWarmupEpochs()).isEqualTo(4);
        double[] factors = {0.25, 0.5, 0.75, 1, 1, 1};
        for (double factor : factors) {
            assertThat(warm.warmupFactor()).isEqualTo(factor);
            assertThat(value(warm.compute(t, s, y)))
                    .as("epoch %d", clock.epoch())
                    .isCloseTo(factor * full, within(1e-5 * full));
            clock.advanceEpoch();
        }
    }

    /** flatten → linear(16) → ReLU → linear(5). */
    private static Block net(int hidden) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    @Test
    void aDistillationLossTermReadsTheClassLabels() {
        Shape input = new Shape(8, 1, 3, 3);
        Engine.getInstance().setRandomSeed(5);
        Block teacher = net(32);
        teacher.initialize(manager, DataType.FLOAT32, input);
        DistillationBlock block =
                DistillationBlock.builder().setStudent(net(8)).setTeacher(teacher).build();
        block.initialize(manager, DataType.FLOAT32, input);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = random(manager, 6, input, 1);
        NDList out = block.forward(ps, new NDList(x), true);
        NDList labels = new NDList(manager.create(new float[] {0, 1, 2, 3, 4, 0, 1, 2}));
        Loss task = Loss.softmaxCrossEntropyLoss();
        DecoupledKdLoss dkd = DecoupledKdLoss.builder().optBeta(2f).build();
        DistillationLoss loss =
                DistillationLoss.builder(block)
                        .setTaskLoss(task)
                        .addTerm(DistillationBlock.OUTPUT, dkd, 1f)
                        .build();
        NDArray studentOut = out.get("student/output");
        double expected =
                value(task.evaluate(labels, new NDList(studentOut)))
                        + value(dkd.compute(out.get("teacher/output"), studentOut, labels.head()));
        assertThat(value(loss.evaluate(labels, out))).isCloseTo(expected, within(1e-5));
        // Validation batches (the student's outputs only): the task loss alone.
        NDList inference = block.forward(ps, new NDList(x), false);
        assertThat(value(loss.evaluate(labels, inference)))
                .isEqualTo(value(task.evaluate(labels, inference)));
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void trainsAStudentWithEasyTrainAndAWarmup() throws IOException, TranslateException {
        Shape input = new Shape(8, 1, 3, 3);
        TrainingClock clock = new TrainingClock();
        try (Model model = Model.newInstance("dkd")) {
            Engine.getInstance().setRandomSeed(11);
            Block teacher = net(32);
            teacher.initialize(model.getNDManager(), DataType.FLOAT32, input);
            DistillationBlock block =
                    DistillationBlock.builder().setStudent(net(8)).setTeacher(teacher).build();
            DistillationLoss loss =
                    DistillationLoss.builder(block)
                            .setTaskLoss(Loss.softmaxCrossEntropyLoss())
                            .addTerm(
                                    DistillationBlock.OUTPUT,
                                    DecoupledKdLoss.builder().optWarmup(clock, 2).build(),
                                    1f)
                            .build();
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.05f))
                                            .build())
                            .addTrainingListeners(TrainingListener.Defaults.basic())
                            .addTrainingListeners(clock);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input);
                Map<String, float[]> teacherBefore = snapshot(teacher);
                Map<String, float[]> studentBefore = snapshot(block.getStudent());
                NDManager m = model.getNDManager();
                NDArray data = random(m, 12, new Shape(40, 1, 3, 3), 1);
                NDArray y = labels(m, 13, 40, 5);
                ArrayDataset train =
                        new ArrayDataset.Builder()
                                .setData(data)
                                .optLabels(y)
                                .setSampling(8, false)
                                .build();
                EasyTrain.fit(trainer, 2, train, null);
                assertThat(clock.epoch()).isEqualTo(2);
                assertThat(trainer.getTrainingResult().getTrainLoss()).isFinite().isPositive();
                Map<String, float[]> studentAfter = snapshot(block.getStudent());
                studentBefore.forEach(
                        (k, v) -> assertThat(studentAfter.get(k)).as(k).isNotEqualTo(v));
                Map<String, float[]> teacherAfter = snapshot(teacher);
                teacherBefore.forEach(
                        (k, v) -> assertThat(teacherAfter.get(k)).as(k).containsExactly(v));
                FillCheck.record("DistillDecoupledKdTest-easytrain", block.getStudent());
            }
        }
    }
}
