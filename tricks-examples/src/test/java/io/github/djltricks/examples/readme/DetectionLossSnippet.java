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

/** The README's snippet of the detection losses. */
final class DetectionLossSnippet {

    private DetectionLossSnippet() {}

    static NDList losses(
            NDArray targets,
            NDArray weights,
            NDArray ignore,
            NDArray logits,
            NDArray gtBoxes,
            NDArray boxWeights,
            NDArray predictedBoxes) {
        // snippet:detection-losses
        FocalLoss focal = FocalLoss.builder().optAlpha(0.25).optGamma(2) // from logits
                .optReduction(Reduction.SUM).optNormalizeByPositives(true).build();
        NDArray cls = focal.evaluate(new NDList(targets, weights, ignore), new NDList(logits));
        IouLoss giou = IouLoss.builder().setKind(IouLoss.Kind.GIOU).build(); // IOU, DIOU, CIOU
        NDArray box = giou.evaluate(new NDList(gtBoxes, boxWeights), new NDList(predictedBoxes));
        SmoothL1Loss l1 = SmoothL1Loss.builder().optBeta(1.0 / 9).build();
        // end-snippet
        return new NDList(cls, box, l1.evaluate(new NDList(gtBoxes), new NDList(predictedBoxes)));
    }
}
