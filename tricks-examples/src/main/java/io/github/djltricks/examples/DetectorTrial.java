/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.core.experiment.Trial;
import io.github.djltricks.core.guard.NonFiniteGuard;
import io.github.djltricks.core.norm.BatchNormConverter;
import io.github.djltricks.core.norm.SyncTrain;
import io.github.djltricks.core.schedule.WarmupSchedule;
import io.github.djltricks.detection.box.Nms;
import io.github.djltricks.detection.data.DetectionDataset;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.augment.AugmentationPipeline;
import io.github.djltricks.detection.data.augment.ColorDistortion;
import io.github.djltricks.detection.data.augment.DetectionMixer;
import io.github.djltricks.detection.data.augment.RandomCrop;
import io.github.djltricks.detection.data.augment.RandomExpand;
import io.github.djltricks.detection.data.augment.RandomFlip;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.mosaic.Mosaic;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import io.github.djltricks.detection.metric.DetectionMetrics;
import io.github.djltricks.detection.metric.MeanAveragePrecisionEvaluator;
import io.github.djltricks.detection.metric.OperatingPoint;
import io.github.djltricks.detection.yolo.YoloAssigner;
import io.github.djltricks.detection.yolo.YoloDecoder;
import io.github.djltricks.detection.yolo.YoloLoss;
import io.github.djltricks.detection.yolo.YoloNet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the example detector: builds a {@link YoloNet} and its {@link YoloLoss} as a
 * configuration says, trains it with {@link SyncTrain} over {@code k} shards of every batch, and
 * evaluates it on a test set (VOC07 mAP, COCO AP, AP50, and precision, recall and false positives
 * per image at a fixed score threshold), the bag-of-freebies recipe of Zhang et al. 2019 (arXiv
 * 1902.04103) one switch at a time.
 *
 * <p>The canvases hold pixel values in [0, 255]; the model divides them by 255 before the detector,
 * so that the first convolution learns at the same rate as the others (batch norm makes a layer
 * blind to its input's scale, and so slows its weights' learning by that scale squared).
 *
 * <p>Configuration keys, each switching one trick:
 *
 * <ul>
 *   <li>{@code syncbn} (boolean): {@link io.github.djltricks.core.norm.SyncBatchNorm} shares the
 *       batch statistics over the shards; off, every shard normalises with its own, as k GPUs
 *       without synchronisation do, and the running statistics come from the first shard ({@link
 *       BatchNormConverter#toPerShardInPlace});
 *   <li>{@code random_shapes} (boolean): every 10 steps a new training size from {@code size ·
 *       {2/3, 1, 4/3}} rounded to the stride 32; off, the fixed {@code size};
 *   <li>{@code schedule} ({@code "step"} or {@code "cosine"}): step decay ×0.1 at 70% and 90% of
 *       training without warmup, or linear warmup over the first epoch then cosine decay to 0;
 *   <li>{@code label_smoothing} (boolean): class targets smoothed as in BoF's sigmoid form;
 *   <li>{@code mixup} (boolean): BoF's geometry-preserving mixup, Beta(1.5, 1.5), off in the last
 *       tenth of the epochs (at least the last one);
 *   <li>{@code box_loss} ({@code "classic"} or {@code "giou"}): YOLOv3's offset loss or GIoU;
 *   <li>{@code focal} (boolean): focal objectness (α 0.25, γ 2) instead of binary cross-entropy;
 *   <li>{@code width} (number, optional): the width multiplier, else the trial's default;
 *   <li>{@code ignore_predicted} (boolean, optional, default true): ignore negatives whose
 *       predicted box overlaps a ground truth by more than 0.7, as YOLOv3 does ({@link
 *       YoloLoss.Builder#optIgnorePredicted}); false turns the rule off;
 *   <li>{@code shape_final_steps} (number, optional): with random shapes, train the last that many
 *       steps at the test size ({@link RandomShape.Builder#optFinalSizeFromIteration});
 *   <li>{@code augmentation} ({@code "standard"} or {@code "flip"}, optional, default standard):
 *       the standard pipeline of {@link #augmentation()}, or horizontal flips only;
 *   <li>{@code train_size} (number, optional): train on the first that many canvases of the
 *       training set only (the train VOC07 figure then comes from them too);
 *   <li>{@code epochs} (number, optional): the epochs of this run, else the trial's;
 *   <li>{@code mosaic} (boolean, optional, default false): YOLOv4's Mosaic ({@link Mosaic}, its
 *       defaults), four canvases tiled around a random centre, before mixup when both are on, off
 *       for the same last epochs as mixup;
 *   <li>{@code positive_iou} (number in [0, 1], optional, default 1): anchors whose shape matches a
 *       ground truth's above this IoU are positives too ({@link
 *       YoloAssigner.Builder#optPositiveThreshold}); 1 keeps YOLOv3's single positive;
 *   <li>the key of each {@link TrialExtra} of bof-detection's rows ({@link
 *       BofDetectionCommand#ROWS}; boolean, optional, default false): the extra plugs into the run
 *       (attached to the network before training, its listeners after the trial's), and every
 *       figure comes from the network as it prepares it, e.g. a weight EMA's averaged weights
 *       ({@link DetectorRecipe#extras}).
 * </ul>
 */
public final class DetectorTrial implements Trial {

    /**
     * The metric of VOC07 mAP (percent) on the first training canvases, as many as the test set
     * has, without augmentation: beside the test figure it shows whether a run underfits or
     * overfits.
     */
    public static final String TRAIN_VOC07 = "train_voc07";

    /** The score threshold of the operating point reported beside mAP. */
    public static final float OPERATING_SCORE = 0.5f;

    /** The score below which detections are not kept for mAP. */
    public static final float EVAL_SCORE = 0.01f;

    /**
     * The fixed part of every run.
     *
     * @param epochs training epochs
     * @param batchSize images per batch
     * @param shards shards per batch (k)
     * @param size the training and test image side
     * @param width the default width multiplier
     * @param learningRate the base learning rate of SGD (momentum 0.9, weight decay 5e-4)
     * @param classes the number of classes
     * @param anchors the anchors per head, as {@link YoloNet} takes them
     */
    public record Settings(
            int epochs,
            int batchSize,
            int shards,
            int size,
            float width,
            float learningRate,
            int classes,
            float[][][] anchors) {

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException if a count is not positive, the shards exceed the batch,
         *     or the size is not a multiple of 32
         */
        public Settings {
            if (epochs < 1 || batchSize < 1 || shards < 1 || classes < 1) {
                throw new IllegalArgumentException(
                        "epochs, batchSize, shards and classes must be >= 1, got epochs="
                                + epochs
                                + ", batchSize="
                                + batchSize
                                + ", shards="
                                + shards
                                + ", classes="
                                + classes);
            }
            if (shards > batchSize) {
                throw new IllegalArgumentException(
                        "shards must be <= batchSize=" + batchSize + ", got " + shards);
            }
            if (size < 64 || size % 32 != 0) {
                throw new IllegalArgumentException(
                        "size must be a multiple of 32 and >= 64, got " + size);
            }
            if (!(width > 0) || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "width and learningRate must be > 0, got width="
                                + width
                                + ", learningRate="
                                + learningRate);
            }
        }
    }

    private final Settings settings;
    private final DetectionSource train;
    private final DetectionSource test;
    private final TrainingListener progress;
    private final TrainingCurves curves;
    private final BackbonePretraining pretraining;

    /**
     * Creates the trial, every run starting from scratch.
     *
     * @param settings the fixed part of every run
     * @param train the training set
     * @param test the test set, images of {@code settings.size()}
     * @param progress told of every training step (a {@link ProgressBar#listener()}), or null
     * @param curves receives the training loss of every step as series {@code "<row> / seed
     *     <seed>"}, or null
     */
    public DetectorTrial(
            Settings settings,
            DetectionSource train,
            DetectionSource test,
            TrainingListener progress,
            TrainingCurves curves) {
        this(settings, train, test, progress, curves, null);
    }

    /**
     * Creates the trial.
     *
     * @param settings the fixed part of every run
     * @param train the training set
     * @param test the test set, images of {@code settings.size()}
     * @param progress told of every training step (a {@link ProgressBar#listener()}), or null
     * @param curves receives the training loss of every step as series {@code "<row> / seed
     *     <seed>"}, or null
     * @param pretraining the backbone weights every run starts from, or null for none
     */
    public DetectorTrial(
            Settings settings,
            DetectionSource train,
            DetectionSource test,
            TrainingListener progress,
            TrainingCurves curves,
            BackbonePretraining pretraining) {
        this.settings = settings;
        this.train = train;
        this.test = test;
        this.progress = progress;
        this.curves = curves;
        this.pretraining = pretraining;
    }

    /**
     * Returns the training steps of one run.
     *
     * @return epochs times batches per epoch (the last, smaller batch included)
     */
    public int stepsPerRun() {
        return stepsPerRun(train.size(), settings.epochs(), settings.batchSize());
    }

    /**
     * Returns the detector's optimizer: SGD with momentum 0.9 on the learning rate {@code lr}, with
     * the weight decay given (5e-4 in a trial).
     *
     * @param lr the learning rate
     * @param weightDecay the weight decay, 0 for none
     * @return the optimizer
     */
    public static Optimizer sgd(Tracker lr, float weightDecay) {
        return Optimizer.sgd()
                .setLearningRateTracker(lr)
                .optMomentum(0.9f)
                .optWeightDecays(weightDecay)
                .build();
    }

    /**
     * Returns the training steps of a run on {@code canvases} canvases for {@code epochs} epochs.
     *
     * @param canvases the training canvases
     * @param epochs the epochs
     * @param batchSize the batch size
     * @return the steps, the last batch of an epoch included even when it is short
     */
    static int stepsPerRun(int canvases, int epochs, int batchSize) {
        return epochs * ((canvases + batchSize - 1) / batchSize);
    }

    /**
     * Trains and evaluates one configuration.
     *
     * @param configuration the switches (see the class comment)
     * @param seed the seed of the initial weights, the data order and the augmentation
     * @return {@code voc07}, {@code coco_ap}, {@code ap50} (percent), {@code fp_per_image}, {@code
     *     precision}, {@code recall} (at score {@value #OPERATING_SCORE}, IoU 0.5), {@code
     *     final_loss} (smoothed training loss at the end), its terms {@code final_objectness},
     *     {@code final_class} and {@code final_box}, and {@code converged} (1 converged, 0 not, −1
     *     too short to judge)
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be made
     */
    @Override
    public Map<String, Double> run(Configuration configuration, long seed)
            throws IOException, TranslateException {
        String row = configuration.toString();
        return run(configuration, seed, row);
    }

    /**
     * Trains and evaluates one configuration, naming its curve.
     *
     * @param configuration the switches
     * @param seed the seed
     * @param series the name of the run's training curve
     * @return the metrics, as {@link #run(Configuration, long)}
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be made
     */
    public Map<String, Double> run(Configuration configuration, long seed, String series)
            throws IOException, TranslateException {
        DetectorRecipe recipe = DetectorRecipe.of(configuration);
        float width = recipe.width() != null ? recipe.width() : settings.width();

        Engine.getInstance().setRandomSeed((int) seed);
        YoloNet net =
                YoloNet.builder()
                        .setNumClasses(settings.classes())
                        .setAnchors(settings.anchors())
                        .optStrides(8, 16, 32)
                        .optWidth(width)
                        .build();
        YoloAssigner.Builder assigner = YoloAssigner.builderFor(net);
        if (recipe.labelSmoothing()) {
            assigner.optLabelSmoothing();
        }
        if (recipe.positiveIou() != null) {
            assigner.optPositiveThreshold(recipe.positiveIou());
        }
        YoloLoss.Builder lossBuilder =
                YoloLoss.builder(net)
                        .optAssigner(assigner.build())
                        .optBoxLoss(box(recipe.boxLoss()));
        if (recipe.focal()) {
            lossBuilder.optFocalObjectness(0.25f, 2f);
        }
        if (!recipe.ignorePredicted()) {
            lossBuilder.optIgnorePredicted(1f);
        }
        YoloLoss loss = lossBuilder.build();

        int epochs = recipe.epochs() != null ? recipe.epochs() : settings.epochs();
        DetectionSource trainSet =
                recipe.trainSize() != null ? firstOf(train, recipe.trainSize()) : train;
        if (epochs < 1 || trainSet.size() < 1) {
            throw new IllegalArgumentException(
                    "epochs and train_size must be >= 1, got "
                            + epochs
                            + " and "
                            + trainSet.size());
        }
        int size = settings.size();
        int finalShapeSteps = recipe.shapeFinalSteps();
        RandomShape.Builder randomShape =
                RandomShape.builder()
                        .optSizes(round32(size * 2 / 3), round32(size * 4 / 3), 32)
                        .optInterval(10)
                        .optSeed(seed);
        if (finalShapeSteps > 0) {
            randomShape.optFinalSizeFromIteration(
                    size,
                    Math.max(
                            0,
                            stepsPerRun(trainSet.size(), epochs, settings.batchSize())
                                    - finalShapeSteps));
        }
        RandomShape shape = recipe.randomShapes() ? randomShape.build() : RandomShape.fixed(size);
        DetectionDataset.Builder data =
                DetectionDataset.builder()
                        .setSource(trainSet)
                        .setBatchSize(settings.batchSize())
                        .setShape(shape)
                        .optPipeline(augmentation(recipe.augmentation()))
                        .optMaxBoxes(recipe.mosaic() ? 32 : 8)
                        .optSeed(seed);
        List<DetectionMixer> mixers = new ArrayList<>();
        if (recipe.mosaic()) {
            mixers.add(
                    Mosaic.builder().optOffForLastEpochs(epochs, mixupOffEpochs(epochs)).build());
        }
        if (recipe.mixup()) {
            mixers.add(
                    DetectionMixup.builder()
                            .optOffForLastEpochs(epochs, mixupOffEpochs(epochs))
                            .build());
        }
        data.optMixer(mixers.toArray(new DetectionMixer[0]));
        DetectionDataset trainData = data.build();
        int total = epochs * trainData.batchCount();
        Tracker lr = schedule(recipe.schedule(), total, trainData.batchCount());

        ConvergenceListener convergence = ConvergenceListener.builder().build();
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(trainData.clock());
        listeners.add(convergence);
        listeners.add(NonFiniteGuard.everyStep());
        if (progress != null) {
            listeners.add(progress);
        }
        try (Model model = Model.newInstance("bof-detection")) {
            model.setBlock(
                    new SequentialBlock()
                            .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().div(255f))))
                            .add(
                                    recipe.syncBn()
                                            ? BatchNormConverter.toSyncInPlace(net)
                                            : BatchNormConverter.toPerShardInPlace(net)));
            // the extras the configuration switches on (e.g. a weight EMA), closed with the run
            List<TrialExtra.Attached> extras =
                    TrialExtra.attachAll(recipe.extras(), model.getBlock(), total, listeners);
            try {
                DefaultTrainingConfig config =
                        new DefaultTrainingConfig(loss)
                                .optOptimizer(sgd(lr, 5e-4f))
                                .addTrainingListeners(listeners.toArray(new TrainingListener[0]));
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(settings.batchSize(), 3, size, size));
                    if (pretraining != null) {
                        BackbonePretraining.load(pretraining.weights(width), net);
                    }
                    SyncTrain.fit(trainer, epochs, trainData, null, settings.shards());
                    if (curves != null) {
                        double[] losses = convergence.losses(loss.getName());
                        curves.remove(series);
                        for (int i = 0; i < losses.length; i++) {
                            curves.record(series, i + 1, losses[i]);
                        }
                    }
                    Map<String, Double> metrics = evaluate(trainer, net, trainSet, extras);
                    ConvergenceListener.Verdict verdict = convergence.verdict();
                    ConvergenceListener.ComponentVerdict last =
                            verdict.components().get(loss.getName());
                    metrics.put("final_loss", last == null ? Double.NaN : last.finalSmoothed());
                    for (int i = 0; i < loss.getComponents().size(); i++) {
                        String name = loss.getComponents().get(i).getName();
                        ConvergenceListener.ComponentVerdict c = verdict.components().get(name);
                        metrics.put(
                                "final_" + name.replace("yolo_", ""),
                                c == null ? Double.NaN : c.finalSmoothed());
                    }
                    metrics.putAll(verdict.toMetrics());
                    return metrics;
                }
            } finally {
                TrialExtra.closeAll(extras);
            }
        }
    }

    /**
     * The test figures, and the same figure on a fixed part of the training canvases, of the
     * detector as the extras prepare it (e.g. a weight EMA's averaged weights), the trained weights
     * put back afterwards: train minus test says whether the run underfits (a small gap) or
     * overfits (a large one).
     */
    private Map<String, Double> evaluate(
            Trainer trainer,
            YoloNet net,
            DetectionSource trainSet,
            List<TrialExtra.Attached> extras)
            throws IOException {
        TrialExtra.Restore prepared = TrialExtra.beforeTest(extras);
        try {
            Map<String, Double> metrics = evaluate(trainer, net);
            metrics.put(
                    TRAIN_VOC07,
                    evaluate(trainer, net, firstOf(trainSet, test.size())).get("voc07"));
            return metrics;
        } finally {
            prepared.close();
        }
    }

    /**
     * Evaluates a trained detector on the test set.
     *
     * @param trainer the trainer holding the detector
     * @param net the detector's configuration (anchors, strides)
     * @return the metrics in insertion order
     * @throws IOException if the data cannot be read
     */
    Map<String, Double> evaluate(Trainer trainer, YoloNet net) throws IOException {
        return evaluate(trainer, net, test);
    }

    private Map<String, Double> evaluate(Trainer trainer, YoloNet net, DetectionSource source)
            throws IOException {
        DetectionDataset testData =
                DetectionDataset.builder()
                        .setSource(source)
                        .setBatchSize(32)
                        .setShape(RandomShape.fixed(settings.size()))
                        .optMaxBoxes(16)
                        .optShuffle(false)
                        .optSeed(0)
                        .build();
        YoloDecoder decoder = new YoloDecoder(net);
        Nms nms = Nms.builder().optIouThreshold(0.45).optMaxDetections(100).build();
        MeanAveragePrecisionEvaluator map =
                MeanAveragePrecisionEvaluator.builder(
                                heads -> decoder.detect(heads, EVAL_SCORE, nms))
                        .build();
        map.addAccumulator("test");
        try (NDManager scope = trainer.getManager().newSubManager()) {
            for (Batch batch : testData.getData(scope)) {
                try (batch) {
                    NDList heads = trainer.evaluate(batch.getData());
                    map.updateAccumulator("test", batch.getLabels(), heads);
                    heads.close();
                }
            }
        }
        DetectionMetrics m = map.getMetrics("test");
        OperatingPoint op = map.getOperatingPoint("test", OPERATING_SCORE, 0.5);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("voc07", 100 * m.mean().voc07());
        out.put("coco_ap", 100 * m.mean().coco());
        out.put("ap50", 100 * m.mean().ap50());
        out.put("fp_per_image", op.falsePositivesPerImage());
        out.put("precision", op.precision());
        out.put("recall", op.recall());
        return out;
    }

    /** The first {@code count} samples of a source (all of them if it holds fewer). */
    private static DetectionSource firstOf(DetectionSource source, int count) {
        int size = Math.min(count, source.size());
        return new DetectionSource() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public DetectionSample get(int index) throws IOException {
                return source.get(index);
            }
        };
    }

    private Tracker schedule(String name, int total, int perEpoch) {
        WarmupSchedule.Builder b =
                WarmupSchedule.builder().setBaseValue(settings.learningRate()).setTotalSteps(total);
        switch (name) {
            case "step":
                int first = Math.max(1, (int) (0.7 * total));
                int second = Math.max(first + 1, (int) (0.9 * total));
                int[] milestones = second <= total ? new int[] {first, second} : new int[] {first};
                return b.multiStep(milestones, 0.1f).build();
            case "cosine":
                return b.optWarmupSteps(Math.min(perEpoch, total / 2))
                        .optFinalValue(0f)
                        .cosine()
                        .build();
            default:
                throw new IllegalArgumentException(
                        "schedule must be \"step\" or \"cosine\", got \"" + name + "\"");
        }
    }

    /**
     * The standard augmentation of every row: GluonCV's YOLOv3 pipeline (colour distortion, random
     * expand, SSD random crop, horizontal flip) with the expansion capped at 2× instead of 4×, as
     * the canvases are small (96 px) and their items already vary 20–56 px in size.
     *
     * @return the pipeline
     */
    static AugmentationPipeline augmentation() {
        return augmentation("standard");
    }

    /**
     * The augmentation a configuration names: {@code "standard"} ({@link #augmentation()}) or
     * {@code "flip"} (horizontal flips only, the setting in which a detector's fit of its own
     * training canvases is judged).
     *
     * @param name the name
     * @return the pipeline
     * @throws IllegalArgumentException for another name
     */
    static AugmentationPipeline augmentation(String name) {
        if ("flip".equals(name)) {
            return AugmentationPipeline.of(RandomFlip.builder().build());
        }
        if (!"standard".equals(name)) {
            throw new IllegalArgumentException(
                    "augmentation must be \"standard\" or \"flip\", got \"" + name + "\"");
        }
        return AugmentationPipeline.of(
                ColorDistortion.builder().build(),
                RandomExpand.builder().optMaxRatio(2).build(),
                RandomCrop.builder().build(),
                RandomFlip.builder().build());
    }

    private static YoloLoss.BoxLoss box(String name) {
        switch (name) {
            case "classic":
                return YoloLoss.BoxLoss.CLASSIC;
            case "giou":
                return YoloLoss.BoxLoss.GIOU;
            default:
                throw new IllegalArgumentException(
                        "box_loss must be \"classic\" or \"giou\", got \"" + name + "\"");
        }
    }

    /**
     * The epochs at the end that train without mixup: a tenth of the run, at least one when there
     * are two or more (GluonCV's YOLOv3 recipe turns mixup off for its last 20 of 200 epochs).
     */
    static int mixupOffEpochs(int epochs) {
        return epochs > 1 ? Math.max(1, epochs / 10) : 0;
    }

    private static int round32(int v) {
        return Math.max(64, Math.round(v / 32f) * 32);
    }
}
