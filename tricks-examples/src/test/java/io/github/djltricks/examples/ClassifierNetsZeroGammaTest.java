/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.training.ParameterStore;
import io.github.djltricks.core.zerogamma.ZeroGamma;
import io.github.djltricks.examples.data.FashionMnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero-γ on the examples' ResNet ({@link ClassifierNets#resnet}): one batch norm per residual
 * block, after which every residual block gives what its shortcut alone gives (the input itself for
 * an identity shortcut), in training and inference mode; the plain CNN has none.
 */
class ClassifierNetsZeroGammaTest {

    @BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    private static NDArray forward(NDManager manager, Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow();
    }

    @Test
    void oneBatchNormPerResidualBlockAndNoneInTheCnn() {
        assertThat(ZeroGamma.apply(ClassifierNets.resnet(8, 1))).isEqualTo(3);
        assertThat(ZeroGamma.apply(ClassifierNets.resnet(8, 2))).isEqualTo(6);
        assertThat(ZeroGamma.apply(ClassifierNets.resnet(16, 3))).isEqualTo(9);
        assertThat(ZeroGamma.apply(ClassifierNets.cnn(8, 16, 32))).isZero();
    }

    @Test
    void everyResidualBlockStartsAsItsShortcut() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            // two blocks per stage: four identity shortcuts and the projections of stages 2 and 3
            Block net = ClassifierNets.resnet(16, 2);
            assertThat(ZeroGamma.apply(net)).isEqualTo(6);
            Shape input = new Shape(4, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            net.initialize(manager, DataType.FLOAT32, input);
            for (boolean training : new boolean[] {true, false}) {
                NDArray x = manager.randomNormal(input);
                int residual = 0;
                int identity = 0;
                for (Block layer : net.getChildren().values()) {
                    Block first =
                            layer.getChildren().isEmpty() ? null : layer.getChildren().valueAt(0);
                    if (first instanceof ParallelBlock) {
                        residual++;
                        Block shortcut = first.getChildren().valueAt(1);
                        NDArray sum = forward(manager, first, x, training);
                        NDArray alone = forward(manager, shortcut, x, training);
                        assertThat(sum.toFloatArray())
                                .as("block %d, training %s", residual, training)
                                .containsExactly(alone.toFloatArray());
                        if (shortcut.getParameters().isEmpty()) {
                            identity++;
                            assertThat(sum.toFloatArray()).containsExactly(x.toFloatArray());
                        }
                    }
                    x = forward(manager, layer, x, training);
                }
                assertThat(residual).isEqualTo(6);
                assertThat(identity).isEqualTo(4);
                assertThat(x.getShape()).isEqualTo(new Shape(4, FashionMnist.CLASSES));
            }
        }
    }
}
