/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.ndarray.types.Shape;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.MarginalUtility;
import io.github.djltricks.detection.yolo.YoloNet;
import io.github.djltricks.examples.chart.TrainingCurveChart;
import io.github.djltricks.examples.chart.UtilityChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
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
 * <p>Every (recipe, width, seed) run goes through an {@link AblationRunner}: {@code --workers} at a
 * time, each in a child JVM of its own ({@link ForkedTrial}), as {@code bof-detection}'s runs do,
 * recorded in {@code results.json} (a killed sweep resumes) and, with {@code --part I/N}, one part
 * of them ({@link PartOptions}).
 *
 * <p>Writes {@code results.json}, {@code table.md} (with the command and machine), {@code
 * utility.png} (mAP against MACs, log axis) and the curves into {@code --out}.
 */
@Command(
        name = "utility-curve",
        mixinStandardHelpOptions = true,
        description = {
            "Marginal utility of the detector's width multiplier: VOC07 mAP against MACs, baseline"
                    + " recipe and bag of freebies.",
            "Full form: widths 0.125, 0.25, 0.375, 0.5 x 2 recipes x 2 seeds, two runs at a"
                    + " time, about 31 minutes on 2 cores; --quick: widths 0.125, 0.25,"
                    + " 0.5, 1 seed, about 6 minutes."
        })
public final class UtilityCurveCommand implements Callable<Integer> {

    /** The recipes compared, each a curve. */
    static final Map<String, Map<String, Object>> RECIPES = recipes();

    @Spec private CommandSpec spec;

    @Mixin private DetectorOptions options = new DetectorOptions();

    @Mixin private PartOptions parts = new PartOptions();

    @Option(
            names = "--widths",
            split = ",",
            description =
                    "Width multipliers, at least two, each "
                            + OptionRanges.WIDTH_MULTIPLIER_HELP
                            + " (default: 0.125,0.25,0.375,0.5; quick: 0.125,0.25,0.5).")
    private double[] widths;

    @Option(
            names = "--seeds",
            description =
                    "Seeds per point, " + OptionRanges.SEEDS_HELP + " (default: 2; quick: 1).")
    private Integer seeds;

    @Mixin private WorkersOption workersOption = new WorkersOption();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the results go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "utility-curve");

    /**
     * The first wave's recipes, which the committed curve measured: bof-detection's baseline with
     * the standard augmentation (no augmentation key: {@link DetectorTrial}'s default), and that
     * baseline with every other row's change (BoF's rows, GIoU, focal) but the rows' extras (the
     * first wave had none).
     */
    static Map<String, Map<String, Object>> recipes() {
        Map<String, Object> baseline = new HashMap<>(BofDetectionCommand.BASELINE);
        baseline.remove("augmentation");
        Map<String, Object> stacked = new HashMap<>(baseline);
        BofDetectionCommand.ROWS.stream()
                .filter(r -> !r.changes().containsKey("augmentation"))
                .filter(r -> r.extras().isEmpty())
                .forEach(r -> stacked.putAll(r.changes()));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("baseline", Map.copyOf(baseline));
        out.put("bag of freebies", Map.copyOf(stacked));
        return out;
    }

    /** The row of a (recipe, width) point, and with its seed the name of its curve. */
    private static String rowName(String recipe, double width) {
        return String.format(Locale.ROOT, "%s, width %.3g", recipe, width);
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
        options.check();
        OptionRanges.WIDTH_MULTIPLIER.checkEach("--widths", w);
        if (w.length < 2) {
            throw new IllegalArgumentException(
                    "--widths must be at least two width multipliers, got " + Arrays.toString(w));
        }
        OptionRanges.SEEDS.check("--seeds", nSeeds);
        int workers = workersOption.count();
        parts.part();
        Instant started = Instant.now();
        PrintWriter console = spec.commandLine().getOut();
        DetectionSplits splits = options.load();
        DetectorTrial.Settings settings = options.settings(splits, 0.25f);
        int size = options.size;
        Path curvesFile = parts.dir(out).resolve("curves.csv");
        List<String> series = new ArrayList<>();
        for (String recipe : RECIPES.keySet()) {
            for (double m : w) {
                series.add(rowName(recipe, m));
            }
        }
        TrainingCurves curves =
                TrainingCurves.read(
                        curvesFile,
                        TrainingCurves.series(series, LongStream.rangeClosed(1, nSeeds).toArray()));
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
        // Every (recipe, width, seed) run goes through an ablation runner, so that the sweep
        // resumes and, with --part, runs one part; a run costs about its width squared (its MACs).
        int atOnce = workers;
        ForkedTrial forked =
                ForkedTrial.ifConcurrent(
                        atOnce,
                        options,
                        settings.width(),
                        pretraining,
                        "utility-curve",
                        bar,
                        curves);
        Map<Configuration, String> rowNames = new LinkedHashMap<>();
        AblationRunner.Builder ablation =
                parts.configure(
                                AblationRunner.builder(),
                                spec,
                                r -> Math.pow(r.configuration().getDouble("width"), 2))
                        .optMode(AblationRunner.Mode.ONE_AT_A_TIME)
                        .setSeeds(LongStream.rangeClosed(1, nSeeds).toArray())
                        .optHeadline(BofDetectionCommand.HEADLINE)
                        .optConcurrency(atOnce)
                        .setResultsFile(parts.dir(out).resolve("results.json"));
        boolean first = true;
        for (Map.Entry<String, Map<String, Object>> recipe : RECIPES.entrySet()) {
            for (double m : w) {
                Map<String, Object> config = new LinkedHashMap<>(recipe.getValue());
                config.put("width", m);
                if (first) {
                    ablation.setBaseline(config).optBaselineName(rowName(recipe.getKey(), m));
                    first = false;
                } else {
                    ablation.addVariant(rowName(recipe.getKey(), m), config);
                }
            }
        }
        ablation.setTrial(
                (config, seed) -> {
                    String name = rowNames.get(config) + " / seed " + seed;
                    bar.note(name);
                    Map<String, Double> metrics =
                            atOnce > 1
                                    ? forked.run(config, seed, name)
                                    : trial.run(config, seed, name);
                    curves.writeCsv(curvesFile);
                    return metrics;
                });
        AblationRunner runner = ablation.build();
        runner.rows().forEach((name, config) -> rowNames.put(config, name));
        AblationResult runs = ForkedTrial.runThenClose(runner, forked);
        if (parts.partial()) {
            bar.finish();
            return parts.finish(console, runner, out);
        }
        MarginalUtility.Builder sweep =
                MarginalUtility.builder()
                        .setMultipliers(w)
                        .setInputShape(new Shape(1, 3, size, size))
                        .optMetric("VOC07 mAP");
        for (Map.Entry<String, Map<String, Object>> recipe : RECIPES.entrySet()) {
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
                        // the mean over the seeds' finished runs, in seed order
                        AblationResult.Row row = runs.row(rowName(recipe.getKey(), m));
                        double[] v = row.values(BofDetectionCommand.HEADLINE);
                        if (v.length == 0) {
                            throw new IllegalStateException("no finished run: " + row.failures());
                        }
                        return Arrays.stream(v).sum() / v.length;
                    });
        }
        MarginalUtility.Result result = sweep.build().run();
        bar.finish();
        Duration wall = Duration.between(started, Instant.now());
        String table =
                RunInfo.header("utility-curve", spec, started, wall)
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
        UtilityChart.write(result, out.resolve("utility.png"));
        curves.writeCsv(out.resolve("curves.csv"));
        TrainingCurveChart.write(
                curves, out.resolve("curves.png"), "utility-curve training loss", "loss");
        console.println();
        console.print(result.toMarkdown());
        console.printf(Locale.ROOT, "results in %s (%s)%n", out, ProgressBar.format(wall));
        console.flush();
        return 0;
    }
}
