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

/**
 * The README's snippet of synchronized batch norm ({@code
 * io.github.djltricks.core.norm.SyncBnReadmeSnippetTest} in tricks-core tests its export claim).
 */
final class SyncBnSnippet {

    private SyncBnSnippet() {}

    /** The user's network factory, which the snippet calls for a second tree. */
    static java.util.function.Supplier<Block> networks;

    static Block newNet() {
        return networks.get();
    }

    static Block train(
            ai.djl.Model model,
            Block net,
            DefaultTrainingConfig config,
            Dataset trainSet,
            Dataset validationSet,
            int epochs)
            throws Exception {
        // snippet:syncbn
        model.setBlock(BatchNormConverter.toSyncInPlace(net)); // values kept; before newTrainer
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(64, 3, 224, 224));
            SyncTrain.fit(trainer, epochs, trainSet, validationSet, 4); // 4 shards per batch
        }
        BatchNormConverter.toBatchNormInPlace(net); // back to BatchNorm for export
        // end-snippet
        return BatchNormConverter.toPerShardInPlace(newNet()); // a baseline net: per shard
    }
}
