/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * saving and loading) and, in custom blocks, in fields its forward reads. Both are rewritten: the
 * entry in the list keeps its name, so parameter names and the saved-parameter layout do not
 * change, and every field of the parent (a {@code Block}, an array of blocks, a {@code List} or a
 * {@code Map} value) that refers to the old layer is pointed at the new one. A field declared with
 * the concrete type ({@code BatchNorm bn}) cannot hold the other layer and is reported. Blocks that
 * capture a layer elsewhere (a lambda in a {@code LambdaBlock}) are not reachable and are not
 * converted. The root itself cannot be replaced in place, so a root that is itself a batch-norm
 * layer is refused: wrap it in a {@code SequentialBlock}. Convert before creating the {@code
 * Trainer}: the trainer's parameter store keeps the old parameters.
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
        if (root == null) {
            throw new IllegalArgumentException("root must be a block tree, got root=null");
        }
        if (from.isInstance(root)) {
            throw new IllegalArgumentException(
                    "root must be a tree that holds the layers, not a "
                            + from.getSimpleName()
                            + " itself (a root cannot be replaced in place), got root="
                            + root.getClass().getSimpleName()
                            + "; wrap the layer in a SequentialBlock");
        }
        convertChildren(root, from, swap);
        return root;
    }

    private static void convertChildren(Block parent, Class<?> from, Function<Block, Block> swap) {
        BlockList children = parent.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> child = children.get(i);
            if (from.isInstance(child.getValue())) {
                Block replacement = swap.apply(child.getValue());
                replaceChild(parent, i, child.getKey(), child.getValue(), replacement);
            } else {
                convertChildren(child.getValue(), from, swap);
            }
        }
    }

    private static SyncBatchNorm toSyncLayer(BatchNorm bn, boolean synchronize) {
        SyncBatchNorm sync =
                SyncBatchNorm.builder()
                        .optSynchronized(synchronize)
                        .optAxis((Integer) read(bn, "axis"))
                        .optEpsilon((Float) read(bn, "epsilon"))
                        .optMomentum((Float) read(bn, "momentum"))
                        .optCenter((Boolean) read(bn, "center"))
                        .optScale((Boolean) read(bn, "scale"))
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

    private static Object read(BatchNorm bn, String name) {
        try {
            Field field = BatchNorm.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(bn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read BatchNorm option '"
                            + name
                            + "' (the DJL version may differ from 0.35.1)",
                    e);
        }
    }

    private static void replaceChild(
            Block parent, int index, String name, Block old, Block replacement) {
        if (!(parent instanceof AbstractBlock)) {
            throw new IllegalStateException(
                    "cannot replace child '"
                            + name
                            + "' of "
                            + parent.getClass().getName()
                            + ": only AbstractBlock parents are supported");
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = parent.getClass();
                c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.equals(childrenField())) {
                    fields.add(field);
                }
            }
        }
        // check every field first so that a refusal leaves the tree unchanged
        for (Field field : fields) {
            if (readField(field, parent) == old && !field.getType().isInstance(replacement)) {
                throw new IllegalStateException(
                        "field "
                                + field.getDeclaringClass().getName()
                                + "."
                                + field.getName()
                                + " is declared "
                                + field.getType().getSimpleName()
                                + " and cannot hold a "
                                + replacement.getClass().getSimpleName()
                                + "; declare it as Block to allow conversion");
            }
        }
        BlockList children = (BlockList) readField(childrenField(), parent);
        children.remove(index);
        children.add(index, name, replacement);
        for (Field field : fields) {
            replaceInField(parent, field, old, replacement);
        }
    }

    @SuppressWarnings("unchecked")
    private static void replaceInField(Object owner, Field field, Block old, Block replacement) {
        Object value = readField(field, owner);
        if (value == old) {
            writeField(field, owner, replacement);
        } else if (value != null
                && value.getClass().isArray()
                && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (Array.get(value, i) == old) {
                    Array.set(value, i, replacement);
                }
            }
        } else if (value instanceof List<?> list && !(value instanceof BlockList)) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == old) {
                    ((List<Object>) list).set(i, replacement);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() == old) {
                    ((Map.Entry<Object, Object>) entry).setValue(replacement);
                }
            }
        }
    }

    private static Field childrenField() {
        try {
            return AbstractBlock.class.getDeclaredField("children");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("AbstractBlock has no 'children' field", e);
        }
    }

    private static Object readField(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read field " + field.getName() + " of " + owner.getClass().getName(),
                    e);
        }
    }

    private static void writeField(Field field, Object owner, Object value) {
        try {
            field.setAccessible(true);
            field.set(owner, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot write field " + field.getName() + " of " + owner.getClass().getName(),
                    e);
        }
    }
}
