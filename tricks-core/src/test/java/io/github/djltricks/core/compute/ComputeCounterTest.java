/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV1;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeCounterTest {

    /** The small CNN of {@link #smallCnnIsCountedExactly()}: every count below is by hand. */
    private static Block smallCnn() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(4)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(
                        Conv2d.builder() // depthwise
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(4)
                                .optGroups(4)
                                .optBias(false)
                                .build())
                .add(
                        Conv2d.builder() // grouped 1x1, two groups of 2 -> 4
                                .setKernelShape(new Shape(1, 1))
                                .setFilters(8)
                                .optGroups(2)
                                .build())
                .add(Blocks.batchFlattenBlock())
                .add(
                        new ParallelBlock(
                                list ->
                                        new NDList(
                                                NDArrays.concat(
                                                        new NDList(
                                                                list.get(0).singletonOrThrow(),
                                                                list.get(1).singletonOrThrow()),
                                                        1)),
                                List.of(
                                        Linear.builder().setUnits(10).build(),
                                        new SequentialBlock()
                                                .add(Linear.builder().setUnits(5).build())
                                                .add(Activation.reluBlock()))));
    }

    @Test
    void smallCnnIsCountedExactly() {
        ComputeReport report = ComputeCounter.count(smallCnn(), new Shape(2, 3, 8, 8));
        List<LayerCost> l = report.layers();
        assertThat(l)
                .extracting(LayerCost::kind)
                .containsExactly(
                        "Conv2d",
                        "BatchNorm",
                        "elementwise",
                        "pool",
                        "Conv2d",
                        "Conv2d",
                        "reshape",
                        "Linear",
                        "Linear",
                        "elementwise");
        // conv 3->4, 3x3, pad 1: output 2x4x8x8 = 512 elements, each 3*9 MACs.
        assertLayer(l.get(0), new Shape(2, 4, 8, 8), 512 * 27, 0, 4 * 3 * 9 + 4, 0);
        // batch norm over 4 channels: gamma, beta learnable; running mean, var buffers.
        assertLayer(l.get(1), new Shape(2, 4, 8, 8), 0, 512, 8, 8);
        assertLayer(l.get(2), new Shape(2, 4, 8, 8), 0, 512, 0, 0);
        // 2x2 max pool: one operation per input element.
        assertLayer(l.get(3), new Shape(2, 4, 4, 4), 0, 512, 0, 0);
        // depthwise 3x3: 128 outputs, each 1 input channel * 9 taps; no bias.
        assertLayer(l.get(4), new Shape(2, 4, 4, 4), 128 * 9, 0, 4 * 9, 0);
        // 1x1, 4 -> 8 in 2 groups: each output sees 2 input channels.
        assertLayer(l.get(5), new Shape(2, 8, 4, 4), 256 * 2, 0, 8 * 2 + 8, 0);
        assertLayer(l.get(6), new Shape(2, 128), 0, 0, 0, 0);
        // parallel branches see the same 2x128 input.
        assertLayer(l.get(7), new Shape(2, 10), 2 * 10 * 128, 0, 128 * 10 + 10, 0);
        assertLayer(l.get(8), new Shape(2, 5), 2 * 5 * 128, 0, 128 * 5 + 5, 0);
        assertLayer(l.get(9), new Shape(2, 5), 0, 10, 0, 0);

        assertThat(report.macs()).isEqualTo(13824 + 1152 + 512 + 2560 + 1280);
        assertThat(report.params()).isEqualTo(112 + 8 + 36 + 24 + 1290 + 645);
        assertThat(report.buffers()).isEqualTo(8);
        assertThat(report.elementOps()).isEqualTo(512 * 3 + 10);
        assertThat(report.uncounted()).isEmpty();
        assertThat(l.get(7).path()).startsWith("08ParallelBlock/");
        String table = report.toTable();
        assertThat(table).contains("08ParallelBlock/02SequentialBlock/01Linear", "19,328", "total");
    }

    @Test
    void countingLeavesAFreshBlockUninitializedAndAnInitializedOneIntact() {
        Block fresh = smallCnn();
        ComputeCounter.count(fresh, new Shape(1, 3, 8, 8));
        assertThat(fresh.getParameters().values()).allMatch(p -> !p.isInitialized());
        // The initializers are the block's own again (the count used zeros).
        assertThat(fresh.getParameters().get("01Conv2d_weight").getInitializer())
                .isSameAs(Parameter.Type.WEIGHT.getInitializer());
        // The block can still be initialized and counted again at another batch size.
        assertThat(ComputeCounter.count(fresh, new Shape(3, 3, 8, 8)).macs())
                .isEqualTo(3 * (13824 + 1152 + 512 + 2560 + 1280) / 2);
    }

    /** MobileNetV1 built by DJL, against the layer table of Howard et al. 2017 (table 1). */
    @Test
    void mobileNetV1MatchesThePaper() {
        Block net = MobileNetV1.builder().setOutSize(1000).build();
        ComputeReport report = ComputeCounter.count(net, new Shape(1, 3, 224, 224));

        // Independent count from the paper's table 1 (stride, channels in -> out, input size).
        long macs = 112L * 112 * 32 * 3 * 9; // conv 3x3/2, 3 -> 32
        long params = 32 * 3 * 9 + 2 * 32; // + BN gamma, beta
        int[][] separable = {
            {32, 64, 112}, {64, 128, 56}, {128, 128, 56}, {128, 256, 28}, {256, 256, 28},
            {256, 512, 14}, {512, 512, 14}, {512, 512, 14}, {512, 512, 14}, {512, 512, 14},
            {512, 512, 14}, {512, 1024, 7}, {1024, 1024, 7}
        };
        for (int[] s : separable) {
            long out = (long) s[2] * s[2]; // output spatial size
            macs += out * s[0] * 9 + out * s[0] * s[1]; // depthwise + pointwise
            params += s[0] * 9L + 2L * s[0] + (long) s[0] * s[1] + 2L * s[1];
        }
        macs += 1024 * 1000; // classifier
        params += 1024 * 1000 + 1000;

        assertThat(report.macs()).isEqualTo(macs);
        assertThat(report.params()).isEqualTo(params);
        // Published: 569 M mult-adds, 4.2 M parameters; within 2 %.
        assertThat((double) report.macs()).isCloseTo(569e6, within(0.02 * 569e6));
        assertThat((double) report.params()).isCloseTo(4.2e6, within(0.02 * 4.2e6));
        assertThat(report.uncounted()).isEmpty();
    }

    /** The width multiplier rows of Howard et al. 2017, table 6: MACs and parameters. */
    @Test
    void mobileNetV1WidthMultipliersMatchTable6() {
        double[][] table = {{0.75, 325e6, 2.6e6}, {0.5, 149e6, 1.3e6}, {0.25, 41e6, 0.5e6}};
        for (double[] row : table) {
            Block net =
                    MobileNetV1.builder()
                            .optWidthMultiplier((float) row[0])
                            .setOutSize(1000)
                            .build();
            ComputeReport report = ComputeCounter.count(net, new Shape(1, 3, 224, 224));
            // The paper gives MACs to 3 digits and parameters to one decimal of a million.
            assertThat((double) report.macs())
                    .as("MACs at " + row[0])
                    .isCloseTo(row[1], within(0.5e6));
            assertThat(Math.round(report.params() / 1e5) / 10.0)
                    .as("params at " + row[0])
                    .isEqualTo(row[2] / 1e6);
        }
    }

    /**
     * ResNetV1-50 as DJL builds it at 224x224: stride on the first 1x1 of the bottleneck (He et al.
     * 2016, v1), bias on both 1x1 convolutions of each bottleneck.
     */
    @Test
    void resNet50MatchesThePaper() {
        Block net =
                ResNetV1.builder()
                        .setImageShape(new Shape(3, 224, 224))
                        .setNumLayers(50)
                        .setOutSize(1000)
                        .build();
        ComputeReport report = ComputeCounter.count(net, new Shape(1, 3, 224, 224));

        // Independent count from the architecture (table 1 of He et al. 2016).
        long macs = 112L * 112 * 64 * 3 * 49; // conv1 7x7/2
        long params = 64 * 3 * 49 + 2 * 64;
        int[] units = {3, 4, 6, 3};
        int[] width = {64, 128, 256, 512}; // bottleneck width; output is 4x
        int[] size = {56, 28, 14, 7}; // output size of the stage
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int w = width[stage];
            long hw = (long) size[stage] * size[stage];
            for (int u = 0; u < units[stage]; u++) {
                macs += hw * in * w + hw * w * w * 9 + hw * w * 4 * w;
                params += (long) in * w + w + 2 * w; // 1x1 + bias + BN
                params += 9L * w * w + 2 * w; // 3x3, no bias + BN
                params += (long) w * 4 * w + 4 * w + 2 * 4 * w; // 1x1 + bias + BN
                if (u == 0) { // projection shortcut, no bias + BN
                    macs += hw * in * 4 * w;
                    params += (long) in * 4 * w + 2 * 4 * w;
                }
                in = 4 * w;
            }
        }
        macs += 2048 * 1000;
        params += 2048 * 1000 + 1000;

        assertThat(report.macs()).isEqualTo(macs);
        assertThat(report.params()).isEqualTo(params);
        // torchvision's v1.5 has 25,557,032 parameters; DJL adds one bias to each 1x1 conv pair.
        assertThat(report.params() - 25_557_032L).isEqualTo(18_880);
        assertThat((double) report.macs()).isCloseTo(3.8e9, within(0.02 * 3.8e9));
        assertThat((double) report.params()).isCloseTo(25.6e6, within(0.02 * 25.6e6));
    }

    /** A block of its own kind: a parameter of its own and a child. */
    private static final class Scaled extends AbstractBlock {
        private final Parameter scale;

        Scaled() {
            addChildBlock(
                    "conv", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
            scale =
                    addParameter(
                            Parameter.builder()
                                    .setName("scale")
                                    .setType(Parameter.Type.GAMMA)
                                    .optShape(new Shape(2))
                                    .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
            NDList out = children.get(0).getValue().forward(store, inputs, training, p);
            NDArray s = store.getValue(scale, inputs.head().getDevice(), training);
            return new NDList(out.head().mul(s.reshape(1, 2, 1, 1)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return children.get(0).getValue().getOutputShapes(inputs);
        }

        @Override
        protected void initializeChildBlocks(
                ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
            children.get(0).getValue().initialize(manager, dataType, inputShapes);
        }
    }

    @Test
    void customBlocksAreEnteredAndTheirOwnParametersCounted() {
        Block net = new SequentialBlock().add(new Scaled()).add(Activation.reluBlock());
        ComputeReport report = ComputeCounter.count(net, new Shape(1, 3, 4, 4));
        assertThat(report.layers())
                .extracting(LayerCost::path)
                .containsExactly("01Scaled/(own)", "01Scaled/01conv", "02LambdaBlock");
        LayerCost own = report.layers().get(0);
        assertThat(own.params()).isEqualTo(2);
        assertThat(own.counted()).isFalse();
        // 1x1 conv 3 -> 2 over 4x4: 32 outputs, 3 MACs each.
        assertThat(report.layers().get(1).macs()).isEqualTo(32 * 3);
        assertThat(report.params()).isEqualTo(2 + 2 * 3 + 2);
        assertThat(report.uncounted()).containsExactly(own);
        assertThat(report.toTable()).contains("1 layer(s) of unknown kind");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> ComputeCounter.count(smallCnn()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputShapes");
        assertThatThrownBy(() -> ComputeCounter.count(smallCnn(), new Shape(0, 3, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 3, 8, 8)");
    }

    private static void assertLayer(
            LayerCost layer, Shape output, long macs, long elementOps, long params, long buffers) {
        assertThat(layer.outputShape()).as(layer.path()).isEqualTo(output);
        assertThat(layer.macs()).as(layer.path() + " MACs").isEqualTo(macs);
        assertThat(layer.elementOps()).as(layer.path() + " ops").isEqualTo(elementOps);
        assertThat(layer.params()).as(layer.path() + " params").isEqualTo(params);
        assertThat(layer.buffers()).as(layer.path() + " buffers").isEqualTo(buffers);
        assertThat(layer.counted()).isTrue();
    }
}
