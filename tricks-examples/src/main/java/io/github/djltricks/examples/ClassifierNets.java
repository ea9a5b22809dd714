/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.github.djltricks.examples.data.FashionMnist;
import java.util.List;

/**
 * The small classifiers of the examples, for 28×28 grey Fashion-MNIST images and its 10 classes: a
 * CIFAR-style ResNet ({@code bof-classification}) and a two-stage CNN ({@code distill}), both built
 * from one {@link #conv} helper. Each call returns a new, uninitialized network.
 */
public final class ClassifierNets {

    private ClassifierNets() {}

    /**
     * A ResNet for 28×28 grey images (He et al. 2016, arXiv 1512.03385, the CIFAR layout): a 3×3
     * stem of {@code width} channels, three stages of {@code blocks} basic residual blocks with
     * {@code width}, {@code 2·width} and {@code 4·width} channels (the second and third halve the
     * resolution), global average pooling and a linear layer to the 10 classes. Convolutions have
     * no bias, as each is followed by batch norm.
     *
     * @param width channels of the first stage
     * @param blocks residual blocks per stage
     * @return the network
     */
    public static Block resnet(int width, int blocks) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(width, 3, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        int channels = width;
        for (int stage = 0; stage < 3; stage++) {
            int filters = width << stage;
            for (int b = 0; b < blocks; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(residual(filters, stride, channels != filters || stride != 1));
                channels = filters;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    /** A basic block: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)). */
    private static Block residual(int filters, int stride, boolean project) {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(conv(filters, 3, stride, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(conv(filters, 3, 1, false))
                        .add(BatchNorm.builder().build());
        Block shortcut =
                project
                        ? new SequentialBlock()
                                .add(conv(filters, 1, stride, false))
                                .add(BatchNorm.builder().build())
                        : Blocks.identityBlock();
        return new SequentialBlock()
                .add(
                        new ParallelBlock(
                                list -> new NDList(list.get(0).head().add(list.get(1).head())),
                                List.of(branch, shortcut)))
                .add(Activation.reluBlock());
    }

    /**
     * A two-stage CNN: [conv 3×3 → BN → ReLU → max-pool 2×2] ×2, flatten, hidden linear + ReLU,
     * linear to the 10 classes. Children 0–11: index 5 is the second stage's batch norm (14×14
     * maps, before its ReLU), index 10 the hidden embedding after its ReLU, the tap points of the
     * feature and relation distillation terms.
     *
     * @param width1 channels of the first stage
     * @param width2 channels of the second stage
     * @param hidden units of the hidden layer
     * @return the network
     */
    public static Block cnn(int width1, int width2, int hidden) {
        return new SequentialBlock()
                .add(conv(width1, 3, 1, true))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(width2, 3, 1, true))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    /**
     * A square convolution padded by half its kernel, so that stride 1 keeps the resolution.
     *
     * @param filters output channels
     * @param kernel the kernel side
     * @param stride the stride in both directions
     * @param bias whether it adds a bias (not needed before batch norm)
     * @return the convolution
     */
    public static Block conv(int filters, int kernel, int stride, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(bias)
                .setFilters(filters)
                .build();
    }
}
