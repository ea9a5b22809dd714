/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.djltricks.core.Gc;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every distillation loss's autograd gradient equals central differences (float64), with respect to
 * the student's input, and for the feature losses also with respect to the connector's 1×1
 * convolution weights and batch-norm scale.
 */
class DistillGradientTest {

    private static final double H = 1e-6;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray random(NDManager m, long seed, Shape shape, double scale) {
        Engine.getInstance().setRandomSeed((int) seed);
        return m.randomNormal(0, (float) scale, shape, DataType.FLOAT64);
    }

    /** Checks d f / d x against central differences at every element of x. */
    private static void checkInput(NDArray x, Function<NDArray, NDArray> f) {
        NDArray grad;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            x.setRequiresGradient(true);
            zero(x);
            NDArray value = f.apply(x);
            Gc.settle();
            gc.backward(value);
            grad = x.getGradient().duplicate();
        }
        x.setRequiresGradient(false);
        double[] analytic = grad.toDoubleArray();
        double[] base = x.toDoubleArray();
        double maxAbs = 0;
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            plus[i] += H;
            double[] minus = base.clone();
            minus[i] -= H;
            double fd =
                    (scalar(f.apply(x.getManager().create(plus, x.getShape())))
                                    - scalar(f.apply(x.getManager().create(minus, x.getShape()))))
                            / (2 * H);
            assertThat(analytic[i])
                    .as("element %d", i)
                    .isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
            maxAbs = Math.max(maxAbs, Math.abs(fd));
        }
        assertThat(maxAbs).as("the check sees a non-zero gradient").isGreaterThan(1e-4);
    }

    private static void zero(NDArray array) {
        if (array.hasGradient()) {
            NDArray g = array.getGradient();
            g.subi(g);
        }
    }

    private static double scalar(NDArray a) {
        return a.getDouble();
    }

    @Test
    void softTargetGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 1, new Shape(4, 6), 2);
            NDArray s = random(m, 2, new Shape(4, 6), 2);
            SoftTargetLoss loss = SoftTargetLoss.builder().optTemperature(3).build();
            checkInput(s, x -> loss.compute(t, x));
        }
    }

    @Test
    void decoupledGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 13, new Shape(4, 6), 2);
            NDArray s = random(m, 14, new Shape(4, 6), 2);
            NDArray labels = m.create(new float[] {0, 5, 2, 2});
            DecoupledKdLoss weighted =
                    DecoupledKdLoss.builder().optAlpha(1.5f).optBeta(3f).optTemperature(2f).build();
            checkInput(s, x -> weighted.compute(t, x, labels));
            DecoupledKdLoss defaults = DecoupledKdLoss.builder().build();
            checkInput(s, x -> defaults.compute(t, x, labels));
            // A confident teacher (p_t^T near 1), where NCKD still drives the gradient.
            NDArray boost = m.zeros(new Shape(4, 6), DataType.FLOAT64);
            for (int i = 0; i < 4; i++) {
                boost.set(new NDIndex(i, (long) labels.getFloat(i)), 12);
            }
            NDArray sure = t.add(boost);
            checkInput(s, x -> defaults.compute(sure, x, labels));
            // Two classes: TCKD alone.
            NDArray t2 = random(m, 15, new Shape(3, 2), 2);
            NDArray s2 = random(m, 16, new Shape(3, 2), 2);
            NDArray labels2 = m.create(new int[] {1, 0, 1});
            checkInput(s2, x -> defaults.compute(t2, x, labels2));
        }
    }

    @Test
    void hintGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 3, new Shape(2, 3, 2, 2), 1);
            NDArray s = random(m, 4, new Shape(2, 3, 2, 2), 1);
            HintLoss loss = new HintLoss();
            checkInput(s, x -> loss.compute(t, x));
        }
    }

    @Test
    void overhaulGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 5, new Shape(2, 3, 2, 2), 1);
            NDArray s = random(m, 6, new Shape(2, 3, 2, 2), 1);
            OverhaulLoss loss = OverhaulLoss.builder().setMargin(-0.3f, -0.8f, -0.1f).build();
            checkInput(s, x -> loss.compute(t, x));
        }
    }

    @Test
    void rkdDistanceGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 7, new Shape(5, 4), 1);
            NDArray s = random(m, 8, new Shape(5, 3), 1);
            checkInput(s, x -> RelationalLoss.distanceLoss(t, x));
        }
    }

    @Test
    void rkdAngleGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray t = random(m, 9, new Shape(5, 4), 1);
            NDArray s = random(m, 10, new Shape(5, 3), 1);
            checkInput(s, x -> RelationalLoss.angleLoss(t, x));
            RelationalLoss both = RelationalLoss.builder().build();
            checkInput(s, x -> both.compute(t, x));
        }
    }

    /**
     * Two student embeddings that coincide (a dead ReLU maps both to zero) have no direction
     * between them: the angle loss must give them no gradient rather than the 1/eps spike that
     * dividing the zero difference by the clamped norm would give, and the other points keep
     * theirs.
     */
    @Test
    void rkdGradientStaysBoundedWhenStudentEmbeddingsCoincide() {
        try (NDManager m = manager.newSubManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray t = random(m, 11, new Shape(5, 4), 1).toType(type, false);
                NDArray s = random(m, 12, new Shape(5, 3), 1).toType(type, false);
                s.set(new NDIndex("0:2"), 0); // rows 0 and 1: the same (all-zero) embedding
                RelationalLoss loss = RelationalLoss.builder().build();
                double[] grad;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    s.setRequiresGradient(true);
                    NDArray value = loss.compute(t, s);
                    assertThat(Double.isFinite(value.toType(DataType.FLOAT64, false).getDouble()))
                            .as("%s loss finite", type)
                            .isTrue();
                    Gc.settle();
                    gc.backward(value);
                    grad = s.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                }
                double maxAbs = 0;
                for (double g : grad) {
                    assertThat(Double.isFinite(g)).as("%s gradient finite", type).isTrue();
                    maxAbs = Math.max(maxAbs, Math.abs(g));
                }
                assertThat(maxAbs).as("%s largest gradient", type).isBetween(1e-3, 1e3);
            }
        }
    }

    @Test
    void compositeGradientThroughConnectorParameters() {
        // Student: conv 2 channels; teacher: conv 3 channels + BN; the hint and Overhaul taps
        // both need a 1×1 conv + BN connector from 2 to 3 channels.
        Block student =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(2)
                                        .build())
                        .add(Blocks.batchFlattenBlock());
        Block teacher =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(3)
                                        .build())
                        .add(BatchNorm.builder().build())
                        .add(Blocks.batchFlattenBlock());
        DistillationBlock block =
                DistillationBlock.builder()
                        .setStudent(student)
                        .setTeacher(teacher)
                        .addConnectedTap("hint", "0", "1")
                        .addConnectedTap("overhaul", "0", "1")
                        .build();
        try (NDManager m = manager.newSubManager()) {
            Shape input = new Shape(3, 1, 4, 4);
            block.initialize(m, DataType.FLOAT64, input);
            NDArray x = random(m, 11, input, 1);
            OverhaulLoss overhaul = OverhaulLoss.builder().setMargin(-0.5f, -0.2f, -1f).build();
            DistillationLoss loss =
                    DistillationLoss.builder(block)
                            .setTaskLoss(new HintLoss("task"))
                            .optTaskWeight(0)
                            .addTerm("hint", new HintLoss(), 1.5f)
                            .addTerm("overhaul", overhaul, 0.5f)
                            .build();
            NDArray label = random(m, 12, new Shape(3, 32), 1);
            for (String tap : new String[] {"hint", "overhaul"}) {
                Block connector = block.getConnector(tap);
                for (Parameter p : connector.getParameters().values()) {
                    if (!p.requiresGradient()) {
                        continue; // running statistics
                    }
                    checkParameter(block, p.getArray(), x, label, loss, m);
                }
            }
        }
    }

    private static long[] unflatten(long flat, Shape shape) {
        long[] index = new long[shape.dimension()];
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            index[d] = flat % shape.get(d);
            flat /= shape.get(d);
        }
        return index;
    }

    /** Checks d loss / d parameter against central differences at every element. */
    private static void checkParameter(
            Block block,
            NDArray param,
            NDArray x,
            NDArray label,
            DistillationLoss loss,
            NDManager m) {
        ParameterStore ps = new ParameterStore(m, false);
        Function<Void, NDArray> f =
                v -> loss.evaluate(new NDList(label), block.forward(ps, new NDList(x), true));
        NDArray grad;
        // PyTorch accumulates gradients across backward calls: start from zero.
        block.getParameters().values().forEach(p -> zero(p.getArray()));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray value = f.apply(null);
            Gc.settle();
            gc.backward(value);
            grad = param.getGradient().duplicate();
        }
        param.setRequiresGradient(false);
        double[] analytic = grad.toDoubleArray();
        double[] base = param.toDoubleArray();
        double maxAbs = 0;
        for (int i = 0; i < base.length; i++) {
            NDIndex at = new NDIndex(unflatten(i, param.getShape()));
            param.set(at, base[i] + H);
            double plus = f.apply(null).getDouble();
            param.set(at, base[i] - H);
            double minus = f.apply(null).getDouble();
            param.set(at, base[i]);
            double fd = (plus - minus) / (2 * H);
            assertThat(analytic[i])
                    .as("%s element %d", param.getName(), i)
                    .isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
            maxAbs = Math.max(maxAbs, Math.abs(fd));
        }
        param.setRequiresGradient(true);
        assertThat(maxAbs).as("non-zero gradient of %s", param.getName()).isGreaterThan(1e-4);
    }
}
