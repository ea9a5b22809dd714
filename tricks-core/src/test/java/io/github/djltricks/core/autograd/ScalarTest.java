/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.github.djltricks.core.Gc;
import org.junit.jupiter.api.Test;

/** Engine-owned constants: exact, typed, and still there for the backward pass. */
class ScalarTest {

    @Test
    void theConstantHasTheTypeAndTheExactValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x64 = manager.create(new double[] {1, 2});
            NDArray c64 = Scalar.like(x64, 0.1);
            assertThat(c64.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(c64.getShape().dimension()).isZero();
            assertThat(c64.getDouble()).isEqualTo(0.1);
            NDArray x32 = manager.create(new float[] {1, 2});
            NDArray c32 = Scalar.like(x32, 0.1);
            assertThat(c32.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(c32.getFloat()).isEqualTo(0.1f);
            assertThat(Scalar.of(manager, 7, DataType.FLOAT16).getDataType())
                    .isEqualTo(DataType.FLOAT16);
        }
    }

    /**
     * The gradient of x·c, x/c and max(x, c) is right even when the constant is closed and the
     * garbage collector runs between the forward and the backward pass.
     */
    @Test
    void theGradientSurvivesAClosedConstantAndACollection() {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = manager.create(new float[] {1, 2, 3}).toType(type, false);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray three = Scalar.like(x, 3);
                    NDArray half = Scalar.like(x, 0.5);
                    NDArray cut = Scalar.like(x, 2.5);
                    NDArray y = x.mul(three).add(x.div(half)).add(x.maximum(cut));
                    three.close();
                    half.close();
                    cut.close();
                    Gc.settle();
                    gc.backward(y.sum());
                }
                // d/dx (3x + x/0.5 + max(x, 2.5)) = 3 + 2 + [x > 2.5]
                assertThat(x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray())
                        .as("%s", type)
                        .containsExactly(5, 5, 6);
            }
        }
    }
}
