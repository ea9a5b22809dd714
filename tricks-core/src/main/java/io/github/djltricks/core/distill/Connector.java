/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The learned connector (FitNets' regressor, Overhaul's feature connector) that maps a student
 * feature map (N, C<sub>s</sub>, H, W) to the teacher's channel count (N, C<sub>t</sub>, H, W): a
 * 1×1 convolution without bias followed by batch norm. It changes channels only, so the spatial
 * sizes of the two features must agree.
 */
public final class Connector {

    private Connector() {}

    /**
     * Creates a 1×1 convolution (no bias) + batch norm with the given output channels.
     *
     * @param channels the teacher feature's channel count C<sub>t</sub>, positive
     * @return the connector block, not initialized
     * @throws IllegalArgumentException if channels is not positive
     */
    public static Block convBn(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .setFilters(channels)
                                .optBias(false)
                                .build())
                .add(BatchNorm.builder().build());
    }

    /**
     * Throws unless a 1×1 connector can map the student's feature shape onto the teacher's: both
     * (N, C, H, W) with equal N, H and W.
     *
     * @param tap the tap's name, for the message
     * @param student the student feature's shape
     * @param teacher the teacher feature's shape
     * @throws IllegalArgumentException if no 1×1 connector reconciles the shapes
     */
    public static void checkReconcilable(String tap, Shape student, Shape teacher) {
        boolean ok =
                student.dimension() == 4
                        && teacher.dimension() == 4
                        && student.get(0) == teacher.get(0)
                        && student.get(2) == teacher.get(2)
                        && student.get(3) == teacher.get(3);
        if (!ok) {
            throw new IllegalArgumentException(
                    "tap '"
                            + tap
                            + "': student feature "
                            + student
                            + " and teacher feature "
                            + teacher
                            + " cannot be reconciled by a 1x1 conv connector, which needs (N, C, H,"
                            + " W) features with equal N, H and W");
        }
    }
}
