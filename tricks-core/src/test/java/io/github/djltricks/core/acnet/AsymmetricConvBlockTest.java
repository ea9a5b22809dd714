/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.acnet;

import static io.github.djltricks.core.fold.FoldChecks.gaussian;
import static io.github.djltricks.core.fold.FoldChecks.infer;
import static io.github.djltricks.core.fold.FoldChecks.randomizeStatistics;
import static io.github.djltricks.core.fold.FoldChecks.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.github.djltricks.core.engine.FillCheck;
import io.github.djltricks.core.engine.OneDnn;
import io.github.djltricks.core.fold.FoldChecks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ACNet's block trains, has the output shape of the k×k convolution it replaces, and fuses into one
 * k×k convolution that computes the same in inference mode (its defining identity), for k = 3 and
 * 5, stride 1 and 2, with and without groups; bad options are rejected by name.
 */
class AsymmetricConvBlockTest {

    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void oneDnnOff() {
        OneDnn.setEnabled(false);
    }

    private static AsymmetricConvBlock block(int k, int filters, int stride, int groups) {
        return AsymmetricConvBlock.builder()
                .setKernelSize(k)
                .setFilters(filters)
                .optStride(stride)
                .optGroups(groups)
                .build();
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 11, 10", "3, 2, 11, 10", "5, 1, 9, 12", "5, 2, 9, 12", "7, 2, 8, 7"})
    void outputHasTheShapeOfTheSquareConvolution(int k, int stride, int height, int width) {
        Shape input = new Shape(2, 16, height, width);
        Conv2d plain =
                Conv2d.builder()
                        .setKernelShape(new Shape(k, k))
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(k / 2, k / 2))
                        .setFilters(8)
                        .build();
        Shape expected = plain.getOutputShapes(new Shape[] {input})[0];
        AsymmetricConvBlock acb = block(k, 8, stride, 1);
        assertThat(acb.getOutputShapes(new Shape[] {input})).containsExactly(expected);
        try (NDManager manager = NDManager.newBaseManager()) {
            acb.initialize(manager, DataType.FLOAT32, input);
            assertThat(infer(acb, gaussian(manager, input, 1)).getShape()).isEqualTo(expected);
        }
    }

    /**
     * A few SGD steps in training mode move γ, β and the running statistics away from their initial
     * values; then the fused convolution matches the block on fresh input.
     */
    @ParameterizedTest
    @CsvSource({"3, 1", "3, 2", "5, 1", "5, 2"})
    void fusedConvolutionEqualsTheTrainedBlockInInference(int k, int stride) {
        Engine.getInstance().setRandomSeed(11);
        Shape input = new Shape(4, 16, 11, 10);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("acnet")) {
            AsymmetricConvBlock acb = block(k, 16, stride, 1);
            Shape output = acb.getOutputShapes(new Shape[] {input})[0];
            NDArray x = gaussian(manager, input, 2);
            NDArray target = gaussian(manager, output, 3);
            FoldChecks.train(model, acb, x, target, 4, 0.05f);
            float[] runningVar =
                    acb.getParameters().get("02squareNorm_runningVar").getArray().toFloatArray();
            assertThat(runningVar).as("the statistics moved").doesNotContain(1f);

            Conv2d fused = acb.fuse();
            FillCheck.record("AsymmetricConvBlockTest-fused-" + k + "-" + stride, fused);
            assertThat(fused.getKernelShape()).isEqualTo(new Shape(k, k));
            assertThat(fused.getStride()).isEqualTo(new Shape(stride, stride));
            assertThat(fused.getPadding()).isEqualTo(new Shape(k / 2, k / 2));
            assertThat(fused.isIncludeBias()).isTrue();
            for (Shape shape : new Shape[] {new Shape(3, 16, 13, 9), input}) {
                NDArray fresh = gaussian(manager, shape, 4);
                assertThat(relativeError(infer(fused, fresh), infer(acb, fresh)))
                        .as("k=%d, stride=%d, input %s", k, stride, shape)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 2", "3, 2, 4", "5, 2, 2", "5, 1, 16"})
    void fusedConvolutionEqualsTheBlockWithRandomStatisticsAndGroups(
            int k, int stride, int groups) {
        Engine.getInstance().setRandomSeed(12);
        Shape input = new Shape(2, 16, 12, 11);
        try (NDManager manager = NDManager.newBaseManager()) {
            AsymmetricConvBlock acb = block(k, 32, stride, groups);
            acb.initialize(manager, DataType.FLOAT32, input);
            randomizeStatistics(acb, 5);
            Conv2d fused = acb.fuse();
            assertThat(fused.getGroups()).isEqualTo(groups);
            NDArray x = gaussian(manager, input, 6);
            assertThat(relativeError(infer(fused, x), infer(acb, x)))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void fusingLeavesOnlyTheFusedParametersBehindAndTheBlockUnchanged() {
        Shape input = new Shape(2, 16, 8, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            AsymmetricConvBlock acb = block(3, 16, 1, 1);
            acb.initialize(manager, DataType.FLOAT32, input);
            randomizeStatistics(acb, 7);
            NDArray x = gaussian(manager, input, 8);
            float[] before = infer(acb, x).toFloatArray();
            int arrays = manager.getManagedArrays().size();
            Conv2d fused = acb.fuse();
            assertThat(manager.getManagedArrays())
                    .as("the fused weight and bias, nothing else")
                    .hasSize(arrays + 2);
            assertThat(fused.getParameters().get("weight").getArray().getManager())
                    .isSameAs(manager);
            assertThat(infer(acb, x).toFloatArray()).containsExactly(before);
        }
    }

    /**
     * The block learns a fixed random 3×3 convolution of its input: the loss falls below a tenth of
     * where it started. {@code .ci/fill-check} compares the trained parameters across fill bytes.
     */
    @Test
    void trainsOnATinyProblem() {
        Engine.getInstance().setRandomSeed(13);
        Shape input = new Shape(8, 16, 8, 8);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("acnet-train")) {
            NDArray x = gaussian(manager, input, 9);
            NDArray teacherWeight = gaussian(manager, new Shape(16, 16, 3, 3), 10).mul(0.2);
            NDArray target =
                    Conv2d.conv2d(
                                    x,
                                    teacherWeight,
                                    null,
                                    new Shape(1, 1),
                                    new Shape(1, 1),
                                    new Shape(1, 1))
                            .singletonOrThrow();
            AsymmetricConvBlock acb = block(3, 16, 1, 1);
            float[] losses = FoldChecks.train(model, acb, x, target, 60, 0.05f);
            for (float loss : losses) {
                assertThat(loss).isFinite();
            }
            assertThat(losses[losses.length - 1]).isLessThan(losses[0] / 10);
            FillCheck.record("AsymmetricConvBlockTest-trains", acb);
        }
    }

    @Test
    void savedParametersLoadIntoAFreshBlock() throws Exception {
        Shape input = new Shape(2, 16, 7, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            AsymmetricConvBlock trained = block(5, 16, 2, 1);
            trained.initialize(manager, DataType.FLOAT32, input);
            randomizeStatistics(trained, 14);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trained.saveParameters(new DataOutputStream(bytes));
            AsymmetricConvBlock loaded = block(5, 16, 2, 1);
            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = gaussian(manager, input, 15);
            assertThat(infer(loaded, x).toFloatArray())
                    .containsExactly(infer(trained, x).toFloatArray());
            assertThat(relativeError(infer(loaded.fuse(), x), infer(trained, x)))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void childrenAreNamedForTheirKernels() {
        Block acb = block(3, 4, 1, 1);
        assertThat(acb.getChildren().keys())
                .containsExactly(
                        "01square",
                        "02squareNorm",
                        "03horizontal",
                        "04horizontalNorm",
                        "05vertical",
                        "06verticalNorm");
        assertThat(acb.getChildren().valueAt(1)).isInstanceOf(BatchNorm.class);
    }

    @Test
    void badOptionsAreRejectedByName() {
        for (int k : new int[] {0, 1, 2, 4, -3}) {
            assertThatThrownBy(() -> block(k, 8, 1, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kernelSize=" + k)
                    .hasMessageContaining("odd and at least 3");
        }
        assertThatThrownBy(() -> AsymmetricConvBlock.builder().setFilters(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setKernelSize is required");
        assertThatThrownBy(() -> block(3, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filters=0")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> block(3, 8, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride=0");
        assertThatThrownBy(() -> block(3, 8, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups=0");
        assertThatThrownBy(() -> block(3, 8, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divide filters=8")
                .hasMessageContaining("groups=3");
        assertThatThrownBy(
                        () ->
                                AsymmetricConvBlock.builder()
                                        .setKernelSize(3)
                                        .setFilters(8)
                                        .optEpsilon(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon=0.0");
        assertThatThrownBy(
                        () ->
                                AsymmetricConvBlock.builder()
                                        .setKernelSize(3)
                                        .setFilters(8)
                                        .optMomentum(1.5f)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum=1.5");
    }

    @Test
    void badInputsAndFusingBeforeInitializationAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(
                            () ->
                                    block(3, 8, 1, 2)
                                            .initialize(
                                                    manager,
                                                    DataType.FLOAT32,
                                                    new Shape(1, 3, 8, 8)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("groups=2")
                    .hasMessageContaining("channels=3");
            assertThatThrownBy(
                            () ->
                                    block(3, 8, 1, 1)
                                            .initialize(
                                                    manager, DataType.FLOAT32, new Shape(3, 8, 8)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(batch, channels, height, width)")
                    .hasMessageContaining("shape=(3, 8, 8)");
        }
        assertThatThrownBy(() -> block(3, 8, 1, 1).fuse())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not initialized");
    }
}
