/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.github.djltricks.detection.GradientCheck;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class YoloLossTest {

    // a tiny two-head network: strides 16 and 32, one anchor each, 2 classes, 32x32 input
    static final float[][][] ANCHORS = {{{10, 12}}, {{24, 20}}};
    static final YoloNet NET =
            YoloNet.builder()
                    .setNumClasses(2)
                    .setAnchors(ANCHORS)
                    .optStrides(16, 32)
                    .optWidth(0.25f)
                    .build();

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private NDList labels(float[] boxes, float[] classes, float[] weights) {
        int m = classes.length;
        float[] mask = new float[m];
        java.util.Arrays.fill(mask, 1);
        return new NDList(
                manager.create(boxes, new Shape(1, m, 4)),
                manager.create(classes, new Shape(1, m)),
                manager.create(weights, new Shape(1, m)),
                manager.create(mask, new Shape(1, m)));
    }

    private static NDList heads(NDArray flat) {
        NDArray h0 = flat.get("0:28").reshape(1, 1, 2, 2, 7);
        NDArray h1 = flat.get("28:35").reshape(1, 1, 1, 1, 7);
        return new NDList(h0, h1);
    }

    private static double[] randomLogits(long seed) {
        Random random = new Random(seed);
        double[] x = new double[35];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /**
     * CIoU is left out: its α is held constant in the gradient, as in the paper, so it differs from
     * finite differences by design.
     */
    @ParameterizedTest
    @EnumSource(
            value = YoloLoss.BoxLoss.class,
            names = {"GIOU", "DIOU", "CLASSIC"})
    void gradientMatchesFiniteDifferences(YoloLoss.BoxLoss box) {
        NDList labels =
                labels(
                        new float[] {2, 3, 13, 17, 8, 6, 30, 28},
                        new float[] {0, 1},
                        new float[] {0.7f, 0.3f});
        for (boolean focal : new boolean[] {false, true}) {
            YoloLoss.Builder b =
                    YoloLoss.builder(NET)
                            .optBoxLoss(box)
                            .optAssigner(
                                    YoloAssigner.builderFor(NET)
                                            .optLabelSmoothing()
                                            .optIgnoreThreshold(0.3f)
                                            .build());
            if (focal) {
                b.optFocalObjectness(0.25f, 2f);
            }
            YoloLoss loss = b.build();
            GradientCheck.check(
                    manager,
                    x -> loss.evaluate(labels, heads(x)),
                    randomLogits(7),
                    new Shape(35),
                    1e-6,
                    1e-5);
        }
    }

    @Test
    void componentsAreNamedAndSumToTheTotal() {
        YoloLoss loss = YoloLoss.builder(NET).optTermWeights(1, 2, 0.5f).build();
        NDList labels = labels(new float[] {2, 3, 13, 17}, new float[] {1}, new float[] {1});
        NDList heads =
                heads(
                        manager.create(randomLogits(3), new Shape(35))
                                .toType(DataType.FLOAT32, false));
        float total = loss.evaluate(labels, heads).getFloat();
        float sum = 0;
        for (Loss c : loss.getComponents()) {
            float v = c.evaluate(labels, heads).getFloat();
            assertThat(v).isPositive();
            sum += v;
        }
        assertThat(loss.getComponents())
                .extracting(Loss::getName)
                .containsExactly("yolo_objectness", "yolo_class", "yolo_box");
        assertThat(total).isCloseTo(sum, within(1e-4f * Math.abs(sum)));
        loss.addAccumulator("train");
        loss.updateAccumulator("train", labels, heads);
        assertThat(loss.getAccumulator("train")).isCloseTo(total, within(1e-4f * total));
        // each component works on its own as an evaluator, from the raw labels
        Loss box = loss.getComponents().get(2);
        box.addAccumulator("train");
        box.updateAccumulator("train", labels, heads);
        assertThat(box.getAccumulator("train"))
                .isCloseTo(box.evaluate(labels, heads).getFloat(), within(1e-6f));
    }

    /**
     * The objectness term, computed head by head on prepared targets, equals the focal loss of the
     * objectness channel against the assignment's targets (weight = box weight at positives, 1
     * elsewhere; ignored anchors out), summed over the heads and divided by the batch size; twice
     * over the same batch (the cached assignment) gives the same value.
     */
    @Test
    void objectnessIsTheFocalLossOfTheAssignment() {
        NDList labels =
                labels(
                        new float[] {2, 3, 13, 17, 8, 6, 30, 28},
                        new float[] {0, 1},
                        new float[] {0.7f, 0.3f});
        NDList heads =
                heads(
                        manager.create(randomLogits(11), new Shape(35))
                                .toType(DataType.FLOAT32, false));
        YoloLoss loss =
                YoloLoss.builder(NET)
                        .optFocalObjectness(0.25f, 2f)
                        .optAssigner(YoloAssigner.builderFor(NET).optIgnoreThreshold(0.05f).build())
                        .build();
        io.github.djltricks.detection.loss.FocalLoss focal =
                io.github.djltricks.detection.loss.FocalLoss.builder()
                        .optAlpha(0.25)
                        .optGamma(2)
                        .optReduction(io.github.djltricks.detection.loss.Reduction.SUM)
                        .build();
        NDList targets = loss.targets(labels, heads);
        double want = 0;
        boolean ignored = false;
        for (int h = 0; h < heads.size(); h++) {
            NDArray t = targets.get(h).get("..., " + YoloAssigner.OBJECTNESS_INDEX);
            NDArray mask = targets.get(h).get("..., " + YoloAssigner.OBJECTNESS_MASK_INDEX);
            NDArray w = targets.get(h).get("..., " + YoloAssigner.WEIGHT_INDEX);
            NDArray weight = t.mul(w).add(t.neg().add(1));
            ignored |= mask.min().getFloat() == 0;
            want +=
                    focal.evaluate(
                                    new NDList(t, weight, mask.neg().add(1)),
                                    new NDList(heads.get(h).get("..., 4")))
                            .getFloat();
        }
        assertThat(ignored).as("the case has an ignored anchor").isTrue();
        Loss objectness = loss.getComponents().get(0);
        float got = objectness.evaluate(labels, heads).getFloat();
        assertThat((double) got).isCloseTo(want, within(1e-5 * want)); // batch of one
        assertThat(objectness.evaluate(labels, heads).getFloat()).isEqualTo(got);
    }

    /**
     * A 10×12 box centred at (16, 16) is assigned to head 0's anchor at cell (1, 1). Head 1's only
     * anchor (24×20, centred at (16, 16)) overlaps it by 0.25 as a prior, so it is a negative; its
     * size logits log(10/24), log(12/20) make it predict the box exactly. With predicted-box
     * ignoring (the default, YOLOv3's 0.7) that negative leaves the objectness sum, which falls by
     * exactly its binary cross-entropy softplus(o) (a batch of one), against the rule turned off
     * (threshold 1); no other anchor's prediction overlaps the box.
     */
    @Test
    void aNegativeThatPredictsAGroundTruthIsIgnoredByDefault() {
        NDList labels = labels(new float[] {11, 10, 21, 22}, new float[] {1}, new float[] {1});
        float[] flat = new float[35];
        java.util.Arrays.fill(flat, 0f);
        float objectness = 1.5f;
        flat[28 + 2] = (float) Math.log(10 / 24.0);
        flat[28 + 3] = (float) Math.log(12 / 20.0);
        flat[28 + 4] = objectness;
        NDList heads = heads(manager.create(flat, new Shape(35)));
        Loss plain = YoloLoss.builder(NET).optIgnorePredicted(1f).build().getComponents().get(0);
        Loss ignoring = YoloLoss.builder(NET).build().getComponents().get(0);
        double without = plain.evaluate(labels, heads).getFloat();
        double with = ignoring.evaluate(labels, heads).getFloat();
        double softplus = Math.log1p(Math.exp(objectness));
        assertThat(without - with).isCloseTo(softplus, within(1e-5));

        // a prediction just under the threshold stays a negative
        Loss strict =
                YoloLoss.builder(NET).optIgnorePredicted(0.999f).build().getComponents().get(0);
        flat[28 + 2] = (float) Math.log(9 / 24.0);
        NDList off = heads(manager.create(flat, new Shape(35)));
        assertThat((double) strict.evaluate(labels, off).getFloat())
                .isCloseTo(plain.evaluate(labels, off).getFloat(), within(1e-6));
        assertThatThrownBy(() -> YoloLoss.builder(NET).optIgnorePredicted(Float.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ignore threshold")
                .hasMessageContaining("NaN");
    }

    /**
     * The predicted-box ignore rule reads the predictions of each evaluation, also when the same
     * labels arrays come again (a fixed batch): the same case as above, evaluated first with
     * predictions that ignore nothing, then with the ones that predict the box.
     */
    @Test
    void theIgnoreRuleFollowsThePredictionsWhenTheSameLabelsComeAgain() {
        NDList labels = labels(new float[] {11, 10, 21, 22}, new float[] {1}, new float[] {1});
        float[] flat = new float[35];
        flat[28 + 4] = 1.5f;
        NDList far = heads(manager.create(flat, new Shape(35)));
        flat[28 + 2] = (float) Math.log(10 / 24.0);
        flat[28 + 3] = (float) Math.log(12 / 20.0);
        NDList exact = heads(manager.create(flat, new Shape(35)));
        YoloLoss loss = YoloLoss.builder(NET).build();
        Loss objectness = loss.getComponents().get(0);
        float first = objectness.evaluate(labels, far).getFloat();
        float again = objectness.evaluate(labels, exact).getFloat();
        NDList copy = new NDList();
        labels.forEach(a -> copy.add(a.duplicate()));
        float fresh =
                YoloLoss.builder(NET)
                        .build()
                        .getComponents()
                        .get(0)
                        .evaluate(copy, exact)
                        .getFloat();
        assertThat(again).isEqualTo(fresh);
        assertThat((double) first - again).isCloseTo(Math.log1p(Math.exp(1.5)), within(1e-5));
        // the whole loss and the targets built once give the same value
        YoloTargets targets = loss.getAssigner().targets(labels, exact);
        assertThat(loss.evaluate(targets, exact).getFloat())
                .isEqualTo(loss.evaluate(labels, exact).getFloat());
        assertThat(targets.ignored().sum().getFloat()).isGreaterThan(0f);
    }

    @Test
    void emptyImagesAndZeroWeightsGiveFiniteValues() {
        NDList heads =
                heads(
                        manager.create(randomLogits(5), new Shape(35))
                                .toType(DataType.FLOAT32, false));
        NDList empty =
                new NDList(
                        manager.zeros(new Shape(1, 0, 4)),
                        manager.zeros(new Shape(1, 0)),
                        manager.zeros(new Shape(1, 0)),
                        manager.zeros(new Shape(1, 0)));
        for (YoloLoss.BoxLoss box : YoloLoss.BoxLoss.values()) {
            YoloLoss loss =
                    YoloLoss.builder(NET).optBoxLoss(box).optFocalObjectness(0.25f, 2).build();
            float none = loss.evaluate(empty, heads).getFloat();
            assertThat(none).isFinite().isPositive(); // objectness of every negative anchor
            NDList zero = labels(new float[] {2, 3, 13, 17}, new float[] {1}, new float[] {0});
            assertThat(loss.evaluate(zero, heads).getFloat()).isFinite();
            // a box of weight 0 contributes neither class nor box loss
            assertThat(loss.getComponents().get(1).evaluate(zero, heads).getFloat()).isZero();
            assertThat(loss.getComponents().get(2).evaluate(zero, heads).getFloat()).isZero();
        }
    }

    @Test
    void divergedSizeLogitsStayFinite() {
        double[] x = randomLogits(9);
        x[2] = 500; // t_w of head 0, anchor 0, cell (0, 0)
        x[3] = -500;
        NDList heads = heads(manager.create(x, new Shape(35)));
        NDList labels = labels(new float[] {0, 0, 12, 12}, new float[] {0}, new float[] {1});
        for (YoloLoss.BoxLoss box : YoloLoss.BoxLoss.values()) {
            assertThat(
                            YoloLoss.builder(NET)
                                    .optBoxLoss(box)
                                    .build()
                                    .evaluate(labels, heads)
                                    .getDouble())
                    .isFinite();
        }
    }

    @Test
    void shardsOnTheirOwnThreadsGetTheirOwnAssignment() throws Exception {
        // SyncTrain evaluates the shards' losses concurrently, each with its own labels
        YoloLoss loss = YoloLoss.builder(NET).optFocalObjectness(0.25f, 2f).build();
        NDList[] labels = {
            labels(new float[] {2, 3, 13, 17}, new float[] {0}, new float[] {1}),
            labels(
                    new float[] {8, 6, 30, 28, 1, 1, 9, 9},
                    new float[] {1, 0},
                    new float[] {0.6f, 0.4f})
        };
        NDList heads =
                heads(
                        manager.create(randomLogits(4), new Shape(35))
                                .toType(DataType.FLOAT32, false));
        float[] expected = new float[2];
        for (int i = 0; i < 2; i++) {
            expected[i] = loss.evaluate(labels[i], heads).getFloat();
        }
        assertThat(expected[0]).isNotEqualTo(expected[1]);
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int shard = i;
                results.add(
                        pool.submit(
                                () -> {
                                    for (int k = 0; k < 200; k++) {
                                        float v = loss.evaluate(labels[shard], heads).getFloat();
                                        if (Math.abs(v - expected[shard])
                                                > 1e-6f * Math.abs(expected[shard])) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> YoloLoss.builder(NET).optTermWeights(-1, 1, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objectness")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> YoloLoss.builder(NET).optFocalObjectness(2f, 2f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
        YoloLoss loss = YoloLoss.builder(NET).build();
        assertThatThrownBy(
                        () ->
                                loss.evaluate(
                                        new NDList(manager.zeros(new Shape(1, 0, 4))),
                                        new NDList()))
                .hasMessageContaining("[boxes, classes, weights, mask]");
    }
}
