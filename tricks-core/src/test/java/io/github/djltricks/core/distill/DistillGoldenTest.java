/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.core.Gc;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The losses equal PyTorch 1.13's {@code kl_div(log_softmax(s/T), softmax(t/T), 'batchmean')·T²}
 * and the RKD and Overhaul reference formulas (src/test/python/distill.py), and DKD its reference
 * loss, terms and gradient (src/test/python/dkd.py), in float32 and float64.
 */
class DistillGoldenTest {

    private static JsonObject golden;
    private static JsonObject dkdGolden;
    private static NDManager manager;

    @BeforeAll
    static void load() throws IOException {
        golden = read("/golden/distill.json");
        dkdGolden = read("/golden/dkd.json");
        manager = NDManager.newBaseManager();
    }

    private static JsonObject read(String resource) throws IOException {
        try (InputStream in = DistillGoldenTest.class.getResourceAsStream(resource)) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double[] doubles(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static Shape shape(JsonElement array) {
        double[] d = doubles(array);
        long[] dims = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            dims[i] = (long) d[i];
        }
        return new Shape(dims);
    }

    private static NDArray array(NDManager m, JsonElement values, Shape shape, DataType type) {
        return m.create(doubles(values), shape).toType(type, false);
    }

    private static double tolerance(double expected, DataType type) {
        return type == DataType.FLOAT64 ? 1e-9 : 1e-5 * Math.max(1, Math.abs(expected));
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64"})
    void softTargetEqualsTorchKlDivBatchmeanTimesTSquared(DataType type) {
        int cases = 0;
        for (JsonElement e : golden.getAsJsonArray("kd")) {
            JsonObject c = e.getAsJsonObject();
            try (NDManager m = manager.newSubManager()) {
                Shape shape = shape(c.get("shape"));
                NDArray s = array(m, c.get("student"), shape, type);
                NDArray t = array(m, c.get("teacher"), shape, type);
                float temperature = c.get("temperature").getAsFloat();
                double expected = c.get("loss").getAsDouble();
                SoftTargetLoss loss = SoftTargetLoss.builder().optTemperature(temperature).build();
                double actual = loss.compute(t, s).toType(DataType.FLOAT64, false).getDouble();
                assertThat(actual).isCloseTo(expected, within(tolerance(expected, type)));
                assertThat(expected).isPositive();
                cases++;
            }
        }
        assertThat(cases).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64"})
    void rkdDistanceAndAngleEqualReferenceFormulas(DataType type) {
        int cases = 0;
        for (JsonElement e : golden.getAsJsonArray("rkd")) {
            JsonObject c = e.getAsJsonObject();
            try (NDManager m = manager.newSubManager()) {
                long n = c.get("n").getAsLong();
                NDArray s =
                        array(
                                m,
                                c.get("student"),
                                new Shape(n, c.get("studentDim").getAsLong()),
                                type);
                NDArray t =
                        array(
                                m,
                                c.get("teacher"),
                                new Shape(n, c.get("teacherDim").getAsLong()),
                                type);
                double distance = c.get("distance").getAsDouble();
                double angle = c.get("angle").getAsDouble();
                assertThat(value(RelationalLoss.distanceLoss(t, s)))
                        .isCloseTo(distance, within(tolerance(distance, type)));
                assertThat(value(RelationalLoss.angleLoss(t, s)))
                        .isCloseTo(angle, within(tolerance(angle, type)));
                double weighted = value(RelationalLoss.builder().build().compute(t, s));
                double expected = 25 * distance + 50 * angle;
                assertThat(weighted).isCloseTo(expected, within(50 * tolerance(expected, type)));
                cases++;
            }
        }
        assertThat(cases).isEqualTo(3);
    }

    /**
     * DKD's loss, its per-row TCKD and NCKD, and its gradient with respect to the student's logits
     * equal the float64 reference of src/test/python/dkd.py (the paper's definitions row by row,
     * torch's kl_div and autograd); the labels come as float (N) and as int64 (N, 1) by turns.
     */
    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT32", "FLOAT64"})
    void decoupledLossPartsAndGradientEqualReference(DataType type) {
        int cases = 0;
        for (JsonElement e : dkdGolden.getAsJsonArray("dkd")) {
            JsonObject c = e.getAsJsonObject();
            try (NDManager m = manager.newSubManager()) {
                Shape shape = shape(c.get("shape"));
                NDArray s = array(m, c.get("student"), shape, type);
                NDArray t = array(m, c.get("teacher"), shape, type);
                double[] y = doubles(c.get("labels"));
                NDArray labels =
                        cases % 2 == 0
                                ? m.create(y).toType(DataType.FLOAT32, false)
                                : m.create(y).toType(DataType.INT64, false).reshape(y.length, 1);
                DecoupledKdLoss loss =
                        DecoupledKdLoss.builder()
                                .optTemperature(c.get("temperature").getAsFloat())
                                .optAlpha(c.get("alpha").getAsFloat())
                                .optBeta(c.get("beta").getAsFloat())
                                .build();

                NDList parts = loss.decompose(t, s, labels);
                assertClose(values(parts.get(0)), doubles(c.get("tckd")), type, "tckd");
                assertClose(values(parts.get(1)), doubles(c.get("nckd")), type, "nckd");

                double expected = c.get("loss").getAsDouble();
                double[] grad;
                double actual;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    s.setRequiresGradient(true);
                    NDArray result = loss.compute(t, s, labels);
                    assertThat(result.getDataType()).isEqualTo(type);
                    actual = result.toType(DataType.FLOAT64, false).getDouble();
                    Gc.settle();
                    gc.backward(result);
                    grad = s.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                }
                assertThat(actual).isCloseTo(expected, within(tolerance(expected, type)));
                assertThat(expected).isPositive();
                assertClose(grad, doubles(c.get("grad")), type, "gradient");
                cases++;
            }
        }
        assertThat(cases).isEqualTo(6);
    }

    private static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static void assertClose(
            double[] actual, double[] expected, DataType type, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            double tol =
                    type == DataType.FLOAT64
                            ? 1e-9 * Math.max(1, Math.abs(expected[i]))
                            : 2e-6 + 1e-5 * Math.abs(expected[i]);
            assertThat(actual[i])
                    .as("%s %s[%d]", type, what, i)
                    .isCloseTo(expected[i], within(tol));
        }
    }

    @Test
    void overhaulMarginAndLossEqualReference() {
        int cases = 0;
        for (JsonElement e : golden.getAsJsonArray("overhaul")) {
            JsonObject c = e.getAsJsonObject();
            try (NDManager m = manager.newSubManager()) {
                double[] gamma = doubles(c.get("gamma"));
                double[] beta = doubles(c.get("beta"));
                double[] expectedMargin = doubles(c.get("margin"));
                float[] margin =
                        OverhaulLoss.margin(
                                m.create(gamma).toType(DataType.FLOAT32, false),
                                m.create(beta).toType(DataType.FLOAT32, false));
                assertThat(margin).hasSize(expectedMargin.length);
                for (int i = 0; i < margin.length; i++) {
                    assertThat((double) margin[i])
                            .isCloseTo(
                                    expectedMargin[i],
                                    within(1e-5 * Math.max(1, Math.abs(expectedMargin[i]))));
                }
                // The first channel's mean is 4σ: the −3σ branch.
                assertThat((double) margin[0]).isCloseTo(-3 * Math.abs(gamma[0]), within(1e-6));

                Shape shape = shape(c.get("shape"));
                OverhaulLoss loss = OverhaulLoss.builder().setMargin(margin).build();
                NDArray s = array(m, c.get("student"), shape, DataType.FLOAT32);
                NDArray t = array(m, c.get("teacher"), shape, DataType.FLOAT32);
                double expected = c.get("loss").getAsDouble();
                assertThat(value(loss.compute(t, s)))
                        .isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
                cases++;
            }
        }
        assertThat(cases).isEqualTo(2);
    }

    private static double value(NDArray scalar) {
        return scalar.toType(DataType.FLOAT64, false).getDouble();
    }
}
