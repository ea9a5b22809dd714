/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import io.github.djltricks.core.guard.DivergedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Runs an ablation: a baseline configuration and named variants, each over the same seeds, the way
 * Zhang et al. 2019 (arXiv 1902.04103, tables 5–6) build a "bag of freebies" one trick at a time.
 *
 * <p>In {@link Mode#CUMULATIVE} mode row {@code i} is the baseline with the changes of variants
 * {@code 1…i} applied in order ("+ cosine", then "+ label smoothing" on top); in {@link
 * Mode#ONE_AT_A_TIME} mode each variant changes the baseline alone. Every run (configuration, seed,
 * metrics, wall time, status) is appended to a JSON results file, rewritten atomically after each
 * run; running again skips every run already recorded, so an ablation killed half-way resumes where
 * it stopped. A run that throws is recorded as failed with its message and the others go on. A run
 * that diverges, because it threw a {@link DivergedException} (see {@link
 * io.github.djltricks.core.guard.NonFiniteGuard}) or returned a metric that is not finite, is
 * recorded as failed too, with a message that starts with {@value #DIVERGED}: never as a finished
 * run scoring NaN or 0.
 *
 * <p>An ablation too big for one machine is spread over several with {@link Builder#optPart}: each
 * machine runs its {@link Part}'s share of the (row, seed) runs, dealt by {@link Part#assign} from
 * the costs of {@link Builder#optCost}, into a partial results file of its own, and {@link
 * PartialResults#merge} combines the files into the one results file a single machine would have
 * written.
 *
 * <pre>{@code
 * AblationResult result = AblationRunner.builder()
 *         .setBaseline(Map.of("lr", 0.1, "schedule", "step", "smoothing", 0.0))
 *         .addVariant("+ cosine", Map.of("schedule", "cosine"))
 *         .addVariant("+ label smoothing", Map.of("smoothing", 0.1))
 *         .setSeeds(1, 2, 3)
 *         .setTrial((config, seed) -> Map.of("top1", train(config, seed)))
 *         .setResultsFile(Path.of("build/ablation.json"))
 *         .build()
 *         .run();
 * result.writeMarkdown(Path.of("build/ablation.md"));
 * }</pre>
 */
public final class AblationRunner {

    /** The start of the message of a run recorded as failed because it diverged. */
    public static final String DIVERGED = "diverged: ";

    /** How variants combine. */
    public enum Mode {
        /** Each row adds its change to the row above, as in the bag-of-freebies tables. */
        CUMULATIVE,
        /** Each row changes the baseline alone. */
        ONE_AT_A_TIME
    }

    /**
     * A (row, seed) pair still to run.
     *
     * @param row the row's name
     * @param configuration the configuration the row runs
     * @param seed the seed
     */
    public record PendingRun(String row, Configuration configuration, long seed) {}

    private final String baselineName;
    private final Configuration baseline;
    private final List<Variant> variants;
    private final Mode mode;
    private final long[] seeds;
    private final Trial trial;
    private final Path resultsFile;
    private final String headline;
    private final boolean retryFailed;
    private final int concurrency;
    private final Part part;
    private final ToDoubleFunction<PendingRun> cost;
    private final Map<String, String> settings;
    private final boolean reportOnly;
    private final Map<String, Configuration> rows;

    /** The part of each run in run order, dealt on first use ({@link #dealt()}). */
    private int[] dealt;

    private AblationRunner(Builder builder) {
        baselineName = builder.baselineName;
        baseline = builder.baseline;
        variants = List.copyOf(builder.variants);
        mode = builder.mode;
        seeds = builder.seeds.clone();
        trial = builder.trial;
        resultsFile = builder.resultsFile;
        headline = builder.headline;
        retryFailed = builder.retryFailed;
        concurrency = builder.concurrency;
        part = builder.part;
        cost = builder.cost;
        settings = new LinkedHashMap<>(builder.settings);
        reportOnly = builder.reportOnly;
        rows = new LinkedHashMap<>();
        rows.put(baselineName, baseline);
        Configuration current = baseline;
        for (Variant variant : variants) {
            Configuration base = mode == Mode.CUMULATIVE ? current : baseline;
            current = base.with(variant.changes());
            rows.put(variant.name(), current);
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rows of the ablation: the baseline, then each variant, with the configuration it
     * runs.
     *
     * @return the configurations by row name, in table order
     */
    public Map<String, Configuration> rows() {
        return Collections.unmodifiableMap(rows);
    }

    /**
     * Returns every (row, seed) run of the ablation, seed by seed in row order: the run order.
     *
     * @return the runs, recorded or not
     */
    public List<PendingRun> runs() {
        List<PendingRun> all = new ArrayList<>();
        for (long seed : seeds) {
            for (Map.Entry<String, Configuration> row : rows.entrySet()) {
                all.add(new PendingRun(row.getKey(), row.getValue(), seed));
            }
        }
        return all;
    }

    /**
     * Returns the runs of this runner's {@link Builder#optPart part}, in run order: all of them for
     * the whole ablation.
     *
     * @return the runs this runner runs, recorded or not
     * @throws IllegalArgumentException if the cost function gives a negative or non-finite cost
     */
    public List<PendingRun> partRuns() {
        List<PendingRun> all = runs();
        if (part.whole()) {
            return all;
        }
        int[] parts = dealt();
        List<PendingRun> mine = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == part.index()) {
                mine.add(all.get(i));
            }
        }
        return mine;
    }

    /** The part of each run, in run order: dealt once, as the runs and their costs are fixed. */
    private synchronized int[] dealt() {
        if (dealt == null) {
            List<PendingRun> all = runs();
            double[] costs = new double[all.size()];
            for (int i = 0; i < costs.length; i++) {
                costs[i] = cost.applyAsDouble(all.get(i));
            }
            dealt = Part.assign(costs, part.count());
        }
        return dealt;
    }

    /**
     * Runs every (row, seed) pair of its part not yet in the results file, seed by seed ({@link
     * Builder#optConcurrency} at a time), and summarizes all of them. A runner of one part of
     * several writes its partial results file first, so that a part with no runs, or one that
     * crashes before its first run ends, leaves a file that says so.
     *
     * @return the summary of every recorded run of this ablation (of its part)
     * @throws IOException if the results file cannot be read or written
     * @throws IllegalStateException if the results file records a run of a row under another
     *     configuration, if the finished runs do not all report the same metrics, or if the thread
     *     is interrupted during a trial (that run is not recorded)
     */
    public AblationResult run() throws IOException {
        List<RunRecord> records = ResultsFile.read(resultsFile);
        List<PendingRun> pending = reportOnly ? List.of() : pending(records);
        if (!part.whole() && !reportOnly) {
            save(records);
        }
        if (concurrency == 1 || pending.size() < 2) {
            for (PendingRun p : pending) {
                records.add(execute(p.row(), p.configuration(), p.seed()));
                save(records);
            }
        } else {
            records.addAll(runConcurrently(pending, records));
        }
        Set<Long> seedSet = Arrays.stream(seeds).boxed().collect(Collectors.toSet());
        List<RunRecord> mine =
                records.stream()
                        .filter(r -> rows.containsKey(r.variant()) && seedSet.contains(r.seed()))
                        .toList();
        return new AblationResult(rows, mode, seeds, headline, mine);
    }

    /**
     * Returns the (row, seed) pairs that {@link #run()} would run now: those of its part the
     * results file does not record, and with {@link Builder#optRetryFailed} those it records as
     * failed; seed by seed, in row order, the order they run in; none with {@link
     * Builder#optReportOnly}. A command reads it to estimate the work left before a resumed
     * ablation starts.
     *
     * @return the pending runs, in run order
     * @throws IOException if the results file cannot be read
     * @throws IllegalStateException if the results file records a run of a row under another
     *     configuration
     */
    public List<PendingRun> pending() throws IOException {
        List<RunRecord> records = ResultsFile.read(resultsFile);
        List<PendingRun> pending = pending(records);
        return reportOnly ? List.of() : pending;
    }

    /** Rewrites the results file: under a partial results file's header for a part of several. */
    private void save(List<RunRecord> records) throws IOException {
        if (part.whole()) {
            ResultsFile.write(resultsFile, records);
            return;
        }
        ResultsFile.Content header = new ResultsFile.Content();
        header.part = part.toString();
        header.settings = settings;
        header.mode = mode;
        header.seeds = seeds.clone();
        header.rows = new LinkedHashMap<>();
        rows.forEach((name, config) -> header.rows.put(name, new LinkedHashMap<>(config.asMap())));
        header.dealt = dealt().clone();
        ResultsFile.write(resultsFile, records, header);
    }

    /**
     * The pending runs against the records read; a failed record that runs again is removed from
     * {@code records}.
     */
    private List<PendingRun> pending(List<RunRecord> records) {
        Set<String> mine = new HashSet<>();
        if (!part.whole()) {
            partRuns().forEach(r -> mine.add(r.row() + "\n" + r.seed()));
        }
        List<PendingRun> pending = new ArrayList<>();
        for (long seed : seeds) {
            for (Map.Entry<String, Configuration> row : rows.entrySet()) {
                RunRecord existing = find(records, row.getKey(), seed);
                if (existing != null) {
                    Configuration recorded = Configuration.of(existing.configuration());
                    if (!recorded.equals(row.getValue())) {
                        throw new IllegalStateException(
                                "Results file "
                                        + resultsFile
                                        + " records row '"
                                        + row.getKey()
                                        + "' seed "
                                        + seed
                                        + " with configuration "
                                        + recorded
                                        + ", but the ablation now runs it with "
                                        + row.getValue()
                                        + "; use another results file");
                    }
                    if (existing.ok() || !retryFailed) {
                        continue;
                    }
                    if (!part.whole() && !mine.contains(row.getKey() + "\n" + seed)) {
                        continue;
                    }
                    records.remove(existing);
                }
                if (part.whole() || mine.contains(row.getKey() + "\n" + seed)) {
                    pending.add(new PendingRun(row.getKey(), row.getValue(), seed));
                }
            }
        }
        return pending;
    }

    /**
     * Runs the pending runs on {@code concurrency} threads. After each finished run the results
     * file holds the earlier records and every finished run in the order a sequential ablation
     * would have recorded them, so the file does not depend on which run finished first.
     */
    private List<RunRecord> runConcurrently(List<PendingRun> pending, List<RunRecord> earlier)
            throws IOException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(concurrency, pending.size()),
                        task -> {
                            Thread t = new Thread(task, "ablation-" + threads.getAndIncrement());
                            t.setDaemon(true);
                            return t;
                        });
        CompletionService<RunRecord> done = new ExecutorCompletionService<>(pool);
        RunRecord[] finished = new RunRecord[pending.size()];
        Map<Future<RunRecord>, Integer> index = new HashMap<>();
        try {
            for (int i = 0; i < pending.size(); i++) {
                PendingRun p = pending.get(i);
                index.put(done.submit(() -> execute(p.row(), p.configuration(), p.seed())), i);
            }
            for (int n = 0; n < pending.size(); n++) {
                Future<RunRecord> future = done.take();
                finished[index.get(future)] = future.get();
                List<RunRecord> all = new ArrayList<>(earlier);
                for (RunRecord r : finished) {
                    if (r != null) {
                        all.add(r);
                    }
                }
                save(all);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the ablation's runs", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(finished);
    }

    private RunRecord execute(String rowName, Configuration config, long seed) {
        long start = System.nanoTime();
        Map<String, Double> metrics;
        RunRecord.Status status = RunRecord.Status.OK;
        String message = "";
        try {
            metrics = checkMetrics(trial.run(config, seed));
        } catch (InterruptedException e) {
            // An interrupt stops the ablation; the run is not recorded and runs again on resume.
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted during row '" + rowName + "' seed " + seed, e);
        } catch (DivergedException e) {
            metrics = Map.of();
            status = RunRecord.Status.FAILED;
            message = DIVERGED + e.getMessage();
        } catch (Exception e) {
            metrics = Map.of();
            status = RunRecord.Status.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String name = runName(config, seed, status, metrics);
        return new RunRecord(
                rowName,
                seed,
                name,
                status,
                message,
                seconds,
                new LinkedHashMap<>(config.asMap()),
                new LinkedHashMap<>(metrics));
    }

    private static Map<String, Double> checkMetrics(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalStateException("the trial returned no metrics: " + metrics);
        }
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalStateException(
                        "the trial returned a blank metric name or a null value: " + metrics);
            }
        }
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new DivergedException(
                        0, "the trial returned " + e.getKey() + " = " + e.getValue());
            }
        }
        return metrics;
    }

    /**
     * Names a run by its changes from the baseline (sorted by name, so that the name does not
     * depend on map order), its seed and its headline metric.
     */
    private String runName(
            Configuration config, long seed, RunRecord.Status status, Map<String, Double> metrics) {
        Map<String, Object> changed = config.diff(baseline);
        String params =
                changed.isEmpty()
                        ? baselineName
                        : changed.entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(","));
        String result;
        if (status == RunRecord.Status.FAILED) {
            result = "failed";
        } else {
            String metric =
                    headline != null && metrics.containsKey(headline)
                            ? headline
                            : metrics.keySet().iterator().next();
            result = metric + "=" + String.format(Locale.ROOT, "%.4g", metrics.get(metric));
        }
        return params + "-seed" + seed + "-" + result;
    }

    private static RunRecord find(List<RunRecord> records, String row, long seed) {
        for (RunRecord r : records) {
            if (r.variant().equals(row) && r.seed() == seed) {
                return r;
            }
        }
        return null;
    }

    /** Builds an {@link AblationRunner}. */
    public static final class Builder {

        private String baselineName = "baseline";
        private Configuration baseline;
        private final List<Variant> variants = new ArrayList<>();
        private Mode mode = Mode.CUMULATIVE;
        private long[] seeds;
        private Trial trial;
        private Path resultsFile;
        private String headline;
        private boolean retryFailed;
        private int concurrency = 1;
        private Part part = Part.WHOLE;
        private ToDoubleFunction<PendingRun> cost = run -> 1;
        private Map<String, String> settings = Map.of();
        private boolean reportOnly;

        Builder() {}

        /**
         * Sets the baseline configuration (required).
         *
         * @param baseline parameter names to strings, numbers or booleans
         * @return this builder
         */
        public Builder setBaseline(Map<String, ?> baseline) {
            this.baseline = Configuration.of(baseline);
            return this;
        }

        /**
         * Sets the name of the baseline row; default {@code baseline}.
         *
         * @param name the row name
         * @return this builder
         */
        public Builder optBaselineName(String name) {
            this.baselineName = name;
            return this;
        }

        /**
         * Adds a variant: a row that sets the given parameters.
         *
         * @param name the row name, unique
         * @param changes the parameters it sets (at least one)
         * @return this builder
         */
        public Builder addVariant(String name, Map<String, ?> changes) {
            variants.add(new Variant(name, Configuration.of(changes).asMap()));
            return this;
        }

        /**
         * Sets how variants combine; default {@link Mode#CUMULATIVE}.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the seeds every row runs with (required, at least one, distinct).
         *
         * @param seeds the seeds
         * @return this builder
         */
        public Builder setSeeds(long... seeds) {
            this.seeds = seeds == null ? null : seeds.clone();
            return this;
        }

        /**
         * Sets the function that trains and evaluates one configuration with one seed (required).
         *
         * @param trial the trial
         * @return this builder
         */
        public Builder setTrial(Trial trial) {
            this.trial = trial;
            return this;
        }

        /**
         * Sets the JSON file runs are recorded in and resumed from (required).
         *
         * @param resultsFile the file
         * @return this builder
         */
        public Builder setResultsFile(Path resultsFile) {
            this.resultsFile = resultsFile;
            return this;
        }

        /**
         * Sets the headline metric: the one run names carry and {@link AblationResult#headline()}
         * returns (a chart shows it by default); default the first metric the first finished run
         * reports.
         *
         * @param metric the metric name
         * @return this builder
         */
        public Builder optHeadline(String metric) {
            this.headline = metric;
            return this;
        }

        /**
         * Sets whether runs recorded as failed run again; default false (they are kept).
         *
         * @param retryFailed true to run failed runs again
         * @return this builder
         */
        public Builder optRetryFailed(boolean retryFailed) {
            this.retryFailed = retryFailed;
            return this;
        }

        /**
         * Sets how many runs go at once; default 1, one after the other on the calling thread.
         *
         * <p>With more than one, runs go on that many threads of their own and the trial must be
         * safe to call from several threads. DJL's PyTorch engine lets one {@code
         * GradientCollector} collect at a time in a process, so a trial that trains in this JVM
         * must run alone; a trial that trains in a child process (one JVM per run) can run
         * concurrently and keeps the idle cores busy. The results file and the result are the same
         * as with one run at a time. If a run is interrupted, the runs still going are interrupted
         * too.
         *
         * @param concurrency the number of runs at once, at least 1
         * @return this builder
         */
        public Builder optConcurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Sets the part of the ablation this runner runs; default {@link Part#WHOLE}, every run.
         *
         * <p>With a part of several, {@link #run()} runs only the (row, seed) runs {@link
         * Part#assign} deals to it by {@link #optCost}, and the results file becomes a partial
         * results file: it also records the part, the ablation's rows, seeds and mode, the runs
         * dealt to the part and {@link #optSettings}, so that {@link PartialResults#merge} can
         * check the parts against each other and find runs missing. Every part must be built with
         * the same rows, seeds, costs and settings, each with a results file of its own.
         *
         * @param part the part, e.g. {@code Part.parse("2/3")}
         * @return this builder
         */
        public Builder optPart(Part part) {
            this.part = part;
            return this;
        }

        /**
         * Sets the expected cost of a run, by which {@link Part#assign} balances the parts; default
         * 1 for every run. Only its ratios matter, e.g. the training steps of the run.
         *
         * @param cost the cost of a (row, seed) run: finite and non-negative
         * @return this builder
         */
        public Builder optCost(ToDoubleFunction<PendingRun> cost) {
            this.cost = cost;
            return this;
        }

        /**
         * Sets what else the runs depend on, recorded in a partial results file ({@link #optPart}):
         * the program and its arguments, the code's version. {@link PartialResults#merge} refuses
         * parts whose settings differ. Default none.
         *
         * @param settings names to values, e.g. {@code version -> 1.2 (sha256 3f2a…)}
         * @return this builder
         */
        public Builder optSettings(Map<String, String> settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets whether {@link #run()} runs nothing and only summarizes the runs the results file
         * records; default false. A merged results file is read this way, its gaps left as gaps.
         *
         * @param reportOnly true to run nothing
         * @return this builder
         */
        public Builder optReportOnly(boolean reportOnly) {
            this.reportOnly = reportOnly;
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalArgumentException if a required setting is missing, there are no seeds,
         *     seeds repeat, the concurrency is below 1, a variant name is blank or repeats, or a
         *     variant changes nothing
         */
        public AblationRunner build() {
            if (baseline == null) {
                throw new IllegalArgumentException("baseline must be set (setBaseline)");
            }
            if (baselineName == null || baselineName.isBlank()) {
                throw new IllegalArgumentException(
                        "baselineName must be non-blank; got '" + baselineName + "'");
            }
            if (seeds == null || seeds.length == 0) {
                throw new IllegalArgumentException(
                        "seeds must hold at least one seed; got "
                                + (seeds == null ? "none" : "[]"));
            }
            if (Arrays.stream(seeds).distinct().count() != seeds.length) {
                throw new IllegalArgumentException(
                        "seeds must be distinct; got " + Arrays.toString(seeds));
            }
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(settings, "settings");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            }
            if (trial == null) {
                throw new IllegalArgumentException("trial must be set (setTrial)");
            }
            if (resultsFile == null) {
                throw new IllegalArgumentException("resultsFile must be set (setResultsFile)");
            }
            Set<String> names = new HashSet<>();
            names.add(baselineName);
            for (Variant variant : variants) {
                if (variant.name() == null || variant.name().isBlank()) {
                    throw new IllegalArgumentException(
                            "variant names must be non-blank; got '" + variant.name() + "'");
                }
                if (!names.add(variant.name())) {
                    throw new IllegalArgumentException(
                            "variant names must be unique and differ from the baseline's '"
                                    + baselineName
                                    + "'; got '"
                                    + variant.name()
                                    + "' twice");
                }
                if (variant.changes().isEmpty()) {
                    throw new IllegalArgumentException(
                            "variant '" + variant.name() + "' must change at least one parameter");
                }
            }
            return new AblationRunner(this);
        }
    }
}
