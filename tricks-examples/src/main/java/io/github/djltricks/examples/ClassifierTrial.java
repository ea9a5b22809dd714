/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.core.experiment.Trial;
import io.github.djltricks.core.guard.NonFiniteGuard;
import io.github.djltricks.core.mixup.Mixup;
import io.github.djltricks.core.mixup.MixupDataset;
import io.github.djltricks.examples.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One run of an example classifier on Fashion-MNIST, the classification counterpart of {@link
 * DetectorTrial}: trains the network a {@link Plan} describes with {@code EasyTrain.fit} and
 * measures it on the test set.
 *
 * <p>A command turns each configuration into a plan through its typed recipe (its {@link Planner}:
 * the network, the loss, the optimizer and its schedule, the epochs, mixup). The trial owns what
 * every classification run shares: the seed ({@code Engine.setRandomSeed} before anything is drawn,
 * so that the seed fixes the initial weights, the batch order and the mixup draws), the listeners
 * (progress, {@link ConvergenceListener}, {@link NonFiniteGuard}), mixup with its clean last epochs
 * ({@link MixupDataset}, the mixer's {@code TrainingClock}), the tricks a plan plugs in ({@link
 * TrialExtra}, e.g. {@link WeightEma}), the test evaluation, the training curve, and a distillation
 * teacher trained on first use ({@link #teacher}).
 *
 * <p>Every run reports {@value #TOP1} (test top-1 accuracy, %), {@value #TEST_NLL} (mean test
 * cross-entropy of the true class with plain labels), {@value #TRAIN_LOSS} (the last smoothed
 * training loss, of the run's own loss) and {@value ConvergenceListener#METRIC} (1 when the
 * training loss had stopped falling, else 0). With a weight EMA the two test figures come from the
 * averaged weights; the training loss and the verdict are those of the training itself, which the
 * EMA does not change.
 */
public final class ClassifierTrial implements Trial, AutoCloseable {

    /** The metric of test top-1 accuracy, in percent. */
    public static final String TOP1 = "top1";

    /** The metric of mean test cross-entropy with plain labels. */
    public static final String TEST_NLL = "test_nll";

    /** The metric of the last smoothed training loss. */
    public static final String TRAIN_LOSS = "train_loss";

    /** The metrics every run reports, in this order. */
    public static final List<String> METRICS =
            List.of(TOP1, TEST_NLL, TRAIN_LOSS, ConvergenceListener.METRIC);

    /** The most points a training curve keeps: longer runs are thinned to every k-th step. */
    static final int CURVE_POINTS = 400;

    /**
     * The data every run trains and tests on.
     *
     * @param train the training images, shuffled in batches of {@code batchSize}
     * @param test the test images, in order, in batches of {@code batchSize}
     * @param batchSize images per batch
     */
    public record Data(FashionMnist train, FashionMnist test, int batchSize) {

        /**
         * Returns the training batches of one epoch.
         *
         * @return the training images over the batch size, rounded up (the last batch may be short)
         */
        public long batchesPerEpoch() {
            return (train.size() + batchSize - 1) / batchSize;
        }

        /**
         * Describes the images, for a command's log and header.
         *
         * @return e.g. {@code "2000 training and 2000 test images"}
         */
        public String images() {
            return train.size() + " training and " + test.size() + " test images";
        }
    }

    /**
     * What one run trains.
     *
     * @param series the run's name, for the progress line and its training curve
     * @param block the network (for distillation, the {@code DistillationBlock})
     * @param loss the training loss
     * @param optimizer the optimizer, its learning-rate schedule included
     * @param epochs the training epochs
     * @param mixupAlpha mixup's Beta(α, α) parameter, 0 for no mixup
     * @param mixupOffEpoch the epoch from which mixup is off (0-based; at least 1)
     * @param extras the tricks plugged into the run ({@link TrialExtra}), e.g. a {@link WeightEma}
     *     whose shadow then gives the test figures
     */
    public record Plan(
            String series,
            Block block,
            Loss loss,
            Optimizer optimizer,
            int epochs,
            double mixupAlpha,
            int mixupOffEpoch,
            List<TrialExtra> extras) {

        /**
         * Copies the extras.
         *
         * @param series the run's name
         * @param block the network
         * @param loss the training loss
         * @param optimizer the optimizer
         * @param epochs the training epochs
         * @param mixupAlpha mixup's α, 0 for none
         * @param mixupOffEpoch the epoch from which mixup is off
         * @param extras the extras
         */
        public Plan {
            extras = List.copyOf(extras);
        }

        /**
         * A plan without mixup and without extras.
         *
         * @param series the run's name
         * @param block the network
         * @param loss the training loss
         * @param optimizer the optimizer
         * @param epochs the training epochs
         * @return the plan
         */
        public static Plan of(
                String series, Block block, Loss loss, Optimizer optimizer, int epochs) {
            return new Plan(series, block, loss, optimizer, epochs, 0, epochs, List.of());
        }
    }

    /** Turns a run's configuration into its plan: the command's typed recipe. */
    @FunctionalInterface
    public interface Planner {

        /**
         * Makes the plan of one run.
         *
         * @param configuration the run's configuration
         * @param seed the run's seed
         * @return the plan
         * @throws IOException if a teacher it trains first cannot read the data
         * @throws TranslateException if a teacher it trains first cannot make a batch
         */
        Plan plan(Configuration configuration, long seed) throws IOException, TranslateException;
    }

    /**
     * The test figures of a trained classifier.
     *
     * @param correct test images whose top class is the true one
     * @param total test images
     * @param nllSum the sum over test images of the cross-entropy of the true class
     */
    public record Evaluation(long correct, long total, double nllSum) {

        /**
         * Returns the top-1 accuracy.
         *
         * @return {@code 100 · correct / total}, in percent
         */
        public double top1() {
            return 100.0 * correct / total;
        }

        /**
         * Returns the mean test cross-entropy.
         *
         * @return {@code nllSum / total}
         */
        public double nll() {
            return nllSum / total;
        }
    }

    /**
     * What a run leaves.
     *
     * @param test the test figures
     * @param smoothed the smoothed training loss of every step
     * @param verdict whether the training loss had stopped falling
     */
    public record Outcome(Evaluation test, double[] smoothed, ConvergenceListener.Verdict verdict) {

        /**
         * Returns the last smoothed training loss.
         *
         * @return the loss, NaN when no step ran
         */
        public double trainLoss() {
            return smoothed.length == 0 ? Double.NaN : smoothed[smoothed.length - 1];
        }

        /**
         * Returns the run's metrics.
         *
         * @return {@link #METRICS}, in that order
         */
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(TOP1, test.top1());
            metrics.put(TEST_NLL, test.nll());
            metrics.put(TRAIN_LOSS, trainLoss());
            metrics.putAll(verdict.toMetrics());
            return metrics;
        }
    }

    /**
     * A trained teacher, open until the trial closes or trains the next one.
     *
     * @param model the teacher (its block goes into a {@code DistillationBlock})
     * @param seed the seed it was trained with
     * @param outcome its own test figures and curve
     */
    public record Teacher(Model model, long seed, Outcome outcome) {}

    private final Data data;
    private final Planner planner;
    private final TrainingCurves curves;
    private final Path curvesFile;
    private ProgressBar progress;
    private Teacher teacher;

    /**
     * Creates the trial.
     *
     * @param data the training and test images
     * @param planner makes each run's plan from its configuration
     * @param curves receives every run's smoothed training loss under its plan's series (at most
     *     {@value #CURVE_POINTS} points each), or null
     * @param curvesFile where the curves are written after every run, so that a killed ablation
     *     keeps those of its finished runs, or null
     */
    public ClassifierTrial(Data data, Planner planner, TrainingCurves curves, Path curvesFile) {
        this.data = data;
        this.planner = planner;
        this.curves = curves;
        this.curvesFile = curvesFile;
    }

    /**
     * Runs an ablation whose runs are this trial's: every pending run, with a progress bar that
     * every training step advances and every run names; then closes the kept teacher.
     *
     * @param runner the ablation, its trial calling this one's {@link #run(Configuration, long)}
     * @param progress the bar, finished when every run is done
     * @return the ablation's result
     * @throws IOException if the results file cannot be read or written
     */
    public AblationResult run(AblationRunner runner, ProgressBar progress) throws IOException {
        this.progress = progress;
        try {
            AblationResult result = runner.run();
            progress.finish();
            return result;
        } finally {
            this.progress = null;
            close();
        }
    }

    /**
     * Plans, trains and measures one configuration.
     *
     * @param configuration the run's configuration, as the planner reads it
     * @param seed the seed of the initial weights, the batch order and the mixup draws
     * @return {@link #METRICS}
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be made
     */
    @Override
    public Map<String, Double> run(Configuration configuration, long seed)
            throws IOException, TranslateException {
        return fit(planner.plan(configuration, seed), seed).metrics();
    }

    /**
     * Trains a plan in a model of its own, closed afterwards, and measures it.
     *
     * @param plan what to train
     * @param seed the seed
     * @return what the run leaves
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be made
     */
    public Outcome fit(Plan plan, long seed) throws IOException, TranslateException {
        try (Model model = Model.newInstance("classifier")) {
            model.setBlock(plan.block());
            return fit(model, plan, seed);
        }
    }

    /**
     * Returns the teacher trained with a seed: the one kept from an earlier call with that seed,
     * else a new one trained now (and the one kept before closed). A command that shares one
     * teacher among all seeds always passes the same seed.
     *
     * @param seed the seed to train it with
     * @param plan makes the teacher's plan, called only when it is trained now
     * @return the teacher
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be made
     */
    public Teacher teacher(long seed, Supplier<Plan> plan) throws IOException, TranslateException {
        if (teacher != null && teacher.seed() == seed) {
            return teacher;
        }
        close();
        Plan p = plan.get();
        Model model = Model.newInstance("teacher");
        try {
            model.setBlock(p.block());
            teacher = new Teacher(model, seed, fit(model, p, seed));
        } catch (IOException | TranslateException | RuntimeException e) {
            model.close();
            throw e;
        }
        return teacher;
    }

    /** Closes the kept teacher, if any. */
    @Override
    public void close() {
        if (teacher != null) {
            teacher.model().close();
            teacher = null;
        }
    }

    private Outcome fit(Model model, Plan plan, long seed) throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed((int) seed);
        if (progress != null) {
            progress.note(plan.series());
        }
        ConvergenceListener convergence = ConvergenceListener.builder().build();
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(convergence);
        if (progress != null) {
            listeners.add(progress.listener());
        }
        listeners.add(NonFiniteGuard.everyStep());
        long updates = plan.epochs() * data.batchesPerEpoch();
        List<TrialExtra.Attached> extras =
                TrialExtra.attachAll(plan.extras(), plan.block(), updates, listeners);
        Evaluation test;
        try {
            DefaultTrainingConfig training =
                    new DefaultTrainingConfig(plan.loss())
                            .optOptimizer(plan.optimizer())
                            .addTrainingListeners(listeners.toArray(new TrainingListener[0]));
            Dataset train = data.train();
            if (plan.mixupAlpha() > 0) {
                Mixup mixup =
                        Mixup.builder()
                                .setNumClasses(FashionMnist.CLASSES)
                                .optMixupAlpha(plan.mixupAlpha())
                                .optOffEpoch(plan.mixupOffEpoch())
                                .optSeed(seed)
                                .build();
                train = new MixupDataset(data.train(), mixup);
                training.addTrainingListeners(mixup.clock());
            }
            try (Trainer trainer = model.newTrainer(training)) {
                trainer.initialize(
                        new Shape(data.batchSize(), 1, FashionMnist.SIDE, FashionMnist.SIDE));
                EasyTrain.fit(trainer, plan.epochs(), train, null);
                test = evaluate(trainer, extras);
            }
        } finally {
            TrialExtra.closeAll(extras);
        }
        double[] smoothed = convergence.smoothed(plan.loss().getName());
        record(plan.series(), smoothed);
        return new Outcome(test, smoothed, convergence.verdict());
    }

    /**
     * The test figures of the network as the extras prepare it (e.g. an EMA's shadow weights), the
     * trained network put back afterwards.
     */
    private Evaluation evaluate(Trainer trainer, List<TrialExtra.Attached> extras)
            throws IOException, TranslateException {
        TrialExtra.Restore prepared = TrialExtra.beforeTest(extras);
        try {
            return evaluate(trainer);
        } finally {
            prepared.close();
        }
    }

    /** Test accuracy and cross-entropy of the true class, in inference mode. */
    private Evaluation evaluate(Trainer trainer) throws IOException, TranslateException {
        long correct = 0;
        long total = 0;
        double nll = 0;
        for (Batch batch : trainer.iterateDataset(data.test())) {
            try (batch) {
                NDArray logits = trainer.evaluate(batch.getData()).head();
                NDArray labels = batch.getLabels().head().toType(DataType.INT64, false);
                correct += logits.argMax(1).eq(labels).countNonzero().getLong();
                NDArray picked = logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1);
                nll -= picked.sum().toType(DataType.FLOAT64, false).getDouble();
                total += labels.size();
            }
        }
        return new Evaluation(correct, total, nll);
    }

    /**
     * Records a run's smoothed loss as its curve, thinned to about {@value #CURVE_POINTS}, and
     * writes the curves.
     */
    private void record(String series, double[] smoothed) throws IOException {
        if (curves == null) {
            return;
        }
        int stride = Math.max(1, smoothed.length / CURVE_POINTS);
        curves.remove(series);
        for (int i = 0; i < smoothed.length; i += stride) {
            curves.record(series, i + 1, smoothed[i]);
        }
        if (smoothed.length > 0 && (smoothed.length - 1) % stride != 0) {
            curves.record(series, smoothed.length, smoothed[smoothed.length - 1]);
        }
        if (curvesFile != null) {
            curves.writeCsv(curvesFile);
        }
    }
}
