/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.acnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.djltricks.core.fold.BatchNormFolding;
import io.github.djltricks.core.fold.FoldedWeights;
import io.github.djltricks.core.fold.Fusible;

/**
 * ACNet's asymmetric convolution block (Ding, Guo, Ding and Han 2019, <i>ACNet: Strengthening the
 * Kernel Skeletons for Powerful CNN via Asymmetric Convolution Blocks</i>, arXiv 1908.03930): a
 * drop-in for a k×k {@code Conv2d} followed by a {@code BatchNorm} that trains three convolutions
 * side by side, a square k×k, a horizontal 1×k and a vertical k×1 one, each with its own batch
 * normalization, and sums them:
 *
 * <pre>
 *   y = BN_sq(W_sq ∗ x) + BN_hor(W_hor ∗ x) + BN_ver(W_ver ∗ x)
 * </pre>
 *
 * All three have the same stride s and groups and no bias; their paddings, (k/2, k/2) for the
 * square, (0, k/2) for the horizontal and (k/2, 0) for the vertical kernel, centre every kernel on
 * the same input pixel, so the outputs align for any input size and stride.
 *
 * <p>In inference mode the block is one k×k convolution ({@link #fuse}): each batch normalization
 * folds into its convolution ({@link BatchNormFolding}: W' = W·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)),
 * and as convolution is additive in the kernel, the folded 1×k kernel adds onto the centre row and
 * the folded k×1 kernel onto the centre column of the folded k×k one, the biases summing:
 *
 * <pre>
 *   K = W'_sq + pad_rows(W'_hor) + pad_cols(W'_ver),   b = b'_sq + b'_hor + b'_ver
 * </pre>
 *
 * So ACNet costs training time only: the deployed network has the plain architecture.
 *
 * <pre>{@code
 * Block block = AsymmetricConvBlock.builder().setKernelSize(3).setFilters(64).optStride(2).build();
 * // ... train ...
 * Conv2d deployed = ((AsymmetricConvBlock) block).fuse();
 * }</pre>
 *
 * <p>The children are named {@code square}, {@code squareNorm}, {@code horizontal}, {@code
 * horizontalNorm}, {@code vertical} and {@code verticalNorm}. {@link BatchNormFolding#foldInPlace}
 * replaces every block of a tree with its fused convolution.
 */
public class AsymmetricConvBlock extends AbstractBlock implements Fusible {

    private static final byte VERSION = 1;

    private final int kernelSize;
    private final int filters;
    private final int stride;
    private final int groups;

    private final Conv2d square;
    private final BatchNorm squareNorm;
    private final Conv2d horizontal;
    private final BatchNorm horizontalNorm;
    private final Conv2d vertical;
    private final BatchNorm verticalNorm;

    AsymmetricConvBlock(Builder builder) {
        super(VERSION);
        kernelSize = builder.kernelSize;
        filters = builder.filters;
        stride = builder.stride;
        groups = builder.groups;
        int c = kernelSize / 2;
        square = addChildBlock("square", conv(builder, new Shape(kernelSize, kernelSize), c, c));
        squareNorm = addChildBlock("squareNorm", norm(builder));
        horizontal = addChildBlock("horizontal", conv(builder, new Shape(1, kernelSize), 0, c));
        horizontalNorm = addChildBlock("horizontalNorm", norm(builder));
        vertical = addChildBlock("vertical", conv(builder, new Shape(kernelSize, 1), c, 0));
        verticalNorm = addChildBlock("verticalNorm", norm(builder));
    }

    private static Conv2d conv(Builder builder, Shape kernel, int padRows, int padCols) {
        return Conv2d.builder()
                .setKernelShape(kernel)
                .setFilters(builder.filters)
                .optStride(new Shape(builder.stride, builder.stride))
                .optPadding(new Shape(padRows, padCols))
                .optGroups(builder.groups)
                .optBias(false)
                .build();
    }

    private static BatchNorm norm(Builder builder) {
        return BatchNorm.builder()
                .optEpsilon(builder.epsilon)
                .optMomentum(builder.momentum)
                .build();
    }

    /**
     * Creates a builder; the kernel size and the number of filters are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns k, the side of the square kernel.
     *
     * @return the kernel size, odd and at least 3
     */
    public int getKernelSize() {
        return kernelSize;
    }

    /**
     * Returns the number of filters, the output channels.
     *
     * @return the number of filters
     */
    public int getFilters() {
        return filters;
    }

    /**
     * Returns the stride of the three convolutions, along both axes.
     *
     * @return the stride
     */
    public int getStride() {
        return stride;
    }

    /**
     * Returns the number of groups of the three convolutions.
     *
     * @return the groups
     */
    public int getGroups() {
        return groups;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray sum = branch(square, squareNorm, parameterStore, inputs, training, params);
        sum = sum.add(branch(horizontal, horizontalNorm, parameterStore, inputs, training, params));
        sum = sum.add(branch(vertical, verticalNorm, parameterStore, inputs, training, params));
        return new NDList(sum);
    }

    private static NDArray branch(
            Conv2d conv,
            BatchNorm norm,
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList convolved = conv.forward(parameterStore, inputs, training, params);
        return norm.forward(parameterStore, convolved, training, params).singletonOrThrow();
    }

    /**
     * Returns the one k×k {@code Conv2d} with a bias that computes what this block computes in
     * inference mode (the class formula), with this block's stride, groups and filters and padding
     * (k/2, k/2), initialized for this block's input shapes in the manager of its parameters. The
     * block is not changed. Outputs agree up to float rounding.
     *
     * @return the fused convolution
     * @throws IllegalStateException if the block is not initialized
     */
    @Override
    public Conv2d fuse() {
        if (!isInitialized()) {
            throw new IllegalStateException(
                    "the block is not initialized: initialize or load it before fusing");
        }
        NDManager manager = square.getParameters().get("weight").getArray().getManager();
        try (NDManager scratch = manager.newSubManager()) {
            FoldedWeights sq = BatchNormFolding.foldedWeights(square, squareNorm, scratch);
            FoldedWeights hor = BatchNormFolding.foldedWeights(horizontal, horizontalNorm, scratch);
            FoldedWeights ver = BatchNormFolding.foldedWeights(vertical, verticalNorm, scratch);
            int c = kernelSize / 2;
            // pad(Shape) counts from the last axis: (left, right, top, bottom)
            NDArray kernel =
                    sq.weight()
                            .add(hor.weight().pad(new Shape(0, 0, c, c), 0))
                            .add(ver.weight().pad(new Shape(c, c), 0));
            NDArray bias = sq.bias().add(hor.bias()).add(ver.bias());
            return BatchNormFolding.withWeights(square, new FoldedWeights(kernel, bias));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return square.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape input = inputShapes[0];
        if (input.dimension() != 4) {
            throw new IllegalArgumentException(
                    "input must be (batch, channels, height, width), got shape=" + input);
        }
        long channels = input.get(1);
        if (channels < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(
                    "input channels must be a positive multiple of groups="
                            + groups
                            + ", got channels="
                            + channels);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        square.initialize(manager, dataType, inputShapes);
        squareNorm.initialize(manager, dataType, square.getOutputShapes(inputShapes));
        horizontal.initialize(manager, dataType, inputShapes);
        horizontalNorm.initialize(manager, dataType, horizontal.getOutputShapes(inputShapes));
        vertical.initialize(manager, dataType, inputShapes);
        verticalNorm.initialize(manager, dataType, vertical.getOutputShapes(inputShapes));
    }

    /**
     * Builds an {@link AsymmetricConvBlock}: {@code setKernelSize} and {@code setFilters} are
     * required; stride 1, groups 1 and BatchNorm's epsilon 1e-5 and momentum 0.9 by default.
     */
    public static final class Builder {
        private int kernelSize;
        private int filters;
        private int stride = 1;
        private int groups = 1;
        private float epsilon = 1e-5f;
        private float momentum = 0.9f;

        private Builder() {}

        /**
         * Sets k, the side of the square kernel; the others are 1×k and k×1.
         *
         * @param kernelSize an odd number, at least 3
         * @return this builder
         */
        public Builder setKernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * Sets the number of filters, the output channels.
         *
         * @param filters at least 1, a multiple of the groups
         * @return this builder
         */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets the stride of the three convolutions along both axes (default 1).
         *
         * @param stride at least 1
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the number of groups of the three convolutions (default 1); the input channels and
         * the filters must be multiples of it.
         *
         * @param groups at least 1
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets ε of the three batch normalizations (default 1e-5, BatchNorm's).
         *
         * @param epsilon positive and finite
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the momentum of the three batch normalizations, the share of the old running
         * statistic kept at each update (default 0.9, BatchNorm's).
         *
         * @param momentum in [0, 1]
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new {@link AsymmetricConvBlock}
         * @throws IllegalArgumentException if the kernel size is not odd and at least 3, the
         *     filters are fewer than 1 or not a multiple of the groups, the stride or the groups
         *     are below 1, epsilon is not positive and finite or the momentum is outside [0, 1]
         */
        public AsymmetricConvBlock build() {
            if (kernelSize < 3 || kernelSize % 2 == 0) {
                throw new IllegalArgumentException(
                        "kernelSize must be odd and at least 3 (setKernelSize is required), got"
                                + " kernelSize="
                                + kernelSize);
            }
            if (filters < 1) {
                throw new IllegalArgumentException(
                        "filters must be at least 1 (setFilters is required), got filters="
                                + filters);
            }
            if (stride < 1) {
                throw new IllegalArgumentException(
                        "stride must be at least 1, got stride=" + stride);
            }
            if (groups < 1 || filters % groups != 0) {
                throw new IllegalArgumentException(
                        "groups must be at least 1 and divide filters="
                                + filters
                                + ", got groups="
                                + groups);
            }
            if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
                throw new IllegalArgumentException(
                        "epsilon must be positive and finite, got epsilon=" + epsilon);
            }
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException(
                        "momentum must be in [0, 1], got momentum=" + momentum);
            }
            return new AsymmetricConvBlock(this);
        }
    }
}
