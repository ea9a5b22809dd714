/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DJL adapter reads the documented NDList layout and agrees with the accumulator. */
class MeanAveragePrecisionEvaluatorTest {

    // Image 0: objects of class 0 and 1 (class 1 difficult), one padding row.
    // Image 1: one object of class 0, two padding rows.
    private static final float[] LABELS = {
        0, 0, 0, 10, 10, 0, //
        1, 20, 0, 30, 10, 1, //
        -1, 0, 0, 0, 0, 0, //
        0, 5, 5, 15, 15, 0, //
        -1, 0, 0, 0, 0, 0, //
        -1, 0, 0, 0, 0, 0
    };

    // [class, score, x1, y1, x2, y2]; image 0: hit, hit on difficult, a miss, padding;
    // image 1: a half-overlapping box (IoU 0.72), a miss, two padding rows.
    private static final float[] PREDICTIONS = {
        0, 0.9f, 0, 0, 10, 10, //
        1, 0.8f, 20, 0, 30, 10, //
        0, 0.7f, 50, 50, 60, 60, //
        -1, 0, 0, 0, 0, 0, //
        0, 0.6f, 5, 5, 15, 12.2f, //
        0, 0.95f, 100, 100, 120, 120, //
        -1, 0, 0, 0, 0, 0, //
        -1, 0, 0, 0, 0, 0
    };

    private static MeanAveragePrecision direct() {
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(
                List.of(
                        new Detection(0, 0, 10, 10, 0.9f, 0),
                        new Detection(20, 0, 30, 10, 0.8f, 1),
                        new Detection(50, 50, 60, 60, 0.7f, 0)),
                List.of(
                        new GroundTruth(0, 0, 10, 10, 0, false),
                        new GroundTruth(20, 0, 30, 10, 1, true)));
        map.addImage(
                List.of(
                        new Detection(5, 5, 15, 12.2f, 0.6f, 0),
                        new Detection(100, 100, 120, 120, 0.95f, 0)),
                List.of(new GroundTruth(5, 5, 15, 15, 0, false)));
        return map;
    }

    @Test
    void accumulatesLikeTheAccumulator() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.create(LABELS, new Shape(2, 3, 6)));
            NDList predictions = new NDList(manager.create(PREDICTIONS, new Shape(2, 4, 6)));
            MeanAveragePrecisionEvaluator evaluator =
                    MeanAveragePrecisionEvaluator.builder().build();
            assertThat(evaluator.getName()).isEqualTo("mAP");
            evaluator.addAccumulator("validate");
            evaluator.addAccumulator("other");
            evaluator.updateAccumulators(new String[] {"validate"}, labels, predictions);
            evaluator.updateAccumulator("other", labels, predictions);

            DetectionMetrics expected = direct().evaluate();
            assertThat(evaluator.getMetrics("validate")).isEqualTo(expected);
            assertThat(evaluator.getMetrics("other")).isEqualTo(expected);
            assertThat(evaluator.getAccumulator("validate")).isEqualTo((float) expected.coco());
            // Class 0: miss (0.95) then hit (0.9), miss (0.7), IoU-0.72 hit (0.6); class 1 only
            // difficult -> undefined. So the figure is class 0's and strictly between 0 and 1.
            assertThat(expected.perClass()).hasSize(2);
            assertThat(expected.coco()).isStrictlyBetween(0.0, 1.0);
            assertThat(evaluator.getOperatingPoint("validate", 0.5, 0.5))
                    .isEqualTo(direct().operatingPoint(0.5, 0.5));

            NDArray batch = evaluator.evaluate(labels, predictions);
            assertThat(batch.getShape()).isEqualTo(new Shape());
            assertThat(batch.getFloat()).isEqualTo((float) expected.coco());

            evaluator.resetAccumulator("validate");
            assertThat(evaluator.getAccumulator("validate"))
                    .isEqualTo((float) MeanAveragePrecision.UNDEFINED);
            assertThat(evaluator.getMetrics("other").images()).isEqualTo(2);
        }
    }

    @Test
    void figureChoiceAndFiveColumnLabelsAndFloat64() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // One image, one object (no difficult column), found with IoU 0.72:
            // VOC AP 1, AP50 1, AP75 0, COCO 0.5 (see MeanAveragePrecisionTest).
            NDList labels =
                    new NDList(manager.create(new double[] {0, 0, 0, 10, 10}, new Shape(1, 1, 5)));
            NDList predictions =
                    new NDList(
                            manager.create(
                                    new double[] {0, 0.9, 0, 0, 10, 7.2}, new Shape(1, 1, 6)));
            assertThat(predictions.head().getDataType()).isEqualTo(DataType.FLOAT64);
            for (MeanAveragePrecisionEvaluator.Figure f :
                    MeanAveragePrecisionEvaluator.Figure.values()) {
                MeanAveragePrecisionEvaluator e =
                        MeanAveragePrecisionEvaluator.builder().optFigure(f).build();
                e.addAccumulator("k");
                e.updateAccumulator("k", labels, predictions);
                double expected =
                        switch (f) {
                            case VOC07, VOC_ALL_POINT, AP50 -> 1.0;
                            case AP75 -> 0.0;
                            case COCO -> 0.5;
                        };
                assertThat((double) e.getAccumulator("k"))
                        .as(f.name())
                        .isCloseTo(expected, within(1e-6));
            }
            // Integer labels are converted too.
            NDList intLabels =
                    new NDList(manager.create(new int[] {0, 0, 0, 10, 10}, new Shape(1, 1, 5)));
            MeanAveragePrecisionEvaluator e = MeanAveragePrecisionEvaluator.builder().build();
            e.addAccumulator("k");
            e.updateAccumulator("k", intLabels, predictions);
            assertThat(e.getAccumulator("k")).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void decoderTurnsModelOutputIntoDetections() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.create(LABELS, new Shape(2, 3, 6)));
            // The model returns something else first; the detections come second.
            NDList predictions =
                    new NDList(
                            manager.zeros(new Shape(7)),
                            manager.create(PREDICTIONS, new Shape(2, 4, 6)));
            MeanAveragePrecisionEvaluator e =
                    MeanAveragePrecisionEvaluator.builder()
                            .optName("val-mAP")
                            .optDecoder(p -> p.get(1))
                            .build();
            e.addAccumulator("v");
            e.updateAccumulator("v", labels, predictions);
            assertThat(e.getName()).isEqualTo("val-mAP");
            assertThat(e.getMetrics("v")).isEqualTo(direct().evaluate());
        }
    }

    @Test
    void rejectsWrongLayoutAndUnknownKeys() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MeanAveragePrecisionEvaluator e = MeanAveragePrecisionEvaluator.builder().build();
            e.addAccumulator("k");
            NDList labels = new NDList(manager.create(LABELS, new Shape(2, 3, 6)));
            NDList raw = new NDList(manager.zeros(new Shape(2, 4, 7)));
            assertThatThrownBy(() -> e.updateAccumulator("k", labels, raw))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(B, D, 6)")
                    .hasMessageContaining("(2, 4, 7)");
            NDList predictions = new NDList(manager.create(PREDICTIONS, new Shape(2, 4, 6)));
            NDList badLabels = new NDList(manager.zeros(new Shape(2, 3, 4)));
            assertThatThrownBy(() -> e.updateAccumulator("k", badLabels, predictions))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 3, 4)");
            NDList oneImage = new NDList(manager.zeros(new Shape(1, 3, 6)));
            assertThatThrownBy(() -> e.updateAccumulator("k", oneImage, predictions))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch size");
            NDList inverted =
                    new NDList(
                            manager.create(
                                    new float[] {0, 0.5f, 10, 0, 5, 10}, new Shape(1, 1, 6)));
            NDList one =
                    new NDList(manager.create(new float[] {0, 0, 0, 1, 1}, new Shape(1, 1, 5)));
            assertThatThrownBy(() -> e.updateAccumulator("k", one, inverted))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x2=5.0");
            assertThatThrownBy(() -> e.getAccumulator("missing"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key=missing");
            assertThatThrownBy(
                            () ->
                                    MeanAveragePrecisionEvaluator.builder()
                                            .optMaxDetections(0)
                                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxDetections=0");
        }
    }
}
