/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.MetricSummary;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code regime-map}: where the bag of freebies pays. Trains the baseline and the BoF stack of
 * {@code bof-detection} (its five BoF rows' changes at once) on every cell of a grid of
 * training-set size × schedule length, and draws the stack's gain in test VOC07 mAP as a heat map
 * beside the baseline's train–test gap: a large gap (the baseline memorises its data) is the regime
 * the regularisers are for, a small one (it underfits) the regime where they cost.
 *
 * <p>Every cell trains on the first {@code n} canvases of one training set (generated once, at the
 * largest size) for about the cell's number of steps (whole epochs: {@code round(steps /
 * ⌈n/batch⌉)}, at least one), and is tested on the same test canvases; the backbone is pretrained
 * once. The runs go through an {@link AblationRunner}, so an interrupted map resumes from its
 * results file.
 *
 * <p>The default grid, 120/480/1,920 canvases × 500/1,000/2,000 steps around the main job's 480
 * canvases and 1,500 steps, one seed per cell, took 50 minutes on the 2-core machine with two
 * workers.
 */
@Command(
        name = "regime-map",
        mixinStandardHelpOptions = true,
        description = {
            "Baseline and BoF stack over a grid of training-set size x schedule length: where the"
                    + " freebies pay (a heat map of the stack's gain beside the baseline's"
                    + " train-test gap).",
            "--train-size and --epochs are set by the grid: the training set is generated at the"
                    + " largest size, and each cell trains on its first N canvases."
        })
public final class RegimeMapCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private DetectorOptions options = new DetectorOptions(BofDetectionCommand.DEFAULTS);

    @Mixin private PartOptions parts = new PartOptions();

    @Option(
            names = "--train-sizes",
            split = ",",
            paramLabel = "N",
            description =
                    "Training-set sizes of the grid, each "
                            + OptionRanges.IMAGES_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private int[] trainSizes = {120, 480, 1920};

    @Option(
            names = "--step-counts",
            split = ",",
            paramLabel = "S",
            description =
                    "Schedule lengths of the grid in training steps, each "
                            + OptionRanges.GRID_STEPS_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private int[] steps = {500, 1000, 2000};

    @Option(
            names = "--seeds",
            description = "Seeds per cell, " + OptionRanges.SEEDS_HELP + " (default: 1).")
    private int seeds = 1;

    @Mixin private WidthOption widthOption = new WidthOption();

    @Mixin private WorkersOption workersOption = new WorkersOption();

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Changes one key of the baseline's recipe (and so of the stack's, unless the"
                            + " stack changes it), as bof-detection's --set; repeatable.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--with-losses",
            description =
                    "The stack also switches GIoU and focal objectness on, as the first map's"
                            + " stack did (with --set augmentation=standard it is that map).")
    private boolean withLosses;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the results go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "regime-map");

    /** The name of the baseline run of a cell. */
    static String baselineName(int n, int s) {
        return String.format(Locale.ROOT, "baseline, %d canvases, %d steps", n, s);
    }

    /** The name of the stack run of a cell. */
    static String stackName(int n, int s) {
        return String.format(Locale.ROOT, "stack, %d canvases, %d steps", n, s);
    }

    /**
     * The whole epochs that come closest to a number of steps, at least one.
     *
     * @param steps the steps wanted
     * @param canvases the training canvases
     * @param batchSize the batch size
     * @return the epochs
     */
    static int epochsFor(int steps, int canvases, int batchSize) {
        int perEpoch = (canvases + batchSize - 1) / batchSize;
        return Math.max(1, Math.round(steps / (float) perEpoch));
    }

    private Map<String, Object> cell(int n, int s) {
        return Map.of("train_size", n, "epochs", epochsFor(s, n, options.batchSize));
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        options.check(); // the options as given, before the grid sets the training-set size
        if (trainSizes.length == 0 || steps.length == 0) {
            throw new IllegalArgumentException(
                    "--train-sizes and --step-counts must each name at least one value");
        }
        for (int n : trainSizes) {
            OptionRanges.IMAGES.check("--train-sizes", n);
        }
        for (int s : steps) {
            OptionRanges.GRID_STEPS.check("--step-counts", s);
        }
        OptionRanges.SEEDS.check("--seeds", seeds);
        float width = widthOption.multiplier();
        int workers = workersOption.count();
        parts.part();
        int largest = Arrays.stream(trainSizes).max().getAsInt();
        options.trainSize = largest;
        if (options.testSize == null) {
            options.testSize = 300;
        }
        options.check();
        for (int n : trainSizes) {
            if (n < options.batchSize) {
                throw new IllegalArgumentException(
                        "--train-sizes must be at least --batch-size ("
                                + options.batchSize
                                + "), got "
                                + n);
            }
        }
        Map<String, Object> baseline = BofDetectionCommand.baseline(overrides);
        // a mistyped --set key or value fails here, before the data and the pretraining
        DetectorRecipe.of(Configuration.of(baseline));
        Instant started = Instant.now();
        PrintWriter console = spec.commandLine().getOut();
        DetectionSplits splits = options.load();
        DetectorTrial.Settings settings = options.settings(splits, width);

        Map<String, Object> stack = BofDetectionCommand.stack(withLosses);
        // the first cell's baseline is the runner's baseline; every other run changes the cell
        Map<String, Object> first = new TreeMap<>(baseline);
        first.putAll(cell(trainSizes[0], steps[0]));
        // a run's cost is its training steps
        AblationRunner.Builder ablation =
                parts.configure(
                                AblationRunner.builder(),
                                spec,
                                r ->
                                        DetectorTrial.stepsPerRun(
                                                r.configuration().getInt("train_size"),
                                                r.configuration().getInt("epochs"),
                                                options.batchSize))
                        .setBaseline(first)
                        .optBaselineName(baselineName(trainSizes[0], steps[0]))
                        .setSeeds(LongStream.rangeClosed(1, seeds).toArray())
                        .optHeadline(BofDetectionCommand.HEADLINE)
                        .optMode(AblationRunner.Mode.ONE_AT_A_TIME)
                        .optConcurrency(workers)
                        .setResultsFile(parts.dir(out).resolve("results.json"));
        long totalSteps = 0;
        for (int n : trainSizes) {
            for (int s : steps) {
                int epochs = epochsFor(s, n, options.batchSize);
                Map<String, Object> withStack = new LinkedHashMap<>(stack);
                withStack.putAll(cell(n, s));
                if (n != trainSizes[0] || s != steps[0]) {
                    ablation.addVariant(baselineName(n, s), cell(n, s));
                }
                ablation.addVariant(stackName(n, s), withStack);
                totalSteps += 2L * seeds * DetectorTrial.stepsPerRun(n, epochs, options.batchSize);
            }
        }
        // pretrained on first use, so a resumed map with every run done trains nothing
        BackbonePretraining pretraining = options.pretraining(splits, console);
        ProgressBar bar = new ProgressBar(console, "regime-map", totalSteps);
        Files.createDirectories(out);
        ForkedTrial forked =
                ForkedTrial.ifConcurrent(
                        workers, options, width, pretraining, "regime-map", bar, null);
        ablation.setTrial(
                (configuration, seed) -> {
                    bar.note(configuration.getInt("train_size") + " canvases, seed " + seed);
                    return workers > 1
                            ? forked.run(configuration, seed)
                            : new DetectorTrial(
                                            settings,
                                            splits.train(),
                                            splits.test(),
                                            bar.listener(),
                                            null,
                                            pretraining)
                                    .run(configuration, seed);
                });
        AblationRunner runner = ablation.build();
        console.printf(
                Locale.ROOT,
                "regime-map: %d x %d cells x 2 recipes x %d seeds; training sizes %s, steps %s;"
                        + " %d test canvases; width %.3g; %d steps in all%n",
                trainSizes.length,
                steps.length,
                seeds,
                Arrays.toString(trainSizes),
                Arrays.toString(steps),
                options.testSize(),
                width,
                totalSteps);
        console.flush();
        AblationResult result = ForkedTrial.runThenClose(runner, forked);
        bar.finish();
        if (parts.partial()) {
            return parts.finish(console, runner, out);
        }
        Duration wall = Duration.between(started, Instant.now());
        String header =
                RunInfo.header("regime-map", spec, started, wall)
                        + String.format(
                                Locale.ROOT,
                                "- data: Fashion-MNIST detection, the first N of %d training"
                                        + " canvases, %d test canvases of %d px\n"
                                        + "- detector: YOLO-style, width %.3g, batch %d in %d"
                                        + " shards, lr %.3g; recipe %s\n"
                                        + "- stack: %s\n\n",
                                largest,
                                options.testSize(),
                                options.size,
                                width,
                                options.batchSize,
                                options.shards,
                                options.learningRate,
                                // sorted: a Map.of's order changes from one JVM to the next
                                new TreeMap<>(baseline),
                                new TreeMap<>(stack));
        Grid grid = grid(result);
        Files.writeString(
                out.resolve("table.md"), header + grid.markdown(), StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("full-table.md"), header + result.toMarkdown(), StandardCharsets.UTF_8);
        grid.writeHeatMap(
                out.resolve("stack-gain.png"),
                "Stack minus baseline, test VOC07 mAP (points)",
                grid.gain);
        grid.writeHeatMap(
                out.resolve("baseline-gap.png"),
                "Baseline train minus test VOC07 mAP (points)",
                grid.gap);
        console.println();
        console.print(grid.markdown());
        console.printf(Locale.ROOT, "results in %s (%s)%n", out, ProgressBar.format(wall));
        console.flush();
        return 0;
    }

    private Grid grid(AblationResult result) {
        double[][] gain = new double[trainSizes.length][steps.length];
        double[][] gap = new double[trainSizes.length][steps.length];
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < trainSizes.length; i++) {
            for (int j = 0; j < steps.length; j++) {
                int n = trainSizes[i];
                int s = steps[j];
                AblationResult.Row base = result.row(baselineName(n, s));
                AblationResult.Row stacked = result.row(stackName(n, s));
                double bTest = mean(base, BofDetectionCommand.HEADLINE);
                double bTrain = mean(base, DetectorTrial.TRAIN_VOC07);
                double sTest = mean(stacked, BofDetectionCommand.HEADLINE);
                double sTrain = mean(stacked, DetectorTrial.TRAIN_VOC07);
                gain[i][j] = sTest - bTest;
                gap[i][j] = bTrain - bTest;
                int epochs = epochsFor(s, n, options.batchSize);
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "| %d | %d (%d epochs) | %s | %s | %s | %s | %s | %s |",
                                n,
                                DetectorTrial.stepsPerRun(n, epochs, options.batchSize),
                                epochs,
                                cell(base, BofDetectionCommand.HEADLINE),
                                fmt(bTrain),
                                fmt(gap[i][j]),
                                cell(stacked, BofDetectionCommand.HEADLINE),
                                fmt(sTrain),
                                signed(gain[i][j])));
            }
        }
        return new Grid(trainSizes, steps, gain, gap, lines);
    }

    private static double mean(AblationResult.Row row, String metric) {
        MetricSummary s = row.metrics().get(metric);
        return s == null || s.n() == 0 ? Double.NaN : s.mean();
    }

    private static String cell(AblationResult.Row row, String metric) {
        MetricSummary s = row.metrics().get(metric);
        String failed = row.failures().isEmpty() ? "" : " (" + row.failures().size() + " failed)";
        if (s == null || s.n() == 0) {
            return "–" + failed;
        }
        return (s.n() > 1
                        ? String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.std())
                        : String.format(Locale.ROOT, "%.2f", s.mean()))
                + failed;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }

    /** The map's two surfaces and its table. */
    private record Grid(
            int[] trainSizes, int[] steps, double[][] gain, double[][] gap, List<String> lines) {

        String markdown() {
            StringBuilder sb =
                    new StringBuilder(
                            "| training canvases | steps | baseline VOC07 | baseline train VOC07"
                                    + " | baseline gap | stack VOC07 | stack train VOC07 | stack"
                                    + " gain |\n"
                                    + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append(
                    "\nVOC07 mAP in percent (mean over seeds); gap: the baseline's train minus"
                            + " test figure (large: it memorises its canvases); gain: the stack's"
                            + " test figure minus the baseline's.\n");
            return sb.toString();
        }

        void writeHeatMap(Path file, String title, double[][] values) throws IOException {
            HeatMapChart chart =
                    new HeatMapChartBuilder()
                            .width(640)
                            .height(480)
                            .title(title)
                            .xAxisTitle("training steps")
                            .yAxisTitle("training canvases")
                            .build();
            chart.getStyler().setShowValue(true);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setHeatMapValueDecimalPattern("0.0");
            // diverging: red below 0, white at 0, blue above
            chart.getStyler()
                    .setRangeColors(
                            new Color[] {
                                new Color(178, 24, 43), Color.WHITE, new Color(33, 102, 172)
                            });
            List<Number[]> heat = new ArrayList<>();
            double bound = 0;
            for (int i = 0; i < trainSizes.length; i++) {
                for (int j = 0; j < steps.length; j++) {
                    if (!Double.isNaN(values[i][j])) {
                        // one decimal, as the table
                        heat.add(new Number[] {j, i, Math.round(values[i][j] * 10) / 10.0});
                        bound = Math.max(bound, Math.abs(values[i][j]));
                    }
                }
            }
            // a colour scale symmetric about 0, so that the sign reads from the colour
            chart.getStyler().setMin(-Math.max(bound, 1));
            chart.getStyler().setMax(Math.max(bound, 1));
            chart.addSeries(
                    title,
                    Arrays.stream(steps).mapToObj(Integer::toString).toList(),
                    Arrays.stream(trainSizes).mapToObj(Integer::toString).toList(),
                    heat);
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
