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

/** The README's snippet of the learning-rate schedule. */
final class ScheduleSnippet {

    private ScheduleSnippet() {}

    static Tracker configure(DefaultTrainingConfig config, int stepsPerEpoch) {
        // snippet:schedule
        Tracker lr = WarmupSchedule.builder().setBaseValue(0.1f)
                .optWarmupEpochs(5).setTotalEpochs(120).setStepsPerEpoch(stepsPerEpoch)
                .cosine() // or .step(k, 0.1f), .multiStep(...), .decay(yourDecay), ...
                .build();
        config.optOptimizer(Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build());
        // end-snippet
        return lr;
    }
}
