/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.loss;

/**
 * How {@link LabelSmoothingCrossEntropyLoss} spreads the smoothing mass ε over the {@code K}
 * classes of a target row {@code y} (one-hot or a probability vector).
 */
public enum Smoothing {

    /**
     * {@code q = (1 − ε)·y + ε/K}: the true class keeps {@code 1 − ε + ε/K}, every class gets
     * {@code ε/K}. The convention of PyTorch's {@code cross_entropy(label_smoothing=ε)} and timm
     * (Szegedy et al. 2016).
     */
    UNIFORM,

    /**
     * {@code q = (1 − ε)·y + ε/(K − 1)·(1 − y)}: for a one-hot {@code y} the true class gets
     * exactly {@code 1 − ε} and each other class {@code ε/(K − 1)}, as written in the Bag-of-Tricks
     * paper (He et al. 2019, §5.2). Needs {@code K ≥ 2}.
     */
    OTHER_CLASSES
}
