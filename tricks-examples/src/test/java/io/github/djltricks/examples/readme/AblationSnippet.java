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

/** The README's snippet of ablation. */
final class AblationSnippet {

    private AblationSnippet() {}

    /** The user's training run, which the snippet calls: configuration and seed to top-1. */
    static java.util.function.ToDoubleBiFunction<Configuration, Long> training;

    static double train(Configuration config, long seed) {
        return training.applyAsDouble(config, seed);
    }

    static AblationResult run(java.nio.file.Path dir) throws Exception {
        // snippet:ablation
        AblationResult result = AblationRunner.builder()
                .setBaseline(Map.of("schedule", "step", "smoothing", 0.0))
                .addVariant("+ cosine", Map.of("schedule", "cosine")) // cumulative by default
                .addVariant("+ label smoothing", Map.of("smoothing", 0.1)).setSeeds(1, 2, 3)
                .setTrial((config, seed) -> Map.of("top1", train(config, seed)))
                .setResultsFile(dir.resolve("ablation.json")).build().run(); // a re-run resumes
        result.writeMarkdown(dir.resolve("ablation.md")); // mean ± std, deltas, Welch p
        // end-snippet
        return result;
    }
}
