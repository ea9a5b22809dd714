/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.core.experiment.AblationResult;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Configuration;
import io.github.djltricks.core.experiment.Trial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A {@link DetectorTrial} run in a child JVM of its own ({@link DetectorRunCommand}), so that an
 * {@link io.github.djltricks.core.experiment.AblationRunner} with {@code optConcurrency(n)} trains
 * n runs at once. DJL's PyTorch engine lets one gradient collector work at a time in a process, and
 * one run keeps about 1.2 cores busy (the backward pass is single-threaded), so on 2 cores two runs
 * in two processes finish in about 0.64 of the time of running them one after the other.
 *
 * <p>The child gets the same {@link DetectorOptions} (so it makes the same data), the
 * configuration, the seed and the backbone this process pretrained (written once per width to a
 * file in the work directory). Its training steps advance the progress bar, its training-loss curve
 * goes to the curves, and its metrics are returned exactly (JSON keeps every double). Each run is
 * the first of its JVM, so a run's result does not depend on which runs went before it. If the
 * caller is interrupted, or this JVM exits, the child is killed; a child whose parent dies exits on
 * its own. The work directory is the trial's own: {@link #close} deletes it. The child is started
 * by {@link ChildJvm}, whose C heap keeps the memory a step frees for the next step.
 */
public final class ForkedTrial implements Trial, AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(Process::destroyForcibly),
                                "forked-trial-cleanup"));
    }

    private final DetectorOptions options;
    private final float width;
    private final BackbonePretraining pretraining;
    private final Path workDir;
    private final ProgressBar progress;
    private final TrainingCurves curves;
    private final Map<Float, Path> weightFiles = new HashMap<>();

    /**
     * Creates the trial.
     *
     * @param options the data and training options every child gets
     * @param width the default width multiplier
     * @param pretraining the backbone weights every run starts from, or null for none
     * @param workDir where the weights files and the children's error logs go; deleted by {@link
     *     #close}
     * @param progress advanced by one per training step of any child, or null
     * @param curves receives each run's training loss, or null
     */
    public ForkedTrial(
            DetectorOptions options,
            float width,
            BackbonePretraining pretraining,
            Path workDir,
            ProgressBar progress,
            TrainingCurves curves) {
        this.options = options;
        this.width = width;
        this.pretraining = pretraining;
        this.workDir = workDir;
        this.progress = progress;
        this.curves = curves;
    }

    /**
     * Returns a trial in child JVMs when more than one run trains at once, or null when the runs
     * train in this JVM one after the other (no child JVMs, no work directory).
     *
     * @param atOnce the runs that train at once
     * @param options the data and training options every child gets
     * @param width the default width multiplier
     * @param pretraining the backbone weights every run starts from, or null for none
     * @param command the command's name, which starts the name of the temporary work directory
     * @param progress advanced by one per training step of any child, or null
     * @param curves receives each run's training loss, or null
     * @return the trial, or null when {@code atOnce} is below 2
     * @throws IOException if the work directory cannot be made
     */
    static ForkedTrial ifConcurrent(
            int atOnce,
            DetectorOptions options,
            float width,
            BackbonePretraining pretraining,
            String command,
            ProgressBar progress,
            TrainingCurves curves)
            throws IOException {
        return atOnce > 1
                ? new ForkedTrial(
                        options,
                        width,
                        pretraining,
                        Files.createTempDirectory(command + "-"),
                        progress,
                        curves)
                : null;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Double> run(Configuration configuration, long seed)
            throws IOException, InterruptedException {
        return run(configuration, seed, configuration.toString());
    }

    /**
     * Runs one configuration in a child JVM, naming its curve.
     *
     * @param configuration the switches (see {@link DetectorTrial})
     * @param seed the seed
     * @param series the name of the run's training curve
     * @return the metrics, as {@link DetectorTrial#run(Configuration, long)} gives them
     * @throws IOException if the child cannot be started or its files written
     * @throws InterruptedException if the caller is interrupted (the child is killed)
     * @throws IllegalStateException if the child fails; the message holds the end of its standard
     *     error
     */
    public Map<String, Double> run(Configuration configuration, long seed, String series)
            throws IOException, InterruptedException {
        float runWidth =
                configuration.asMap().containsKey("width")
                        ? (float) configuration.getDouble("width")
                        : width;
        List<String> command = new ArrayList<>();
        command.add("detector-run");
        command.addAll(options.args());
        command.addAll(
                List.of(
                        "--width",
                        Float.toString(width),
                        "--seed",
                        Long.toString(seed),
                        "--series",
                        series,
                        "--config",
                        DetectorRunCommand.GSON.toJson(configuration.asMap()),
                        "--exit-with-parent"));
        if (pretraining != null) {
            command.add("--weights");
            command.add(weights(runWidth).toString());
        }
        Files.createDirectories(workDir);
        Path err = Files.createTempFile(workDir, "run-", ".err");
        Process process = ChildJvm.of(command).redirectError(err.toFile()).start();
        LIVE.add(process);
        AtomicReference<String> result = new AtomicReference<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    if (line.equals(DetectorRunCommand.STEP)) {
                                        if (progress != null) {
                                            progress.advance(1);
                                        }
                                    } else if (line.startsWith(DetectorRunCommand.RESULT)) {
                                        result.set(
                                                line.substring(DetectorRunCommand.RESULT.length()));
                                    }
                                }
                            } catch (IOException e) {
                                // the child is gone; its exit code tells what happened
                            }
                        },
                        "forked-trial-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            int code = process.waitFor();
            reader.join();
            if (code != 0 || result.get() == null) {
                throw new IllegalStateException(
                        String.format(
                                Locale.ROOT,
                                "the child run of %s seed %d exited with code %d: %s",
                                configuration,
                                seed,
                                code,
                                tail(err)));
            }
            return parse(result.get(), series);
        } finally {
            process.destroyForcibly();
            LIVE.remove(process);
            Files.deleteIfExists(err);
        }
    }

    private Map<String, Double> parse(String json, String series) {
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object.getAsJsonObject("metrics").entrySet()) {
            metrics.put(e.getKey(), DetectorRunCommand.GSON.fromJson(e.getValue(), Double.class));
        }
        if (curves != null) {
            double[] curve = DetectorRunCommand.GSON.fromJson(object.get("curve"), double[].class);
            curves.remove(series);
            for (int i = 0; i < curve.length; i++) {
                curves.record(series, i + 1, curve[i]);
            }
        }
        return metrics;
    }

    /**
     * Runs an ablation, then closes the forked trial its runs go through ({@link #close}), also
     * when the ablation fails.
     *
     * @param runner the ablation
     * @param forked the trial its runs go through, or null when they run in this JVM
     * @return the ablation's result
     * @throws IOException if the results file cannot be read or written, or the work directory
     *     cannot be deleted
     */
    public static AblationResult runThenClose(AblationRunner runner, ForkedTrial forked)
            throws IOException {
        try (forked) {
            return runner.run();
        }
    }

    /**
     * Deletes the work directory and everything in it (the weights files, the error logs of
     * children still running are gone with it).
     *
     * @throws IOException if it cannot be deleted
     */
    @Override
    public void close() throws IOException {
        if (!Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The pretrained weights of a width in a file, written on first use. */
    private synchronized Path weights(float runWidth) throws IOException {
        Path file = weightFiles.get(runWidth);
        if (file == null) {
            Files.createDirectories(workDir);
            file = workDir.resolve(String.format(Locale.ROOT, "backbone-w%s.bin", runWidth));
            pretraining.weights(runWidth).write(file);
            weightFiles.put(runWidth, file);
        }
        return file;
    }

    private static String tail(Path err) throws IOException {
        List<String> lines =
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8).lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
