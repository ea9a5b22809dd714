/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import io.github.djltricks.core.experiment.Configuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector-run} (hidden): one {@link DetectorTrial} run in a process of its own, the child
 * side of {@link ForkedTrial}. It takes the parent's {@link DetectorOptions}, the run's
 * configuration as JSON, its seed and the parent's pretrained backbone, and talks to the parent on
 * standard output, one message per line: {@value #STEP} after every training step, and at the end
 * {@value #RESULT} followed by a JSON object with the run's {@code metrics} and its training-loss
 * {@code curve}. Everything else goes to standard error.
 */
@Command(
        name = "detector-run",
        hidden = true,
        description = "One detector run in this process, for bof-detection --workers.")
public final class DetectorRunCommand implements Callable<Integer> {

    /** The line printed after every training step. */
    public static final String STEP = "step";

    /** The prefix of the last line: the result as JSON. */
    public static final String RESULT = "result ";

    /** Writes and reads the messages; NaN metrics travel as {@code NaN}. */
    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    @Spec private CommandSpec spec;

    @Mixin private DetectorOptions options = new DetectorOptions();

    @Option(
            names = "--width",
            required = true,
            description =
                    "The default width multiplier, " + OptionRanges.WIDTH_MULTIPLIER_HELP + ".")
    private float width;

    @Option(
            names = "--seed",
            required = true,
            description = "The seed of the run, " + OptionRanges.SEED_HELP + ".")
    private long seed;

    @Option(
            names = "--config",
            required = true,
            description = "The configuration, a JSON object (see DetectorTrial).")
    private String config;

    @Option(names = "--series", description = "The name of the run's training curve.")
    private String series = "run";

    @Option(
            names = "--weights",
            description = "Pretrained backbone of the run's width, as BackbonePretraining writes.")
    private Path weights;

    @Option(
            names = "--exit-with-parent",
            description = "Exit when standard input closes, as it does when the parent dies.")
    private boolean exitWithParent;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        options.check();
        OptionRanges.WIDTH_MULTIPLIER.check("--width", width);
        OptionRanges.SEED.check("--seed", seed);
        if (exitWithParent) {
            Thread watch =
                    new Thread(
                            () -> {
                                try {
                                    while (System.in.read() >= 0) {
                                        // the parent never writes; EOF means it is gone
                                    }
                                } catch (IOException e) {
                                    // a broken pipe means the same
                                }
                                Runtime.getRuntime().halt(3);
                            },
                            "parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        Map<String, Object> values =
                GSON.fromJson(config, new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        Configuration configuration = Configuration.of(values);
        PrintWriter out = spec.commandLine().getOut();
        DetectionSplits splits = options.load();
        DetectorTrial.Settings settings = options.settings(splits, width);
        BackbonePretraining pretraining = null;
        if (weights != null) {
            pretraining = options.pretraining(splits, null);
            if (pretraining == null) {
                throw new IllegalArgumentException(
                        "weights need pretrain-steps >= 1, got " + options.pretrainSteps());
            }
            float runWidth =
                    values.containsKey("width") ? (float) configuration.getDouble("width") : width;
            pretraining.preload(runWidth, BackbonePretraining.Weights.read(weights));
        }
        TrainingCurves curves = new TrainingCurves();
        TrainingListenerAdapter steps =
                new TrainingListenerAdapter() {
                    @Override
                    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                        out.println(STEP);
                        out.flush();
                    }
                };
        Map<String, Double> metrics =
                new DetectorTrial(
                                settings, splits.train(), splits.test(), steps, curves, pretraining)
                        .run(configuration, seed, series);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("metrics", metrics);
        result.put(
                "curve", curves.names().contains(series) ? curves.values(series) : new double[0]);
        out.println(RESULT + GSON.toJson(result));
        out.flush();
        return 0;
    }
}
