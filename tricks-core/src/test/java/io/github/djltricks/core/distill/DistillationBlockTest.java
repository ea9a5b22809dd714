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
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher–student wiring: training outputs, frozen teacher, student-only inference and
 * persistence, the composite loss with {@code EasyTrain.fit} and validation, and bad input.
 */
class DistillationBlockTest {

    private static final Shape INPUT = new Shape(8, 1, 6, 6);
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(42);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Block conv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }

    /** conv(4) → BN → ReLU → flatten → linear(5). */
    static Block student() {
        return new SequentialBlock()
                .add(conv(4))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    /** conv(8) → BN → ReLU → [conv(8) → BN] → ReLU → flatten → linear(5). */
    static Block teacher() {
        return new SequentialBlock()
                .add(conv(8))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(new SequentialBlock().add(conv(8)).add(BatchNorm.builder().build()))
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    /** A teacher with non-trivial running statistics, as a trained one has. */
    private Block trainedTeacher() {
        Block teacher = teacher();
        teacher.initialize(manager, DataType.FLOAT32, INPUT);
        ParameterStore ps = new ParameterStore(manager, false);
        for (int i = 0; i < 3; i++) {
            teacher.forward(ps, new NDList(manager.randomNormal(INPUT).add(1)), true);
        }
        return teacher;
    }

    private DistillationBlock block(Block teacher) {
        return DistillationBlock.builder()
                .setStudent(student())
                .setTeacher(teacher)
                .addConnectedTap("hint", "1", "3/02BatchNorm")
                .addTap("embed", "3", "5")
                .build();
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void trainingForwardReturnsStudentTapsAndTeacherNamedInOrder() {
        Block teacher = trainedTeacher();
        DistillationBlock block = block(teacher);
        block.initialize(manager, DataType.FLOAT32, INPUT);
        NDArray x = manager.randomNormal(INPUT);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList out = block.forward(ps, new NDList(x), true);
        List<String> names = new ArrayList<>();
        out.forEach(a -> names.add(a.getName()));
        assertThat(names)
                .containsExactly(
                        "student/output",
                        "student/hint",
                        "student/embed",
                        "teacher/output",
                        "teacher/hint",
                        "teacher/embed");
        assertThat(out.get("student/output").getShape()).isEqualTo(new Shape(8, 5));
        // The connector maps 4 student channels onto the teacher's 8.
        assertThat(out.get("student/hint").getShape()).isEqualTo(new Shape(8, 8, 6, 6));
        assertThat(out.get("teacher/hint").getShape()).isEqualTo(new Shape(8, 8, 6, 6));
        assertThat(out.get("student/embed").getShape()).isEqualTo(new Shape(8, 144));
        assertThat(out.get("teacher/embed").getShape()).isEqualTo(new Shape(8, 288));

        // The teacher's output is its inference-mode output.
        NDArray expected = teacher.forward(ps, new NDList(x), false).head();
        assertThat(out.get("teacher/output").toFloatArray())
                .containsExactly(expected.toFloatArray());

        // Inference: the student's outputs only, as the student computes them.
        NDList inference = block.forward(ps, new NDList(x), false);
        assertThat(inference).hasSize(1);
        assertThat(inference.head().toFloatArray())
                .containsExactly(
                        block.getStudent().forward(ps, new NDList(x), false).head().toFloatArray());
        assertThat(block.getOutputShapes(new Shape[] {INPUT})).containsExactly(new Shape(8, 5));
    }

    @Test
    void overhaulMarginComesFromTheTeachersBatchNorm() {
        Block teacher = trainedTeacher();
        Block bn = teacher.getChildren().get("04SequentialBlock").getChildren().get("02BatchNorm");
        float[] margin = OverhaulLoss.marginFromBatchNorm(bn);
        // Fresh BN: gamma 1, beta 0, so E[x | x < 0] for N(0, 1) is -sqrt(2/pi).
        assertThat(margin).hasSize(8);
        for (float v : margin) {
            assertThat((double) v).isCloseTo(-Math.sqrt(2 / Math.PI), within(1e-6));
        }
        assertThatThrownBy(() -> OverhaulLoss.marginFromBatchNorm(conv(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma");
    }

    private static ArrayDataset dataset(NDManager m, int n, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        NDArray x = m.randomNormal(new Shape(n, 1, 6, 6));
        NDArray y =
                m.randomInteger(0, 5, new Shape(n), DataType.INT32).toType(DataType.FLOAT32, false);
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(8, false).build();
    }

    @Test
    void teacherIsBitIdenticalAfterTenStepsAndValidationUsesTaskLoss(@TempDir Path dir)
            throws IOException, TranslateException, ai.djl.MalformedModelException {
        Block teacher = trainedTeacher();
        Map<String, float[]> teacherBefore = snapshot(teacher);
        DistillationBlock block = block(teacher);
        Loss task = Loss.softmaxCrossEntropyLoss();
        float[] margin = new float[8];
        java.util.Arrays.fill(margin, -0.5f);
        DistillationLoss loss =
                DistillationLoss.builder(block)
                        .setTaskLoss(task)
                        .optTaskWeight(0.5f)
                        .addTerm(
                                DistillationBlock.OUTPUT,
                                SoftTargetLoss.builder().optTemperature(4).build(),
                                0.5f)
                        .addTerm("hint", new HintLoss(), 1f)
                        .addTerm("hint", OverhaulLoss.builder().setMargin(margin).build(), 1e-3f)
                        .addTerm("embed", RelationalLoss.builder().build(), 1f)
                        .build();
        try (Model model = Model.newInstance("distill")) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build())
                            .addEvaluator(new Accuracy())
                            .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(INPUT);
                Map<String, float[]> studentBefore = snapshot(block.getStudent());
                Map<String, float[]> connectorBefore = snapshot(block.getConnector("hint"));
                ArrayDataset train = dataset(model.getNDManager(), 80, 1); // 10 batches of 8
                ArrayDataset valid = dataset(model.getNDManager(), 16, 2);
                EasyTrain.fit(trainer, 1, train, valid);
                TrainingResult result = trainer.getTrainingResult();

                Map<String, float[]> teacherAfter = snapshot(teacher);
                assertThat(teacherAfter.keySet()).isEqualTo(teacherBefore.keySet());
                assertThat(teacherAfter.keySet())
                        .anyMatch(k -> k.endsWith("runningMean"))
                        .anyMatch(k -> k.endsWith("runningVar"));
                teacherBefore.forEach(
                        (k, v) -> assertThat(teacherAfter.get(k)).as(k).containsExactly(v));
                for (Parameter p : teacher.getParameters().values()) {
                    assertThat(p.requiresGradient()).as(p.getName()).isFalse();
                }

                // The student did train: its weights and BN statistics moved.
                Map<String, float[]> studentAfter = snapshot(block.getStudent());
                studentBefore.forEach(
                        (k, v) -> assertThat(studentAfter.get(k)).as(k).isNotEqualTo(v));
                // The connector trained with it.
                Map<String, float[]> connectorAfter = snapshot(block.getConnector("hint"));
                connectorBefore.forEach(
                        (k, v) -> assertThat(connectorAfter.get(k)).as(k).isNotEqualTo(v));

                // Validation: the loss of the student's outputs alone is the task loss.
                float validationLoss = result.getValidateLoss();
                assertThat(validationLoss).isFinite().isPositive();
                ParameterStore ps = new ParameterStore(model.getNDManager(), false);
                double sum = 0;
                int batches = 0;
                for (ai.djl.training.dataset.Batch b : trainer.iterateDataset(valid)) {
                    NDList preds = block.forward(ps, b.getData(), false);
                    assertThat(preds).hasSize(1);
                    sum += loss.evaluate(b.getLabels(), preds).getFloat();
                    assertThat(loss.evaluate(b.getLabels(), preds).getFloat())
                            .isEqualTo(task.evaluate(b.getLabels(), preds).getFloat());
                    batches++;
                    b.close();
                }
                assertThat(validationLoss).isCloseTo((float) (sum / batches), within(1e-4f));

                // The student alone saves and loads without the teacher.
                NDArray x = manager.randomNormal(INPUT);
                float[] expected =
                        block.getStudent().forward(ps, new NDList(x), false).head().toFloatArray();
                try (Model studentModel = Model.newInstance("student")) {
                    studentModel.setBlock(block.getStudent());
                    studentModel.save(dir, "student");
                }
                assertThat(Files.list(dir)).hasSize(1);
                long teacherParams = teacher.getParameters().size();
                assertThat(teacherParams).isPositive();
                try (Model loaded = Model.newInstance("student")) {
                    loaded.setBlock(student());
                    loaded.load(dir, "student");
                    ParameterStore ps2 = new ParameterStore(loaded.getNDManager(), false);
                    float[] actual =
                            loaded.getBlock()
                                    .forward(ps2, new NDList(x), false)
                                    .head()
                                    .toFloatArray();
                    assertThat(actual).containsExactly(expected);
                }
            }
        }
    }

    /** Trains for one epoch of 5 batches from the given seed and returns the block's parameters. */
    private Map<String, float[]> trainFromSeed(Block block, Loss loss, Block student)
            throws IOException, TranslateException {
        try (Model model = Model.newInstance("m")) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                Engine.getInstance().setRandomSeed(7);
                trainer.initialize(INPUT);
                EasyTrain.fit(trainer, 1, dataset(model.getNDManager(), 40, 3), null);
                return snapshot(student);
            }
        }
    }

    @Test
    void zeroWeightDistillationTrainsExactlyLikeTheStudentAlone()
            throws IOException, TranslateException {
        Block teacher = trainedTeacher();
        Block alone = student();
        Map<String, float[]> expected = trainFromSeed(alone, Loss.softmaxCrossEntropyLoss(), alone);
        Block student = student();
        DistillationBlock block =
                DistillationBlock.builder().setStudent(student).setTeacher(teacher).build();
        Map<String, float[]> actual =
                trainFromSeed(
                        block,
                        DistillationLoss.hinton(Loss.softmaxCrossEntropyLoss(), 4, 0),
                        student);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));

        // With a non-zero share the teacher does change the student's training.
        Block another = student();
        DistillationBlock distilling =
                DistillationBlock.builder().setStudent(another).setTeacher(teacher).build();
        Map<String, float[]> distilled =
                trainFromSeed(
                        distilling,
                        DistillationLoss.hinton(Loss.softmaxCrossEntropyLoss(), 4, 0.5f),
                        another);
        assertThat(distilled.get("05Linear_weight")).isNotEqualTo(expected.get("05Linear_weight"));
    }

    @Test
    void compositeIsTaskPlusWeightedTerms() {
        Block teacher = trainedTeacher();
        DistillationBlock block = block(teacher);
        block.initialize(manager, DataType.FLOAT32, INPUT);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList out = block.forward(ps, new NDList(manager.randomNormal(INPUT)), true);
        NDList labels = new NDList(manager.create(new float[] {0, 1, 2, 3, 4, 0, 1, 2}));
        Loss task = Loss.softmaxCrossEntropyLoss();
        SoftTargetLoss kd = SoftTargetLoss.builder().optTemperature(2).build();
        RelationalLoss rkd = RelationalLoss.builder().build();
        DistillationLoss loss =
                DistillationLoss.builder(block)
                        .setTaskLoss(task)
                        .optTaskWeight(0.3f)
                        .addTerm(DistillationBlock.OUTPUT, kd, 0.7f)
                        .addTerm("embed", rkd, 2f)
                        .build();
        float expected =
                0.3f * task.evaluate(labels, new NDList(out.get("student/output"))).getFloat()
                        + 0.7f
                                * kd.compute(out.get("teacher/output"), out.get("student/output"))
                                        .getFloat()
                        + 2f
                                * rkd.compute(out.get("teacher/embed"), out.get("student/embed"))
                                        .getFloat();
        assertThat(loss.evaluate(labels, out).getFloat()).isCloseTo(expected, within(1e-4f));

        DistillationLoss hinton = DistillationLoss.hinton(task, 2, 0.7f);
        assertThat(hinton.getTaskWeight()).isCloseTo(0.3f, within(1e-7f));
        float hintonExpected =
                0.3f * task.evaluate(labels, new NDList(out.get("student/output"))).getFloat()
                        + 0.7f
                                * kd.compute(out.get("teacher/output"), out.get("student/output"))
                                        .getFloat();
        assertThat(hinton.evaluate(labels, out).getFloat())
                .isCloseTo(hintonExpected, within(1e-4f));
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        assertThatThrownBy(() -> SoftTargetLoss.builder().optTemperature(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> SoftTargetLoss.builder().optTemperature(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> SoftTargetLoss.builder().optTemperature(Float.NaN).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DistillationLoss.hinton(Loss.l2Loss(), 0, 0.5f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> DistillationLoss.hinton(Loss.l2Loss(), 2, 1.5f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> RelationalLoss.builder().optDistanceWeight(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distanceWeight")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> RelationalLoss.builder().optAngleWeight(-0.5f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("angleWeight");
        assertThatThrownBy(() -> OverhaulLoss.builder().setMargin(-1f, 0.5f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin[1]");

        DistillationBlock block = block(teacher());
        assertThatThrownBy(
                        () ->
                                DistillationLoss.builder(block)
                                        .setTaskLoss(Loss.l2Loss())
                                        .addTerm("hint", new HintLoss(), -2f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight")
                .hasMessageContaining("-2.0");
        assertThatThrownBy(
                        () ->
                                DistillationLoss.builder(block)
                                        .setTaskLoss(Loss.l2Loss())
                                        .optTaskWeight(-1f)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskWeight");
        assertThatThrownBy(
                        () ->
                                DistillationLoss.builder(block)
                                        .setTaskLoss(Loss.l2Loss())
                                        .addTerm("nope", new HintLoss(), 1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("hint");

        // Tap paths that do not exist.
        assertThatThrownBy(
                        () ->
                                DistillationBlock.builder()
                                        .setStudent(student())
                                        .setTeacher(teacher())
                                        .addTap("t", "9", "1")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("student")
                .hasMessageContaining("'9'")
                .hasMessageContaining("02BatchNorm");
        assertThatThrownBy(
                        () ->
                                DistillationBlock.builder()
                                        .setStudent(student())
                                        .setTeacher(teacher())
                                        .addTap("t", "1", "3/07Nothing")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teacher")
                .hasMessageContaining("07Nothing");
        assertThatThrownBy(
                        () ->
                                DistillationBlock.builder()
                                        .setStudent(student())
                                        .setTeacher(teacher())
                                        .addTap("t", "1/0", "1")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SequentialBlock");
        assertThatThrownBy(
                        () ->
                                DistillationBlock.builder()
                                        .setStudent(student())
                                        .setTeacher(teacher())
                                        .addTap("output", "1", "1")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output");

        // A 1×1 connector cannot reconcile a feature map with a flat embedding.
        DistillationBlock mismatched =
                DistillationBlock.builder()
                        .setStudent(student())
                        .setTeacher(teacher())
                        .addConnectedTap("bad", "1", "5")
                        .build();
        assertThatThrownBy(() -> mismatched.initialize(manager, DataType.FLOAT32, INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'")
                .hasMessageContaining("(8, 4, 6, 6)")
                .hasMessageContaining("(8, 288)");

        // Features of different shapes without a connector.
        NDArray a = manager.zeros(new Shape(2, 3));
        NDArray b = manager.zeros(new Shape(2, 4));
        assertThatThrownBy(() -> new HintLoss().compute(a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 4)")
                .hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> RelationalLoss.angleLoss(a, manager.zeros(new Shape(3, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
    }
}
