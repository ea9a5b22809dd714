/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.djltricks.core.norm.BatchNormConverter;
import io.github.djltricks.core.norm.SyncTrain;
import io.github.djltricks.core.schedule.WarmupSchedule;
import io.github.djltricks.detection.data.DetectionDataset;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.augment.AugmentationPipeline;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import io.github.djltricks.detection.yolo.YoloAssigner;
import io.github.djltricks.detection.yolo.YoloLoss;
import io.github.djltricks.detection.yolo.YoloNet;
import io.github.djltricks.examples.DetectorTrial;
import io.github.djltricks.examples.OptionRanges;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: trains the example detector with every trick on — SyncBN over 2 virtual shards
 * ({@link SyncTrain}), box-aware augmentation, BoF detection mixup, random shapes, warmup + cosine,
 * sigmoid label smoothing, focal objectness and GIoU — for a number of steps, sampling the
 * process's resident memory and the count of live NDArrays under the model's manager every {@code
 * --every} steps, and prints the growth between the first and the last tenth of the run. A leak
 * shows as growth that does not level off.
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description =
                "Train the example detector with every trick on and watch resident memory and live"
                        + " NDArrays for growth.")
public final class SoakCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--steps",
            description =
                    "Training steps, "
                            + OptionRanges.SOAK_STEPS_HELP
                            + " and at least 10 x --every, rounded up to whole epochs of 8"
                            + " (default: 10000, or 500 with --quick).")
    private Integer steps;

    @Option(names = "--quick", description = "500 steps.")
    private boolean quick;

    @Option(
            names = "--every",
            defaultValue = "100",
            description =
                    "Steps between samples, "
                            + OptionRanges.SOAK_EVERY_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private int every;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where soak.csv goes (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "soak");

    /**
     * One sample of the run.
     *
     * @param step the training step after which it was taken
     * @param residentKib the process's resident memory, KiB
     * @param liveArrays the NDArrays alive under the model's manager
     */
    record Sample(long step, long residentKib, long liveArrays) {}

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException, ai.djl.translate.TranslateException {
        int requested = steps != null ? steps : quick ? 500 : 10_000;
        if (steps != null) {
            OptionRanges.SOAK_STEPS.check("--steps", steps);
        }
        OptionRanges.SOAK_EVERY.check("--every", every);
        if (requested < 10L * every) {
            throw new IllegalArgumentException(
                    "--steps must be at least 10 x --every ("
                            + 10L * every
                            + ") for ten samples, got "
                            + requested);
        }
        PrintWriter console = spec.commandLine().getOut();
        int batch = 8;
        int images = 64;
        int perEpoch = images / batch;
        int epochs = (requested + perEpoch - 1) / perEpoch;
        int total = epochs * perEpoch; // whole epochs of 8 steps
        float[][][] anchors = DetectorFixture.ANCHORS;
        YoloNet net =
                YoloNet.builder()
                        .setNumClasses(20) // the generated images use 20 classes
                        .setAnchors(anchors)
                        .optStrides(8, 16, 32)
                        .optWidth(0.25f)
                        .build();
        YoloLoss loss =
                YoloLoss.builder(net)
                        .optBoxLoss(YoloLoss.BoxLoss.GIOU)
                        .optFocalObjectness(0.25f, 2f)
                        .optAssigner(YoloAssigner.builderFor(net).optLabelSmoothing().build())
                        .build();
        WarmupSchedule lr =
                WarmupSchedule.builder()
                        .setBaseValue(1e-3f)
                        .optWarmupSteps(total / 10)
                        .setTotalSteps(total)
                        .optFinalValue(0f)
                        .cosine()
                        .build();
        DetectionDataset data =
                DetectionDataset.builder()
                        .setSource(
                                DetectionSource.of(AugmentThroughputBenchmark.rawImages(images, 3)))
                        .setBatchSize(batch)
                        .setShape(
                                RandomShape.builder().optSizes(64, 96, 32).optInterval(10).build())
                        .optPipeline(AugmentationPipeline.bagOfFreebies())
                        .optMixer(DetectionMixup.builder().build())
                        .optMaxBoxes(16)
                        .optSeed(11)
                        .build();
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (Model model = Model.newInstance("soak")) {
            model.setBlock(BatchNormConverter.toSyncInPlace(net));
            NDManager root = model.getNDManager();
            long[] count = {0};
            TrainingListenerAdapter sampler =
                    new TrainingListenerAdapter() {
                        @Override
                        public void onTrainingBatch(
                                Trainer trainer,
                                ai.djl.training.listener.TrainingListener.BatchData batchData) {
                            count[0]++;
                            if (count[0] % every == 0) {
                                Sample s =
                                        new Sample(
                                                count[0],
                                                residentKib(),
                                                root.getManagedArrays().size());
                                samples.add(s);
                                double seconds = (System.nanoTime() - started) / 1e9;
                                console.printf(
                                        Locale.ROOT,
                                        "step %6d/%d  rss %8d KiB  live NDArrays %6d  %.0f s%n",
                                        s.step(),
                                        total,
                                        s.residentKib(),
                                        s.liveArrays(),
                                        seconds);
                                console.flush();
                            }
                        }
                    };
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(DetectorTrial.sgd(lr, 0f))
                            .addTrainingListeners(data.clock(), sampler);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 3, 96, 96));
                SyncTrain.fit(trainer, epochs, data, null, 2);
            }
        }
        int tenth = Math.max(1, samples.size() / 10);
        double rssFirst = mean(samples.subList(0, tenth), true);
        double rssLast = mean(samples.subList(samples.size() - tenth, samples.size()), true);
        double arraysFirst = mean(samples.subList(0, tenth), false);
        double arraysLast = mean(samples.subList(samples.size() - tenth, samples.size()), false);
        String summary =
                String.format(
                        Locale.ROOT,
                        "soak: %d steps; resident memory %.0f -> %.0f KiB (%+.2f%%); live NDArrays"
                                + " %.1f -> %.1f (%+.1f)",
                        count(samples),
                        rssFirst,
                        rssLast,
                        100 * (rssLast - rssFirst) / rssFirst,
                        arraysFirst,
                        arraysLast,
                        arraysLast - arraysFirst);
        console.println(summary);
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("step,resident_kib,live_ndarrays\n");
        for (Sample s : samples) {
            csv.append(s.step())
                    .append(',')
                    .append(s.residentKib())
                    .append(',')
                    .append(s.liveArrays())
                    .append('\n');
        }
        Files.writeString(out.resolve("soak.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("soak.txt"), summary + "\n", StandardCharsets.UTF_8);
        return 0;
    }

    private static long count(List<Sample> samples) {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).step();
    }

    private static double mean(List<Sample> samples, boolean resident) {
        return samples.stream()
                .mapToLong(s -> resident ? s.residentKib() : s.liveArrays())
                .average()
                .orElse(Double.NaN);
    }

    /** Resident memory of this process in KiB, from {@code /proc/self/status} (Linux). */
    static long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
