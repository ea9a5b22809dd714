/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.loss;

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
import com.google.gson.JsonObject;
import io.github.djltricks.detection.Golden;
import io.github.djltricks.detection.GradientCheck;
import io.github.djltricks.detection.box.Boxes;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IouLossTest {

    private static IouLoss loss(IouLoss.Kind kind, Reduction reduction) {
        return IouLoss.builder().setKind(kind).optReduction(reduction).build();
    }

    @Test
    void giouDiouCiouMatchTorchvision() {
        JsonObject g = Golden.load("detection_box_loss").getAsJsonObject("box_losses");
        float[] p = Golden.floats(g.get("pred"));
        float[] t = Golden.floats(g.get("target"));
        Shape shape = new Shape(p.length / 4, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(p, shape);
            NDArray target = m.create(t, shape);
            for (IouLoss.Kind kind :
                    new IouLoss.Kind[] {IouLoss.Kind.GIOU, IouLoss.Kind.DIOU, IouLoss.Kind.CIOU}) {
                for (Reduction r : Reduction.values()) {
                    String key = kind.name().toLowerCase();
                    String red = r.name().toLowerCase();
                    IouLoss l = loss(kind, r);
                    double[] got =
                            l.evaluate(new NDList(target), new NDList(pred))
                                    .toType(DataType.FLOAT64, false)
                                    .toDoubleArray();
                    double[] want = Golden.doubles(g.get(key + "_" + red));
                    assertThat(got).hasSameSizeAs(want);
                    for (int i = 0; i < want.length; i++) {
                        assertThat(got[i])
                                .as("%s %s [%d]", kind, r, i)
                                .isCloseTo(want[i], within(1e-6 * Math.max(1, Math.abs(want[i]))));
                    }
                    double[] got64 =
                            l.evaluate(
                                            new NDList(target.toType(DataType.FLOAT64, false)),
                                            new NDList(pred.toType(DataType.FLOAT64, false)))
                                    .toDoubleArray();
                    double[] want64 = Golden.doubles(g.get(key + "64_" + red));
                    for (int i = 0; i < want64.length; i++) {
                        assertThat(got64[i])
                                .as("%s %s [%d] float64", kind, r, i)
                                .isCloseTo(want64[i], within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void iouKindIsOneMinusTheDiagonalOfTheIouMatrix() {
        JsonObject g = Golden.load("detection_box_loss").getAsJsonObject("box_losses");
        float[] p = Golden.floats(g.get("pred"));
        float[] t = Golden.floats(g.get("target"));
        int n = p.length / 4;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(p, new Shape(n, 4));
            NDArray target = m.create(t, new Shape(n, 4));
            float[] l =
                    loss(IouLoss.Kind.IOU, Reduction.NONE)
                            .evaluate(new NDList(target), new NDList(pred))
                            .toFloatArray();
            NDArray iou = Boxes.iou(pred, target);
            for (int i = 0; i < n; i++) {
                assertThat(l[i]).isCloseTo(1 - iou.getFloat(i, i), within(1e-6f));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 5;
        double[] p0 = new double[4 * n];
        double[] t = new double[4 * n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double x = rng.nextDouble(0, 20);
            double y = rng.nextDouble(0, 20);
            p0[4 * i] = x;
            p0[4 * i + 1] = y;
            p0[4 * i + 2] = x + rng.nextDouble(2, 10);
            p0[4 * i + 3] = y + rng.nextDouble(2, 10);
            double tx = x + rng.nextDouble(-4, 4) + (i == 4 ? 30 : 0); // the last pair is disjoint
            double ty = y + rng.nextDouble(-4, 4);
            t[4 * i] = tx;
            t[4 * i + 1] = ty;
            t[4 * i + 2] = tx + rng.nextDouble(2, 10);
            t[4 * i + 3] = ty + rng.nextDouble(2, 10);
            w[i] = rng.nextDouble(0.5, 2);
        }
        Shape shape = new Shape(n, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(t, shape);
            NDArray weights = m.create(w);
            for (IouLoss.Kind kind :
                    new IouLoss.Kind[] {IouLoss.Kind.IOU, IouLoss.Kind.GIOU, IouLoss.Kind.DIOU}) {
                IouLoss l = loss(kind, Reduction.SUM);
                GradientCheck.check(
                        m,
                        x -> l.evaluate(new NDList(target, weights), new NDList(x)),
                        p0,
                        shape,
                        1e-6,
                        1e-6);
            }
            // CIoU holds alpha constant in the gradient (Zheng et al. 2020; torchvision does the
            // same): its gradient is that of DIoU plus alpha(p0) times that of v, each checked by
            // central differences; v is computed here independently in double.
            IouLoss ciou = loss(IouLoss.Kind.CIOU, Reduction.SUM);
            IouLoss diou = loss(IouLoss.Kind.DIOU, Reduction.SUM);
            double[] auto =
                    GradientCheck.autograd(
                            m,
                            x -> ciou.evaluate(new NDList(target, weights), new NDList(x)),
                            p0,
                            shape);
            double[] fdDiou =
                    GradientCheck.numeric(
                            m,
                            x -> diou.evaluate(new NDList(target, weights), new NDList(x)),
                            p0,
                            shape,
                            1e-6);
            double[] expected = new double[p0.length];
            double h = 1e-6;
            for (int i = 0; i < p0.length; i++) {
                int box = i / 4;
                double alpha = alpha(p0, t, box, 1e-7);
                double[] plus = p0.clone();
                double[] minus = p0.clone();
                plus[i] += h;
                minus[i] -= h;
                double dv = (v(plus, t, box, 1e-7) - v(minus, t, box, 1e-7)) / (2 * h);
                expected[i] = fdDiou[i] + w[box] * alpha * dv;
            }
            GradientCheck.assertClose(auto, expected, 1e-6);
        }
    }

    private static double v(double[] p, double[] t, int i, double eps) {
        double w = p[4 * i + 2] - p[4 * i];
        double h = p[4 * i + 3] - p[4 * i + 1];
        double gw = t[4 * i + 2] - t[4 * i];
        double gh = t[4 * i + 3] - t[4 * i + 1];
        double d = Math.atan(gw / (gh + eps)) - Math.atan(w / (h + eps));
        return 4 / (Math.PI * Math.PI) * d * d;
    }

    private static double alpha(double[] p, double[] t, int i, double eps) {
        double iw =
                Math.max(0, Math.min(p[4 * i + 2], t[4 * i + 2]) - Math.max(p[4 * i], t[4 * i]));
        double ih =
                Math.max(
                        0,
                        Math.min(p[4 * i + 3], t[4 * i + 3])
                                - Math.max(p[4 * i + 1], t[4 * i + 1]));
        double inter = iw * ih;
        double union =
                (p[4 * i + 2] - p[4 * i]) * (p[4 * i + 3] - p[4 * i + 1])
                        + (t[4 * i + 2] - t[4 * i]) * (t[4 * i + 3] - t[4 * i + 1])
                        - inter;
        double iou = inter / (union + eps);
        double v = v(p, t, i, eps);
        return v / (1 - iou + v + eps);
    }

    @Property(tries = 60)
    void identicalBoxesGiveZeroForEveryKind(
            @ForAll @FloatRange(min = -50, max = 50) float x,
            @ForAll @FloatRange(min = -50, max = 50) float y,
            @ForAll @FloatRange(min = 1, max = 60) float w,
            @ForAll @FloatRange(min = 1, max = 60) float h) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray b = m.create(new float[] {x, y, x + w, y + h}, new Shape(1, 4));
            float area = Boxes.area(b).getFloat(0);
            for (IouLoss.Kind kind : IouLoss.Kind.values()) {
                float l =
                        loss(kind, Reduction.SUM).evaluate(new NDList(b), new NDList(b)).getFloat();
                // 1 − A/(A + ε) = ε/(A + ε): zero up to ε / area (and float32 rounding of it).
                assertThat(l).as("%s", kind).isBetween(0f, (float) (2e-7 / area) + 1e-7f);
            }
        }
    }

    @Property(tries = 80)
    void disjointBoxesGiveAGiouLossAboveOneAndAtMostTwo(
            @ForAll @FloatRange(min = 0, max = 50) float x,
            @ForAll @FloatRange(min = 0, max = 50) float y,
            @ForAll @FloatRange(min = 0.5f, max = 30) float w,
            @ForAll @FloatRange(min = 0.5f, max = 30) float h,
            @ForAll @FloatRange(min = 0.5f, max = 30) float gw,
            @ForAll @FloatRange(min = 0.5f, max = 30) float gh,
            @ForAll @FloatRange(min = 0.01f, max = 40) float gap, // gap 0 touches: loss exactly 1
            @ForAll @IntRange(min = 0, max = 3) int side) {
        float gx;
        float gy;
        switch (side) {
            case 0:
                gx = x + w + gap;
                gy = y;
                break; // right
            case 1:
                gx = x - gw - gap;
                gy = y + gap;
                break; // left
            case 2:
                gx = x + gap;
                gy = y + h + gap;
                break; // below
            default:
                gx = x - gap;
                gy = y - gh - gap; // above
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {x, y, x + w, y + h}, new Shape(1, 4));
            NDArray g = m.create(new float[] {gx, gy, gx + gw, gy + gh}, new Shape(1, 4));
            float l =
                    loss(IouLoss.Kind.GIOU, Reduction.SUM)
                            .evaluate(new NDList(g), new NDList(p))
                            .getFloat();
            assertThat(l).isGreaterThan(1f).isLessThanOrEqualTo(2f);
        }
    }

    @Test
    void zeroAreaAndEmptyInputsAreFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            // A point on a point, a point in a box, a line on a line, a box on a point.
            NDArray p =
                    m.create(
                            new float[] {1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 5, 0, 0, 0, 4, 4},
                            new Shape(4, 4));
            NDArray t =
                    m.create(
                            new float[] {1, 1, 1, 1, 0, 0, 4, 4, 0, 0, 5, 0, 3, 3, 3, 3},
                            new Shape(4, 4));
            for (IouLoss.Kind kind : IouLoss.Kind.values()) {
                IouLoss l = loss(kind, Reduction.SUM);
                NDArray x = p.duplicate();
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray v = l.evaluate(new NDList(t), new NDList(x));
                    assertThat(v.getFloat()).as("%s", kind).isFinite();
                    GradientCheck.settle();
                    gc.backward(v);
                }
                for (float gr : x.getGradient().toFloatArray()) {
                    assertThat(gr).as("%s gradient", kind).isFinite();
                }
                NDArray none = m.zeros(new Shape(0, 4));
                assertThat(
                                loss(kind, Reduction.MEAN)
                                        .evaluate(new NDList(none), new NDList(none))
                                        .getFloat())
                        .isZero();
            }
        }
    }

    @Test
    void malformedBoxesAreRejectedAndBatchedWeightsBroadcast() {
        IouLoss giou = loss(IouLoss.Kind.GIOU, Reduction.NONE);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray good = m.create(new float[] {0, 0, 2, 2, 1, 1, 3, 3}, new Shape(2, 4));
            NDArray flipped = m.create(new float[] {0, 0, 2, 2, 3, 1, 1, 3}, new Shape(2, 4));
            NDArray nan = m.create(new float[] {0, 0, 2, Float.NaN, 1, 1, 3, 3}, new Shape(2, 4));
            assertThatThrownBy(() -> giou.evaluate(new NDList(good), new NDList(flipped)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("predictions row 1 = [3.0, 1.0, 1.0, 3.0]")
                    .hasMessageContaining("x1 <= x2");
            assertThatThrownBy(() -> giou.evaluate(new NDList(nan), new NDList(good)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("targets row 0");
            assertThatThrownBy(() -> IouLoss.builder().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kind must be set");
            assertThatThrownBy(() -> IouLoss.builder().setKind(IouLoss.Kind.IOU).optEps(0).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eps must be finite and > 0, got 0.0");

            NDArray p =
                    m.create(
                            new float[] {
                                0, 0, 2, 2, 1, 1, 3, 3, 0, 0, 1, 1, 5, 5, 6, 7, 0, 0, 3, 3, 2, 2, 4,
                                4
                            },
                            new Shape(2, 3, 4));
            NDArray t =
                    m.create(
                            new float[] {
                                0, 0, 2, 3, 1, 0, 3, 3, 0, 0, 2, 1, 5, 4, 6, 7, 0, 1, 3, 3, 2, 2, 5,
                                4
                            },
                            new Shape(2, 3, 4));
            NDArray w = m.create(new float[] {1, 0, 2}, new Shape(3));
            float[] each = giou.evaluate(new NDList(t), new NDList(p)).toFloatArray();
            NDArray weighted = giou.evaluate(new NDList(t, w), new NDList(p));
            assertThat(weighted.getShape()).isEqualTo(new Shape(2, 3));
            float[] wf = weighted.toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertThat(wf[i]).isCloseTo(each[i] * new float[] {1, 0, 2}[i % 3], within(1e-6f));
            }
        }
    }
}
