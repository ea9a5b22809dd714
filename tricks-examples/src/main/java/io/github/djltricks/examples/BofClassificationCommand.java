/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.core.distill.DistillationBlock;
import io.github.djltricks.core.distill.DistillationLoss;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.core.guard.NonFiniteGuard;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.core.mixup.Mixup;
import io.github.djltricks.core.mixup.MixupDataset;
import io.github.djltricks.core.mixup.MixupListener;
import io.github.djltricks.core.schedule.WarmupSchedule;
import io.github.djltricks.examples.chart.AblationChart;
import io.github.djltricks.examples.chart.TrainingCurveChart;
import io.github.djltricks.examples.data.FashionMnist;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bof-classification}: the shape of the Bag-of-Tricks classification ablation (He et al.
 * 2019, "Bag of Tricks for Image Classification with Convolutional Neural Networks", arXiv
 * 1812.01187, table 6) with a small ResNet on Fashion-MNIST.
 *
 * <p>Rows, cumulative (each adds its trick to the row above), run by an {@link AblationRunner} over
 * several seeds:
 *
 * <ol>
 *   <li>{@code baseline}: SGD with momentum 0.9 and weight decay, step decay of the learning rate
 *       (×0.1 at 50 % and 75 % of the steps), no warmup, softmax cross-entropy;
 *   <li>{@code + warmup + cosine}: linear warmup from 0 over the first epoch, then cosine decay to
 *       0 ({@link WarmupSchedule});
 *   <li>{@code + label smoothing}: ε = 0.1 ({@link LabelSmoothingCrossEntropyLoss});
 *   <li>{@code + mixup}: α = 0.2, switched off for the last epoch as GluonCV does ({@link Mixup},
 *       {@link MixupDataset}, {@link MixupListener});
 *   <li>{@code + distillation}: Hinton's soft-target term from a larger ResNet teacher, {@code (1 −
 *       α)·task + α·T²·KL} ({@link DistillationLoss#hinton}); the teacher (twice the width, two
 *       blocks per stage) is trained once, with the first seed (warmup + cosine, plain
 *       cross-entropy), and shared by the distillation runs of every seed.
 * </ol>
 *
 * <p>Every run reports test top-1 accuracy (%), test cross-entropy with plain labels, the final
 * (smoothed) training loss and the {@link ConvergenceListener} verdict. The output directory gets
 * the runner's {@code results.json} (a rerun resumes from it), {@code table.md}, one PNG chart per
 * metric, and the training-loss curves ({@code curves.csv}, {@code curves.png}).
 */
@Command(
        name = "bof-classification",
        mixinStandardHelpOptions = true,
        description = {
            "Bag-of-Tricks classification ablation (He et al. 2019, table 6) with a small ResNet on"
                    + " Fashion-MNIST: baseline, + warmup + cosine, + label smoothing, + mixup,"
                    + " + distillation; cumulative, over seeds.",
            "Expected time on an idle 2-core machine: full form about 35 minutes, --quick about 3"
                    + " minutes (several times longer when the cores are shared)."
        })
public final class BofClassificationCommand implements Callable<Integer> {

    /** The rows of the ablation, in table order. */
    public static final List<String> ROWS =
            List.of(
                    "baseline",
                    "+ warmup + cosine",
                    "+ label smoothing",
                    "+ mixup",
                    "+ distillation");

    /** The metrics every run reports, in table order. */
    public static final List<String> METRICS =
            List.of("top1", "test_nll", "train_loss", ConvergenceListener.METRIC);

    /**
     * Training cost of the student, CPU milliseconds per image on one thread (measured on 2 cores).
     */
    private static final double STUDENT_MS_PER_IMAGE = 0.85;

    @Spec private CommandSpec spec;

    @Option(
            names = "--data-dir",
            description =
                    "directory of the Fashion-MNIST IDX gzip files (default: ${DEFAULT-VALUE})")
    private Path dataDir = FashionMnist.DEFAULT_DIRECTORY;

    @Option(
            names = "--quick",
            description =
                    "a quick run: 2000 training and 2000 test images, 4 epochs, 2 seeds (about 3"
                            + " minutes on an idle 2-core machine)")
    private boolean quick;

    @Option(
            names = "--train-size",
            description =
                    "training images used, "
                            + OptionRanges.IMAGES_HELP
                            + " (default: 10000; quick: 2000)")
    private Integer trainSize;

    @Option(
            names = "--test-size",
            description =
                    "test images used, "
                            + OptionRanges.IMAGES_HELP
                            + " (default: all; quick: 2000)")
    private Integer testSize;

    @Option(
            names = "--epochs",
            description = "epochs per run, " + OptionRanges.EPOCHS_HELP + " (default: 8; quick: 4)")
    private Integer epochs;

    @Option(
            names = "--seeds",
            description = "number of seeds, " + OptionRanges.SEEDS_HELP + " (default: 3; quick: 2)")
    private Integer seeds;

    @Option(
            names = "--batch-size",
            description =
                    "batch size, " + OptionRanges.BATCH_SIZE_HELP + " (default: ${DEFAULT-VALUE})")
    private int batchSize = 64;

    @Option(
            names = "--lr",
            description =
                    "peak learning rate of SGD, "
                            + OptionRanges.LEARNING_RATE_HELP
                            + " (default: ${DEFAULT-VALUE})")
    private float learningRate = 0.1f;

    @Option(
            names = "--width",
            description =
                    "channels of the student ResNet's first stage, "
                            + OptionRanges.WIDTH_HELP
                            + " (default: ${DEFAULT-VALUE})")
    private int width = 8;

    @Option(
            names = "--teacher-width",
            description =
                    "channels of the teacher ResNet's first stage, "
                            + OptionRanges.WIDTH_HELP
                            + "; it also has two blocks per stage (default: ${DEFAULT-VALUE})")
    private int teacherWidth = 16;

    @Option(
            names = "--kd-temperature",
            description =
                    "distillation temperature T, "
                            + OptionRanges.TEMPERATURE_HELP
                            + " (default: ${DEFAULT-VALUE})")
    private float temperature = 4f;

    @Option(
            names = "--kd-alpha",
            description =
                    "share α of the distillation term, "
                            + OptionRanges.SHARE_HELP
                            + " (default: ${DEFAULT-VALUE})")
    private float alpha = 0.5f;

    @Option(
            names = "--threads",
            description =
                    "PyTorch intra-op threads, "
                            + OptionRanges.THREADS_HELP
                            + "; 1 avoids oversubscription on a shared machine (default:"
                            + " ${DEFAULT-VALUE})")
    private int threads = 1;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Paths.get("results", "bof-classification");

    private Model teacher;
    private String teacherSummary;
    private long teacherSeed;
    private TrainingCurves curves;
    private ProgressBar bar;
    private FashionMnist trainSet;
    private FashionMnist testSet;
    private int numEpochs;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException, TranslateException {
        long begin = System.nanoTime();
        int train = trainSize != null ? trainSize : quick ? 2000 : 10000;
        int test = testSize != null ? testSize : quick ? 2000 : Integer.MAX_VALUE;
        numEpochs = epochs != null ? epochs : quick ? 4 : 8;
        int numSeeds = seeds != null ? seeds : quick ? 2 : 3;
        if (trainSize != null) {
            OptionRanges.IMAGES.check("--train-size", trainSize);
        }
        if (testSize != null) {
            OptionRanges.IMAGES.check("--test-size", testSize);
        }
        OptionRanges.EPOCHS.check("--epochs", numEpochs);
        OptionRanges.SEEDS.check("--seeds", numSeeds);
        OptionRanges.BATCH_SIZE.check("--batch-size", batchSize);
        OptionRanges.LEARNING_RATE.check("--lr", learningRate);
        OptionRanges.WIDTH.check("--width", width);
        OptionRanges.WIDTH.check("--teacher-width", teacherWidth);
        OptionRanges.TEMPERATURE.check("--kd-temperature", temperature);
        OptionRanges.SHARE.check("--kd-alpha", alpha);
        OptionRanges.THREADS.check("--threads", threads);
        PrintWriter log = spec.commandLine().getOut();
        Engine engine = Engine.getInstance(); // loads the natives
        JniUtils.setNumThreads(threads);

        trainSet = dataset(Dataset.Usage.TRAIN, train, true);
        testSet = dataset(Dataset.Usage.TEST, test, false);
        int stepsPerEpoch = Math.toIntExact(trainSet.size() / batchSize);
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException(
                    "batch-size must be <= the training images ("
                            + trainSet.size()
                            + "), got "
                            + batchSize);
        }
        long[] seedList = new long[numSeeds];
        for (int i = 0; i < numSeeds; i++) {
            seedList[i] = i + 1;
        }
        teacherSeed = seedList[0];
        Files.createDirectories(out);
        Path resultsFile = out.resolve("results.json");
        AblationRunner runner =
                AblationRunner.builder()
                        .setBaseline(baseline(trainSet.size(), testSet.size()))
                        .addVariant(ROWS.get(1), Map.of("schedule", "cosine", "warmup_epochs", 1))
                        .addVariant(ROWS.get(2), Map.of("label_smoothing", 0.1))
                        .addVariant(ROWS.get(3), Map.of("mixup_alpha", 0.2))
                        .addVariant(ROWS.get(4), Map.of("distill", true))
                        .optMode(AblationRunner.Mode.CUMULATIVE)
                        .setSeeds(seedList)
                        .setTrial(this::trial)
                        .setResultsFile(resultsFile)
                        .optHeadline("top1")
                        .build();
        // A resumed run keeps the curves of the runs it does not repeat.
        List<String> series = new ArrayList<>();
        for (String row : runner.rows().keySet()) {
            for (long seed : seedList) {
                series.add(row + " / seed " + seed);
            }
        }
        series.add("teacher / seed " + teacherSeed);
        curves = TrainingCurves.read(out.resolve("curves.csv"), series);

        // Progress in training batches: each pending run, plus the teacher's if a distillation
        // run is pending. The estimate weighs a teacher step and a distillation step (a student
        // step plus a teacher forward) by their cost relative to a student step.
        Set<String> done = recorded(resultsFile);
        long units = 0;
        double studentRuns = 0;
        boolean distillPending = false;
        for (long seed : seedList) {
            for (String row : ROWS) {
                if (!done.contains(row + "#" + seed)) {
                    units += (long) numEpochs * stepsPerEpoch;
                    boolean distill = ROWS.get(4).equals(row);
                    studentRuns += distill ? 1 + teacherCost() / 3 : 1;
                    distillPending |= distill;
                }
            }
        }
        if (distillPending) {
            units += (long) numEpochs * stepsPerEpoch;
            studentRuns += teacherCost();
        }
        double expected =
                studentRuns
                        * numEpochs
                        * stepsPerEpoch
                        * batchSize
                        * STUDENT_MS_PER_IMAGE
                        / 1000
                        / threads;
        log.printf(
                Locale.ROOT,
                "bof-classification: %d training and %d test images from %s, %d epochs, batch %d,"
                        + " %d seeds, %d thread(s)%n"
                        + "  %d runs pending of %d; expected about %s on an idle 2-core machine"
                        + " (full form: about 35 min)%n",
                trainSet.size(),
                testSet.size(),
                dataDir,
                numEpochs,
                batchSize,
                numSeeds,
                threads,
                ROWS.size() * numSeeds - done.size(),
                ROWS.size() * numSeeds,
                ProgressBar.format(Duration.ofSeconds((long) expected)));
        log.flush();
        bar = new ProgressBar(log, "bof-classification", Math.max(1, units));

        AblationResult result;
        try {
            result = runner.run();
        } finally {
            if (teacher != null) {
                teacher.close();
            }
        }
        bar.finish();
        double wall = (System.nanoTime() - begin) / 1e9;
        writeOutputs(result, engine, wall, log);
        return 0;
    }

    private Map<String, Object> baseline(long train, long test) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("train_size", train);
        base.put("test_size", test);
        base.put("epochs", numEpochs);
        base.put("batch_size", batchSize);
        base.put("lr", (double) learningRate);
        base.put("momentum", 0.9);
        base.put("weight_decay", 1e-4);
        base.put("width", width);
        base.put("schedule", "step");
        base.put("warmup_epochs", 0);
        base.put("label_smoothing", 0.0);
        base.put("mixup_alpha", 0.0);
        base.put("no_mixup_epochs", 1);
        base.put("distill", false);
        base.put("teacher_width", teacherWidth);
        base.put("kd_temperature", (double) temperature);
        base.put("kd_alpha", (double) alpha);
        return base;
    }

    /** Trains one configuration with one seed and measures it. */
    private Map<String, Double> trial(Configuration config, long seed)
            throws IOException, TranslateException {
        String row = rowOf(config);
        String series = row + " / seed " + seed;
        Block student = resnet(config.getInt("width"), 1);
        double epsilon = config.getDouble("label_smoothing");
        Loss task = LabelSmoothingCrossEntropyLoss.builder().optEpsilon(epsilon).build();
        Block block = student;
        Loss loss = task;
        if (config.getBoolean("distill")) {
            block =
                    DistillationBlock.builder()
                            .setStudent(student)
                            .setTeacher(teacher(config).getBlock())
                            .build();
            loss =
                    DistillationLoss.hinton(
                            task,
                            (float) config.getDouble("kd_temperature"),
                            (float) config.getDouble("kd_alpha"));
        }
        try (Model model = Model.newInstance("student")) {
            model.setBlock(block);
            bar.note(series);
            ConvergenceListener convergence = ConvergenceListener.builder().build();
            double[] test = fit(model, loss, config, seed, convergence);
            double[] smoothed = convergence.smoothed(loss.getName());
            record(series, smoothed);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(METRICS.get(0), test[0]);
            metrics.put(METRICS.get(1), test[1]);
            metrics.put(
                    METRICS.get(2),
                    smoothed.length == 0 ? Double.NaN : smoothed[smoothed.length - 1]);
            metrics.putAll(convergence.verdict().toMetrics());
            return metrics;
        }
    }

    /**
     * The teacher: trained once, with the first seed, on first use, then shared by the distillation
     * runs of every seed.
     */
    private Model teacher(Configuration config) throws IOException, TranslateException {
        if (teacher != null) {
            return teacher;
        }
        long seed = teacherSeed;
        teacher = Model.newInstance("teacher");
        teacher.setBlock(resnet(config.getInt("teacher_width"), 2));
        Configuration recipe =
                config.with(
                        Map.of(
                                "schedule",
                                "cosine",
                                "warmup_epochs",
                                1,
                                "label_smoothing",
                                0.0,
                                "mixup_alpha",
                                0.0,
                                "distill",
                                false));
        bar.note("teacher / seed " + seed);
        ConvergenceListener convergence = ConvergenceListener.builder().build();
        Loss loss = LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0).build();
        double[] test = fit(teacher, loss, recipe, seed, convergence);
        record("teacher / seed " + seed, convergence.smoothed(loss.getName()));
        teacherSummary =
                String.format(
                        Locale.ROOT,
                        "top-1 %.2f %%, test NLL %.4f, %s (trained once with seed %d, shared by"
                                + " every seed's distillation run)",
                        test[0],
                        test[1],
                        convergence.verdict().toString().lines().findFirst().orElseThrow(),
                        seed);
        PrintWriter log = spec.commandLine().getOut();
        log.println("  teacher: " + teacherSummary);
        log.flush();
        return teacher;
    }

    /**
     * Trains the model's block with {@code EasyTrain.fit} and returns its test top-1 accuracy (%)
     * and test cross-entropy.
     */
    private double[] fit(
            Model model, Loss loss, Configuration config, long seed, ConvergenceListener listener)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed((int) seed);
        int stepsPerEpoch = Math.toIntExact(trainSet.size() / batchSize);
        int total = numEpochs * stepsPerEpoch;
        float lr = (float) config.getDouble("lr");
        WarmupSchedule.Builder schedule =
                WarmupSchedule.builder().setBaseValue(lr).setTotalSteps(total);
        if ("cosine".equals(config.getString("schedule"))) {
            int warmup = Math.min(total - 1, config.getInt("warmup_epochs") * stepsPerEpoch);
            schedule.optWarmupSteps(warmup).optWarmupBegin(0f).optFinalValue(0f).cosine();
        } else {
            schedule.multiStep(
                    new int[] {Math.max(1, total / 2), Math.max(2, total * 3 / 4)}, 0.1f);
        }
        Optimizer sgd =
                Optimizer.sgd()
                        .setLearningRateTracker(schedule.build())
                        .optMomentum((float) config.getDouble("momentum"))
                        .optWeightDecays((float) config.getDouble("weight_decay"))
                        .build();
        DefaultTrainingConfig training =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(sgd)
                        .addTrainingListeners(listener, bar.listener(), NonFiniteGuard.everyStep());
        Dataset data = trainSet;
        double mixupAlpha = config.getDouble("mixup_alpha");
        if (mixupAlpha > 0) {
            // No mixing in the last epochs (GluonCV's --mixup-off-epoch); at least one mixed epoch.
            int off = Math.max(1, numEpochs - config.getInt("no_mixup_epochs"));
            Mixup mixup =
                    Mixup.builder()
                            .setNumClasses(FashionMnist.CLASSES)
                            .optMixupAlpha(mixupAlpha)
                            .optOffEpoch(off)
                            .optSeed(seed)
                            .build();
            data = new MixupDataset(trainSet, mixup);
            training.addTrainingListeners(new MixupListener(mixup));
        }
        try (Trainer trainer = model.newTrainer(training)) {
            trainer.initialize(new Shape(batchSize, 1, FashionMnist.SIDE, FashionMnist.SIDE));
            EasyTrain.fit(trainer, numEpochs, data, null);
            return evaluate(trainer);
        }
    }

    /** Test top-1 accuracy (%) and mean cross-entropy of the true class, in inference mode. */
    private double[] evaluate(Trainer trainer) throws IOException, TranslateException {
        long correct = 0;
        long total = 0;
        double nll = 0;
        for (Batch batch : trainer.iterateDataset(testSet)) {
            try (batch) {
                NDArray logits = trainer.evaluate(batch.getData()).head();
                NDArray labels = batch.getLabels().head().toType(DataType.INT64, false);
                correct += logits.argMax(1).eq(labels).countNonzero().getLong();
                NDArray logProb = logits.logSoftmax(1);
                NDArray picked = logProb.gather(labels.reshape(-1, 1), 1);
                nll -= picked.sum().toType(DataType.FLOAT64, false).getDouble();
                total += labels.size();
            }
        }
        return new double[] {100.0 * correct / total, nll / total};
    }

    /** Records a run's smoothed loss as its curve and writes every curve so far. */
    private void record(String series, double[] smoothed) throws IOException {
        int stride = Math.max(1, smoothed.length / 400);
        curves.remove(series);
        for (int i = 0; i < smoothed.length; i += stride) {
            curves.record(series, i + 1, smoothed[i]);
        }
        if (smoothed.length > 0 && (smoothed.length - 1) % stride != 0) {
            curves.record(series, smoothed.length, smoothed[smoothed.length - 1]);
        }
        curves.writeCsv(out.resolve("curves.csv"));
    }

    private void writeOutputs(AblationResult result, Engine engine, double wall, PrintWriter log)
            throws IOException {
        // The parse result's original arguments start with the subcommand's name.
        String command =
                "java -jar tricks-examples/target/tricks-examples.jar "
                        + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        StringBuilder md = new StringBuilder();
        md.append("# bof-classification\n\n")
                .append("Bag-of-Tricks classification ablation (He et al. 2019, arXiv 1812.01187,")
                .append(" table 6) with a small ResNet (widths ")
                .append(width)
                .append("/")
                .append(2 * width)
                .append("/")
                .append(4 * width)
                .append(", one block per stage) on Fashion-MNIST; teacher ResNet widths ")
                .append(teacherWidth)
                .append("/")
                .append(2 * teacherWidth)
                .append("/")
                .append(4 * teacherWidth)
                .append(", two blocks per stage.\n\n")
                .append("- command: `")
                .append(command.strip())
                .append("`\n")
                .append(
                        String.format(
                                Locale.ROOT,
                                "- machine: %d cores (%s), Java %s, %s %s, %d PyTorch"
                                        + " thread(s)%n",
                                Runtime.getRuntime().availableProcessors(),
                                RunInfo.cpu(),
                                System.getProperty("java.version"),
                                engine.getEngineName(),
                                engine.getVersion(),
                                threads))
                .append("- date: ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n')
                .append(
                        String.format(
                                Locale.ROOT,
                                "- total wall time: %.0f s (this invocation; resumed runs not"
                                        + " counted)%n",
                                wall))
                .append(
                        String.format(
                                Locale.ROOT,
                                "- data: %d training, %d test images; %d epochs, batch %d%n",
                                trainSet.size(),
                                testSet.size(),
                                numEpochs,
                                batchSize));
        if (teacherSummary != null) {
            md.append("- teacher: ").append(teacherSummary).append('\n');
        }
        md.append(
                        "- metrics: top1 = test top-1 accuracy (%), test_nll = test cross-entropy"
                                + " with plain labels, train_loss = last smoothed training loss"
                                + " (of the row's own loss, so not comparable across rows),"
                                + " converged = runs whose loss reached a plateau, of the runs"
                                + " long enough to judge\n\n")
                .append(result.toMarkdown());
        Files.writeString(out.resolve("table.md"), md.toString(), StandardCharsets.UTF_8);
        for (String metric : METRICS.subList(0, 3)) {
            AblationChart.write(result, out.resolve(metric + ".png"), metric);
        }
        curves.writeCsv(out.resolve("curves.csv"));
        TrainingCurveChart.write(
                curves,
                out.resolve("curves.png"),
                "bof-classification: training loss",
                "training loss");
        log.println();
        log.println(result.toMarkdown());
        log.printf(Locale.ROOT, "total wall time %.0f s; wrote %s%n", wall, out);
        log.flush();
    }

    /** Row and seed pairs already finished in the results file, as {@code row#seed}. */
    private static Set<String> recorded(Path resultsFile) throws IOException {
        Set<String> done = new HashSet<>();
        if (!Files.exists(resultsFile)) {
            return done;
        }
        try (Reader reader = Files.newBufferedReader(resultsFile, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (root.isJsonObject() && root.getAsJsonObject().has("runs")) {
                for (JsonElement e : root.getAsJsonObject().getAsJsonArray("runs")) {
                    JsonObject run = e.getAsJsonObject();
                    if ("OK".equals(run.get("status").getAsString())) {
                        done.add(
                                run.get("variant").getAsString()
                                        + "#"
                                        + run.get("seed").getAsLong());
                    }
                }
            }
        }
        return done;
    }

    private static String rowOf(Configuration config) {
        if (config.getBoolean("distill")) {
            return ROWS.get(4);
        }
        if (config.getDouble("mixup_alpha") > 0) {
            return ROWS.get(3);
        }
        if (config.getDouble("label_smoothing") > 0) {
            return ROWS.get(2);
        }
        return "cosine".equals(config.getString("schedule")) ? ROWS.get(1) : ROWS.get(0);
    }

    /** Training cost of the teacher relative to the student, for the time estimate. */
    private double teacherCost() {
        double ratio = (double) teacherWidth / width;
        return 1.8 * ratio * ratio;
    }

    private FashionMnist dataset(Dataset.Usage usage, int limit, boolean shuffle)
            throws IOException {
        FashionMnist set =
                FashionMnist.builder()
                        .optDirectory(dataDir)
                        .optUsage(usage)
                        .optLimit(limit)
                        .setSampling(batchSize, shuffle)
                        .build();
        set.prepare(null);
        return set;
    }

    /**
     * A ResNet for 28×28 grey images (He et al. 2016, arXiv 1512.03385, the CIFAR layout): a 3×3
     * stem of {@code width} channels, three stages of {@code blocks} basic residual blocks with
     * {@code width}, {@code 2·width} and {@code 4·width} channels (the second and third halve the
     * resolution), global average pooling and a linear layer to the 10 classes.
     *
     * @param width channels of the first stage
     * @param blocks residual blocks per stage
     * @return the network
     */
    static Block resnet(int width, int blocks) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(width, 3, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        int channels = width;
        for (int stage = 0; stage < 3; stage++) {
            int filters = width << stage;
            for (int b = 0; b < blocks; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(residual(filters, stride, channels != filters || stride != 1));
                channels = filters;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    /** A basic block: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)). */
    private static Block residual(int filters, int stride, boolean project) {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(conv(filters, 3, stride))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(conv(filters, 3, 1))
                        .add(BatchNorm.builder().build());
        Block shortcut =
                project
                        ? new SequentialBlock()
                                .add(conv(filters, 1, stride))
                                .add(BatchNorm.builder().build())
                        : Blocks.identityBlock();
        return new SequentialBlock()
                .add(
                        new ParallelBlock(
                                list -> new NDList(list.get(0).head().add(list.get(1).head())),
                                List.of(branch, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .setFilters(filters)
                .build();
    }
}
