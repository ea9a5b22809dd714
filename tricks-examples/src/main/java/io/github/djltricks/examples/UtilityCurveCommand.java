/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.ndarray.types.Shape;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.MarginalUtility;
import io.github.djltricks.detection.yolo.YoloNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code utility-curve}: the marginal-utility curve of the example detector's width multiplier
 * ({@link MarginalUtility}): for each width the detector's MACs at the canvas size and its VOC07
 * mAP on "Fashion-MNIST detection" (mean over seeds), for the baseline recipe and for the bag of
 * freebies (every row of {@code bof-detection} stacked), with the gain per doubling of compute
 * between neighbouring widths (Howard et al. 2017, arXiv 1704.04861, on width multipliers).
 *
 * <p>Writes {@code table.md} (with the command and machine) and {@code utility.png} (mAP against
 * MACs, log axis) into {@code --out}.
 */
@Command(
        name = "utility-curve",
        mixinStandardHelpOptions = true,
        description = {
            "Marginal utility of the detector's width multiplier: VOC07 mAP against MACs, baseline"
                    + " recipe and bag of freebies.",
            "Full form: widths 0.125, 0.25, 0.375, 0.5 x 2 recipes x 2 seeds, about 50 minutes on"
                    + " 2 cores; --quick: widths 0.125, 0.25, 0.5, 1 seed, about 6 minutes."
        })
public final class UtilityCurveCommand implements Callable<Integer> {

    /** The recipes compared, each a curve. */
    static final Map<String, Map<String, Object>> RECIPES = recipes();

    @Spec private CommandSpec spec;

    @Mixin private DetectorOptions options = new DetectorOptions();

    @Option(
            names = "--widths",
            split = ",",
            description =
                    "Width multipliers (default: 0.125,0.25,0.375,0.5; quick: 0.125,0.25,0.5).")
    private double[] widths;

    @Option(names = "--seeds", description = "Seeds per point (default: 2; quick: 1).")
    private Integer seeds;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the results go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "utility-curve");

    private static Map<String, Map<String, Object>> recipes() {
        Map<String, Object> stacked = new HashMap<>(BofDetectionCommand.BASELINE);
        BofDetectionCommand.ROWS.forEach(r -> stacked.putAll(r.getValue()));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("baseline", BofDetectionCommand.BASELINE);
        out.put("bag of freebies", Map.copyOf(stacked));
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        double[] w = widths;
        if (w == null) {
            w =
                    options.quick
                            ? new double[] {0.125, 0.25, 0.5}
                            : new double[] {0.125, 0.25, 0.375, 0.5};
        }
        int nSeeds = seeds != null ? seeds : options.quick ? 1 : 2;
        if (nSeeds < 1 || w.length < 2) {
            throw new IllegalArgumentException(
                    "need seeds >= 1 and at least 2 widths; got seeds="
                            + nSeeds
                            + ", widths="
                            + Arrays.toString(w));
        }
        Instant started = Instant.now();
        PrintWriter console = spec.commandLine().getOut();
        DetectionSplits splits = options.load();
        DetectorTrial.Settings settings = options.settings(splits, 0.25f);
        int size = options.size;
        TrainingCurves curves = new TrainingCurves();
        int perRun =
                new DetectorTrial(settings, splits.train(), splits.test(), null, null)
                        .stepsPerRun();
        long total = (long) perRun * w.length * RECIPES.size() * nSeeds;
        console.printf(
                Locale.ROOT,
                "utility-curve: widths %s x %d recipes x %d seeds, %d steps per run, %d in all%n",
                Arrays.toString(w),
                RECIPES.size(),
                nSeeds,
                perRun,
                total);
        BackbonePretraining pretraining = options.pretraining(splits, console);
        if (pretraining != null) {
            for (double m : w) {
                pretraining.weights((float) m); // before the progress bar starts
            }
        }
        ProgressBar bar = new ProgressBar(console, "utility-curve", total);
        DetectorTrial trial =
                new DetectorTrial(
                        settings,
                        splits.train(),
                        splits.test(),
                        bar.listener(),
                        curves,
                        pretraining);
        MarginalUtility.Builder sweep =
                MarginalUtility.builder()
                        .setMultipliers(w)
                        .setInputShape(new Shape(1, 3, size, size))
                        .optMetric("VOC07 mAP");
        for (Map.Entry<String, Map<String, Object>> recipe : RECIPES.entrySet()) {
            Configuration base = Configuration.of(recipe.getValue());
            sweep.addVariant(
                    recipe.getKey(),
                    m ->
                            YoloNet.builder()
                                    .setNumClasses(settings.classes())
                                    .setAnchors(settings.anchors())
                                    .optStrides(8, 16, 32)
                                    .optWidth((float) m)
                                    .build(),
                    (block, m) -> {
                        double sum = 0;
                        for (long seed = 1; seed <= nSeeds; seed++) {
                            String name =
                                    String.format(
                                            Locale.ROOT,
                                            "%s, width %.3g / seed %d",
                                            recipe.getKey(),
                                            m,
                                            seed);
                            bar.note(name);
                            sum +=
                                    trial.run(base.with(Map.of("width", m)), seed, name)
                                            .get(BofDetectionCommand.HEADLINE);
                        }
                        return sum / nSeeds;
                    });
        }
        MarginalUtility.Result result = sweep.build().run();
        bar.finish();
        Duration wall = Duration.between(started, Instant.now());
        String table =
                "# utility-curve\n\n"
                        + RunInfo.markdown(
                                "utility-curve",
                                spec.commandLine().getParseResult().originalArgs(),
                                started,
                                wall)
                        + String.format(
                                Locale.ROOT,
                                "- data: Fashion-MNIST detection, %d training and %d test canvases"
                                        + " of %d px; %d epochs of batch %d in %d shards; backbone %s;"
                                        + " VOC07 mAP in percent, mean over %d seeds; MACs at"
                                        + " 1x3x%dx%d\n\n",
                                options.trainSize(),
                                options.testSize(),
                                size,
                                options.epochs(),
                                options.batchSize,
                                options.shards,
                                pretraining == null
                                        ? "from scratch"
                                        : "pretrained on single-item canvases ("
                                                + options.pretrainSteps()
                                                + " steps per width)",
                                nSeeds,
                                size,
                                size)
                        + result.toMarkdown();
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.md"), table, StandardCharsets.UTF_8);
        result.writeChart(out.resolve("utility.png"));
        curves.writeCsv(out.resolve("curves.csv"));
        curves.writeChart(out.resolve("curves.png"), "utility-curve training loss", "loss");
        console.println();
        console.print(result.toMarkdown());
        console.printf(Locale.ROOT, "results in %s (%s)%n", out, ProgressBar.format(wall));
        console.flush();
        return 0;
    }
}
