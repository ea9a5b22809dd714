/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
     * Returns the autograd gradient of {@code f} at {@code x0}.
     *
     * @param manager where to create arrays
     * @param f the function; must return a scalar
     * @param x0 the point, row-major
     * @param shape its shape
     * @return the gradient, row-major
     */
    public static double[] autograd(
            NDManager manager, Function<NDArray, NDArray> f, double[] x0, Shape shape) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(x0, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                assertThat(y.getShape().size()).isEqualTo(1);
                settle();
                gc.backward(y);
            }
            return x.getGradient().toDoubleArray();
        }
    }

    /**
     * Runs the garbage collector and waits for the reference handler, so that a backward pass after
     * it fails if autograd kept an operand whose memory Java owned and released (DJL's PyTorch
     * engine makes {@code x.mul(2f)}'s scalar over a direct buffer freed when the operation
     * returns).
     */
    public static void settle() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns the central differences (f(x + h·e_i) − f(x − h·e_i)) / 2h of {@code f} at {@code
     * x0}.
     *
     * @param manager where to create arrays
     * @param f the function; must return a scalar
     * @param x0 the point, row-major
     * @param shape its shape
     * @param h the step
     * @return the numerical gradient, row-major
     */
    public static double[] numeric(
            NDManager manager, Function<NDArray, NDArray> f, double[] x0, Shape shape, double h) {
        double[] fd = new double[x0.length];
        for (int i = 0; i < x0.length; i++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[i] += h;
            minus[i] -= h;
            try (NDManager scope = manager.newSubManager()) {
                double fp = f.apply(scope.create(plus, shape)).toDoubleArray()[0];
                double fm = f.apply(scope.create(minus, shape)).toDoubleArray()[0];
                fd[i] = (fp - fm) / (2 * h);
            }
        }
        return fd;
    }

    /**
     * Asserts that two gradients agree within {@code tol}·max(1, |expected|) per element.
     *
     * @param actual the gradient checked
     * @param expected the reference
     * @param tol the relative tolerance
     */
    public static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i])
                    .as("d/dx[%d]: %s vs %s", i, actual[i], expected[i])
                    .isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }

    /**
     * Asserts that the autograd gradient of {@code f} at {@code x0} matches central differences.
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
        double[] auto = autograd(manager, f, x0, shape);
        assertClose(auto, numeric(manager, f, x0, shape, h), tol);
        return auto;
    }
}
