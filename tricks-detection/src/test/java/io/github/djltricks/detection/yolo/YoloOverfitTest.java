/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.core.engine.FillCheck;
import io.github.djltricks.detection.box.Nms;
import io.github.djltricks.detection.metric.Detection;
import io.github.djltricks.detection.metric.GroundTruth;
import io.github.djltricks.detection.metric.MeanAveragePrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On 8 generated images the detector reaches training AP50 above 0.9 within a bounded number of
 * steps, with every box loss and objectness loss, trained by Adam at its usual rate of 1e-3.
 *
 * <p>At 1e-2 the GIoU rows stall (training AP50 0.82 at width 0.25 and 0.11 at width 1.0 after up
 * to 1,500 steps, oneDNN on or off) with a box loss of about 1 per box: the value GIoU takes for a
 * box shrunk towards a point inside its ground truth, where its gradient with respect to
 * exp-decoded sizes vanishes. They passed at 1e-2 only while oneDNN's convolution training read
 * memory it never wrote.
 */
class YoloOverfitTest {

    static final int SIZE = 64;
    static final int IMAGES = 8;
    static final int MAX_BOXES = 2;
    static final int STEPS = Integer.getInteger("yolo.overfit.steps", 500);
    static final int CHECK_EVERY = 25;
    static final float[][][] ANCHORS = {{{12, 12}, {20, 16}}, {{16, 24}, {28, 28}}};

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(YoloLoss.BoxLoss.GIOU, false),
                Arguments.of(YoloLoss.BoxLoss.GIOU, true),
                Arguments.of(YoloLoss.BoxLoss.CLASSIC, false),
                Arguments.of(YoloLoss.BoxLoss.CLASSIC, true));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void overfitsEightImages(YoloLoss.BoxLoss box, boolean focal) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(42);
            float[] pixels = new float[IMAGES * 3 * SIZE * SIZE];
            float[] boxes = new float[IMAGES * MAX_BOXES * 4];
            float[] classes = new float[IMAGES * MAX_BOXES];
            float[] mask = new float[IMAGES * MAX_BOXES];
            List<List<GroundTruth>> truth = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                for (int p = 0; p < 3 * SIZE * SIZE; p++) {
                    pixels[i * 3 * SIZE * SIZE + p] = 0.4f + 0.1f * (float) random.nextGaussian();
                }
                List<GroundTruth> gts = new ArrayList<>();
                int count = 1 + random.nextInt(MAX_BOXES);
                for (int j = 0; j < count; j++) {
                    int w = 10 + random.nextInt(20);
                    int h = 10 + random.nextInt(20);
                    int x =
                            j == 0
                                    ? random.nextInt(SIZE / 2 - w / 2)
                                    : SIZE / 2 + random.nextInt(SIZE / 2 - w);
                    int y = random.nextInt(SIZE - h);
                    int cls = random.nextInt(2);
                    for (int yy = y; yy < y + h; yy++) {
                        for (int xx = x; xx < x + w; xx++) {
                            int base = i * 3 * SIZE * SIZE + yy * SIZE + xx;
                            pixels[base] = cls == 0 ? 0.95f : 0.05f;
                            pixels[base + SIZE * SIZE] = 0.1f;
                            pixels[base + 2 * SIZE * SIZE] = cls == 0 ? 0.05f : 0.95f;
                        }
                    }
                    int b = (i * MAX_BOXES + j) * 4;
                    boxes[b] = x;
                    boxes[b + 1] = y;
                    boxes[b + 2] = x + w;
                    boxes[b + 3] = y + h;
                    classes[i * MAX_BOXES + j] = cls;
                    mask[i * MAX_BOXES + j] = 1;
                    gts.add(new GroundTruth(x, y, x + w, y + h, cls));
                }
                truth.add(gts);
            }
            NDArray data = manager.create(pixels, new Shape(IMAGES, 3, SIZE, SIZE));
            NDList labels =
                    new NDList(
                            manager.create(boxes, new Shape(IMAGES, MAX_BOXES, 4)),
                            manager.create(classes, new Shape(IMAGES, MAX_BOXES)),
                            manager.ones(new Shape(IMAGES, MAX_BOXES)),
                            manager.create(mask, new Shape(IMAGES, MAX_BOXES)));

            YoloNet net =
                    YoloNet.builder()
                            .setNumClasses(2)
                            .setAnchors(ANCHORS)
                            .optStrides(8, 16)
                            .optWidth(
                                    Float.parseFloat(
                                            System.getProperty("yolo.overfit.width", "0.25")))
                            .build();
            YoloLoss.Builder lb = YoloLoss.builder(net).optBoxLoss(box);
            if (focal) {
                lb.optFocalObjectness(0.25f, 2f);
            }
            ai.djl.engine.Engine.getInstance().setRandomSeed(7);
            try (Model model = Model.newInstance("yolo")) {
                model.setBlock(net);
                DefaultTrainingConfig config =
                        new DefaultTrainingConfig(lb.build())
                                .optOptimizer(
                                        Optimizer.adam()
                                                .optLearningRateTracker(
                                                        Tracker.fixed(
                                                                Float.parseFloat(
                                                                        System.getProperty(
                                                                                "yolo.overfit.lr",
                                                                                "0.001"))))
                                                .build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(IMAGES, 3, SIZE, SIZE));
                    float first = 0;
                    float last = 0;
                    double ap50 = 0;
                    int step = 0;
                    while (step < STEPS && ap50 <= 0.9) {
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList preds = trainer.forward(new NDList(data), labels);
                            NDArray loss = trainer.getLoss().evaluate(labels, preds);
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (step == 0) {
                                first = last;
                            }
                        }
                        trainer.step();
                        step++;
                        if (step % CHECK_EVERY == 0) {
                            ap50 = trainingAp50(net, manager, data, truth);
                        }
                    }
                    FillCheck.record("YoloOverfitTest-" + box + "-focal-" + focal, net);
                    System.out.printf(
                            "%s focal=%s: loss %.3f -> %.3f after %d steps, AP50 %.3f%n",
                            box, focal, first, last, step, ap50);
                    assertThat(last).isLessThan(first);
                    assertThat(ap50).isGreaterThan(0.9);
                }
            }
        }
    }

    private static double trainingAp50(
            YoloNet net, NDManager manager, NDArray data, List<List<GroundTruth>> truth) {
        try (NDManager scope = manager.newSubManager()) {
            NDList heads = net.forward(new ParameterStore(scope, false), new NDList(data), false);
            List<List<Detection>> detections =
                    new YoloDecoder(net)
                            .detect(
                                    heads,
                                    0.05f,
                                    Nms.builder()
                                            .optIouThreshold(0.45)
                                            .optMaxDetections(20)
                                            .build());
            MeanAveragePrecision map = MeanAveragePrecision.builder().build();
            for (int i = 0; i < truth.size(); i++) {
                map.addImage(detections.get(i), truth.get(i));
            }
            return map.evaluate().mean().ap50();
        }
    }
}
