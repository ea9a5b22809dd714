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

/** The README's snippet of knowledge distillation. */
final class DistillationSnippet {

    private DistillationSnippet() {}

    static DistillationLoss wire(ai.djl.Model model, Block student, Block trainedTeacher) {
        // snippet:distillation
        DistillationBlock block = DistillationBlock.builder().setStudent(student)
                .setTeacher(trainedTeacher) // frozen
                .addConnectedTap("feature", "5", "5") // child 5, via a 1×1 conv + BN
                .addTap("embedding", "10", "10").build();
        DistillationLoss loss = DistillationLoss.builder(block)
                .setTaskLoss(Loss.softmaxCrossEntropyLoss())
                .addTerm(DistillationBlock.OUTPUT, SoftTargetLoss.builder().optTemperature(4).build(), 0.7f)
                .addTerm("feature", new HintLoss(), 1f) // FitNets; or an OverhaulLoss
                .addTerm("embedding", RelationalLoss.builder().build(), 1f) // RKD
                .build();
        model.setBlock(block); // train with this loss; deploy block.getStudent()
        // end-snippet
        return loss;
    }
}
