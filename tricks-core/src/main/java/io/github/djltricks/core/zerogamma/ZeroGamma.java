/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.zerogamma;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-γ initialization (He et al. 2019, "Bag of Tricks for Image Classification with Convolutional
 * Neural Networks", arXiv 1812.01187, section 3.1; Goyal et al. 2017, arXiv 1706.02677): the batch
 * norm that ends each residual branch starts with γ = 0. A residual block computes {@code
 * join(F(x), S(x))} with {@code F} ending in a batch norm {@code γ·x̂ + β}; with γ = 0 (and β = 0,
 * its usual start) {@code F(x) = 0} for every input, in training and inference mode, so the block
 * starts as its shortcut {@code S} (the identity, or a projection) and the network as a shallower
 * one that trains more easily at the start.
 *
 * <pre>{@code
 * Block net = ResNetV1.builder().setImageShape(new Shape(1, 28, 28)).setNumLayers(20)
 *         .setOutSize(10).build();
 * int zeroed = ZeroGamma.apply(net);   // 9: one per residual block
 * }</pre>
 *
 * <p>The residual blocks are found in the block tree, on generic DJL blocks (DJL's {@code
 * ResNetV1}, a ResNet built by hand, ...):
 *
 * <ol>
 *   <li>a residual block is a {@link ParallelBlock} with two branches, one of which, the residual
 *       branch, holds more weighted layers (blocks with a parameter of type {@code WEIGHT}:
 *       convolutions, linear layers) than the other, the shortcut (an identity, or a 1×1 projection
 *       with its batch norm);
 *   <li>its final layer is reached from the residual branch by taking the last child of every
 *       {@link SequentialBlock} on the way down;
 *   <li>if that layer has a parameter of type {@code GAMMA} (DJL's {@code BatchNorm}, this
 *       project's {@code SyncBatchNorm}, a layer norm), that γ is set to 0. A branch that ends in
 *       anything else (an activation after the norm, a convolution) is left alone.
 * </ol>
 *
 * Every child of every block is searched, so residual blocks inside custom blocks and branches are
 * found too; the join function of a {@code ParallelBlock} cannot be inspected, so a two-branch
 * block of another kind (an Inception-like concatenation of a deep and a shallow branch ending in a
 * norm) would be taken for a residual block: check the count {@link #apply} returns, or the layers
 * {@link #find} lists.
 *
 * <p>Call {@link #apply} before the parameters are initialized, best right after {@code
 * model.newTrainer(config)} and before {@code trainer.initialize(...)}: it sets γ's initializer to
 * zeros, which a training configuration's {@code optInitializer} for {@code GAMMA} would replace at
 * {@code newTrainer}. On initialized parameters it writes zeros into γ as well; a trainer that has
 * already copied the parameters to other devices keeps its copies, so on several devices call it
 * before {@code trainer.initialize}.
 */
public final class ZeroGamma {

    private ZeroGamma() {}

    /**
     * Finds the normalization layers that end the residual branches of a network.
     *
     * @param network the network
     * @return the layers whose γ {@link #apply} sets to 0, in the order of the block tree
     * @throws IllegalArgumentException if the network is null
     */
    public static List<Block> find(Block network) {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        List<Block> found = new ArrayList<>();
        visit(network, found, new IdentityHashMap<>());
        return found;
    }

    /**
     * Starts γ at 0 in the normalization layer that ends each residual branch: sets γ's initializer
     * to zeros and, if γ is initialized, writes zeros into it.
     *
     * @param network the network, changed in place
     * @return the number of normalization layers whose γ is now 0 (one per residual block found)
     * @throws IllegalArgumentException if the network is null, or if such a layer's γ is not
     *     trained (a batch norm built with {@code optScale(false)}): zeroing it would switch its
     *     branch off for good
     */
    public static int apply(Block network) {
        List<Block> layers = find(network);
        Map<Parameter, String> names = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            names.put(p.getValue(), p.getKey());
        }
        List<Parameter> gammas = new ArrayList<>();
        for (Block layer : layers) {
            for (Parameter gamma : gammas(layer)) {
                if (!gamma.requiresGradient()) {
                    throw new IllegalArgumentException(
                            "network must have a trained γ at the end of every residual branch,"
                                    + " but "
                                    + names.getOrDefault(gamma, gamma.getName())
                                    + " is not trained (a batch norm without scale): zero-γ would"
                                    + " switch its branch off for good");
                }
                gammas.add(gamma);
            }
        }
        for (Parameter gamma : gammas) {
            gamma.setInitializer(Initializer.ZEROS);
            if (gamma.isInitialized()) {
                NDArray array = gamma.getArray();
                int bytes = Math.toIntExact(array.size() * array.getDataType().getNumOfBytes());
                // a new direct buffer is all zeros
                array.set(ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder()));
            }
        }
        return layers.size();
    }

    private static void visit(Block block, List<Block> found, Map<Block, Boolean> seen) {
        if (seen.put(block, Boolean.TRUE) != null) {
            return;
        }
        if (block instanceof ParallelBlock && block.getChildren().size() == 2) {
            Block first = block.getChildren().valueAt(0);
            Block second = block.getChildren().valueAt(1);
            int a = weightedLayers(first);
            int b = weightedLayers(second);
            if (a != b) {
                Block last = last(a > b ? first : second);
                if (!gammas(last).isEmpty() && !found.contains(last)) {
                    found.add(last);
                }
            }
        }
        for (Block child : block.getChildren().values()) {
            visit(child, found, seen);
        }
    }

    /** The blocks under (and including) this one with a direct parameter of type WEIGHT. */
    private static int weightedLayers(Block block) {
        int count = hasType(block, Parameter.Type.WEIGHT) ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            count += weightedLayers(child);
        }
        return count;
    }

    /** The block a branch ends with: the last child of every sequential block on the way down. */
    private static Block last(Block branch) {
        Block block = branch;
        while (block instanceof SequentialBlock && !block.getChildren().isEmpty()) {
            block = block.getChildren().valueAt(block.getChildren().size() - 1);
        }
        return block;
    }

    private static boolean hasType(Block block, Parameter.Type type) {
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == type) {
                return true;
            }
        }
        return false;
    }

    private static List<Parameter> gammas(Block block) {
        List<Parameter> gammas = new ArrayList<>();
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.GAMMA) {
                gammas.add(p);
            }
        }
        return gammas;
    }
}
