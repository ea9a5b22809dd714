/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.djltricks.core.guard.DivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblationRunnerTest {

    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    @TempDir Path dir;

    /** Mean, sample std, deltas and Welch p-values, recomputed here from the raw values. */
    @Test
    void statisticsMatchAnIndependentComputation() throws Exception {
        AblationRunner runner =
                FakeTrial.ablation(dir.resolve("runs.json"), FakeTrial::metrics, SEEDS).build();
        AblationResult result = runner.run();

        List<String> names = new ArrayList<>(runner.rows().keySet());
        assertThat(names)
                .containsExactly("baseline", "+ cosine", "+ label smoothing", "+ batch 256");
        assertThat(result.metrics()).containsExactly("top1", "loss");
        for (String metric : List.of("top1", "loss")) {
            List<double[]> values = new ArrayList<>();
            for (String name : names) {
                double[] v = new double[SEEDS.length];
                for (int i = 0; i < SEEDS.length; i++) {
                    v[i] = FakeTrial.metrics(runner.rows().get(name), SEEDS[i]).get(metric);
                }
                values.add(v);
            }
            for (int r = 0; r < names.size(); r++) {
                MetricSummary s = result.row(names.get(r)).metrics().get(metric);
                double[] x = values.get(r);
                assertThat(s.n()).isEqualTo(SEEDS.length);
                assertThat(s.mean()).isCloseTo(mean(x), within(1e-12));
                assertThat(s.std()).isCloseTo(Math.sqrt(var(x)), within(1e-12));
                if (r == 0) {
                    continue;
                }
                double[] base = values.get(0);
                double[] prev = values.get(r - 1);
                assertThat(s.deltaBaseline()).isCloseTo(mean(x) - mean(base), within(1e-12));
                assertThat(s.deltaPrevious()).isCloseTo(mean(x) - mean(prev), within(1e-12));
                assertThat(s.pBaseline()).isCloseTo(welchP(x, base), within(1e-9));
                assertThat(s.pPrevious()).isCloseTo(welchP(x, prev), within(1e-9));
            }
        }

        // The known means: each delta lies within 4 standard errors of the true effect.
        double se = FakeTrial.TOP1_SD * Math.sqrt(2.0 / SEEDS.length);
        assertThat(result.row("+ cosine").metrics().get("top1").deltaPrevious())
                .isCloseTo(0.010, within(4 * se));
        assertThat(result.row("+ label smoothing").metrics().get("top1").deltaPrevious())
                .isCloseTo(0.020, within(4 * se));
        assertThat(result.row("+ label smoothing").metrics().get("top1").deltaBaseline())
                .isCloseTo(0.030, within(4 * se));
        assertThat(result.row("+ batch 256").metrics().get("top1").deltaPrevious())
                .isCloseTo(0.0, within(4 * se));
        assertThat(result.row("+ label smoothing").metrics().get("top1").pPrevious())
                .isLessThan(1e-4);
        // No effect: the p-value of batch 256 against the row above is not significant.
        assertThat(result.row("+ batch 256").metrics().get("top1").pPrevious()).isGreaterThan(0.01);
    }

    @Test
    void markdownAndJsonHoldEveryRow() throws Exception {
        Path json = dir.resolve("runs.json");
        AblationResult result = FakeTrial.ablation(json, FakeTrial::metrics, 1, 2, 3).build().run();
        Path md = dir.resolve("out/table.md");
        result.writeMarkdown(md);

        String table = Files.readString(md);
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.get(0))
                .contains("variant", "top1", "Δ baseline", "p baseline", "Δ previous", "loss");
        assertThat(lines.get(2)).startsWith("| baseline | 3 |");
        assertThat(lines.get(3)).startsWith("| + cosine | 3 |");
        assertThat(lines.get(4)).startsWith("| + label smoothing | 3 |");
        assertThat(lines.get(5)).startsWith("| + batch 256 | 3 |");
        MetricSummary cosine = result.row("+ cosine").metrics().get("top1");
        assertThat(lines.get(3))
                .contains(String.format(java.util.Locale.ROOT, "%.4g", cosine.mean()))
                .contains(String.format(java.util.Locale.ROOT, "%+.3g", cosine.deltaBaseline()));

        assertThat(result.rows().stream().map(AblationResult.Row::name))
                .containsExactly("baseline", "+ cosine", "+ label smoothing", "+ batch 256");
        assertThat(result.seeds()).containsExactly(1, 2, 3);

        String stored = Files.readString(json);
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.runs()).hasSize(3));
        for (AblationResult.Row row : result.rows()) {
            for (RunRecord run : row.runs()) {
                assertThat(stored).contains(run.name());
            }
        }
        // Run names: the parameters changed from the baseline, the seed, the headline metric.
        RunRecord run = result.row("+ label smoothing").runs().get(1);
        assertThat(run.name())
                .isEqualTo(
                        String.format(
                                java.util.Locale.ROOT,
                                "schedule=cosine,smoothing=0.1-seed2-top1=%.4g",
                                run.metrics().get("top1")));
        assertThat(result.row("baseline").runs().get(0).name()).startsWith("baseline-seed1-top1=");
    }

    /** A separate JVM is halted after four runs; running again does the other eight only. */
    @Test
    void killedAblationResumesWithoutRedoingFinishedRuns() throws Exception {
        Path json = dir.resolve("runs.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                AblationKillMain.class.getName(),
                                json.toString(),
                                "4")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child.log").toFile())
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(3);
        // Seed-major order: the four finished runs are seed 1 of every row.
        List<RunRecord> recorded = ResultsFile.read(json);
        assertThat(recorded).hasSize(4).allMatch(r -> r.seed() == 1 && r.ok());

        AtomicInteger calls = new AtomicInteger();
        List<String> rerun = new ArrayList<>();
        AblationResult resumed =
                FakeTrial.ablation(
                                json,
                                (c, seed) -> {
                                    calls.incrementAndGet();
                                    rerun.add(c.getString("schedule") + "@" + seed);
                                    return FakeTrial.metrics(c, seed);
                                },
                                1,
                                2,
                                3)
                        .build()
                        .run();
        assertThat(calls.get()).isEqualTo(8);
        assertThat(rerun).noneMatch(s -> s.endsWith("@1"));

        AblationResult fresh =
                FakeTrial.ablation(dir.resolve("fresh.json"), FakeTrial::metrics, 1, 2, 3)
                        .build()
                        .run();
        assertThat(resumed.toMarkdown().replaceAll("\\| [0-9.e-]+ \\|\n", "|\n"))
                .isEqualTo(fresh.toMarkdown().replaceAll("\\| [0-9.e-]+ \\|\n", "|\n"));

        // A third run finds everything recorded and runs nothing.
        calls.set(0);
        FakeTrial.ablation(
                        json,
                        (c, seed) -> {
                            calls.incrementAndGet();
                            return FakeTrial.metrics(c, seed);
                        },
                        1,
                        2,
                        3)
                .build()
                .run();
        assertThat(calls.get()).isZero();
        assertThat(dir.toFile().list((d, name) -> name.endsWith(".tmp"))).isEmpty();
    }

    @Test
    void aFailingRunIsRecordedAndTheOthersGoOn() throws Exception {
        Path json = dir.resolve("runs.json");
        Trial flaky =
                (c, seed) -> {
                    if (c.getString("schedule").equals("cosine")
                            && c.getDouble("smoothing") == 0
                            && seed == 2) {
                        throw new IllegalStateException("loss became NaN at step 17");
                    }
                    return FakeTrial.metrics(c, seed);
                };
        AblationResult result = FakeTrial.ablation(json, flaky, 1, 2, 3).build().run();
        AblationResult.Row cosine = result.row("+ cosine");
        assertThat(cosine.failures()).hasSize(1);
        RunRecord failed = cosine.failures().get(0);
        assertThat(failed.seed()).isEqualTo(2);
        assertThat(failed.message()).isEqualTo("IllegalStateException: loss became NaN at step 17");
        assertThat(failed.name()).endsWith("-seed2-failed");
        assertThat(cosine.metrics().get("top1").n()).isEqualTo(2);
        assertThat(result.rows()).filteredOn(r -> r != cosine).allMatch(r -> r.runs().size() == 3);
        assertThat(result.rows())
                .filteredOn(r -> r != cosine)
                .allMatch(r -> r.failures().isEmpty());
        String md = result.toMarkdown();
        assertThat(md).contains("| + cosine | 2 (+1 failed) |");
        assertThat(md).contains("- + cosine, seed 2: IllegalStateException: loss became NaN");
        assertThat(ResultsFile.read(json)).hasSize(12);

        // Failed runs are kept on a plain re-run and retried on request.
        AtomicInteger calls = new AtomicInteger();
        Trial counting =
                (c, seed) -> {
                    calls.incrementAndGet();
                    return FakeTrial.metrics(c, seed);
                };
        FakeTrial.ablation(json, counting, 1, 2, 3).build().run();
        assertThat(calls.get()).isZero();
        AblationResult retried =
                FakeTrial.ablation(json, counting, 1, 2, 3).optRetryFailed(true).build().run();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(retried.row("+ cosine").failures()).isEmpty();
        assertThat(retried.row("+ cosine").metrics().get("top1").n()).isEqualTo(3);
    }

    /** Pending runs are the unrecorded ones, failed ones only when retried, in run order. */
    @Test
    void pendingRunsAreWhatARunWouldRunInItsOrder() throws Exception {
        Path json = dir.resolve("runs.json");
        AblationRunner fresh = FakeTrial.ablation(json, FakeTrial::metrics, 1, 2).build();
        List<String> all = new ArrayList<>();
        for (AblationRunner.PendingRun p : fresh.pending()) {
            assertThat(p.configuration()).isEqualTo(fresh.rows().get(p.row()));
            all.add(p.row() + "@" + p.seed());
        }
        assertThat(all)
                .containsExactly(
                        "baseline@1",
                        "+ cosine@1",
                        "+ label smoothing@1",
                        "+ batch 256@1",
                        "baseline@2",
                        "+ cosine@2",
                        "+ label smoothing@2",
                        "+ batch 256@2");

        Trial failsOnce =
                (c, seed) -> {
                    if (c.getString("schedule").equals("cosine") && seed == 2) {
                        throw new IllegalStateException("no");
                    }
                    return FakeTrial.metrics(c, seed);
                };
        FakeTrial.ablation(json, failsOnce, 1).build().run();
        FakeTrial.ablation(json, failsOnce, 1, 2).build().run();
        assertThat(FakeTrial.ablation(json, FakeTrial::metrics, 1, 2).build().pending()).isEmpty();
        List<AblationRunner.PendingRun> retry =
                FakeTrial.ablation(json, FakeTrial::metrics, 1, 2, 3)
                        .optRetryFailed(true)
                        .build()
                        .pending();
        assertThat(retry.stream().map(p -> p.row() + "@" + p.seed()))
                .containsExactly(
                        "+ cosine@2",
                        "+ label smoothing@2",
                        "+ batch 256@2",
                        "baseline@3",
                        "+ cosine@3",
                        "+ label smoothing@3",
                        "+ batch 256@3");
        // reading the pending runs changes nothing in the file
        assertThat(ResultsFile.read(json)).hasSize(8);
    }

    @Test
    void concurrentRunsOverlapAndWriteTheSameFileAsSequentialOnes() throws Exception {
        Path sequential = dir.resolve("sequential.json");
        Path concurrent = dir.resolve("concurrent.json");
        AblationResult one =
                FakeTrial.ablation(sequential, FakeTrial::metrics, 1, 2, 3).build().run();

        // Each run waits until a second one has started, so the ablation finishes only if two
        // runs overlap; later runs finish first, which must not change the file's order.
        AtomicInteger started = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
        Trial overlapping =
                (c, seed) -> {
                    int order = started.getAndIncrement();
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    two.countDown();
                    assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(order % 2 == 0 ? 30 : 1);
                    running.decrementAndGet();
                    return FakeTrial.metrics(c, seed);
                };
        AblationResult three =
                FakeTrial.ablation(concurrent, overlapping, 1, 2, 3)
                        .optConcurrency(3)
                        .build()
                        .run();
        assertThat(most.get()).isBetween(2, 3);
        assertThat(started.get()).isEqualTo(12);
        List<RunRecord> a = ResultsFile.read(sequential);
        List<RunRecord> b = ResultsFile.read(concurrent);
        assertThat(b).hasSize(12);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).variant()).isEqualTo(a.get(i).variant());
            assertThat(b.get(i).seed()).isEqualTo(a.get(i).seed());
            assertThat(b.get(i).metrics()).isEqualTo(a.get(i).metrics());
        }
        for (AblationResult.Row row : one.rows()) {
            assertThat(three.row(row.name()).values("top1")).isEqualTo(row.values("top1"));
        }
    }

    @Test
    void aConcurrentAblationResumesAndAFailureStopsNothing() throws Exception {
        Path json = dir.resolve("runs.json");
        FakeTrial.ablation(json, FakeTrial::metrics, 1).build().run();
        AtomicInteger calls = new AtomicInteger();
        Trial flaky =
                (c, seed) -> {
                    calls.incrementAndGet();
                    if (c.getString("schedule").equals("cosine") && seed == 3) {
                        throw new IllegalStateException("diverged");
                    }
                    return FakeTrial.metrics(c, seed);
                };
        AblationResult result =
                FakeTrial.ablation(json, flaky, 1, 2, 3).optConcurrency(2).build().run();
        assertThat(calls.get()).isEqualTo(8); // seed 1 was recorded before
        assertThat(result.row("+ cosine").failures()).hasSize(1);
        assertThat(result.row("+ batch 256").failures()).hasSize(1);
        assertThat(result.row("baseline").runs()).hasSize(3);
        assertThat(ResultsFile.read(json)).hasSize(12);
    }

    @Test
    void anInterruptedConcurrentRunStopsTheAblation() throws Exception {
        Path json = dir.resolve("runs.json");
        AtomicInteger calls = new AtomicInteger();
        Trial interrupted =
                (c, seed) -> {
                    if (calls.incrementAndGet() == 3) {
                        throw new InterruptedException("stop");
                    }
                    return FakeTrial.metrics(c, seed);
                };
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, interrupted, 1, 2, 3)
                                        .optConcurrency(2)
                                        .build()
                                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Interrupted during row");
        assertThat(ResultsFile.read(json).size()).isLessThan(12);
    }

    @Test
    void oneAtATimeChangesTheBaselineAlone() throws Exception {
        AblationResult result =
                FakeTrial.ablation(dir.resolve("runs.json"), FakeTrial::metrics, 1, 2, 3)
                        .optMode(AblationRunner.Mode.ONE_AT_A_TIME)
                        .build()
                        .run();
        assertThat(result.row("+ label smoothing").configuration().asMap())
                .containsEntry("schedule", "step")
                .containsEntry("smoothing", 0.1);
        assertThat(result.row("+ label smoothing").changes()).isEqualTo(Map.of("smoothing", 0.1));
        assertThat(result.toMarkdown()).doesNotContain("Δ previous").contains("One change");
    }

    @Test
    void badInputGivesAClearError() {
        Path json = dir.resolve("runs.json");
        assertThatThrownBy(() -> FakeTrial.ablation(json, FakeTrial::metrics).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seeds");
        assertThatThrownBy(() -> FakeTrial.ablation(json, FakeTrial::metrics, 1, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seeds must be distinct");
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, FakeTrial::metrics, 1)
                                        .addVariant("+ cosine", Map.of("lr", 0.2))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+ cosine' twice");
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, FakeTrial::metrics, 1)
                                        .addVariant("baseline", Map.of("lr", 0.2))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'baseline' twice");
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, FakeTrial::metrics, 1)
                                        .addVariant("+ nothing", Map.of())
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+ nothing' must change at least one parameter");
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, FakeTrial::metrics, 1)
                                        .addVariant("+ odd", Map.of("lr", new Object()))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr' must be a string, number or boolean");
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(json, FakeTrial::metrics, 1)
                                        .optConcurrency(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency must be >= 1, got 0");
    }

    @Test
    void aMetricMissingFromOneRunIsAnError() {
        Trial lossy =
                (c, seed) -> {
                    Map<String, Double> m =
                            new java.util.LinkedHashMap<>(FakeTrial.metrics(c, seed));
                    if (seed == 3 && c.getInt("batch") == 256) {
                        m.remove("loss");
                    }
                    return m;
                };
        assertThatThrownBy(
                        () ->
                                FakeTrial.ablation(dir.resolve("r.json"), lossy, 1, 2, 3)
                                        .build()
                                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row '+ batch 256', seed 3")
                .hasMessageContaining("lacks [loss]");
    }

    @Test
    void aResultsFileOfAnotherConfigurationIsRejected() throws Exception {
        Path json = dir.resolve("runs.json");
        FakeTrial.ablation(json, FakeTrial::metrics, 1).build().run();
        assertThatThrownBy(
                        () ->
                                AblationRunner.builder()
                                        .setBaseline(
                                                Map.of(
                                                        "schedule",
                                                        "step",
                                                        "smoothing",
                                                        0.0,
                                                        "batch",
                                                        64))
                                        .setSeeds(1)
                                        .setTrial(FakeTrial::metrics)
                                        .setResultsFile(json)
                                        .build()
                                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records row 'baseline' seed 1")
                .hasMessageContaining("use another results file");
    }

    @Test
    void convergenceVerdictsAreCountedInTheTable() throws Exception {
        Trial withVerdict =
                (c, seed) -> {
                    Map<String, Double> m =
                            new java.util.LinkedHashMap<>(FakeTrial.metrics(c, seed));
                    m.put(ConvergenceListener.METRIC, seed == 2 ? 0.0 : 1.0);
                    return m;
                };
        AblationResult result =
                FakeTrial.ablation(dir.resolve("runs.json"), withVerdict, 1, 2, 3).build().run();
        String md = result.toMarkdown();
        assertThat(md.lines().findFirst().orElseThrow()).endsWith("| converged | wall s |");
        assertThat(md).contains("| 2/3 |");
    }

    @Test
    void runsTooShortToJudgeAreCountedApartNeverAsConverged() throws Exception {
        Trial withVerdict =
                (c, seed) -> {
                    Map<String, Double> m =
                            new java.util.LinkedHashMap<>(FakeTrial.metrics(c, seed));
                    m.put(
                            ConvergenceListener.METRIC,
                            (seed == 1
                                            ? ConvergenceListener.Status.CONVERGED
                                            : seed == 2
                                                    ? ConvergenceListener.Status.TOO_SHORT
                                                    : ConvergenceListener.Status.NOT_CONVERGED)
                                    .metricValue());
                    return m;
                };
        AblationResult result =
                FakeTrial.ablation(dir.resolve("runs.json"), withVerdict, 1, 2, 3).build().run();
        assertThat(result.toMarkdown()).contains("| 1/2 (1 too short) |");
        assertThat(AblationResult.convergedCell(new double[] {-1, -1}))
                .isEqualTo("0/0 (2 too short)");
        assertThat(AblationResult.convergedCell(new double[] {1, 0, 1})).isEqualTo("2/3");
    }

    @Test
    void aRunThatDivergesIsRecordedAsFailedNeverAsAScore() throws Exception {
        Path json = dir.resolve("runs.json");
        Trial odd =
                (c, seed) -> {
                    if (c.getDouble("smoothing") > 0 && c.getInt("batch") == 128) {
                        throw new DivergedException(
                                37, "training diverged at step 37: loss NaN; first non-finite x");
                    }
                    Map<String, Double> m =
                            new java.util.LinkedHashMap<>(FakeTrial.metrics(c, seed));
                    m.put("loss", c.getInt("batch") == 256 ? Double.NaN : m.get("loss"));
                    return m;
                };
        AblationResult first = FakeTrial.ablation(json, odd, 4).build().run();
        RunRecord nan = ResultsFile.read(json).get(3);
        assertThat(nan.ok()).isFalse();
        assertThat(nan.metrics()).isEmpty();
        assertThat(nan.message())
                .isEqualTo(AblationRunner.DIVERGED + "the trial returned loss = NaN");
        assertThat(nan.name()).endsWith("-seed4-failed");
        RunRecord thrown = ResultsFile.read(json).get(2);
        assertThat(thrown.ok()).isFalse();
        assertThat(thrown.message())
                .isEqualTo(
                        AblationRunner.DIVERGED
                                + "training diverged at step 37: loss NaN; first non-finite x");
        AblationResult again = FakeTrial.ablation(json, odd, 4).build().run();
        assertThat(again.toMarkdown()).isEqualTo(first.toMarkdown());
        assertThat(again.toMarkdown())
                .contains("| + batch 256 | 0 (+1 failed) |")
                .contains("- + batch 256, seed 4: diverged: the trial returned loss = NaN");
        MetricSummary s = again.row("+ cosine").metrics().get("top1");
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.std()).isZero();
        assertThat(s.pBaseline()).isNaN();
        assertThat(again.toMarkdown())
                .contains(
                        "| + cosine | 1 | "
                                + String.format(java.util.Locale.ROOT, "%.4g", s.mean())
                                + " |");
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double var(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** Welch's t-test, two-sided, with Welch–Satterthwaite degrees of freedom. */
    private static double welchP(double[] x, double[] y) {
        double vx = var(x) / x.length;
        double vy = var(y) / y.length;
        double t = (mean(x) - mean(y)) / Math.sqrt(vx + vy);
        double df = (vx + vy) * (vx + vy) / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        return 2 * TDistribution.of(df).survivalProbability(Math.abs(t));
    }
}
