/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;

/**
 * The options of a DJL {@link BatchNorm} layer, which DJL 0.35.1 keeps in private fields without
 * getters: the channel axis, ε (in {@code y = γ (x − μ) / √(σ² + ε) + β}), the momentum (the share
 * of the old running statistic kept), and whether β and γ are trained ({@code center}, {@code
 * scale}). This is the one place that reads them.
 *
 * @param axis the channel axis (1 by default)
 * @param epsilon ε, added to the variance before the square root (1e-5 by default)
 * @param momentum the share of the old running statistic kept at each update (0.9 by default)
 * @param center whether β is trained (when not, β keeps its initial value, 0)
 * @param scale whether γ is trained (when not, γ keeps its initial value, 1)
 */
public record BatchNormOptions(
        int axis, float epsilon, float momentum, boolean center, boolean scale) {

    /**
     * Reads the options of a layer.
     *
     * @param bn the layer
     * @return its options
     * @throws IllegalArgumentException if {@code bn} is null
     * @throws IllegalStateException if a field cannot be read (a DJL version other than 0.35.1)
     */
    public static BatchNormOptions of(BatchNorm bn) {
        if (bn == null) {
            throw new IllegalArgumentException("bn must be a BatchNorm layer, got bn=null");
        }
        return new BatchNormOptions(
                (Integer) read(bn, "axis"),
                (Float) read(bn, "epsilon"),
                (Float) read(bn, "momentum"),
                (Boolean) read(bn, "center"),
                (Boolean) read(bn, "scale"));
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
}
