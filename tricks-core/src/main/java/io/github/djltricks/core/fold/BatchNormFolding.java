/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import io.github.djltricks.core.norm.BatchNormOptions;
import io.github.djltricks.core.rewrite.BlockRewrite;
import java.util.Arrays;

/**
 * Folds batch normalization into the convolution before it, for inference. In inference mode batch
 * normalization is an affine map per channel with its running statistics (Ioffe and Szegedy 2015,
 * arXiv 1502.03167), so a convolution followed by it is one convolution (Jacob et al. 2018, arXiv
 * 1712.05877, section 3.2; the "BN fusion" of ACNet, Ding et al. 2019, arXiv 1908.03930). For
 * output channel c, with s<sub>c</sub> = γ<sub>c</sub> / √(σ²<sub>c</sub> + ε):
 *
 * <pre>
 *   BN(W ∗ x + b)_c = s_c (W[c] ∗ x + b_c − μ_c) + β_c = W'[c] ∗ x + b'_c
 *   W'[c] = s_c · W[c],   b'_c = β_c − s_c · μ_c + s_c · b_c   (b = 0 without a conv bias)
 * </pre>
 *
 * μ and σ² are the layer's running mean and variance, γ and β its scale and shift (a layer built
 * without {@code center} or {@code scale} keeps β = 0 or γ = 1, which the formula then uses), ε its
 * epsilon (DJL's default 1e-5). The folded values are computed in float64 and stored in the
 * convolution's type.
 *
 * <p>The result equals the pair in inference mode only: a folded network must not be trained
 * further, as the batch statistics of training mode are gone.
 *
 * <pre>{@code
 * // after training, before inference:
 * FoldReport report = BatchNormFolding.foldInPlace(model.getBlock());
 * }</pre>
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * Returns the folded weight and bias of a convolution and the batch normalization that follows
     * it, W' and b' of the class formula, attached to {@code into}; the layers are not changed and
     * no other array is left behind.
     *
     * @param conv an initialized convolution (any of DJL's {@code Conv1d}, {@code Conv2d}, {@code
     *     Conv3d})
     * @param bn an initialized batch normalization over the convolution's output channels
     * @param into the manager of the result
     * @return W' in the convolution's layout and type, and b' with one value per output channel
     * @throws IllegalArgumentException if an argument is null, {@code bn}'s axis is not the channel
     *     axis 1, or its channel count is not the convolution's number of filters
     * @throws IllegalStateException if a layer is not initialized
     */
    public static FoldedWeights foldedWeights(Convolution conv, BatchNorm bn, NDManager into) {
        if (conv == null || bn == null || into == null) {
            throw new IllegalArgumentException(
                    "conv, bn and into must not be null, got conv="
                            + conv
                            + ", bn="
                            + bn
                            + ", into="
                            + into);
        }
        requireInitialized(conv, "conv");
        requireInitialized(bn, "bn");
        BatchNormOptions options = BatchNormOptions.of(bn);
        if (options.axis() != 1) {
            throw new IllegalArgumentException(
                    "bn must normalize the convolution's channel axis 1, got axis="
                            + options.axis());
        }
        NDArray weight = conv.getParameters().get("weight").getArray();
        NDArray bias = conv.isIncludeBias() ? conv.getParameters().get("bias").getArray() : null;
        NDArray gamma = bn.getParameters().get("gamma").getArray();
        NDArray beta = bn.getParameters().get("beta").getArray();
        NDArray mean = bn.getParameters().get("runningMean").getArray();
        NDArray var = bn.getParameters().get("runningVar").getArray();
        long filters = weight.getShape().get(0);
        if (gamma.size() != filters) {
            throw new IllegalArgumentException(
                    "bn must have one channel per filter of conv ("
                            + filters
                            + "), got "
                            + gamma.size()
                            + " channels");
        }
        DataType type = weight.getDataType();
        try (NDManager scratch = into.newSubManager()) {
            // The parameters visit the scratch manager, so that every intermediate lands there.
            for (NDArray p : new NDArray[] {weight, bias, gamma, beta, mean, var}) {
                if (p != null) {
                    p.tempAttach(scratch);
                }
            }
            NDArray scale = f64(gamma).div(f64(var).add((double) options.epsilon()).sqrt());
            NDArray shift = f64(beta).sub(f64(mean).mul(scale));
            if (bias != null) {
                shift = shift.add(f64(bias).mul(scale));
            }
            long[] perFilter = new long[weight.getShape().dimension()];
            Arrays.fill(perFilter, 1);
            perFilter[0] = filters;
            NDArray foldedWeight =
                    f64(weight).mul(scale.reshape(new Shape(perFilter))).toType(type, false);
            NDArray foldedBias = shift.toType(type, false);
            foldedWeight.attach(into);
            foldedBias.attach(into);
            return new FoldedWeights(foldedWeight, foldedBias);
        }
    }

    /**
     * Returns one {@code Conv2d} with a bias that equals {@code conv} followed by {@code bn} in
     * inference mode (the class formula). It has {@code conv}'s kernel, stride, padding, dilation,
     * groups and filters, is initialized for {@code conv}'s input shapes and keeps its parameters
     * in the manager of {@code conv}'s; the two layers are not changed.
     *
     * @param conv an initialized convolution
     * @param bn an initialized batch normalization over its output channels
     * @return the folded convolution
     * @throws IllegalArgumentException as {@link #foldedWeights}
     * @throws IllegalStateException if a layer is not initialized
     */
    public static Conv2d fold(Conv2d conv, BatchNorm bn) {
        if (conv == null || bn == null) {
            throw new IllegalArgumentException(
                    "conv and bn must not be null, got conv=" + conv + ", bn=" + bn);
        }
        requireInitialized(conv, "conv");
        NDManager manager = conv.getParameters().get("weight").getArray().getManager();
        try (FoldedWeights folded = foldedWeights(conv, bn, manager)) {
            return withWeights(conv, folded);
        }
    }

    /**
     * Returns a new {@code Conv2d} with a bias and {@code like}'s kernel, stride, padding,
     * dilation, groups and filters, initialized for {@code like}'s input shapes in the manager of
     * {@code like}'s weight, holding a copy of {@code weights}.
     *
     * @param like an initialized convolution whose geometry is taken
     * @param weights the weight (shaped as {@code like}'s) and the bias (one per filter)
     * @return the new convolution
     * @throws IllegalArgumentException if an argument is null or the shapes do not match {@code
     *     like}'s
     * @throws IllegalStateException if {@code like} is not initialized
     */
    public static Conv2d withWeights(Conv2d like, FoldedWeights weights) {
        if (like == null || weights == null) {
            throw new IllegalArgumentException(
                    "like and weights must not be null, got like=" + like + ", weights=" + weights);
        }
        requireInitialized(like, "like");
        NDArray likeWeight = like.getParameters().get("weight").getArray();
        Shape biasShape = new Shape(like.getFilters());
        if (!weights.weight().getShape().equals(likeWeight.getShape())
                || !weights.bias().getShape().equals(biasShape)) {
            throw new IllegalArgumentException(
                    "weights must be shaped "
                            + likeWeight.getShape()
                            + " and "
                            + biasShape
                            + ", got "
                            + weights.weight().getShape()
                            + " and "
                            + weights.bias().getShape());
        }
        Conv2d conv =
                Conv2d.builder()
                        .setKernelShape(like.getKernelShape())
                        .setFilters(like.getFilters())
                        .optStride(like.getStride())
                        .optPadding(like.getPadding())
                        .optDilation(like.getDilation())
                        .optGroups(like.getGroups())
                        .optBias(true)
                        .build();
        // zeros rather than random draws: the values are overwritten at once
        conv.setInitializer(Initializer.ZEROS, p -> true);
        conv.initialize(likeWeight.getManager(), likeWeight.getDataType(), like.getInputShapes());
        weights.weight().copyTo(conv.getParameters().get("weight").getArray());
        weights.bias().copyTo(conv.getParameters().get("bias").getArray());
        return conv;
    }

    /**
     * Rewrites a block tree for inference, in place: in every {@link SequentialBlock} of the tree,
     * each {@code Conv2d} directly followed by a {@code BatchNorm} over its channels becomes one
     * {@code Conv2d} ({@link #fold}), and every {@link Fusible} block anywhere in the tree (such as
     * ACNet's {@code AsymmetricConvBlock}) is replaced with its fused form. The folded layer takes
     * the convolution's place and name, and the batch normalization is removed; the parameters of
     * the replaced layers are closed. Outputs in inference mode are unchanged up to rounding.
     *
     * <p>Pairs are folded only where the order of the children is the order of the forward pass (a
     * {@code SequentialBlock} that does not return its intermediate outputs). Fold after training
     * and before creating the {@code Predictor}; the folded tree is for inference only.
     *
     * @param root the block tree, changed in place
     * @return how many pairs were folded and how many blocks were fused
     * @throws IllegalArgumentException if {@code root} is null or is itself a {@link Fusible} block
     *     (a root cannot be replaced in place: wrap it in a {@code SequentialBlock})
     * @throws IllegalStateException if a layer to fold is not initialized
     */
    public static FoldReport foldInPlace(Block root) {
        BlockRewrite.requireRewritableRoot(root, Fusible.class);
        int[] counts = new int[2];
        foldChildren(root, counts);
        return new FoldReport(counts[0], counts[1]);
    }

    private static void foldChildren(Block parent, int[] counts) {
        boolean ordered =
                parent instanceof SequentialBlock sequential && !sequential.isReturnIntermediate();
        for (int i = 0; i < parent.getChildren().size(); i++) {
            Block child = parent.getChildren().valueAt(i);
            Block next =
                    i + 1 < parent.getChildren().size()
                            ? parent.getChildren().valueAt(i + 1)
                            : null;
            if (child instanceof Fusible fusible) {
                BlockRewrite.replaceChild(parent, i, fusible.fuse());
                close(child);
                counts[1]++;
            } else if (ordered
                    && child instanceof Conv2d conv
                    && next instanceof BatchNorm bn
                    && BatchNormOptions.of(bn).axis() == 1) {
                Conv2d folded = fold(conv, bn);
                BlockRewrite.removeChild(parent, i + 1);
                BlockRewrite.replaceChild(parent, i, folded);
                close(conv);
                close(bn);
                counts[0]++;
            } else {
                foldChildren(child, counts);
            }
        }
    }

    /** Frees the parameters of a layer taken out of the tree. */
    private static void close(Block replaced) {
        for (Parameter p : replaced.getParameters().values()) {
            p.close();
        }
    }

    private static NDArray f64(NDArray array) {
        return array.toType(DataType.FLOAT64, true);
    }

    private static void requireInitialized(Block block, String name) {
        if (!block.isInitialized()) {
            throw new IllegalStateException(
                    name
                            + " ("
                            + block.getClass().getSimpleName()
                            + ") is not initialized: initialize or load the model first");
        }
    }
}
