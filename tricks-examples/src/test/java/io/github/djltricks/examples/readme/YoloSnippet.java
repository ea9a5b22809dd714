/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.readme;

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

/** The README's snippet of the YOLO detector. */
final class YoloSnippet {

    private YoloSnippet() {}

    /** What the snippet leaves for training and serving. */
    record Detector(DefaultTrainingConfig config, Predictor<Image, DetectedObjects> predictor) {}

    static Detector build(
            ai.djl.Model model, Anchors anchors, List<String> classNames, DetectionDataset train) {
        // snippet:yolo
        YoloNet net = YoloNet.builder().setNumClasses(classNames.size())
                .setAnchors(anchors.perHead(3)).optStrides(8, 16, 32) // AnchorClustering's anchors
                .optWidth(0.25f).optDepth(1f).build();
        YoloLoss loss = YoloLoss.builder(net).optBoxLoss(YoloLoss.BoxLoss.GIOU).build(); // or DIOU, ...
        YoloDecoder decoder = new YoloDecoder(net);
        Nms nms = Nms.builder().optIouThreshold(0.45).build();
        var map = MeanAveragePrecisionEvaluator.builder(h -> decoder.detect(h, 0.005f, nms)).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).addEvaluator(map) // validation mAP
                .addTrainingListeners(train.clock()); // the detection data's epochs and steps
        model.setBlock(net); // train; then serve through DJL's Predictor:
        Predictor<Image, DetectedObjects> predictor = model.newPredictor(
                YoloTranslator.builder(net).setClasses(classNames).setSize(416, 416).build());
        // end-snippet
        return new Detector(config, predictor);
    }
}
