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
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import io.github.djltricks.detection.data.DetectionBatch;
import io.github.djltricks.detection.data.DetectionSample;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The DJL adapter reads {@link DetectionBatch} labels, decodes the model's output with the decoder
 * it was given, and agrees with {@link MeanAveragePrecision} fed the same detections directly.
 */
class MeanAveragePrecisionEvaluatorTest {

    private static final int SIDE = 64;

    private static DetectionSample sample(float[][] boxes, int[] classes, float[] weights) {
        return new DetectionSample(
                new float[3 * SIDE * SIDE], 3, SIDE, SIDE, boxes, classes, weights);
    }

    // Batch 0, image 0: objects of class 0 and 1 (the second a mixup box of weight 0.4);
    // image 1: one object of class 0. Batch 1, image 0: one object of class 1; image 1: none.
    // Padded to 3 boxes a image.
    private static final List<List<DetectionSample>> SAMPLES =
            List.of(
                    List.of(
                            sample(
                                    new float[][] {{0, 0, 10, 10}, {20, 0, 30, 10}},
                                    new int[] {0, 1},
                                    new float[] {1, 0.4f}),
                            sample(new float[][] {{5, 5, 15, 15}}, new int[] {0}, new float[] {1})),
                    List.of(
                            sample(
                                    new float[][] {{30, 30, 50, 60}},
                                    new int[] {1},
                                    new float[] {1}),
                            sample(new float[][] {}, new int[] {}, new float[] {})));

    // per batch, per image: hits, a miss, an IoU-0.72 hit
    private static final List<List<List<Detection>>> DETECTIONS =
            List.of(
                    List.of(
                            List.of(
                                    new Detection(0, 0, 10, 10, 0.9, 0),
                                    new Detection(20, 0, 30, 10, 0.8, 1),
                                    new Detection(50, 50, 60, 60, 0.7, 0)),
                            List.of(
                                    new Detection(5, 5, 15, 12.2, 0.6, 0),
                                    new Detection(40, 40, 60, 60, 0.95, 0))),
                    List.of(
                            List.of(new Detection(31, 30, 50, 58, 0.5, 1)),
                            List.of(new Detection(1, 1, 9, 9, 0.3, 1))));

    /** A "model output" that names its batch; the decoder returns that batch's detections. */
    private static final Function<NDList, List<List<Detection>>> DECODER =
            predictions -> DETECTIONS.get((int) predictions.head().getFloat());

    private static MeanAveragePrecision direct() {
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        for (int b = 0; b < SAMPLES.size(); b++) {
            for (int i = 0; i < SAMPLES.get(b).size(); i++) {
                DetectionSample s = SAMPLES.get(b).get(i);
                List<GroundTruth> truth = new java.util.ArrayList<>();
                for (int j = 0; j < s.boxCount(); j++) {
                    float[] box = s.boxes()[j];
                    truth.add(new GroundTruth(box[0], box[1], box[2], box[3], s.classIds()[j]));
                }
                map.addImage(DETECTIONS.get(b).get(i), truth);
            }
        }
        return map;
    }

    private static Batch batch(NDManager manager, int b) {
        return DetectionBatch.pad(SAMPLES.get(b), 3).toBatch(manager, b, SAMPLES.size());
    }

    @Test
    void agreesWithTheAccumulatorOnTheSameDetections() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MeanAveragePrecisionEvaluator evaluator =
                    MeanAveragePrecisionEvaluator.builder(DECODER).build();
            assertThat(evaluator.getName()).isEqualTo("mAP");
            evaluator.addAccumulator("validate");
            evaluator.addAccumulator("other");
            for (int b = 0; b < SAMPLES.size(); b++) {
                try (Batch batch = batch(manager, b)) {
                    NDList output = new NDList(manager.create((float) b));
                    evaluator.updateAccumulators(
                            new String[] {"validate"}, batch.getLabels(), output);
                    evaluator.updateAccumulator("other", batch.getLabels(), output);
                }
            }

            DetectionMetrics expected = direct().evaluate();
            assertThat(evaluator.getMetrics("validate")).isEqualTo(expected);
            assertThat(evaluator.getMetrics("other")).isEqualTo(expected);
            assertThat(evaluator.getMetrics("validate").images()).isEqualTo(4);
            assertThat(evaluator.getAccumulator("validate"))
                    .isEqualTo((float) expected.mean().coco());
            // both classes have ground truth and a miss: the figure is strictly inside (0, 1)
            assertThat(expected.perClass()).hasSize(2);
            assertThat(expected.mean().coco()).isStrictlyBetween(0.0, 1.0);
            assertThat(evaluator.getOperatingPoint("validate", 0.5, 0.5))
                    .isEqualTo(direct().operatingPoint(0.5, 0.5));

            evaluator.resetAccumulator("validate");
            assertThat(evaluator.getAccumulator("validate"))
                    .isEqualTo((float) MeanAveragePrecision.UNDEFINED);
        }
    }

    @Test
    void evaluateGivesTheChosenFigureOfOneBatch() {
        try (NDManager manager = NDManager.newBaseManager();
                Batch batch = batch(manager, 0)) {
            MeanAveragePrecision alone = MeanAveragePrecision.builder().build();
            for (int i = 0; i < 2; i++) {
                DetectionSample s = SAMPLES.get(0).get(i);
                List<GroundTruth> truth = new java.util.ArrayList<>();
                for (int j = 0; j < s.boxCount(); j++) {
                    float[] box = s.boxes()[j];
                    truth.add(new GroundTruth(box[0], box[1], box[2], box[3], s.classIds()[j]));
                }
                alone.addImage(DETECTIONS.get(0).get(i), truth);
            }
            DetectionMetrics m = alone.evaluate();
            for (MeanAveragePrecisionEvaluator.Figure f :
                    MeanAveragePrecisionEvaluator.Figure.values()) {
                MeanAveragePrecisionEvaluator e =
                        MeanAveragePrecisionEvaluator.builder(DECODER).optFigure(f).build();
                NDArray value = e.evaluate(batch.getLabels(), new NDList(manager.create(0f)));
                double expected =
                        switch (f) {
                            case VOC07 -> m.mean().voc07();
                            case VOC_ALL_POINT -> m.mean().vocAllPoint();
                            case AP50 -> m.mean().ap50();
                            case AP75 -> m.mean().ap75();
                            case COCO -> m.mean().coco();
                        };
                assertThat(value.getShape()).isEqualTo(new Shape());
                assertThat((double) value.getFloat())
                        .as(f.name())
                        .isCloseTo(expected, within(1e-6));
            }
            // AP75 is 0 for class 0's IoU-0.72 hit and so differs from AP50
            assertThat(m.mean().ap50()).isNotEqualTo(m.mean().ap75());
        }
    }

    @Test
    void rejectsWrongLayoutAndUnknownKeys() {
        try (NDManager manager = NDManager.newBaseManager();
                Batch batch = batch(manager, 0)) {
            MeanAveragePrecisionEvaluator e =
                    MeanAveragePrecisionEvaluator.builder(DECODER).build();
            e.addAccumulator("k");
            NDList output = new NDList(manager.create(0f));
            // the old (B, G, 6) rows
            NDList rows = new NDList(manager.zeros(new Shape(2, 3, 6)));
            assertThatThrownBy(() -> e.updateAccumulator("k", rows, output))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("labels must be DetectionBatch's [boxes (B, M, 4)")
                    .hasMessageContaining("got 1 arrays: [(2, 3, 6)]");
            NDList labels = batch.getLabels();
            NDList wrongMask =
                    new NDList(
                            labels.get(0),
                            labels.get(1),
                            labels.get(2),
                            manager.ones(new Shape(2, 2)));
            assertThatThrownBy(() -> e.updateAccumulator("k", wrongMask, output))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got shapes [(2, 3, 4), (2, 3), (2, 3), (2, 2)]");
            MeanAveragePrecisionEvaluator oneImage =
                    MeanAveragePrecisionEvaluator.builder(p -> List.of(List.of())).build();
            oneImage.addAccumulator("k");
            assertThatThrownBy(() -> oneImage.updateAccumulator("k", labels, output))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("each of the 2 images of the batch, got 1 lists");
            assertThatThrownBy(() -> e.getAccumulator("missing"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key=missing");
            assertThatThrownBy(
                            () ->
                                    MeanAveragePrecisionEvaluator.builder(DECODER)
                                            .optMaxDetections(0)
                                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxDetections=0");
            assertThatThrownBy(() -> MeanAveragePrecisionEvaluator.builder(null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("decoder=null");
        }
    }
}
