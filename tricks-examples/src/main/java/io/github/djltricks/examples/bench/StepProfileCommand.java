/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.pytorch.jni.JniUtils;
import io.github.djltricks.examples.BofDetectionCommand;
import io.github.djltricks.examples.OptionRanges;
import io.github.djltricks.examples.RunInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code profile}: where a training step of the example detector spends its time. It runs the
 * benchmarks' detector step ({@link DetectorFixture}: batch 16 of 96×96 images, GIoU + focal loss
 * with target assignment, SGD) at a width, after {@code --warmup} untimed steps ({@link
 * DetectorFixture#WARM_UP_STEPS}), first unprofiled to time it, then under libtorch's profiler, and
 * writes the operators by self time and every convolution shape with its forward and backward time
 * and arithmetic rate ({@link StepProfile}). The profiler's own overhead inflates small operators,
 * so the shares are of the profiled step.
 */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description =
                "Time the example detector's training step by operator and by convolution shape"
                        + " under libtorch's profiler.")
public final class StepProfileCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--width",
            description =
                    "Width multiplier of the detector, "
                            + OptionRanges.WIDTH_MULTIPLIER_HELP
                            + " (default: the main job's, ${DEFAULT-VALUE}).")
    private float width = BofDetectionCommand.DEFAULT_WIDTH;

    @Option(
            names = "--steps",
            description =
                    "Steps timed, then profiled, "
                            + OptionRanges.SOAK_STEPS_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private int steps = 10;

    @Option(
            names = "--warmup",
            description =
                    "Untimed steps first, so that the timed and profiled steps are those of a long"
                            + " run, "
                            + OptionRanges.WARMUP_HELP
                            + " (default: ${DEFAULT-VALUE}; a fresh process faults in fresh memory"
                            + " for its first hundred or so).")
    private int warmup = DetectorFixture.WARM_UP_STEPS;

    @Option(
            names = "--threads",
            description =
                    "PyTorch intra-op threads, "
                            + OptionRanges.THREADS_HELP
                            + " (default: ${DEFAULT-VALUE}, as each shard of the main job).")
    private int threads = 1;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where profile.md and the raw trace.json go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "profile");

    /** Creates the command. */
    public StepProfileCommand() {}

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        OptionRanges.WIDTH_MULTIPLIER.check("--width", width);
        OptionRanges.SOAK_STEPS.check("--steps", steps);
        OptionRanges.WARMUP.check("--warmup", warmup);
        OptionRanges.THREADS.check("--threads", threads);
        Files.createDirectories(out);
        Path trace = out.resolve("trace.json");
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        double stepMillis;
        long faultsPerStep;
        try (DetectorFixture fixture = new DetectorFixture(width)) {
            fixture.warmUp(warmup);
            long faults = MinorFaults.sinceStart();
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                fixture.step();
            }
            stepMillis = (System.nanoTime() - start) / 1e6 / steps;
            faultsPerStep = faults < 0 ? -1 : (MinorFaults.sinceStart() - faults) / steps;
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < steps; i++) {
                    fixture.step();
                }
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
        } finally {
            JniUtils.setNumThreads(before);
        }
        StepProfile profile = StepProfile.read(trace, steps);
        String report =
                String.format(
                                Locale.ROOT,
                                "# profile%n%n- command: `java -jar tricks-examples/target/tricks-examples.jar"
                                        + " profile --width %s --steps %d --warmup %d --threads %d`%n-"
                                        + " %s%n- step: %.1f ms unprofiled (%.0f images/s, %d page"
                                        + " faults per step), %.1f ms profiled; shares below are of"
                                        + " the profiled step%n%n",
                                width,
                                steps,
                                warmup,
                                threads,
                                "machine: " + RunInfo.machine(),
                                stepMillis,
                                DetectorFixture.BATCH / (stepMillis / 1e3),
                                faultsPerStep,
                                profile.profiledMillis())
                        + profile.markdown(20);
        Files.writeString(out.resolve("profile.md"), report, StandardCharsets.UTF_8);
        PrintWriter console = spec.commandLine().getOut();
        console.print(report);
        console.flush();
        return 0;
    }
}
