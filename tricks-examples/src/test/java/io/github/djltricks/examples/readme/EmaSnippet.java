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

/** The README's snippet of weight EMA. */
final class EmaSnippet {

    private EmaSnippet() {}

    static ModelEma train(
            ai.djl.Model model,
            DefaultTrainingConfig config,
            Dataset trainSet,
            Shape inputShape,
            java.nio.file.Path dir,
            int epochs)
            throws Exception {
        // snippet:ema
        ModelEma ema = ModelEma.builder().build(); // decay 0.9999, ramp 2,000 updates (YOLOv5)
        config.addTrainingListeners(ema); // before newTrainer; then train as usual
        // end-snippet
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
        EasyTrain.fit(trainer, epochs, trainSet, null);
        // snippet:ema-apply
        try (ModelEma.Applied averaged = ema.apply(model.getBlock())) {
            model.save(dir, "averaged"); // the block holds the average until closed
        }
        // end-snippet
        trainer.close();
        return ema;
    }
}
