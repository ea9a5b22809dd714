/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.detection.box.Nms;
import io.github.djltricks.detection.data.DetectionBatch;
import io.github.djltricks.detection.metric.DetectionMetrics;
import io.github.djltricks.detection.metric.GroundTruth;
import io.github.djltricks.detection.metric.MeanAveragePrecision;
import io.github.djltricks.detection.metric.MeanAveragePrecisionEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Validation mAP plugs into {@link EasyTrain} like any DJL evaluator: with {@code DetectionBatch}
 * labels and a {@link YoloDecoder}, the trainer's validation figure is the one {@link
 * MeanAveragePrecision} gives on the same detections.
 */
class YoloValidationMapTest {

    private static final int SIZE = 64;
    private static final int IMAGES = 8;
    private static final int MAX_BOXES = 2;

    @Test
    void validationMapInEasyTrainEqualsTheAccumulatorOnTheSameDetections() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(5);
            float[] pixels = new float[IMAGES * 3 * SIZE * SIZE];
            float[] boxes = new float[IMAGES * MAX_BOXES * 4];
            float[] classes = new float[IMAGES * MAX_BOXES];
            java.util.Arrays.fill(classes, -1);
            float[] mask = new float[IMAGES * MAX_BOXES];
            for (int i = 0; i < IMAGES; i++) {
                int count = 1 + random.nextInt(MAX_BOXES);
                for (int j = 0; j < count; j++) {
                    int w = 12 + random.nextInt(16);
                    int h = 12 + random.nextInt(16);
                    int x = j * SIZE / 2 + random.nextInt(SIZE / 2 - w / 2);
                    x = Math.min(x, SIZE - w);
                    int y = random.nextInt(SIZE - h);
                    int cls = random.nextInt(2);
                    for (int yy = y; yy < y + h; yy++) {
                        for (int xx = x; xx < x + w; xx++) {
                            pixels[i * 3 * SIZE * SIZE + cls * SIZE * SIZE + yy * SIZE + xx] = 1f;
                        }
                    }
                    int k = i * MAX_BOXES + j;
                    boxes[4 * k] = x;
                    boxes[4 * k + 1] = y;
                    boxes[4 * k + 2] = x + w;
                    boxes[4 * k + 3] = y + h;
                    classes[k] = cls;
                    mask[k] = 1;
                }
            }
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.create(pixels, new Shape(IMAGES, 3, SIZE, SIZE)))
                            .optLabels(
                                    manager.create(boxes, new Shape(IMAGES, MAX_BOXES, 4)),
                                    manager.create(classes, new Shape(IMAGES, MAX_BOXES)),
                                    manager.ones(new Shape(IMAGES, MAX_BOXES)),
                                    manager.create(mask, new Shape(IMAGES, MAX_BOXES)))
                            .setSampling(4, false)
                            .build();

            YoloNet net =
                    YoloNet.builder()
                            .setNumClasses(2)
                            .setAnchors(
                                    new float[][][] {{{14, 14}, {20, 20}}, {{24, 24}, {28, 28}}})
                            .optStrides(8, 16)
                            .optWidth(0.25f)
                            .build();
            YoloDecoder decoder = new YoloDecoder(net);
            Nms nms = Nms.builder().optIouThreshold(0.45).optMaxDetections(100).build();
            MeanAveragePrecisionEvaluator map =
                    MeanAveragePrecisionEvaluator.builder(
                                    heads -> decoder.detect(heads, 0.005f, nms))
                            .optFigure(MeanAveragePrecisionEvaluator.Figure.AP50)
                            .build();
            try (Model model = Model.newInstance("yolo")) {
                model.setBlock(net);
                DefaultTrainingConfig config =
                        new DefaultTrainingConfig(YoloLoss.builder(net).build())
                                .optOptimizer(
                                        Optimizer.adam()
                                                .optLearningRateTracker(Tracker.fixed(1e-3f))
                                                .build())
                                .addEvaluator(map)
                                .addTrainingListeners(new EvaluatorTrainingListener());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(4, 3, SIZE, SIZE));
                    EasyTrain.fit(trainer, 30, data, data);
                    float reported = trainer.getTrainingResult().getValidateEvaluation("mAP");

                    MeanAveragePrecision direct = MeanAveragePrecision.builder().build();
                    for (Batch batch : trainer.iterateDataset(data)) {
                        try (batch) {
                            NDList heads = trainer.evaluate(batch.getData());
                            var detections = decoder.detect(heads, 0.005f, nms);
                            NDList labels = batch.getLabels();
                            float[] b = labels.get(DetectionBatch.BOXES).toFloatArray();
                            float[] c = labels.get(DetectionBatch.CLASS_IDS).toFloatArray();
                            float[] m = labels.get(DetectionBatch.MASK).toFloatArray();
                            for (int i = 0; i < detections.size(); i++) {
                                List<GroundTruth> truth = new ArrayList<>();
                                for (int j = 0; j < MAX_BOXES; j++) {
                                    int k = i * MAX_BOXES + j;
                                    if (m[k] > 0) {
                                        truth.add(
                                                new GroundTruth(
                                                        b[4 * k],
                                                        b[4 * k + 1],
                                                        b[4 * k + 2],
                                                        b[4 * k + 3],
                                                        (int) c[k]));
                                    }
                                }
                                direct.addImage(detections.get(i), truth);
                            }
                        }
                    }
                    DetectionMetrics expected = direct.evaluate();
                    assertThat(expected.images()).isEqualTo(IMAGES);
                    assertThat(expected.mean().ap50()).isGreaterThan(0.0);
                    assertThat(reported).isEqualTo((float) expected.mean().ap50());
                }
            }
        }
    }
}
