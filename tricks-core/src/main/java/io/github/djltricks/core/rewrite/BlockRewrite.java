/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.rewrite;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces or removes a child of a DJL block in place: the one piece of block-tree surgery that the
 * layer converters ({@code BatchNormConverter}) and the folding of inference graphs ({@code
 * BatchNormFolding}) share.
 *
 * <p>A block holds a child twice: in its list of children (which names its parameters and drives
 * saving, loading and, in a {@code SequentialBlock}, the forward pass) and, in custom blocks, in
 * fields its forward reads. A replacement rewrites both: the entry in the list keeps its name, so
 * the parameter names and the saved-parameter layout do not change, and every field of the parent
 * (a {@code Block}, an array of blocks, a {@code List} or a {@code Map} value) that refers to the
 * old child is pointed at the new one. A field declared with a type that cannot hold the
 * replacement is reported, and nothing changes. Only {@link AbstractBlock} parents can be changed
 * (DJL gives no other access to a block's children).
 */
public final class BlockRewrite {

    private BlockRewrite() {}

    /**
     * Checks that {@code root} can be rewritten in place: it is not null and not itself one of the
     * blocks the rewrite replaces, as a root has no parent to hold its replacement.
     *
     * @param root the root of the tree to rewrite
     * @param replaced the kind of block the rewrite replaces
     * @throws IllegalArgumentException if {@code root} is null or is a {@code replaced}
     */
    public static void requireRewritableRoot(Block root, Class<?> replaced) {
        if (root == null) {
            throw new IllegalArgumentException("root must be a block tree, got root=null");
        }
        if (replaced.isInstance(root)) {
            throw new IllegalArgumentException(
                    "root must be a tree that holds the layers, not a "
                            + replaced.getSimpleName()
                            + " itself (a root cannot be replaced in place), got root="
                            + root.getClass().getSimpleName()
                            + "; wrap the layer in a SequentialBlock");
        }
    }

    /**
     * Replaces the child at {@code index} of {@code parent} with {@code replacement}, under the
     * same name, in the list of children and in every field of the parent that refers to it.
     *
     * @param parent the block whose child is replaced
     * @param index the position of the child among {@code parent.getChildren()}
     * @param replacement the new child
     * @throws IllegalArgumentException if {@code index} is not a child's position or {@code
     *     replacement} is null
     * @throws IllegalStateException if the parent is not an {@link AbstractBlock} or a field of the
     *     parent refers to the child and cannot hold the replacement (then nothing changes)
     */
    public static void replaceChild(Block parent, int index, Block replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("replacement must be a block, got null");
        }
        BlockList children = liveChildren(parent, index);
        String name = children.keyAt(index);
        Block old = children.valueAt(index);
        List<Field> fields = fields(parent);
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
        children.remove(index);
        children.add(index, name, replacement);
        for (Field field : fields) {
            refers(parent, field, old, replacement);
        }
    }

    /**
     * Removes the child at {@code index} from {@code parent}'s list of children. Meant for a parent
     * whose forward pass reads only that list, such as a {@code SequentialBlock}; the other
     * children keep their names.
     *
     * @param parent the block whose child is removed
     * @param index the position of the child among {@code parent.getChildren()}
     * @throws IllegalArgumentException if {@code index} is not a child's position
     * @throws IllegalStateException if the parent is not an {@link AbstractBlock} or one of its
     *     fields still refers to the child (its forward pass may call it; then nothing changes)
     */
    public static void removeChild(Block parent, int index) {
        BlockList children = liveChildren(parent, index);
        Block old = children.valueAt(index);
        for (Field field : fields(parent)) {
            if (refers(parent, field, old, null)) {
                throw new IllegalStateException(
                        "cannot remove child '"
                                + children.keyAt(index)
                                + "': field "
                                + field.getDeclaringClass().getName()
                                + "."
                                + field.getName()
                                + " still refers to it");
            }
        }
        children.remove(index);
    }

    private static BlockList liveChildren(Block parent, int index) {
        if (!(parent instanceof AbstractBlock)) {
            throw new IllegalStateException(
                    "cannot change the children of "
                            + (parent == null ? "null" : parent.getClass().getName())
                            + ": only AbstractBlock parents are supported");
        }
        BlockList children = (BlockList) readField(childrenField(), parent);
        if (index < 0 || index >= children.size()) {
            throw new IllegalArgumentException(
                    "index must be in [0, "
                            + children.size()
                            + ") for the children of "
                            + parent.getClass().getSimpleName()
                            + ", got index="
                            + index);
        }
        return children;
    }

    /** The instance fields of the parent's classes, but the list of children. */
    private static List<Field> fields(Block parent) {
        List<Field> fields = new ArrayList<>();
        Field children = childrenField();
        for (Class<?> c = parent.getClass();
                c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.equals(children)) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    /**
     * Whether the field refers to {@code old}: holds it, or holds it as an element of an array or a
     * {@code List} or as a {@code Map} value. With a {@code replacement}, each reference is pointed
     * at it; with null, nothing changes.
     */
    @SuppressWarnings("unchecked")
    private static boolean refers(Object owner, Field field, Block old, Block replacement) {
        Object value = readField(field, owner);
        boolean found = false;
        if (value == old) {
            found = true;
            if (replacement != null) {
                writeField(field, owner, replacement);
            }
        } else if (value != null
                && value.getClass().isArray()
                && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (Array.get(value, i) == old) {
                    found = true;
                    if (replacement != null) {
                        Array.set(value, i, replacement);
                    }
                }
            }
        } else if (value instanceof List<?> list && !(value instanceof BlockList)) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == old) {
                    found = true;
                    if (replacement != null) {
                        ((List<Object>) list).set(i, replacement);
                    }
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() == old) {
                    found = true;
                    if (replacement != null) {
                        ((Map.Entry<Object, Object>) entry).setValue(replacement);
                    }
                }
            }
        }
        return found;
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
