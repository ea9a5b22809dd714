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
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.djltricks.detection.Golden;
import io.github.djltricks.detection.GradientCheck;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class FocalLossTest {

    @Test
    void matchesTorchvisionSigmoidFocalLoss() {
        JsonObject g = Golden.load("detection_box_loss").getAsJsonObject("focal");
        Shape shape = new Shape(6, 5);
        int checked = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(Golden.floats(g.get("logits")), shape);
            for (JsonElement e : g.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                double alpha = c.get("alpha").getAsDouble();
                FocalLoss.Builder b =
                        FocalLoss.builder()
                                .optGamma(c.get("gamma").getAsDouble())
                                .optReduction(
                                        Reduction.valueOf(
                                                c.get("reduction").getAsString().toUpperCase()));
                if (alpha < 0) {
                    b.optAlphaDisabled();
                } else {
                    b.optAlpha(alpha);
                }
                String which = c.get("targets").getAsString();
                NDArray targets =
                        m.create(
                                Golden.floats(
                                        g.get(which.equals("soft") ? "soft_targets" : "targets")),
                                shape);
                FocalLoss loss = b.build();
                // float32 as torchvision ran it: 1e-6, relative above 1 (a float32 sum near 17
                // has an ulp of 1.9e-6).
                double[] got =
                        loss.evaluate(new NDList(targets), new NDList(logits))
                                .toType(DataType.FLOAT64, false)
                                .toDoubleArray();
                double[] want = Golden.doubles(c.get("loss"));
                assertThat(got).hasSameSizeAs(want);
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i])
                            .as("%s [%d]", c, i)
                            .isCloseTo(want[i], within(1e-6 * Math.max(1, Math.abs(want[i]))));
                }
                // The same inputs in float64 against torchvision in float64: 1e-6 absolute.
                double[] got64 =
                        loss.evaluate(
                                        new NDList(targets.toType(DataType.FLOAT64, false)),
                                        new NDList(logits.toType(DataType.FLOAT64, false)))
                                .toDoubleArray();
                double[] want64 = Golden.doubles(c.get("loss64"));
                for (int i = 0; i < want64.length; i++) {
                    assertThat(got64[i])
                            .as("%s [%d] float64", c, i)
                            .isCloseTo(want64[i], within(1e-6));
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(36);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        Shape shape = new Shape(4, 3);
        double[] x0 = new double[12];
        double[] t = new double[12];
        double[] w = new double[12];
        boolean[] ignore = new boolean[12];
        for (int i = 0; i < 12; i++) {
            x0[i] = rng.nextDouble(-4, 4);
            t[i] = i % 3 == 0 ? 1 : (i % 5 == 0 ? 0.3 : 0);
            w[i] = rng.nextDouble(0.2, 2);
            ignore[i] = i == 4 || i == 9;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray targets = m.create(t, shape);
            NDArray weights = m.create(w, shape);
            NDArray mask = m.create(ignore, shape);
            for (double gamma : new double[] {0, 0.5, 1, 2, 2.5}) {
                FocalLoss mean = FocalLoss.builder().optGamma(gamma).build();
                FocalLoss positives =
                        FocalLoss.builder()
                                .optGamma(gamma)
                                .optAlpha(0.7)
                                .optReduction(Reduction.SUM)
                                .optNormalizeByPositives(true)
                                .build();
                GradientCheck.check(
                        m,
                        x -> mean.evaluate(new NDList(targets), new NDList(x)),
                        x0,
                        shape,
                        1e-6,
                        1e-6);
                GradientCheck.check(
                        m,
                        x -> positives.evaluate(new NDList(targets, weights, mask), new NDList(x)),
                        x0,
                        shape,
                        1e-6,
                        1e-6);
            }
        }
    }

    @Test
    void saturatedLogitsGiveFiniteValuesAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = {-200, -60, -30, 30, 60, 200};
            float[] targets = {1, 0, 1, 0, 1, 0};
            for (double gamma : new double[] {0, 0.5, 2, 3.5}) {
                FocalLoss loss =
                        FocalLoss.builder().optGamma(gamma).optReduction(Reduction.NONE).build();
                NDArray x = m.create(logits);
                x.setRequiresGradient(true);
                try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray l = loss.evaluate(new NDList(m.create(targets)), new NDList(x));
                    for (float v : l.toFloatArray()) {
                        assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
                    }
                    // x = -200 with t = 1: BCE = 200, (1 - p_t) = 1, alpha 0.25: 50.
                    assertThat(l.getFloat(0)).isCloseTo(50f, within(1e-3f));
                    GradientCheck.settle();
                    gc.backward(l.sum());
                }
                for (float gr : x.getGradient().toFloatArray()) {
                    assertThat(gr).isFinite();
                }
            }
        }
    }

    @Property(tries = 50)
    void withoutAlphaItIsTheCrossEntropyTimesTheModulatingFactor(
            @ForAll @DoubleRange(min = -12, max = 12) double x,
            @ForAll @DoubleRange(min = 0, max = 1) double t,
            @ForAll @DoubleRange(min = 0, max = 4) double gamma) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList labels = new NDList(m.create(new double[] {t}));
            NDList preds = new NDList(m.create(new double[] {x}));
            double fl =
                    FocalLoss.builder()
                            .optAlphaDisabled()
                            .optGamma(gamma)
                            .optReduction(Reduction.SUM)
                            .build()
                            .evaluate(labels, preds)
                            .getDouble();
            double p = 1 / (1 + Math.exp(-x));
            // the stable form: -t·log p - (1-t)·log(1-p) loses ~1e-12 to cancellation near p = 1
            double bce = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
            double pt = p * t + (1 - p) * (1 - t);
            assertThat(fl).isCloseTo(bce * Math.pow(1 - pt, gamma), within(1e-9 * (1 + bce)));
            assertThat(fl).isLessThanOrEqualTo(bce + 1e-12);
        }
    }

    @Test
    void weightsIgnoreMaskAndPositivesNormalisation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {2, -1, 0.5f, -3, 1, 0}, new Shape(2, 3));
            NDArray t = m.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray w = m.create(new float[] {2, 1, 1}, new Shape(3)); // broadcast per column
            NDArray ignore =
                    m.create(
                            new boolean[] {false, false, true, false, false, false},
                            new Shape(2, 3));
            float[] each =
                    FocalLoss.builder()
                            .optReduction(Reduction.NONE)
                            .build()
                            .evaluate(new NDList(t), new NDList(x))
                            .toFloatArray();
            float[] weighted =
                    FocalLoss.builder()
                            .optReduction(Reduction.NONE)
                            .build()
                            .evaluate(new NDList(t, w, ignore), new NDList(x))
                            .toFloatArray();
            float[] factor = {2, 1, 0, 2, 1, 1};
            double sum = 0;
            for (int i = 0; i < 6; i++) {
                assertThat(weighted[i]).isCloseTo(each[i] * factor[i], within(1e-7f));
                sum += weighted[i];
            }
            float mean =
                    FocalLoss.builder()
                            .build()
                            .evaluate(new NDList(t, w, ignore), new NDList(x))
                            .getFloat();
            assertThat((double) mean).isCloseTo(sum / 5, within(1e-6)); // 5 elements not ignored
            float perPositive =
                    FocalLoss.builder()
                            .optReduction(Reduction.SUM)
                            .optNormalizeByPositives(true)
                            .build()
                            .evaluate(new NDList(t, w, ignore), new NDList(x))
                            .getFloat();
            assertThat((double) perPositive).isCloseTo(sum / 2, within(1e-6)); // 2 positives
        }
    }

    /**
     * For t ∈ {0, 1} the prepared form softplus(s·x)·σ(s·x)^γ (s = 1 − 2t) is the focal loss:
     * pinned against the stable reference formula in float64, saturated logits included.
     */
    @Property(tries = 50)
    void binaryTargetsTakeTheOneSoftplusForm(
            @ForAll @DoubleRange(min = -40, max = 40) double x,
            @ForAll boolean positive,
            @ForAll @DoubleRange(min = 0, max = 4) double gamma) {
        double t = positive ? 1 : 0;
        try (NDManager m = NDManager.newBaseManager()) {
            FocalLoss loss =
                    FocalLoss.builder()
                            .optAlpha(0.25)
                            .optGamma(gamma)
                            .optReduction(Reduction.SUM)
                            .build();
            NDArray logits = m.create(new double[] {x});
            FocalLoss.Targets prepared =
                    loss.prepare(new NDList(m.create(new double[] {t})), logits);
            assertThat(prepared.isBinary()).isTrue();
            double fl = loss.evaluate(prepared, logits).getDouble();
            double p = 1 / (1 + Math.exp(-x));
            double bce = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
            double q = positive ? 1 - p : p;
            double want = (positive ? 0.25 : 0.75) * bce * Math.pow(q, gamma);
            assertThat(fl).isCloseTo(want, within(1e-9 * (1 + want)));
        }
    }

    /**
     * Prepared targets give what the labels give, for binary and soft targets, with weights and an
     * ignore mask, for every reduction; the same prepared targets serve other logits of the shape.
     */
    @Test
    void preparedTargetsEqualTheLabelsTheyComeFrom() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {2, -1, 0.5f, -3, 1, 0}, new Shape(2, 3));
            NDArray x2 = m.create(new float[] {-0.2f, 3, 1.5f, 0.1f, -2, 4}, new Shape(2, 3));
            NDArray hard = m.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray soft = m.create(new float[] {0.9f, 0.1f, 0, 0.5f, 1, 0}, new Shape(2, 3));
            NDArray w = m.create(new float[] {2, 1, 0.5f}, new Shape(3));
            NDArray ignore = m.create(new float[] {0, 0, 1, 0, 0, 0}, new Shape(2, 3));
            for (Reduction r : Reduction.values()) {
                for (boolean norm : new boolean[] {false, true}) {
                    if (norm && r != Reduction.SUM) {
                        continue;
                    }
                    FocalLoss loss =
                            FocalLoss.builder()
                                    .optGamma(1.5)
                                    .optReduction(r)
                                    .optNormalizeByPositives(norm)
                                    .build();
                    for (NDArray t : new NDArray[] {hard, soft}) {
                        NDList labels = new NDList(t, w, ignore);
                        FocalLoss.Targets prepared = loss.prepare(labels, x);
                        assertThat(prepared.isBinary()).isEqualTo(t == hard);
                        for (NDArray logits : new NDArray[] {x, x2}) {
                            float[] want = loss.evaluate(labels, new NDList(logits)).toFloatArray();
                            float[] got = loss.evaluate(prepared, logits).toFloatArray();
                            assertThat(got).hasSameSizeAs(want);
                            for (int i = 0; i < want.length; i++) {
                                assertThat(got[i]).isCloseTo(want[i], within(1e-6f));
                            }
                        }
                    }
                }
            }
            FocalLoss loss = FocalLoss.builder().build();
            FocalLoss.Targets prepared = loss.prepare(new NDList(hard), x);
            assertThatThrownBy(() -> loss.evaluate(prepared, m.zeros(new Shape(3, 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 3)")
                    .hasMessageContaining("(3, 2)");
            // soft targets with equal weights of the two sides are not binary: 0.5 stays soft
            assertThat(loss.prepare(new NDList(soft), x).isBinary()).isFalse();
        }
    }

    @Test
    void emptyInputGivesZeroNotNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(0, 5));
            NDArray t = m.zeros(new Shape(0, 5));
            assertThat(
                            FocalLoss.builder()
                                    .build()
                                    .evaluate(new NDList(t), new NDList(x))
                                    .getFloat())
                    .isZero();
            // Negatives only: the positives count is clamped at 1, so the sum comes back.
            NDArray x2 = m.create(new float[] {0.3f, -2f});
            NDArray t2 = m.zeros(new Shape(2));
            FocalLoss norm =
                    FocalLoss.builder()
                            .optReduction(Reduction.SUM)
                            .optNormalizeByPositives(true)
                            .build();
            FocalLoss sum = FocalLoss.builder().optReduction(Reduction.SUM).build();
            assertThat(norm.evaluate(new NDList(t2), new NDList(x2)).getFloat())
                    .isFinite()
                    .isEqualTo(sum.evaluate(new NDList(t2), new NDList(x2)).getFloat());
        }
    }

    @Test
    void badSettingsAndTargetsAreRejected() {
        assertThatThrownBy(() -> FocalLoss.builder().optAlpha(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha must be in [0, 1]")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> FocalLoss.builder().optGamma(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> FocalLoss.builder().optNormalizeByPositives(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalizeByPositives needs reduction SUM, got MEAN");
        try (NDManager m = NDManager.newBaseManager()) {
            FocalLoss loss = FocalLoss.builder().build();
            NDArray x = m.zeros(new Shape(3));
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(m.create(new float[] {0, 2, 1})),
                                            new NDList(x)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("targets must be in [0, 1]");
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(m.create(new float[] {0, Float.NaN, 1})),
                                            new NDList(x)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("targets must be in [0, 1]");
            assertThatThrownBy(
                            () -> loss.evaluate(new NDList(m.zeros(new Shape(2))), new NDList(x)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("targets must have the logits' shape (3)");
            assertThatThrownBy(
                            () ->
                                    loss.evaluate(
                                            new NDList(m.zeros(new Shape(3)), m.ones(new Shape(2))),
                                            new NDList(x)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weights of shape (2) must broadcast");
        }
    }
}
