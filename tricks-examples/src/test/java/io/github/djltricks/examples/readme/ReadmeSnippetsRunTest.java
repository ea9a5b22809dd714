/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.core.compute.ComputeReport;
import io.github.djltricks.core.distill.DistillationBlock;
import io.github.djltricks.core.distill.DistillationLoss;
import io.github.djltricks.core.ema.ModelEma;
import io.github.djltricks.core.engine.OneDnn;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.ConvergenceListener;
import io.github.djltricks.core.fold.FoldReport;
import io.github.djltricks.core.guard.NonFiniteGuard;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import io.github.djltricks.core.mixup.Mixup;
import io.github.djltricks.core.mixup.MixupDataset;
import io.github.djltricks.core.norm.SyncBatchNorm;
import io.github.djltricks.detection.anchor.Anchors;
import io.github.djltricks.detection.data.DetectionDataset;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import io.github.djltricks.detection.metric.OperatingPoint;
import io.github.djltricks.examples.ClassifierNets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's snippets ({@link ReadmeSnippetsTest} keeps them equal to the README) run as written
 * on small generated data, and do what the README says.
 */
class ReadmeSnippetsRunTest {

    @TempDir Path dir;

    /** {@code size} images of shape {@code image}, random labels below {@code classes}. */
    private static ArrayDataset images(
            NDManager manager, int size, Shape image, int classes, int batch, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (size * image.size())];
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < image.size(); j++) {
                x[(int) (i * image.size() + j)] = (float) (random.nextGaussian() + 0.5 * y[i]);
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(size).addAll(image)))
                .optLabels(manager.create(y))
                .setSampling(batch, false)
                .build();
    }

    private static Block smallCnn(int classes) {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(4)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static List<Block> layers(Block block, List<Block> into) {
        into.add(block);
        block.getChildren().values().forEach(child -> layers(child, into));
        return into;
    }

    @Test
    void scheduleWarmsUpThenEndsAtItsFinalValue() {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
        Tracker lr = ScheduleSnippet.configure(config, 10); // 5 warmup epochs of 10, 1,200 steps
        assertThat(config.getOptimizer()).isNotNull();
        assertThat(lr.getNewValue(1)).isEqualTo(0f); // DJL's first update reads step 0
        assertThat(lr.getNewValue(51)).isCloseTo(0.1f, within(1e-6f));
        assertThat(lr.getNewValue(1201)).isCloseTo(0f, within(1e-7f));
    }

    @Test
    void labelSmoothingLoss() {
        Loss loss = LabelSmoothingSnippet.loss();
        assertThat(loss).isInstanceOf(LabelSmoothingCrossEntropyLoss.class);
        assertThat(((LabelSmoothingCrossEntropyLoss) loss).getEpsilon()).isEqualTo(0.1);
    }

    @Test
    void mixupTrainsTwoHundredEpochsAndEndsOnCleanData() throws Exception {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("mixup")) {
            model.setBlock(
                    new SequentialBlock()
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(10).build()));
            Shape image = new Shape(1, 4, 4);
            DefaultTrainingConfig config = new DefaultTrainingConfig(LabelSmoothingSnippet.loss());
            Dataset mixed = MixupSnippet.mix(config, images(manager, 8, image, 10, 8, 1));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 1, 4, 4));
                EasyTrain.fit(trainer, 200, mixed, images(manager, 8, image, 10, 8, 2));
            }
            Mixup mixup = ((MixupDataset) mixed).getMixup();
            assertThat(mixup.getEpoch()).isEqualTo(200);
            assertThat(mixup.isActive()).isFalse();
        }
    }

    @Test
    void syncBnTrainsThenGoesBackToBatchNorm() throws Exception {
        SyncBnSnippet.networks = () -> smallCnn(3);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("syncbn")) {
            Block net = smallCnn(3);
            ArrayDataset data = images(manager, 16, new Shape(3, 8, 8), 3, 8, 3);
            Block baseline =
                    SyncBnSnippet.train(
                            model,
                            net,
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()),
                            data,
                            data,
                            1);
            List<Block> trained = layers(net, new ArrayList<>());
            assertThat(trained).filteredOn(b -> b instanceof BatchNorm).hasSize(1);
            assertThat(trained).noneMatch(b -> b instanceof SyncBatchNorm);
            assertThat(layers(baseline, new ArrayList<>()))
                    .filteredOn(b -> b instanceof SyncBatchNorm)
                    .hasSize(1)
                    .allMatch(b -> !((SyncBatchNorm) b).isSynchronized());
        }
    }

    @Test
    void detectionLossesAreFinite() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray targets = manager.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray boxes =
                    manager.create(new float[] {0, 0, 10, 10, 5, 5, 20, 25}, new Shape(2, 4));
            NDArray predicted =
                    manager.create(new float[] {1, 0, 11, 9, 4, 6, 21, 24}, new Shape(2, 4));
            NDList losses =
                    DetectionLossSnippet.losses(
                            targets,
                            manager.ones(new Shape(2, 3)),
                            manager.zeros(new Shape(2, 3)),
                            manager.randomNormal(new Shape(2, 3)),
                            boxes,
                            manager.ones(new Shape(2)),
                            predicted);
            for (NDArray loss : losses) {
                assertThat(loss.sum().getFloat()).isFinite().isPositive();
            }
        }
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray boxes =
                    manager.create(
                            new float[] {0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30},
                            new Shape(3, 4));
            NDList out =
                    BoxesSnippet.run(
                            boxes,
                            manager.create(new float[] {0.9f, 0.8f, 0.7f}),
                            manager.create(new long[] {1, 1, 1}));
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 3));
            assertThat(out.get(1).toLongArray()).containsExactly(0, 2);
            assertThat(out.get(2).size()).isEqualTo(3); // Soft-NMS decays, keeps all three
        }
    }

    /** {@code images} random 3×64×64 images of one box each, of class 0 or 1. */
    private static DetectionSource source(int images, long seed) {
        Random random = new Random(seed);
        List<DetectionSample> samples = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            float[] pixels = new float[3 * 64 * 64];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = random.nextInt(256);
            }
            float x = 4 + random.nextInt(24);
            float y = 4 + random.nextInt(24);
            samples.add(
                    DetectionSample.of(
                            pixels,
                            3,
                            64,
                            64,
                            new float[][] {{x, y, x + 24, y + 30}},
                            new int[] {random.nextInt(2)}));
        }
        return DetectionSource.of(samples);
    }

    private static DetectionDataset detectionSet(int images, long seed) {
        return DetectionDataset.builder()
                .setSource(source(images, seed))
                .setBatchSize(2)
                .setShape(RandomShape.builder().optSizes(64).build())
                .optMaxBoxes(2)
                .optSeed(seed)
                .build();
    }

    @Test
    void detectionDataAugmentsMixesAndReshapes() throws Exception {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss());
        DetectionDataset train = DetectionDataSnippet.trainSet(config, source(4, 8));
        assertThat(config.getTrainingListeners()).contains(train.clock());
        assertThat(train.batchCount()).isPositive();
        DetectionSample sample = train.augmented(0, 0);
        // one box per image: up to four from the mosaic, one more from the mixed image
        assertThat(sample.boxCount()).isBetween(1, 5);
        assertThat(train.augmented(0, 0)).isEqualTo(sample); // the same draws again
    }

    @Test
    void yoloTrainsValidatesAndDetects() throws Exception {
        Engine.getInstance().setRandomSeed(2);
        Random random = new Random(4);
        double[] widths = new double[40];
        double[] heights = new double[40];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = 8 + random.nextInt(120);
            heights[i] = 8 + random.nextInt(120);
        }
        Anchors anchors = AnchorsSnippet.fit(widths, heights);
        assertThat(anchors.size()).isEqualTo(9);
        assertThat(anchors.meanIou()).isBetween(0.0, 1.0);
        DetectionDataset trainSet = detectionSet(4, 5);
        try (Model model = Model.newInstance("yolo")) {
            YoloSnippet.Detector detector =
                    YoloSnippet.build(model, anchors, List.of("shirt", "boot"), trainSet);
            try (Predictor<Image, DetectedObjects> predictor = detector.predictor()) {
                DefaultTrainingConfig config =
                        detector.config().addTrainingListeners(new EvaluatorTrainingListener());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(1, 3, 416, 416));
                    EasyTrain.fit(trainer, 1, trainSet, detectionSet(2, 6));
                    assertThat(trainer.getTrainingResult().getValidateEvaluation("mAP"))
                            .isBetween(0f, 1f);
                }
                DetectedObjects objects =
                        predictor.predict(
                                ImageFactory.getInstance()
                                        .fromImage(
                                                new BufferedImage(
                                                        64, 48, BufferedImage.TYPE_INT_RGB)));
                assertThat(objects).isNotNull();
            }
        }
    }

    @Test
    void distillationTrainsTheStudentBesideTheTeacher() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("distill")) {
            Block student = ClassifierNets.cnn(4, 8, 16);
            Block teacher = ClassifierNets.cnn(8, 16, 32);
            teacher.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ArrayDataset data = images(manager, 8, new Shape(1, 28, 28), 10, 4, 7);
            DistillationLoss loss = DistillationSnippet.wire(model, student, teacher);
            assertThat(loss.getTerms()).hasSize(3);
            float[] teacherBefore =
                    teacher.getParameters().get(0).getValue().getArray().toFloatArray();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss))) {
                trainer.initialize(new Shape(4, 1, 28, 28));
                float[] studentBefore =
                        student.getParameters().get(0).getValue().getArray().toFloatArray();
                EasyTrain.fit(trainer, 1, data, data);
                assertThat(student.getParameters().get(0).getValue().getArray().toFloatArray())
                        .isNotEqualTo(studentBefore);
            }
            assertThat(teacher.getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(teacherBefore); // frozen
            assertThat(((DistillationBlock) model.getBlock()).getStudent()).isSameAs(student);
        }
    }

    @Test
    void mapOfOneGoodDetection() {
        OperatingPoint op = MapSnippet.evaluate();
        assertThat(op.precision()).isEqualTo(1.0);
        assertThat(op.recall()).isEqualTo(1.0);
        assertThat(op.falsePositivesPerImage()).isZero();
    }

    @Test
    void ablationWritesItsTable() throws Exception {
        AblationSnippet.training =
                (config, seed) ->
                        ("cosine".equals(config.getString("schedule")) ? 0.71 : 0.70)
                                + config.getDouble("smoothing") / 10
                                + seed / 1000.0;
        AblationResult result = AblationSnippet.run(dir);
        assertThat(result.rows()).hasSize(3);
        assertThat(Files.readString(dir.resolve("ablation.md"))).contains("+ label smoothing");
    }

    @Test
    void computeCountOfResNet50() {
        ComputeReport report = ComputeSnippet.count();
        assertThat(report.macs() / 1e9).isCloseTo(3.858, within(0.0005));
        assertThat(report.params() / 1e6).isCloseTo(25.58, within(0.005));
    }

    @Test
    void convergenceOfAFewStepsIsTooShortToJudge() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("convergence")) {
            model.setBlock(
                    new SequentialBlock()
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(3).build()));
            ArrayDataset data = images(manager, 16, new Shape(1, 4, 4), 3, 8, 9);
            Map<String, Double> metrics =
                    ConvergenceSnippet.train(
                            model,
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()),
                            new Shape(8, 1, 4, 4),
                            2,
                            data,
                            data);
            assertThat(metrics.get(ConvergenceListener.METRIC))
                    .isEqualTo(ConvergenceListener.Status.TOO_SHORT.metricValue());
        }
    }

    @Test
    void guardAndOneDnn() {
        DefaultTrainingConfig config =
                GuardSnippet.guard(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
        assertThat(config.getTrainingListeners()).anyMatch(l -> l instanceof NonFiniteGuard);
        GuardSnippet.oneDnnOff();
        assertThat(OneDnn.isEnabled()).isFalse();
    }

    @Test
    void emaSavesTheAverageAndKeepsTheTrainedWeights() throws Exception {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("ema")) {
            model.setBlock(
                    new SequentialBlock()
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(3).build()));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.5f))
                                            .build());
            ArrayDataset data = images(manager, 16, new Shape(1, 4, 4), 3, 8, 12);
            ModelEma ema = EmaSnippet.train(model, config, data, new Shape(8, 1, 4, 4), dir, 2);
            assertThat(ema.getUpdates()).isEqualTo(4);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("averaged"));
            float[] trained =
                    model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            String name = model.getBlock().getParameters().get(0).getKey();
            // a 0.9999 decay over 4 updates keeps the shadow far from the trained weights, and
            // closing the handle put the trained ones back
            assertThat(ema.getShadow(name, manager).toFloatArray()).isNotEqualTo(trained);
            ema.close();
        }
    }

    @Test
    void decoupledKdIsZeroWhenTheStudentIsTheTeacherAndPositiveOtherwise() {
        Loss dkd = DecoupledKdSnippet.loss();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray teacher = manager.randomNormal(new Shape(6, 5));
            NDArray labels = manager.create(new float[] {0, 1, 2, 3, 4, 0});
            NDArray same = dkd.evaluate(new NDList(teacher, labels), new NDList(teacher));
            assertThat(same.getFloat()).isCloseTo(0f, within(1e-6f));
            NDArray other =
                    dkd.evaluate(
                            new NDList(teacher, labels),
                            new NDList(manager.randomNormal(new Shape(6, 5))));
            assertThat(other.getFloat()).isPositive().isFinite();
        }
    }

    @Test
    void noBiasDecayAndZeroGammaTrainAResNetWhoseResidualBranchesEndAtZero() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        Block net =
                ai.djl.basicmodelzoo.cv.classification.ResNetV1.builder()
                        .setImageShape(new Shape(3, 32, 32))
                        .setNumLayers(18)
                        .setOutSize(10)
                        .build();
        try (Model model = Model.newInstance("bag-of-tricks")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
            try (Trainer trainer =
                    BagOfTricksSnippet.trainer(model, config, net, Tracker.fixed(0.1f))) {
                long zeroed =
                        net.getParameters().stream()
                                .filter(
                                        p ->
                                                p.getValue().getType()
                                                        == ai.djl.nn.Parameter.Type.GAMMA)
                                .filter(p -> p.getValue().getArray().abs().max().getFloat() == 0f)
                                .count();
                assertThat(zeroed).isEqualTo(8); // one per residual block of ResNet-18
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    ai.djl.training.dataset.Batch batch =
                            new ai.djl.training.dataset.Batch(
                                    manager,
                                    new NDList(manager.randomNormal(new Shape(8, 3, 32, 32))),
                                    new NDList(
                                            manager.randomInteger(
                                                    0, 10, new Shape(8), DataType.INT32)),
                                    8,
                                    null,
                                    null,
                                    0,
                                    1);
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                    assertThat(trainer.getTrainingResult()).isNotNull();
                }
            }
        }
    }

    @Test
    void anAcnetBlockTrainsInANetworkAndFoldsIntoOneConvolutionWithTheSameOutputs() {
        Engine.getInstance().setRandomSeed(5);
        SequentialBlock net =
                new SequentialBlock()
                        .add(AcnetSnippet.block())
                        .add(Activation.reluBlock())
                        .add(ClassifierNets.conv(16, 3, 1, false))
                        .add(BatchNorm.builder().build());
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 12, 12));
            NDArray x = manager.randomNormal(new Shape(2, 3, 12, 12));
            ai.djl.training.ParameterStore store =
                    new ai.djl.training.ParameterStore(manager, false);
            // a training-mode pass first, so that the running statistics are not the defaults
            net.forward(store, new NDList(x), true);
            float[] before = net.forward(store, new NDList(x), false).head().toFloatArray();

            FoldReport folded = AcnetSnippet.deploy(net);

            assertThat(folded.fusedBlocks()).isEqualTo(1);
            assertThat(folded.convBatchNormPairs()).isEqualTo(1);
            assertThat(net.getChildren().size()).isEqualTo(3);
            assertThat(net.getChildren().valueAt(0)).isInstanceOf(Conv2d.class);
            float[] after = net.forward(store, new NDList(x), false).head().toFloatArray();
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i])
                        .isCloseTo(before[i], within(1e-5f * Math.max(1f, Math.abs(before[i]))));
            }
        }
    }
}
