/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import io.github.djltricks.core.distill.DistillationBlock;
import io.github.djltricks.core.distill.DistillationLoss;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.core.mixup.Mixup;
import io.github.djltricks.core.mixup.MixupDataset;
import io.github.djltricks.core.schedule.WarmupSchedule;
import io.github.djltricks.core.weightdecay.NoBiasDecay;
import io.github.djltricks.core.zerogamma.ZeroGamma;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bof-classification}: the shape of the Bag-of-Tricks classification ablation (He et al.
 * 2019, "Bag of Tricks for Image Classification with Convolutional Neural Networks", arXiv
 * 1812.01187, table 6) with a small ResNet ({@link ClassifierNets#resnet}) on Fashion-MNIST.
 *
 * <p>Rows, cumulative (each adds its trick to the row above), run by an {@link AblationRunner} over
 * several seeds, each run a {@link ClassifierTrial} ({@link #VARIANTS} lists each row's changes):
 *
 * <ol>
 *   <li>{@code baseline}: SGD with momentum 0.9 and weight decay, step decay of the learning rate
 *       (×0.1 at 50 % and 75 % of the steps), no warmup, softmax cross-entropy;
 *   <li>{@code + warmup + cosine}: linear warmup from 0 over the first epoch, then cosine decay to
 *       0 ({@link WarmupSchedule});
 *   <li>{@code + label smoothing}: ε = 0.1 ({@link LabelSmoothingCrossEntropyLoss});
 *   <li>{@code + mixup}: α = 0.2, switched off for the last epoch as GluonCV does ({@link Mixup},
 *       {@link MixupDataset}, the mixer's {@code TrainingClock});
 *   <li>{@code + distillation}: Hinton's soft-target term from a larger ResNet teacher, {@code (1 −
 *       α)·task + α·T²·KL} ({@link DistillationLoss#hinton}); the teacher (twice the width, two
 *       blocks per stage) is trained once, with the first seed (warmup + cosine, plain
 *       cross-entropy), and shared by the distillation runs of every seed;
 *   <li>{@code + no bias decay}: weight decay on the weights of convolutions and the linear layer
 *       only, none on biases and batch-norm γ and β ({@link NoBiasDecay}, section 3.1);
 *   <li>{@code + zero gamma}: the batch norm that ends each residual branch starts with γ = 0, so
 *       every residual block starts as its shortcut ({@link ZeroGamma}, section 3.1);
 *   <li>{@code + EMA}: a weight EMA of the student (Polyak averaging, as YOLOv5 and timm keep;
 *       {@link WeightEma}, its decay set by the run's length), the test figures from the averaged
 *       weights.
 * </ol>
 *
 * <p>With {@code --one-at-a-time} each row instead changes the baseline alone ({@link
 * AblationRunner.Mode#ONE_AT_A_TIME}), which tells a trick's own effect from its effect on top of
 * the others: {@code + distillation} is then the baseline's step schedule and plain cross-entropy
 * with the teacher (the same teacher, trained once), {@code + zero gamma} the baseline with zero-γ
 * alone, and so on. Its results go to {@code results/bof-classification-one-at-a-time} unless
 * {@code --out} says otherwise, and the table's header and footer name the mode.
 *
 * <p>Every run reports the {@link ClassifierTrial#METRICS}: test top-1 accuracy (%), test
 * cross-entropy with plain labels, the final (smoothed) training loss and the {@link
 * ConvergenceListener} verdict. The output directory gets the runner's {@code results.json} (a
 * rerun resumes from it), {@code table.md}, one PNG chart per metric, and the training-loss curves
 * ({@code curves.csv}, {@code curves.png}); see {@link AblationOutputs}.
 */
@Command(
        name = "bof-classification",
        mixinStandardHelpOptions = true,
        modelTransformer = BofClassificationCommand.Help.class,
        description = {
            "--one-at-a-time: each row changes the baseline alone instead (default output"
                    + " results/bof-classification-one-at-a-time).",
            "Full form: 10000 training and all 10000 test images, 8 epochs, 3 seeds, 1 PyTorch"
                    + " thread; --quick: 2000 training and 2000 test images, 4 epochs, 2 seeds.",
            "Expected time on an idle 2-core machine: full form about 65 minutes (one at a"
                    + " time about 40), --quick about 5 minutes (several times longer when the"
                    + " cores are shared)."
        })
public final class BofClassificationCommand implements Callable<Integer> {

    /** The baseline's row name. */
    static final String BASELINE_NAME = "baseline";

    /**
     * The rows after the baseline, in table order, each with the recipe keys it changes: on the row
     * above ({@link AblationRunner.Mode#CUMULATIVE}, the default) or on the baseline alone ({@code
     * --one-at-a-time}). A new row is one line here: a trick that plugs into the trial as a {@link
     * TrialExtra} brings everything else in its own file; a new recipe key needs a component of
     * {@link Recipe} and the lines of {@link #plan} that read it.
     */
    static final List<AblationRow> VARIANTS =
            List.of(
                    AblationRow.of(
                            "+ warmup + cosine", Map.of("schedule", "cosine", "warmup_epochs", 1)),
                    AblationRow.of("+ label smoothing", Map.of("label_smoothing", 0.1)),
                    AblationRow.of("+ mixup", Map.of("mixup_alpha", 0.2)),
                    AblationRow.of("+ distillation", Map.of("distill", true)),
                    AblationRow.of("+ no bias decay", Map.of("no_bias_decay", true)),
                    AblationRow.of("+ zero gamma", Map.of("zero_gamma", true)),
                    AblationRow.of("+ EMA", WeightEma.sizedByRun()));

    /**
     * Writes the paragraph of {@code bof-classification}'s help that names the rows from {@link
     * #VARIANTS}, so that it cannot fall behind them.
     */
    public static final class Help extends RowsHelp {

        /** Creates the help; picocli calls it when it reads the command. */
        public Help() {}

        /** {@inheritDoc} */
        @Override
        protected String rowsParagraph() {
            return "Bag-of-Tricks classification ablation (He et al. 2019, table 6) with a small"
                    + " ResNet on Fashion-MNIST: the baseline, then "
                    + AblationRow.names(VARIANTS)
                    + "; cumulative, over seeds.";
        }
    }

    /** The rows of the ablation, in table order: the baseline, then {@link #VARIANTS}. */
    public static final List<String> ROWS =
            Stream.concat(Stream.of(BASELINE_NAME), VARIANTS.stream().map(AblationRow::name))
                    .toList();

    /** The metrics every run reports, in table order. */
    public static final List<String> METRICS = ClassifierTrial.METRICS;

    /**
     * The full form's time on an idle 2-core machine, cumulative: 55 minutes measured for the first
     * seven rows, and {@code + EMA} is one more distillation run per seed, about 10 more.
     */
    private static final String FULL_FORM_CUMULATIVE = "65 min";

    /**
     * The full form's time with {@code --one-at-a-time}, estimated from the cumulative one: only
     * the distillation row pays for the teacher's forward pass, so about 40 minutes.
     */
    private static final String FULL_FORM_ONE_AT_A_TIME = "40 min";

    /**
     * Training cost of the student, CPU milliseconds per image on one thread (measured on 2 cores).
     */
    private static final double STUDENT_MS_PER_IMAGE = 0.85;

    @Spec private CommandSpec spec;

    @Mixin
    private ClassifierOptions options =
            new ClassifierOptions(
                    new ClassifierOptions.Form(10000, Integer.MAX_VALUE, 8, 3),
                    new ClassifierOptions.Form(2000, 2000, 4, 2),
                    1);

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

    @Mixin private PartOptions parts = new PartOptions();

    @Option(
            names = "--one-at-a-time",
            description =
                    "each row changes the baseline alone, instead of adding its change to the row"
                            + " above")
    private boolean oneAtATime;

    @Option(
            names = "--out",
            description =
                    "output directory (default: results/bof-classification, or"
                            + " results/bof-classification-one-at-a-time with --one-at-a-time)")
    private Path out;

    /** The learning-rate schedules of the rows. */
    enum Schedule {
        /** Step decay ×0.1 at 50 % and 75 % of the steps, no warmup. */
        STEP,
        /** Linear warmup from 0, then cosine decay to 0. */
        COSINE
    }

    /**
     * The recipe of one run; {@link Recipes} converts it to and from the runner's configuration
     * ({@code train_size}, {@code test_size}, …, {@code kd_alpha}).
     *
     * @param trainSize training images
     * @param testSize test images
     * @param epochs training epochs
     * @param batchSize images per batch
     * @param lr the peak learning rate of SGD
     * @param momentum SGD's momentum
     * @param weightDecay SGD's weight decay
     * @param width channels of the student's first stage
     * @param schedule the learning-rate schedule
     * @param warmupEpochs epochs of linear warmup from 0 ({@link Schedule#COSINE} only)
     * @param labelSmoothing ε of label smoothing, 0 for plain cross-entropy
     * @param mixupAlpha mixup's α, 0 for no mixup
     * @param noMixupEpochs the last epochs trained without mixup
     * @param distill whether the student learns from the teacher too
     * @param teacherWidth channels of the teacher's first stage
     * @param kdTemperature the distillation temperature T
     * @param kdAlpha the share α of the distillation term
     * @param noBiasDecay whether the weight decay spares biases and batch-norm γ and β
     * @param zeroGamma whether each residual branch's last batch norm starts with γ = 0
     */
    record Recipe(
            long trainSize,
            long testSize,
            int epochs,
            int batchSize,
            double lr,
            double momentum,
            double weightDecay,
            int width,
            Schedule schedule,
            int warmupEpochs,
            double labelSmoothing,
            double mixupAlpha,
            int noMixupEpochs,
            boolean distill,
            int teacherWidth,
            double kdTemperature,
            double kdAlpha,
            @Recipes.Flag boolean noBiasDecay,
            @Recipes.Flag boolean zeroGamma) {

        /**
         * Returns the teacher's recipe: this one with warmup + cosine over one warmup epoch, plain
         * cross-entropy, no mixup, no distillation, decay on every parameter and no zero-γ.
         *
         * @return the teacher's recipe
         */
        Recipe teacher() {
            return new Recipe(
                    trainSize,
                    testSize,
                    epochs,
                    batchSize,
                    lr,
                    momentum,
                    weightDecay,
                    width,
                    Schedule.COSINE,
                    1,
                    0,
                    0,
                    noMixupEpochs,
                    false,
                    teacherWidth,
                    kdTemperature,
                    kdAlpha,
                    false,
                    false);
        }

        /**
         * Returns SGD with this recipe's schedule over {@code epochs} epochs of {@code trainSize /
         * batchSize} steps (rounded down); with {@code noBiasDecay}, its weight decay on the
         * block's weights only.
         *
         * @param block the block the optimizer trains
         * @return the optimizer
         */
        Optimizer optimizer(Block block) {
            int stepsPerEpoch = Math.toIntExact(trainSize / batchSize);
            int total = epochs * stepsPerEpoch;
            WarmupSchedule.Builder lrs =
                    WarmupSchedule.builder().setBaseValue((float) lr).setTotalSteps(total);
            if (schedule == Schedule.COSINE) {
                int warmup = Math.min(total - 1, warmupEpochs * stepsPerEpoch);
                lrs.optWarmupSteps(warmup).optWarmupBegin(0f).optFinalValue(0f).cosine();
            } else {
                lrs.multiStep(new int[] {Math.max(1, total / 2), Math.max(2, total * 3 / 4)}, 0.1f);
            }
            WarmupSchedule tracker = lrs.build();
            NoBiasDecay.OptimizerFactory sgd =
                    wd ->
                            Optimizer.sgd()
                                    .setLearningRateTracker(tracker)
                                    .optMomentum((float) momentum)
                                    .optWeightDecays(wd)
                                    .build();
            if (!noBiasDecay) {
                return sgd.build((float) weightDecay);
            }
            return NoBiasDecay.builder()
                    .setOptimizer(sgd)
                    .setWeightDecay((float) weightDecay)
                    .setBlock(block)
                    .build();
        }

        /**
         * Returns the epoch from which mixup is off: at least one mixed epoch.
         *
         * @return {@code max(1, epochs − noMixupEpochs)}
         */
        int mixupOffEpoch() {
            return Math.max(1, epochs - noMixupEpochs);
        }
    }

    private final Map<Configuration, String> rowNames = new LinkedHashMap<>();
    private ClassifierTrial trial;
    private long teacherSeed;
    private String teacherSummary;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        Instant started = Instant.now();
        options.check();
        OptionRanges.LEARNING_RATE.check("--lr", learningRate);
        OptionRanges.WIDTH.check("--width", width);
        OptionRanges.WIDTH.check("--teacher-width", teacherWidth);
        OptionRanges.TEMPERATURE.check("--kd-temperature", temperature);
        OptionRanges.SHARE.check("--kd-alpha", alpha);
        out = outputDirectory();
        parts.part();
        PrintWriter log = spec.commandLine().getOut();
        int batchSize = options.batchSize();
        ClassifierTrial.Data data = options.load();
        int stepsPerEpoch = Math.toIntExact(data.train().size() / batchSize);
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException(
                    "batch-size must be <= the training images ("
                            + data.train().size()
                            + "), got "
                            + batchSize);
        }
        int epochs = options.epochs();
        long[] seeds = options.seeds();
        teacherSeed = seeds[0];
        Recipe baseline =
                new Recipe(
                        data.train().size(),
                        data.test().size(),
                        epochs,
                        batchSize,
                        learningRate,
                        0.9,
                        1e-4,
                        width,
                        Schedule.STEP,
                        0,
                        0.0,
                        0.0,
                        1,
                        false,
                        teacherWidth,
                        temperature,
                        alpha,
                        false,
                        false);
        Path curvesFile = parts.dir(out).resolve("curves.csv");
        // A resumed run keeps the curves of the runs it does not repeat.
        List<String> series = new ArrayList<>(TrainingCurves.series(ROWS, seeds));
        series.add("teacher / seed " + teacherSeed);
        TrainingCurves curves = TrainingCurves.read(curvesFile, series);
        trial = new ClassifierTrial(data, this::plan, curves, curvesFile);
        AblationRunner.Builder ablation =
                parts.configure(AblationRunner.builder(), spec, r -> cost(r.configuration()))
                        .setBaseline(Recipes.toMap(baseline))
                        .optBaselineName(BASELINE_NAME)
                        .optMode(
                                oneAtATime
                                        ? AblationRunner.Mode.ONE_AT_A_TIME
                                        : AblationRunner.Mode.CUMULATIVE)
                        .setSeeds(seeds)
                        .setTrial(trial)
                        .setResultsFile(parts.dir(out).resolve("results.json"))
                        .optHeadline(ClassifierTrial.TOP1);
        VARIANTS.forEach(row -> ablation.addVariant(row.name(), row.changes()));
        AblationRunner runner = ablation.build();
        runner.rows().forEach((name, config) -> rowNames.put(config, name));

        // Progress in training batches: each pending run, plus the teacher's if a distillation
        // run is pending. The estimate weighs a teacher step and a distillation step (a student
        // step plus a teacher forward) by their cost relative to a student step.
        List<AblationRunner.PendingRun> pending = runner.pending();
        long runBatches = epochs * data.batchesPerEpoch();
        long units = 0;
        double studentRuns = 0;
        boolean distillPending = false;
        for (AblationRunner.PendingRun run : pending) {
            units += runBatches;
            studentRuns += cost(run.configuration());
            distillPending |= Recipes.of(Recipe.class, run.configuration()).distill();
        }
        if (distillPending) {
            units += runBatches;
            studentRuns += teacherCost();
        }
        int threads = options.threads();
        double expected =
                studentRuns
                        * epochs
                        * stepsPerEpoch
                        * batchSize
                        * STUDENT_MS_PER_IMAGE
                        / 1000
                        / threads;
        log.printf(
                Locale.ROOT,
                "bof-classification: %s from %s, %d epochs, batch %d, %d seeds, %d thread(s),"
                        + " %s%n"
                        + "  %d runs pending of %d; expected about %s on an idle 2-core machine"
                        + " (full form: about %s)%n",
                data.images(),
                options.dataDir(),
                epochs,
                batchSize,
                seeds.length,
                threads,
                modeName(),
                pending.size(),
                ROWS.size() * seeds.length,
                ProgressBar.format(Duration.ofSeconds((long) expected)),
                oneAtATime ? FULL_FORM_ONE_AT_A_TIME : FULL_FORM_CUMULATIVE);
        log.flush();
        AblationResult result =
                trial.run(runner, new ProgressBar(log, "bof-classification", Math.max(1, units)));
        if (parts.partial()) {
            return parts.finish(log, runner, out);
        }

        String details =
                String.format(
                                Locale.ROOT,
                                "- network: ResNet widths %d/%d/%d, one block per stage; teacher"
                                        + " ResNet widths %d/%d/%d, two blocks per stage (He et"
                                        + " al. 2019, arXiv 1812.01187, table 6)%n"
                                        + "- data: Fashion-MNIST, %s; %d epochs, batch %d, %d"
                                        + " PyTorch thread(s)%n",
                                width,
                                2 * width,
                                4 * width,
                                teacherWidth,
                                2 * teacherWidth,
                                4 * teacherWidth,
                                data.images(),
                                epochs,
                                batchSize,
                                threads)
                        + "- rows: "
                        + modeName()
                        + (oneAtATime
                                ? ", each row changes the baseline alone"
                                : ", each row adds its change to the row above")
                        + "\n"
                        + (teacherSummary == null ? "" : "- teacher: " + teacherSummary + "\n")
                        + "- metrics: top1 = test top-1 accuracy (%), test_nll = test cross-entropy"
                        + " with plain labels, train_loss = last smoothed training loss (of the"
                        + " row's own loss, so not comparable across rows), converged = runs whose"
                        + " loss reached a plateau, of the runs long enough to judge\n\n";
        new AblationOutputs(out, spec, started)
                .addCharts(
                        ClassifierTrial.TOP1, ClassifierTrial.TEST_NLL, ClassifierTrial.TRAIN_LOSS)
                .optCurves(curves, "bof-classification: training loss", "training loss")
                .write(details, result, log);
        return 0;
    }

    /**
     * The plan of one run: the student, its loss and SGD, with the teacher for distillation, and
     * the extras its configuration switches on.
     */
    private ClassifierTrial.Plan plan(Configuration configuration, long seed)
            throws IOException, TranslateException {
        Recipe recipe = Recipes.of(Recipe.class, configuration);
        Block student = ClassifierNets.resnet(recipe.width(), 1);
        if (recipe.zeroGamma()) {
            // before initialization: γ's initializer becomes zeros (the trial sets none)
            ZeroGamma.apply(student);
        }
        Loss task =
                LabelSmoothingCrossEntropyLoss.builder()
                        .optEpsilon(recipe.labelSmoothing())
                        .build();
        Block block = student;
        Loss loss = task;
        if (recipe.distill()) {
            block =
                    DistillationBlock.builder()
                            .setStudent(student)
                            .setTeacher(teacher(recipe).getBlock())
                            .build();
            loss =
                    DistillationLoss.hinton(
                            task, (float) recipe.kdTemperature(), (float) recipe.kdAlpha());
        }
        return new ClassifierTrial.Plan(
                rowNames.get(configuration) + " / seed " + seed,
                block,
                loss,
                recipe.optimizer(block),
                recipe.epochs(),
                recipe.mixupAlpha(),
                recipe.mixupOffEpoch(),
                AblationRow.extrasOn(VARIANTS, configuration));
    }

    /**
     * The teacher: trained once, with the first seed, on first use, then shared by the distillation
     * runs of every seed.
     */
    private Model teacher(Recipe student) throws IOException, TranslateException {
        Recipe recipe = student.teacher();
        ClassifierTrial.Teacher teacher =
                trial.teacher(
                        teacherSeed,
                        () -> {
                            Block net = ClassifierNets.resnet(recipe.teacherWidth(), 2);
                            return ClassifierTrial.Plan.of(
                                    "teacher / seed " + teacherSeed,
                                    net,
                                    LabelSmoothingCrossEntropyLoss.builder().optEpsilon(0).build(),
                                    recipe.optimizer(net),
                                    recipe.epochs());
                        });
        if (teacherSummary == null) {
            ClassifierTrial.Outcome o = teacher.outcome();
            teacherSummary =
                    String.format(
                            Locale.ROOT,
                            "top-1 %.2f %%, test NLL %.4f, %s (trained once with seed %d, shared"
                                    + " by every seed's distillation run)",
                            o.test().top1(),
                            o.test().nll(),
                            o.verdict().toString().lines().findFirst().orElseThrow(),
                            teacherSeed);
            PrintWriter log = spec.commandLine().getOut();
            log.println("  teacher: " + teacherSummary);
            log.flush();
        }
        return teacher.model();
    }

    /**
     * Returns where the results go.
     *
     * @return {@code --out}, else {@code results/bof-classification}, or {@code
     *     results/bof-classification-one-at-a-time} with {@code --one-at-a-time}
     */
    Path outputDirectory() {
        if (out != null) {
            return out;
        }
        return Paths.get(
                "results", oneAtATime ? "bof-classification-one-at-a-time" : "bof-classification");
    }

    /** The mode's name, for the log and the table's header. */
    private String modeName() {
        return oneAtATime ? "one at a time" : "cumulative";
    }

    /** The cost of a run in student runs: a distillation run also runs the teacher forward. */
    private double cost(Configuration configuration) {
        return Recipes.of(Recipe.class, configuration).distill() ? 1 + teacherCost() / 3 : 1;
    }

    /** Training cost of the teacher relative to the student, for the time estimate. */
    private double teacherCost() {
        double ratio = (double) teacherWidth / width;
        return 1.8 * ratio * ratio;
    }
}
