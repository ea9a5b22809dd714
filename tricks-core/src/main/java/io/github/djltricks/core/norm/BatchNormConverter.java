/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import io.github.djltricks.core.rewrite.BlockRewrite;
import java.util.function.Function;

/**
 * Swaps every {@link BatchNorm} in a block tree for a {@link SyncBatchNorm} with the same options,
 * learned γ and β and running statistics, and back, <b>in place</b>: the tree passed in is changed
 * and no copy is made — the counterpart of PyTorch's {@code SyncBatchNorm.convert_sync_batchnorm}.
 * Each method returns the tree it was given, for chaining; to keep a tree of each kind, build the
 * network twice (DJL blocks cannot be copied).
 *
 * <pre>{@code
 * BatchNormConverter.toSyncInPlace(net);       // net now holds SyncBatchNorm layers
 * // ... train with SyncTrain ...
 * BatchNormConverter.toBatchNormInPlace(net);  // the same net holds BatchNorm again
 * }</pre>
 *
 * <p>A block holds a child twice: in its list of children (which names its parameters and drives
 * saving and loading) and, in custom blocks, in fields its forward reads. Both are rewritten
 * ({@link BlockRewrite#replaceChild}): the entry in the list keeps its name, so parameter names and
 * the saved-parameter layout do not change, and every field of the parent (a {@code Block}, an
 * array of blocks, a {@code List} or a {@code Map} value) that refers to the old layer is pointed
 * at the new one. A field declared with the concrete type ({@code BatchNorm bn}) cannot hold the
 * other layer and is reported. Blocks that capture a layer elsewhere (a lambda in a {@code
 * LambdaBlock}) are not reachable and are not converted. The root itself cannot be replaced in
 * place, so a root that is itself a batch-norm layer is refused: wrap it in a {@code
 * SequentialBlock}. Convert before creating the {@code Trainer}: the trainer's parameter store
 * keeps the old parameters.
 */
public final class BatchNormConverter {

    private BatchNormConverter() {}

    /**
     * Replaces, in place, every {@link BatchNorm} under {@code root} with an equivalent {@link
     * SyncBatchNorm}; values are copied when the layer is initialized.
     *
     * @param root the block tree, changed in place
     * @param <T> the type of the tree
     * @return {@code root} itself, changed
     * @throws IllegalArgumentException if {@code root} is itself a BatchNorm
     * @throws IllegalStateException if a parent holds a BatchNorm in a field that cannot take a
     *     SyncBatchNorm
     */
    public static <T extends Block> T toSyncInPlace(T root) {
        return convert(root, BatchNorm.class, b -> toSyncLayer((BatchNorm) b, true));
    }

    /**
     * Replaces, in place, every {@link BatchNorm} under {@code root} with an equivalent {@link
     * SyncBatchNorm} that does not synchronise ({@link SyncBatchNorm.Builder#optSynchronized}):
     * each shard of a {@link SyncTrain} step is normalised with its own statistics, as on k devices
     * without synchronisation, and the running statistics come from the first shard alone instead
     * of from every shard writing them at once.
     *
     * @param root the block tree, changed in place
     * @param <T> the type of the tree
     * @return {@code root} itself, changed
     * @throws IllegalArgumentException if {@code root} is itself a BatchNorm
     * @throws IllegalStateException if a parent holds a BatchNorm in a field that cannot take a
     *     SyncBatchNorm
     */
    public static <T extends Block> T toPerShardInPlace(T root) {
        return convert(root, BatchNorm.class, b -> toSyncLayer((BatchNorm) b, false));
    }

    /**
     * Replaces, in place, every {@link SyncBatchNorm} under {@code root} with an equivalent {@link
     * BatchNorm}; values are copied when the layer is initialized.
     *
     * @param root the block tree, changed in place
     * @param <T> the type of the tree
     * @return {@code root} itself, changed
     * @throws IllegalArgumentException if {@code root} is itself a SyncBatchNorm
     * @throws IllegalStateException if a parent holds a SyncBatchNorm in a field that cannot take a
     *     BatchNorm
     */
    public static <T extends Block> T toBatchNormInPlace(T root) {
        return convert(root, SyncBatchNorm.class, b -> toPlainLayer((SyncBatchNorm) b));
    }

    private static <T extends Block> T convert(T root, Class<?> from, Function<Block, Block> swap) {
        BlockRewrite.requireRewritableRoot(root, from);
        convertChildren(root, from, swap);
        return root;
    }

    private static void convertChildren(Block parent, Class<?> from, Function<Block, Block> swap) {
        BlockList children = parent.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> child = children.get(i);
            if (from.isInstance(child.getValue())) {
                BlockRewrite.replaceChild(parent, i, swap.apply(child.getValue()));
            } else {
                convertChildren(child.getValue(), from, swap);
            }
        }
    }

    private static SyncBatchNorm toSyncLayer(BatchNorm bn, boolean synchronize) {
        BatchNormOptions options = BatchNormOptions.of(bn);
        SyncBatchNorm sync =
                SyncBatchNorm.builder()
                        .optSynchronized(synchronize)
                        .optAxis(options.axis())
                        .optEpsilon(options.epsilon())
                        .optMomentum(options.momentum())
                        .optCenter(options.center())
                        .optScale(options.scale())
                        .build();
        copyValues(bn, sync);
        return sync;
    }

    private static BatchNorm toPlainLayer(SyncBatchNorm sync) {
        BatchNorm bn =
                BatchNorm.builder()
                        .optAxis(sync.getAxis())
                        .optEpsilon(sync.getEpsilon())
                        .optMomentum(sync.getMomentum())
                        .optCenter(sync.isCenter())
                        .optScale(sync.isScale())
                        .build();
        copyValues(sync, bn);
        return bn;
    }

    /** Initializes {@code to} for the input shapes {@code from} saw and copies its parameters. */
    private static void copyValues(Block from, Block to) {
        if (!from.isInitialized()) {
            return;
        }
        NDArray first = from.getParameters().valueAt(0).getArray();
        to.initialize(first.getManager(), first.getDataType(), from.getInputShapes());
        for (Pair<String, Parameter> p : from.getParameters()) {
            Parameter target = to.getParameters().get(p.getKey());
            p.getValue().getArray().copyTo(target.getArray());
        }
    }
}
