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

/** The README's snippet of box-aware augmentation, detection mixup and random shapes. */
final class DetectionDataSnippet {

    private DetectionDataSnippet() {}

    static DetectionDataset trainSet(DefaultTrainingConfig config, DetectionSource source) {
        // snippet:detection-data
        DetectionDataset train = DetectionDataset.builder()
                .setSource(source).setBatchSize(32) // source: e.g. a CocoDetection
                .optPipeline(AugmentationPipeline.bagOfFreebies()) // colour, expand, SSD crop, flip
                .optMixer(Mosaic.builder().build(), // YOLOv4 Mosaic, then mixup:
                        DetectionMixup.builder().optBeta(1.5, 1.5).optOffForLastEpochs(200, 20).build())
                .setShape(RandomShape.builder().optSizes(320, 608, 32).optInterval(10).build())
                .optSeed(42).build(); // labels: DetectionBatch's [boxes, classIds, weights, mask]
        config.addTrainingListeners(train.clock()); // before newTrainer
        // end-snippet
        return train;
    }
}
