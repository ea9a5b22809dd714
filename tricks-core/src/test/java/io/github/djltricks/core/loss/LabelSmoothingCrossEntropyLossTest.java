/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.djltricks.core.Gc;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Label smoothing against torch's golden vectors, its closed-form and finite-difference gradient,
 * DJL's own loss at ε = 0, and its input checks.
 */
class LabelSmoothingCrossEntropyLossTest {

    private static final double TOL = 1e-6;

    private static JsonArray goldenCases() throws Exception {
        try (Reader reader =
                new InputStreamReader(
                        LabelSmoothingCrossEntropyLossTest.class.getResourceAsStream(
                                "/golden/label_smoothing.json"),
                        StandardCharsets.UTF_8)) {
            JsonObject root = new Gson().fromJson(reader, JsonObject.class);
            assertThat(root.get("torch").getAsString()).startsWith("1.13");
            return root.getAsJsonArray("cases");
        }
    }

    private static double[] doubles(JsonElement element) {
        JsonArray array = element.getAsJsonArray();
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsDouble();
        }
        return out;
    }

    /** The loss value and the autograd gradient with respect to the logits. */
    private record LossAndGrad(double loss, double[] grad) {}

    private static LossAndGrad lossAndGrad(Loss loss, NDArray logits, NDArray labels) {
        logits.setRequiresGradient(true);
        double value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = loss.evaluate(new NDList(labels), new NDList(logits));
            value = out.toType(DataType.FLOAT64, false).getDouble();
            Gc.settle();
            collector.backward(out);
        }
        double[] grad = logits.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        return new LossAndGrad(value, grad);
    }

    @Test
    void matchesTorchGoldenVectorsInLossAndGradient() throws Exception {
        JsonArray cases = goldenCases();
        assertThat(cases.size()).isGreaterThan(100);
        for (JsonElement element : cases) {
            JsonObject c = element.getAsJsonObject();
            String name = c.get("name").getAsString();
            double[] shapeValues = doubles(c.get("shape"));
            Shape shape = new Shape((long) shapeValues[0], (long) shapeValues[1]);
            LabelSmoothingCrossEntropyLoss.Builder builder =
                    LabelSmoothingCrossEntropyLoss.builder()
                            .optEpsilon(c.get("epsilon").getAsDouble())
                            .optSmoothing(Smoothing.valueOf(c.get("smoothing").getAsString()));
            if (!c.get("weights").isJsonNull()) {
                builder.optClassWeights(doubles(c.get("weights")));
            }
            LabelSmoothingCrossEntropyLoss loss = builder.build();
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray logits = manager.create(doubles(c.get("logits")), shape);
                NDArray labels;
                if (c.get("dense").getAsBoolean()) {
                    labels = manager.create(doubles(c.get("labels")), shape);
                } else {
                    double[] idx = doubles(c.get("labels"));
                    long[] longs = new long[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        longs[i] = (long) idx[i];
                    }
                    labels = manager.create(longs);
                }
                LossAndGrad got = lossAndGrad(loss, logits, labels);
                assertThat(got.loss())
                        .as(name)
                        .isFinite()
                        .isCloseTo(c.get("loss").getAsDouble(), within(TOL));
                double[] want = doubles(c.get("grad"));
                for (int i = 0; i < want.length; i++) {
                    assertThat(got.grad()[i])
                            .as(name + " grad[" + i + "]")
                            .isCloseTo(want[i], within(TOL));
                }
            }
        }
    }

    private static double[] randomLogits(Random random, int n, int k) {
        double[] z = new double[n * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian() * 3;
        }
        return z;
    }

    @Property(tries = 40)
    void gradientIsSoftmaxMinusSmoothedTarget(
            @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll @IntRange(min = 2, max = 12) int k,
            @ForAll @DoubleRange(min = 0, max = 0.99) double epsilon,
            @ForAll boolean others,
            @ForAll long seed) {
        Random random = new Random(seed);
        Smoothing smoothing = others ? Smoothing.OTHER_CLASSES : Smoothing.UNIFORM;
        LabelSmoothingCrossEntropyLoss loss =
                LabelSmoothingCrossEntropyLoss.builder()
                        .optEpsilon(epsilon)
                        .optSmoothing(smoothing)
                        .build();
        double[] z = randomLogits(random, n, k);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(k);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(z, new Shape(n, k));
            LossAndGrad got = lossAndGrad(loss, logits, manager.create(y));
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, z[i * k + j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(z[i * k + j] - max);
                }
                for (int j = 0; j < k; j++) {
                    double softmax = Math.exp(z[i * k + j] - max) / sum;
                    double onehot = j == y[i] ? 1 : 0;
                    double q =
                            others
                                    ? (1 - epsilon) * onehot + epsilon / (k - 1) * (1 - onehot)
                                    : (1 - epsilon) * onehot + epsilon / k;
                    assertThat(got.grad()[i * k + j] * n).isCloseTo(softmax - q, within(1e-9));
                }
            }
        }
    }

    @Property(tries = 12)
    void autogradGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 2, max = 7) int k,
            @ForAll @DoubleRange(min = 0, max = 0.9) double epsilon,
            @ForAll boolean dense,
            @ForAll boolean weighted,
            @ForAll long seed) {
        Random random = new Random(seed);
        LabelSmoothingCrossEntropyLoss.Builder builder =
                LabelSmoothingCrossEntropyLoss.builder().optEpsilon(epsilon);
        if (weighted) {
            double[] w = new double[k];
            for (int j = 0; j < k; j++) {
                w[j] = 0.25 + random.nextDouble();
            }
            builder.optClassWeights(w);
        }
        LabelSmoothingCrossEntropyLoss loss = builder.build();
        double[] z = randomLogits(random, n, k);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels;
            if (dense) {
                double[] soft = new double[n * k];
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        soft[i * k + j] = random.nextDouble();
                        sum += soft[i * k + j];
                    }
                    for (int j = 0; j < k; j++) {
                        soft[i * k + j] /= sum;
                    }
                }
                labels = manager.create(soft, new Shape(n, k));
            } else {
                long[] y = new long[n];
                for (int i = 0; i < n; i++) {
                    y[i] = random.nextInt(k);
                }
                labels = manager.create(y);
            }
            LossAndGrad got = lossAndGrad(loss, manager.create(z, new Shape(n, k)), labels);
            double h = 1e-5;
            for (int i = 0; i < z.length; i++) {
                double[] plus = z.clone();
                double[] minus = z.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd =
                        (value(loss, manager.create(plus, new Shape(n, k)), labels)
                                        - value(
                                                loss,
                                                manager.create(minus, new Shape(n, k)),
                                                labels))
                                / (2 * h);
                assertThat(got.grad()[i]).as("grad[" + i + "]").isCloseTo(fd, within(1e-7));
            }
        }
    }

    private static double value(Loss loss, NDArray logits, NDArray labels) {
        return loss.evaluate(new NDList(labels), new NDList(logits)).getDouble();
    }

    @Test
    void weightedGradientHasClosedForm() {
        // d/dz_j of -sum_k w_k q_k log p_k  =  (sum_k w_k q_k) p_j - w_j q_j, over the denominator.
        double[] z = {0.3, -1.2, 2.0, 0.5, 0.5, -0.7};
        double[] w = {0.5, 2.0, 1.5};
        double eps = 0.2;
        long[] y = {2, 1};
        LabelSmoothingCrossEntropyLoss loss =
                LabelSmoothingCrossEntropyLoss.builder().optEpsilon(eps).optClassWeights(w).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            LossAndGrad got =
                    lossAndGrad(loss, manager.create(z, new Shape(2, 3)), manager.create(y));
            double denominator = w[2] + w[1];
            for (int i = 0; i < 2; i++) {
                double sum = 0;
                for (int j = 0; j < 3; j++) {
                    sum += Math.exp(z[i * 3 + j]);
                }
                double wq = 0;
                double[] q = new double[3];
                for (int j = 0; j < 3; j++) {
                    q[j] = (1 - eps) * (j == y[i] ? 1 : 0) + eps / 3;
                    wq += w[j] * q[j];
                }
                for (int j = 0; j < 3; j++) {
                    double p = Math.exp(z[i * 3 + j]) / sum;
                    assertThat(got.grad()[i * 3 + j])
                            .isCloseTo((wq * p - w[j] * q[j]) / denominator, within(1e-12));
                }
            }
        }
    }

    @Property(tries = 30)
    void epsilonZeroEqualsDjlSoftmaxCrossEntropy(
            @ForAll @IntRange(min = 1, max = 17) int n,
            @ForAll @IntRange(min = 2, max = 10) int k,
            @ForAll boolean dense,
            @ForAll long seed) {
        Random random = new Random(seed);
        LabelSmoothingCrossEntropyLoss ours =
                LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0).build();
        SoftmaxCrossEntropyLoss djl =
                new SoftmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1, -1, !dense, true);
        float[] z = new float[n * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 3);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(z, new Shape(n, k));
            NDArray labels;
            if (dense) {
                labels = manager.randomUniform(0, 1, new Shape(n, k));
                labels = labels.div(labels.sum(new int[] {1}, true));
            } else {
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = random.nextInt(k);
                }
                labels = manager.create(y);
            }
            float a = ours.evaluate(new NDList(labels), new NDList(logits)).getFloat();
            float b = djl.evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertThat((double) a).isCloseTo(b, within(1e-6 * Math.max(1, Math.abs(b))));
        }
    }

    @Test
    void acceptsPlainValidationLabelsInEveryForm() {
        LabelSmoothingCrossEntropyLoss loss = LabelSmoothingCrossEntropyLoss.builder().build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1, 2, 3, 3, 2, 1}, new Shape(2, 3));
            List<NDArray> forms = new ArrayList<>();
            forms.add(manager.create(new float[] {2, 0}));
            forms.add(manager.create(new int[] {2, 0}));
            forms.add(manager.create(new long[] {2, 0}, new Shape(2, 1)));
            forms.add(manager.create(new float[] {0, 0, 1, 1, 0, 0}, new Shape(2, 3)));
            float first = loss.evaluate(new NDList(forms.get(0)), new NDList(logits)).getFloat();
            assertThat(first).isFinite().isPositive();
            for (NDArray labels : forms) {
                assertThat(loss.evaluate(new NDList(labels), new NDList(logits)).getFloat())
                        .isCloseTo(first, within(1e-6f));
            }
        }
    }

    @Test
    void smoothedTargetsFollowBothConventions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(1, 4));
            NDArray label = manager.create(new long[] {1});
            float[] uniform =
                    LabelSmoothingCrossEntropyLoss.builder()
                            .optEpsilon(0.2)
                            .build()
                            .smoothedTargets(label, logits)
                            .toFloatArray();
            assertThat(uniform)
                    .containsExactly(new float[] {0.05f, 0.85f, 0.05f, 0.05f}, within(1e-7f));
            float[] others =
                    LabelSmoothingCrossEntropyLoss.builder()
                            .optEpsilon(0.3)
                            .optSmoothing(Smoothing.OTHER_CLASSES)
                            .build()
                            .smoothedTargets(label, logits)
                            .toFloatArray();
            assertThat(others).containsExactly(new float[] {0.1f, 0.7f, 0.1f, 0.1f}, within(1e-7f));
        }
    }

    @Test
    void rejectsEpsilonOutsideZeroOne() {
        for (double eps : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(
                            () -> LabelSmoothingCrossEntropyLoss.builder().optEpsilon(eps).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epsilon=" + eps)
                    .hasMessageContaining("[0, 1)");
        }
    }

    @Test
    void rejectsBadClassWeights() {
        assertThatThrownBy(
                        () ->
                                LabelSmoothingCrossEntropyLoss.builder()
                                        .optClassWeights(1, -2, 1)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classWeights[1]")
                .hasMessageContaining("-2.0");
        LabelSmoothingCrossEntropyLoss loss =
                LabelSmoothingCrossEntropyLoss.builder().optClassWeights(1, 2).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList logits = new NDList(manager.zeros(new Shape(2, 3)));
            NDList labels = new NDList(manager.create(new long[] {0, 1}));
            assertThatThrownBy(() -> loss.evaluate(labels, logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 entries")
                    .hasMessageContaining("K=3");
        }
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheClasses() {
        LabelSmoothingCrossEntropyLoss loss = LabelSmoothingCrossEntropyLoss.builder().build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList logits = new NDList(manager.zeros(new Shape(3, 5)));
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(manager.create(new long[] {0, 5, 1})),
                                            logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label 5")
                    .hasMessageContaining("K=5");
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(manager.create(new float[] {0, -1, 1})),
                                            logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label -1");
            assertThatThrownBy(
                            () -> loss.evaluate(new NDList(manager.zeros(new Shape(3, 4))), logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(3, 4)")
                    .hasMessageContaining("K=5");
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(manager.zeros(new Shape(1))),
                                            new NDList(manager.zeros(new Shape(1, 1)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("K=1");
        }
    }
}
