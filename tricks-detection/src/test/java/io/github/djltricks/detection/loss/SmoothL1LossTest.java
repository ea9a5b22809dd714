/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.github.djltricks.detection.Golden;
import io.github.djltricks.detection.GradientCheck;
import org.junit.jupiter.api.Test;

class SmoothL1LossTest {

    @Test
    void matchesPytorchSmoothL1() {
        JsonObject g = Golden.load("detection_box_loss").getAsJsonObject("box_losses");
        float[] p = Golden.floats(g.get("pred"));
        float[] t = Golden.floats(g.get("target"));
        Shape shape = new Shape(p.length / 4, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            for (String beta : new String[] {"1", "0.5"}) {
                for (Reduction r : Reduction.values()) {
                    double[] got =
                            SmoothL1Loss.builder()
                                    .optBeta(Double.parseDouble(beta))
                                    .optReduction(r)
                                    .build()
                                    .evaluate(
                                            new NDList(m.create(t, shape)),
                                            new NDList(m.create(p, shape)))
                                    .toType(DataType.FLOAT64, false)
                                    .toDoubleArray();
                    double[] want =
                            Golden.doubles(
                                    g.get("smoothl1_b" + beta + "_" + r.name().toLowerCase()));
                    assertThat(got).hasSameSizeAs(want);
                    for (int i = 0; i < want.length; i++) {
                        assertThat(got[i])
                                .as("beta %s %s [%d]", beta, r, i)
                                .isCloseTo(want[i], within(1e-6 * Math.max(1, Math.abs(want[i]))));
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesAndBetaZeroIsL1() {
        double[] x0 = {0.3, -0.2, 2.5, -3.0, 0.05, 1.7};
        double[] t = {0, 0, 0, 0, 0, 1};
        double[] w = {1, 2, 0.5, 1, 3, 1};
        Shape shape = new Shape(2, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(t, shape);
            NDArray weights = m.create(w, shape);
            for (double beta : new double[] {0, 0.5, 1}) {
                SmoothL1Loss l = SmoothL1Loss.builder().optBeta(beta).build();
                GradientCheck.check(
                        m,
                        x -> l.evaluate(new NDList(target, weights), new NDList(x)),
                        x0,
                        shape,
                        1e-6,
                        1e-6);
            }
            NDArray x = m.create(x0, shape);
            double l1 =
                    SmoothL1Loss.builder()
                            .optBeta(0)
                            .optReduction(Reduction.SUM)
                            .build()
                            .evaluate(new NDList(target), new NDList(x))
                            .getDouble();
            double want = 0;
            for (int i = 0; i < 6; i++) {
                want += Math.abs(x0[i] - t[i]);
            }
            assertThat(l1).isCloseTo(want, within(1e-12));
            NDArray empty = m.zeros(new Shape(0, 4));
            assertThat(
                            SmoothL1Loss.builder()
                                    .build()
                                    .evaluate(new NDList(empty), new NDList(empty))
                                    .getFloat())
                    .isZero();
        }
        assertThatThrownBy(() -> SmoothL1Loss.builder().optBeta(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta must be finite and >= 0, got -1.0");
    }
}
