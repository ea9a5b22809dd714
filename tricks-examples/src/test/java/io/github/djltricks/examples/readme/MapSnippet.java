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

/** The README's snippet of mAP. */
final class MapSnippet {

    private MapSnippet() {}

    static OperatingPoint evaluate() {
        // snippet:map
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(List.of(new Detection(10, 20, 110, 220, 0.93, 3)), // x1, y1, x2, y2, score, class
                List.of(new GroundTruth(12, 18, 108, 215, 3, false))); // ..., class, difficult
        DetectionMetrics m = map.evaluate(); // mAP: m.mean().coco(), .voc07(), ...
        OperatingPoint op = map.operatingPoint(0.5, 0.5); // score and IoU thresholds
        double fpPerImage = op.falsePositivesPerImage(); // what mAP hides
        // end-snippet
        return m.images() == 1 && fpPerImage == 0 ? op : null;
    }
}
