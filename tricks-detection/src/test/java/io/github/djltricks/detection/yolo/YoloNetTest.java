/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloNetTest {

    static final float[][][] ANCHORS = {
        {{6, 8}, {10, 12}, {14, 10}}, {{18, 22}, {26, 18}, {24, 30}}, {{36, 40}, {48, 36}, {56, 56}}
    };

    static YoloNet small(int classes) {
        return YoloNet.builder().setNumClasses(classes).setAnchors(ANCHORS).optWidth(0.25f).build();
    }

    @Test
    void headsHaveOneOutputPerAnchorCellAndChannel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = small(2);
            net.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            Shape in = new Shape(2, 3, 64, 96);
            net.initialize(manager, DataType.FLOAT32, in);
            NDList out =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomUniform(0, 1, in)),
                            true);
            assertThat(out).hasSize(3);
            Shape[] expected = net.getOutputShapes(new Shape[] {in});
            for (int h = 0; h < 3; h++) {
                int s = new int[] {8, 16, 32}[h];
                assertThat(out.get(h).getShape()).isEqualTo(new Shape(2, 3, 64 / s, 96 / s, 7));
                assertThat(expected[h]).isEqualTo(out.get(h).getShape());
                NDArray finite = out.get(h).isNaN().logicalOr(out.get(h).isInfinite());
                assertThat(finite.any().getBoolean()).isFalse();
            }
        }
    }

    @Test
    void headsStartAtThePriors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net =
                    YoloNet.builder()
                            .setNumClasses(4)
                            .setAnchors(ANCHORS)
                            .optWidth(0.25f)
                            .optObjectnessPrior(0.02f)
                            .build();
            Shape in = new Shape(3, 3, 64, 64);
            net.initialize(manager, DataType.FLOAT32, in);
            // with the last convolution's weights at zero, every output is its bias
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : net.getParameters()) {
                if (p.getKey().contains("head") && p.getValue().getName().equals("weight")) {
                    NDArray w = p.getValue().getArray();
                    if (w.getShape().get(0) == 3 * 9) {
                        w.set(new float[(int) w.size()]);
                    }
                }
            }
            NDList out =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomUniform(0, 255, in)),
                            false);
            for (NDArray head : out) {
                float[] v = head.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    int channel = i % 9;
                    double p = 1 / (1 + Math.exp(-v[i]));
                    if (channel == 4) {
                        assertThat(p).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-6));
                    } else if (channel >= 5) {
                        assertThat(p).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
                    } else {
                        assertThat(v[i]).isZero();
                    }
                }
            }
        }
    }

    @Test
    void backboneSharesTheDetectorsParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = small(2);
            Shape in = new Shape(2, 3, 64, 96);
            ai.djl.nn.SequentialBlock backbone = net.getBackbone();
            backbone.initialize(manager, DataType.FLOAT32, in);
            assertThat(backbone.getOutputShapes(new Shape[] {in})[0])
                    .isEqualTo(new Shape(2, 64, 2, 3)); // 16·0.25·2^4 channels at stride 32
            java.util.Set<ai.djl.nn.Parameter> shared =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            shared.addAll(backbone.getParameters().values());
            long inNet = net.getParameters().values().stream().filter(shared::contains).count();
            assertThat(inNet).isEqualTo(shared.size()).isPositive();
            // training the backbone's copy is training the detector's: same arrays
            net.initialize(manager, DataType.FLOAT32, in);
            assertThat(backbone.getParameters().valueAt(0).getArray())
                    .isSameAs(net.getParameters().valueAt(0).getArray());
        }
    }

    @Test
    void widthScalesParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 64, 64);
            YoloNet narrow = small(2);
            YoloNet wide =
                    YoloNet.builder().setNumClasses(2).setAnchors(ANCHORS).optWidth(0.5f).build();
            narrow.initialize(manager, DataType.FLOAT32, in);
            wide.initialize(manager, DataType.FLOAT32, in);
            long a =
                    narrow.getParameters().values().stream()
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            long b =
                    wide.getParameters().values().stream()
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            assertThat(b).isGreaterThan(3 * a); // channels double: convolutions roughly quadruple
        }
    }

    @Test
    void aChannelDivisorRoundsEveryHiddenCountUpAndKeepsTheHeadsOutputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 64, 64);
            YoloNet plain =
                    YoloNet.builder().setNumClasses(2).setAnchors(ANCHORS).optWidth(0.5f).build();
            YoloNet one =
                    YoloNet.builder()
                            .setNumClasses(2)
                            .setAnchors(ANCHORS)
                            .optWidth(0.5f)
                            .optChannelDivisor(1)
                            .build();
            YoloNet sixteen =
                    YoloNet.builder()
                            .setNumClasses(2)
                            .setAnchors(ANCHORS)
                            .optWidth(0.5f)
                            .optChannelDivisor(16)
                            .build();
            for (YoloNet net : List.of(plain, one, sixteen)) {
                net.initialize(manager, DataType.FLOAT32, in);
            }
            List<Long> plainFilters = filters(plain);
            assertThat(filters(one)).isEqualTo(plainFilters);
            assertThat(plainFilters).anyMatch(f -> f % 16 != 0); // 4 and 8 at width 0.5
            List<Long> rounded = filters(sixteen);
            assertThat(rounded).hasSameSizeAs(plainFilters);
            int outputs = 3 * (5 + 2);
            for (int i = 0; i < rounded.size(); i++) {
                long f = plainFilters.get(i);
                if (f == outputs) {
                    assertThat(rounded.get(i)).as("a head's output").isEqualTo(f);
                } else {
                    assertThat(rounded.get(i)).isEqualTo((f + 15) / 16 * 16);
                }
            }
            assertThat(
                            sixteen.forward(
                                            new ParameterStore(manager, false),
                                            new NDList(manager.zeros(in)),
                                            false)
                                    .get(0)
                                    .getShape())
                    .isEqualTo(plain.getOutputShapes(new Shape[] {in})[0]);
        }
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optChannelDivisor(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channelDivisor")
                .hasMessageContaining("[1, 1024]")
                .hasMessageContaining("0");
    }

    /** Output channels of every convolution, in the order of the block tree. */
    private static List<Long> filters(Block block) {
        List<Long> out = new ArrayList<>();
        if (block instanceof Conv2d) {
            out.add(block.getParameters().get("weight").getArray().getShape().get(0));
        }
        for (Block child : block.getChildren().values()) {
            out.addAll(filters(child));
        }
        return out;
    }

    @Test
    void inputNotAMultipleOfTheLargestStrideIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = small(1);
            Shape in = new Shape(1, 3, 64, 64);
            net.initialize(manager, DataType.FLOAT32, in);
            NDArray bad = manager.zeros(new Shape(1, 3, 48, 64));
            assertThatThrownBy(
                            () ->
                                    net.forward(
                                            new ParameterStore(manager, false),
                                            new NDList(bad),
                                            false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32")
                    .hasMessageContaining("(1, 3, 48, 64)");
        }
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertThatThrownBy(() -> YoloNet.builder().setNumClasses(0).setAnchors(ANCHORS).build())
                .hasMessageContaining("numClasses")
                .hasMessageContaining("0");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optWidth(-1)
                                        .build())
                .hasMessageContaining("width")
                .hasMessageContaining("-1");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optDepth(Float.NaN)
                                        .build())
                .hasMessageContaining("depth")
                .hasMessageContaining("NaN");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optObjectnessPrior(1f)
                                        .build())
                .hasMessageContaining("objectnessPrior")
                .hasMessageContaining("1.0");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optClassPrior(-0.5f)
                                        .build())
                .hasMessageContaining("classPrior")
                .hasMessageContaining("-0.5");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(ANCHORS)
                                        .optStrides(8, 24, 32)
                                        .build())
                .hasMessageContaining("strides");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(new float[][][] {{{1, 1}}})
                                        .build())
                .hasMessageContaining("anchors")
                .hasMessageContaining("3");
        assertThatThrownBy(
                        () ->
                                YoloNet.builder()
                                        .setNumClasses(1)
                                        .setAnchors(new float[][][] {{{1, 0}}})
                                        .optStrides(32)
                                        .build())
                .hasMessageContaining("anchor")
                .hasMessageContaining("[1.0, 0.0]");
    }
}
