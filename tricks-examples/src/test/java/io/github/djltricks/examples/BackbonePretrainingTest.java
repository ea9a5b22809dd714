/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djltricks.detection.yolo.YoloNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretrained backbone is trained once per width and lands in every detector built after. */
class BackbonePretrainingTest {

    static final float[][][] ANCHORS = {
        {{6, 8}, {10, 12}, {14, 10}}, {{18, 22}, {26, 18}, {24, 30}}, {{36, 40}, {48, 36}, {56, 56}}
    };

    @TempDir Path dir;

    private static YoloNet net(float width) {
        return YoloNet.builder()
                .setNumClasses(10)
                .setAnchors(ANCHORS)
                .optStrides(8, 16, 32)
                .optWidth(width)
                .build();
    }

    @Test
    void weightsAreTrainedOnceAndCopiedIntoTheBackbone() throws IOException {
        BackbonePretraining pretraining =
                new BackbonePretraining(
                        CommandRun.tinyFashionMnist(dir), 3, 10, ANCHORS, new int[] {20, 56}, null);
        BackbonePretraining.Weights w = pretraining.weights(0.25f);
        assertThat(pretraining.weights(0.25f)).isSameAs(w);
        assertThat(w.accuracy()).isBetween(0.0, 1.0);
        assertThat(w.names()).hasSameSizeAs(w.values()).hasSameSizeAs(w.shapes());

        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = net(0.25f);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            List<Pair<String, Parameter>> head =
                    net.getParameters().stream().filter(p -> p.getKey().contains("head")).toList();
            float[] headBefore = head.get(0).getValue().getArray().toFloatArray();
            BackbonePretraining.load(w, net);
            int i = 0;
            for (Pair<String, Parameter> p : net.getBackbone().getParameters()) {
                assertThat(p.getValue().getArray().toFloatArray())
                        .as(p.getKey())
                        .containsExactly(w.values().get(i++));
            }
            assertThat(i).isEqualTo(w.values().size());
            // only the backbone changes
            assertThat(head.get(0).getValue().getArray().toFloatArray())
                    .containsExactly(headBefore);
        }
    }

    @Test
    void weightsWrittenToAFileReadBackExactlyAndPreloadSkipsTraining() throws IOException {
        BackbonePretraining pretraining =
                new BackbonePretraining(
                        CommandRun.tinyFashionMnist(dir), 2, 10, ANCHORS, new int[] {20, 56}, null);
        BackbonePretraining.Weights w = pretraining.weights(0.25f);
        Path file = dir.resolve("w.bin");
        w.write(file);
        BackbonePretraining.Weights back = BackbonePretraining.Weights.read(file);
        assertThat(back.names()).isEqualTo(w.names());
        assertThat(back.shapes()).isEqualTo(w.shapes());
        assertThat(back.values()).hasSameSizeAs(w.values());
        for (int i = 0; i < w.values().size(); i++) {
            assertThat(back.values().get(i)).containsExactly(w.values().get(i));
        }
        assertThat(back.accuracy()).isEqualTo(w.accuracy());
        assertThat(back.seconds()).isEqualTo(w.seconds());

        // a directory without data: weights() would fail if it trained instead of using these
        BackbonePretraining child =
                new BackbonePretraining(
                        dir.resolve("no-data"), 2, 10, ANCHORS, new int[] {20, 56}, null);
        child.preload(0.25f, back);
        assertThat(child.weights(0.25f)).isSameAs(back);
        assertThatThrownBy(() -> BackbonePretraining.Weights.read(dir.resolve("missing.bin")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void weightsOfAnotherWidthAreRefused() throws IOException {
        BackbonePretraining pretraining =
                new BackbonePretraining(
                        CommandRun.tinyFashionMnist(dir), 1, 10, ANCHORS, new int[] {20, 56}, null);
        BackbonePretraining.Weights w = pretraining.weights(0.25f);
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNet wide = net(0.5f);
            wide.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertThatThrownBy(() -> BackbonePretraining.load(w, wide))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not match");
        }
    }

    @Test
    void stepsBelowOneAreRejected() {
        assertThatThrownBy(
                        () ->
                                new BackbonePretraining(
                                        dir, 0, 10, ANCHORS, new int[] {20, 56}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps")
                .hasMessageContaining("0");
    }
}
