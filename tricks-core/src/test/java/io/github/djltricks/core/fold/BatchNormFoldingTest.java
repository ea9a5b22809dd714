/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

import static io.github.djltricks.core.fold.FoldChecks.gaussian;
import static io.github.djltricks.core.fold.FoldChecks.infer;
import static io.github.djltricks.core.fold.FoldChecks.randomizeStatistics;
import static io.github.djltricks.core.fold.FoldChecks.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.github.djltricks.core.acnet.AsymmetricConvBlock;
import io.github.djltricks.core.engine.FillCheck;
import io.github.djltricks.core.engine.OneDnn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A convolution with its batch normalization folded in computes what the pair computes in inference
 * mode (the defining identity), for k = 1, 3 and 5, stride 1 and 2, with and without a convolution
 * bias and groups; the tree rewrite folds every pair in order, fuses every ACNet block, keeps the
 * outputs and frees what it took out.
 */
class BatchNormFoldingTest {

    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void oneDnnOff() {
        OneDnn.setEnabled(false);
    }

    private static Conv2d conv(int k, int filters, int stride, boolean bias, int groups) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .optBias(bias)
                .optGroups(groups)
                .build();
    }

    private static SequentialBlock convNorm(int k, int filters, int stride) {
        return new SequentialBlock()
                .add(conv(k, filters, stride, false, 1))
                .add(BatchNorm.builder().build());
    }

    @ParameterizedTest
    @CsvSource({
        "3, 1, false, 1",
        "3, 2, false, 1",
        "5, 1, false, 1",
        "5, 2, false, 1",
        "3, 1, true, 1",
        "5, 2, true, 2",
        "1, 1, true, 1",
        "3, 2, false, 16"
    })
    void foldedConvolutionEqualsTheConvolutionAndItsNormalization(
            int k, int stride, boolean bias, int groups) {
        Engine.getInstance().setRandomSeed(21);
        Shape input = new Shape(2, 16, 11, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            Conv2d conv = conv(k, 32, stride, bias, groups);
            BatchNorm bn = BatchNorm.builder().optEpsilon(1e-3f).build();
            SequentialBlock pair = new SequentialBlock().add(conv).add(bn);
            pair.initialize(manager, DataType.FLOAT32, input);
            randomizeStatistics(pair, 22);
            Conv2d folded = BatchNormFolding.fold(conv, bn);
            assertThat(folded.isIncludeBias()).isTrue();
            assertThat(folded.getKernelShape()).isEqualTo(conv.getKernelShape());
            assertThat(folded.getStride()).isEqualTo(conv.getStride());
            assertThat(folded.getPadding()).isEqualTo(conv.getPadding());
            assertThat(folded.getGroups()).isEqualTo(groups);
            NDArray x = gaussian(manager, input, 23);
            assertThat(relativeError(infer(folded, x), infer(pair, x)))
                    .as("k=%d stride=%d bias=%s groups=%d", k, stride, bias, groups)
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void foldedWeightsAreTheFormulaAndLeaveNothingBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Conv2d conv = conv(3, 2, 1, true, 1);
            BatchNorm bn = BatchNorm.builder().build();
            SequentialBlock pair = new SequentialBlock().add(conv).add(bn);
            pair.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            manager.create(
                            new float[] {
                                1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9
                            })
                    .reshape(2, 1, 3, 3)
                    .copyTo(conv.getParameters().get("weight").getArray());
            set(conv, "bias", 0.5f, -1f);
            set(bn, "gamma", 2f, 0.5f);
            set(bn, "beta", 0.25f, 1f);
            set(bn, "runningMean", 1f, -2f);
            set(bn, "runningVar", 3f, 0.25f);
            int arrays = manager.getManagedArrays().size();
            try (NDManager into = manager.newSubManager();
                    FoldedWeights folded = BatchNormFolding.foldedWeights(conv, bn, into)) {
                assertThat(into.getManagedArrays()).hasSize(2);
                assertThat(manager.getManagedArrays()).hasSize(arrays + 2);
                double s0 = 2 / Math.sqrt(3 + 1e-5);
                double s1 = 0.5 / Math.sqrt(0.25 + 1e-5);
                float[] w = folded.weight().toFloatArray();
                assertThat(folded.weight().getShape()).isEqualTo(new Shape(2, 1, 3, 3));
                assertThat((double) w[4]).isCloseTo(5 * s0, offset(1e-5));
                assertThat((double) w[13]).isCloseTo(-5 * s1, offset(1e-5));
                float[] b = folded.bias().toFloatArray();
                assertThat((double) b[0]).isCloseTo(0.25 - s0 * 1 + s0 * 0.5, offset(1e-6));
                assertThat((double) b[1]).isCloseTo(1 + s1 * 2 - s1 * 1, offset(1e-6));
            }
            assertThat(manager.getManagedArrays()).hasSize(arrays);
        }
    }

    private static void set(Block block, String name, float... values) {
        NDArray array = block.getParameters().get(name).getArray();
        try (NDArray v = array.getManager().create(values)) {
            v.copyTo(array);
        }
    }

    private static Block tree() {
        Block left = convNorm(3, 16, 1);
        Block right =
                new SequentialBlock()
                        .add(AsymmetricConvBlock.builder().setKernelSize(3).setFilters(16).build())
                        .add(Activation.reluBlock());
        return new SequentialBlock()
                .add(conv(3, 16, 1, true, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(
                        new ParallelBlock(
                                list -> {
                                    NDList out = new NDList();
                                    list.forEach(out::addAll);
                                    return new NDList(NDArrays.concat(out, 1));
                                },
                                List.of(left, right)))
                .add(conv(5, 16, 2, false, 1)) // a convolution without a batch norm
                .add(Activation.reluBlock())
                .add(BatchNorm.builder().build()) // a batch norm after a ReLU: not folded
                .add(
                        AsymmetricConvBlock.builder()
                                .setKernelSize(5)
                                .setFilters(16)
                                .optStride(2)
                                .build())
                .add(convNorm(1, 16, 1));
    }

    private static List<Block> layers(Block block, List<Block> into) {
        into.add(block);
        for (Block child : block.getChildren().values()) {
            layers(child, into);
        }
        return into;
    }

    /**
     * A tree of pairs, ACNet blocks, a lone convolution and a lone batch norm, trained a few steps
     * so that the statistics are those of data: folding keeps the inference output. {@code
     * .ci/fill-check} compares the folded parameters across fill bytes.
     */
    @Test
    void foldInPlaceFoldsEveryPairAndFusesEveryBlockKeepingTheOutput() {
        Engine.getInstance().setRandomSeed(31);
        Shape input = new Shape(4, 16, 12, 12);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("fold")) {
            Block root = tree();
            Shape output = root.getOutputShapes(new Shape[] {input})[0];
            NDArray x = gaussian(manager, input, 32);
            FoldChecks.train(model, root, x, gaussian(manager, output, 33), 3, 0.02f);
            NDArray fresh = gaussian(manager, new Shape(3, 16, 12, 12), 34);
            NDArray before = infer(root, fresh);
            List<String> names = new ArrayList<>(root.getChildren().keys());
            NDManager params = model.getNDManager();
            int arrays = params.getManagedArrays().size();
            int parameters = root.getParameters().size();

            FoldReport report = BatchNormFolding.foldInPlace(root);
            FillCheck.record("BatchNormFoldingTest-folded-tree", root);

            assertThat(report).isEqualTo(new FoldReport(3, 2));
            assertThat(report.total()).isEqualTo(5);
            assertThat(relativeError(infer(root, fresh), before)).isLessThanOrEqualTo(TOLERANCE);
            List<Block> all = layers(root, new ArrayList<>());
            assertThat(all).noneMatch(b -> b instanceof AsymmetricConvBlock);
            assertThat(all).filteredOn(b -> b instanceof BatchNorm).hasSize(1);
            assertThat(all).filteredOn(b -> b instanceof Conv2d).hasSize(6);
            names.remove("02BatchNorm");
            assertThat(root.getChildren().keys()).containsExactlyElementsOf(names);
            // a pair's weight (and bias) and four batch-norm arrays become a weight and a bias;
            // a block's three weights and twelve batch-norm arrays become a weight and a bias
            int removed = (6 + 5 + 5 - 3 * 2) + 2 * (15 - 2);
            assertThat(root.getParameters().size()).isEqualTo(parameters - removed);
            assertThat(params.getManagedArrays()).hasSize(arrays - removed);
        }
    }

    @Test
    void aSequenceThatReturnsItsIntermediatesKeepsItsPairs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock intermediates = convNorm(3, 16, 1).setReturnIntermediate(true);
            Block root = new SequentialBlock().add(intermediates);
            Shape input = new Shape(1, 16, 5, 5);
            root.initialize(manager, DataType.FLOAT32, input);
            assertThat(BatchNormFolding.foldInPlace(root)).isEqualTo(new FoldReport(0, 0));
            assertThat(intermediates.getChildren().size()).isEqualTo(2);
        }
    }

    @Test
    void badInputIsRejectedByName() {
        assertThatThrownBy(() -> BatchNormFolding.foldInPlace(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root=null");
        assertThatThrownBy(
                        () ->
                                BatchNormFolding.foldInPlace(
                                        AsymmetricConvBlock.builder()
                                                .setKernelSize(3)
                                                .setFilters(4)
                                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Fusible itself")
                .hasMessageContaining("root=AsymmetricConvBlock")
                .hasMessageContaining("wrap the layer in a SequentialBlock");
        assertThatThrownBy(() -> BatchNormFolding.foldInPlace(convNorm(3, 4, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conv (Conv2d) is not initialized");
        assertThatThrownBy(() -> BatchNormFolding.fold(null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv=null");
        try (NDManager manager = NDManager.newBaseManager()) {
            Conv2d conv = conv(3, 4, 1, false, 1);
            conv.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 5, 5));
            BatchNorm other = BatchNorm.builder().build();
            other.initialize(manager, DataType.FLOAT32, new Shape(1, 6, 5, 5));
            assertThatThrownBy(() -> BatchNormFolding.fold(conv, other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one channel per filter of conv (4), got 6 channels");
            BatchNorm lastAxis = BatchNorm.builder().optAxis(3).build();
            lastAxis.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 5, 4));
            assertThatThrownBy(() -> BatchNormFolding.fold(conv, lastAxis))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channel axis 1, got axis=3");
            assertThatThrownBy(
                            () ->
                                    BatchNormFolding.withWeights(
                                            conv,
                                            new FoldedWeights(
                                                    manager.zeros(new Shape(4, 4, 1, 1)),
                                                    manager.zeros(new Shape(4)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weights must be shaped (4, 4, 3, 3) and (4)");
        }
    }
}
