/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Compares DJL autograd gradients of a scalar function of one float64 array with central finite
 * differences.
 */
public final class GradientCheck {

    private GradientCheck() {}

    /**
     * Asserts that the autograd gradient of {@code f} at {@code x0} matches central differences
     * (f(x + h·e_i) − f(x − h·e_i)) / 2h within {@code tol}·max(1, |fd|) per element.
     *
     * @param manager where to create arrays
     * @param f the function; must return a scalar
     * @param x0 the point, row-major
     * @param shape its shape
     * @param h the step
     * @param tol the relative tolerance
     * @return the autograd gradient
     */
    public static double[] check(
            NDManager manager,
            Function<NDArray, NDArray> f,
            double[] x0,
            Shape shape,
            double h,
            double tol) {
        double[] auto;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(x0, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                assertThat(y.getShape().size()).isEqualTo(1);
                gc.backward(y);
            }
            auto = x.getGradient().toDoubleArray();
        }
        for (int i = 0; i < x0.length; i++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd;
            try (NDManager scope = manager.newSubManager()) {
                double fp = f.apply(scope.create(plus, shape)).toDoubleArray()[0];
                double fm = f.apply(scope.create(minus, shape)).toDoubleArray()[0];
                fd = (fp - fm) / (2 * h);
            }
            assertThat(auto[i])
                    .as("d/dx[%d]: autograd %s vs central difference %s", i, auto[i], fd)
                    .isCloseTo(
                            fd,
                            org.assertj.core.data.Offset.offset(tol * Math.max(1, Math.abs(fd))));
        }
        return auto;
    }
}
