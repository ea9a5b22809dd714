/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package com.example;

import ai.djl.basicmodelzoo.cv.classification.*;
import ai.djl.inference.*;
import ai.djl.modality.cv.*;
import ai.djl.modality.cv.output.*;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.training.*;
import ai.djl.training.dataset.*;
import ai.djl.training.loss.*;
import ai.djl.training.optimizer.*;
import ai.djl.training.tracker.*;
import io.github.djltricks.core.acnet.*;
import io.github.djltricks.core.compute.*;
import io.github.djltricks.core.distill.*;
import io.github.djltricks.core.ema.*;
import io.github.djltricks.core.experiment.*;
import io.github.djltricks.core.fold.*;
import io.github.djltricks.core.guard.*;
import io.github.djltricks.core.loss.*;
import io.github.djltricks.core.mixup.*;
import io.github.djltricks.core.norm.*;
import io.github.djltricks.core.schedule.*;
import io.github.djltricks.core.weightdecay.*;
import io.github.djltricks.core.zerogamma.*;
import io.github.djltricks.detection.anchor.*;
import io.github.djltricks.detection.box.*;
import io.github.djltricks.detection.data.*;
import io.github.djltricks.detection.data.augment.*;
import io.github.djltricks.detection.data.mixup.*;
import io.github.djltricks.detection.data.mosaic.*;
import io.github.djltricks.detection.data.multiscale.*;
import io.github.djltricks.detection.loss.*;
import io.github.djltricks.detection.metric.*;
import io.github.djltricks.detection.yolo.*;
import java.util.*;

/**
 * What a new user writes: the README's imports and some of its snippets as they stand, built with
 * the README's Maven block only. Prints what each computes, and fails if a figure is not what the
 * README says.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // snippet:onednn
        io.github.djltricks.core.engine.OneDnn.setEnabled(false); // process-wide; loads the engine
        // end-snippet
        System.out.println("learning rate after 1,000 steps: " + schedule().getNewValue(1001));
        System.out.println("label smoothing: " + labelSmoothing());
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] kept = nms(manager).toLongArray();
            System.out.println("NMS keeps " + Arrays.toString(kept));
            check(Arrays.equals(kept, new long[] {0, 2}), "NMS keeps boxes 0 and 2");
        }
        OperatingPoint op = map();
        check(op.precision() == 1 && op.recall() == 1, "one detection, one match");
        ComputeReport report = compute();
        check(Math.abs(report.macs() / 1e9 - 3.858) < 0.0005, "ResNetV1-50: 3.858 G MACs");
        System.out.println("consumer OK");
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("not as the README says: " + what);
        }
    }

    private static Tracker schedule() {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
        int stepsPerEpoch = 100;
        // snippet:schedule
        Tracker lr = WarmupSchedule.builder().setBaseValue(0.1f)
                .optWarmupEpochs(5).setTotalEpochs(120).setStepsPerEpoch(stepsPerEpoch)
                .cosine() // or .step(k, 0.1f), .multiStep(...), .decay(yourDecay), ...
                .build();
        config.optOptimizer(Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build());
        // end-snippet
        // snippet:guard
        config.addTrainingListeners(NonFiniteGuard.everyStep()); // DivergedException at once
        // end-snippet
        return lr;
    }

    private static Loss labelSmoothing() {
        // snippet:label-smoothing
        Loss loss = LabelSmoothingCrossEntropyLoss.builder()
                .optEpsilon(0.1) // default; class indices or dense targets
                .optSmoothing(Smoothing.UNIFORM) // or OTHER_CLASSES, the Bag of Tricks' form
                .build();
        // end-snippet
        return loss;
    }

    private static NDArray nms(NDManager manager) {
        NDArray boxes =
                manager.create(
                        new float[] {0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30}, new Shape(3, 4));
        NDArray scores = manager.create(new float[] {0.9f, 0.8f, 0.7f});
        NDArray classIds = manager.create(new long[] {1, 1, 1});
        // snippet:boxes
        NDArray iou = Boxes.iou(boxes, boxes); // (N, 4) x1 y1 x2 y2 -> (N, N)
        NDArray keep = Nms.builder().optIouThreshold(0.5).optMaxDetections(100).build()
                .apply(boxes, scores, classIds); // class-aware, as torchvision
        NDList soft = SoftNms.builder().optMethod(SoftNms.Method.GAUSSIAN).optSigma(0.5).build()
                .apply(boxes, scores); // [kept indices, decayed scores]
        // end-snippet
        System.out.println("IoU " + Arrays.toString(iou.toFloatArray()) + ", Soft-NMS " + soft);
        return keep;
    }

    private static OperatingPoint map() {
        // snippet:map
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(List.of(new Detection(10, 20, 110, 220, 0.93, 3)), // x1, y1, x2, y2, score, class
                List.of(new GroundTruth(12, 18, 108, 215, 3, false))); // ..., class, difficult
        DetectionMetrics m = map.evaluate(); // mAP: m.mean().coco(), .voc07(), ...
        OperatingPoint op = map.operatingPoint(0.5, 0.5); // score and IoU thresholds
        double fpPerImage = op.falsePositivesPerImage(); // what mAP hides
        // end-snippet
        System.out.printf(
                "COCO AP %.3f, VOC07 %.3f, FP/image %.2f%n", m.mean().coco(), m.mean().voc07(), fpPerImage);
        return op;
    }

    private static ComputeReport compute() {
        // snippet:compute
        Block resnet50 = ResNetV1.builder().setImageShape(new Shape(3, 224, 224)) // ai.djl:model-zoo
                .setNumLayers(50).setOutSize(1000).build();
        ComputeReport report = ComputeCounter.count(resnet50, new Shape(1, 3, 224, 224));
        System.out.println(report.toTable()); // 3.858 G MACs, 25.58 M parameters
        // end-snippet
        return report;
    }
}
