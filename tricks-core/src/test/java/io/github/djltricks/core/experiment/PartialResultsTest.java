/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ablation run as parts on several machines and merged equals the ablation run on one. */
class PartialResultsTest {

    private static final long[] SEEDS = {1, 2, 3};
    private static final Map<String, String> SETTINGS =
            Map.of("command", "fake", "version", "1.0 (sha256 abc)");

    @TempDir Path dir;

    @Test
    void partsParseAndBadPartsAreRejectedByValue() {
        assertThat(Part.parse("2/3")).isEqualTo(new Part(2, 3));
        assertThat(Part.parse(" 1 / 1 ").whole()).isTrue();
        assertThat(Part.parse("2/3").label()).isEqualTo("part-2-of-3");
        for (String bad : new String[] {"4/3", "0/3", "3", "a/b", "-1/2", "1/0", ""}) {
            assertThatThrownBy(() -> Part.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("part must be I/N")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> new Part(4, 3)).hasMessageContaining("got 4/3");
        assertThatThrownBy(() -> Part.assign(new double[] {1, -1}, 2))
                .hasMessageContaining("costs must be finite and >= 0; got -1.0 for run 1");
        assertThatThrownBy(() -> Part.assign(new double[] {1}, 0))
                .hasMessageContaining("count must be >= 1; got 0");
    }

    @Test
    void equalCostsAreDealtInTurnAndTheCostliestRunsFirst() {
        assertThat(Part.assign(new double[] {1, 1, 1, 1, 1}, 3)).containsExactly(1, 2, 3, 1, 2);
        // 5 and 4 open two parts, 3 joins 4, 3 joins 5, ...
        assertThat(Part.assign(new double[] {3, 5, 3, 4, 1}, 2)).containsExactly(2, 1, 1, 2, 2);
    }

    /** Every run goes to one part, the same every time, and no part exceeds another by more. */
    @Property(tries = 200)
    void everyRunIsDealtOnceAndThePartsAreBalanced(
            @ForAll @Size(max = 40) List<@DoubleRange(min = 0, max = 100) Double> costs,
            @ForAll @IntRange(min = 1, max = 7) int count) {
        double[] c = costs.stream().mapToDouble(Double::doubleValue).toArray();
        int[] parts = Part.assign(c, count);
        assertThat(Part.assign(c, count)).containsExactly(parts);
        double[] load = new double[count];
        for (int i = 0; i < c.length; i++) {
            assertThat(parts[i]).isBetween(1, count);
            load[parts[i] - 1] += c[i];
        }
        double max = Arrays.stream(c).max().orElse(0);
        double spread =
                Arrays.stream(load).max().getAsDouble() - Arrays.stream(load).min().getAsDouble();
        assertThat(spread).isLessThanOrEqualTo(max + 1e-9);
    }

    @Test
    void threePartsMergedEqualTheAblationRunOnOneMachine() throws Exception {
        List<RunRecord> whole = run(dir.resolve("whole.json"), Part.WHOLE);
        List<Path> files = new ArrayList<>();
        List<List<RunRecord>> parts = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            Path file = dir.resolve("part-" + p + ".json");
            parts.add(run(file, new Part(p, 3)));
            files.add(file);
        }
        // the costliest rows are spread, and every part has a share
        assertThat(parts).allSatisfy(p -> assertThat(p).hasSizeBetween(3, 5));
        assertThat(PartialResults.settings(files.get(0))).isEqualTo(SETTINGS);

        Path merged = dir.resolve("results.json");
        PartialResults.Merge merge =
                PartialResults.merge(
                        List.of(files.get(2), files.get(0), files.get(1)), merged, false);
        assertThat(merge.missing()).isEmpty();
        assertThat(merge.count()).isEqualTo(3);
        assertThat(merge.settings()).isEqualTo(SETTINGS);
        assertThat(withoutTimes(ResultsFile.read(merged))).isEqualTo(withoutTimes(whole));
        // the merged file is a plain results file: it resumes as one, with nothing to run
        assertThat(JsonParser.parseString(Files.readString(merged)).getAsJsonObject().keySet())
                .containsExactly("runs");
        AtomicInteger calls = new AtomicInteger();
        ablation(merged, (c, s) -> FakeTrial.metrics(c, s), calls).build().run();
        assertThat(calls.get()).isZero();
    }

    @Test
    void aPartWithNoRunsStillWritesItsFile() throws Exception {
        Path file = dir.resolve("part-3.json");
        AtomicInteger calls = new AtomicInteger();
        AblationRunner runner =
                FakeTrial.ablation(
                                file,
                                (c, s) -> {
                                    calls.incrementAndGet();
                                    return FakeTrial.metrics(c, s);
                                },
                                1)
                        .optPart(new Part(5, 5))
                        .build();
        assertThat(runner.partRuns()).isEmpty();
        runner.run();
        assertThat(calls.get()).isZero();
        assertThat(ResultsFile.readContent(file).part).isEqualTo("5/5");
        assertThat(ResultsFile.readContent(file).dealt).containsExactly(1, 2, 3, 4);
    }

    /**
     * A part that crashes keeps the runs it finished, the others are intact, the merge names what
     * is missing, and running only that part again completes the merge.
     */
    @Test
    void aCrashedPartIsRunAgainAloneAndTheMergeCompletes() throws Exception {
        List<RunRecord> whole = run(dir.resolve("whole.json"), Part.WHOLE);
        Path p1 = dir.resolve("p1.json");
        Path p2 = dir.resolve("p2.json");
        Path p3 = dir.resolve("p3.json");
        run(p1, new Part(1, 3));
        run(p3, new Part(3, 3));
        AtomicInteger calls = new AtomicInteger();
        AblationRunner crashing =
                ablation(
                                p2,
                                (c, s) -> {
                                    if (calls.get() == 1) {
                                        throw new OutOfMemoryError("killed");
                                    }
                                    return FakeTrial.metrics(c, s);
                                },
                                calls)
                        .optPart(new Part(2, 3))
                        .build();
        int dealt = crashing.partRuns().size();
        assertThatThrownBy(crashing::run).isInstanceOf(OutOfMemoryError.class);
        assertThat(ResultsFile.read(p2)).hasSize(1);
        String p1Before = Files.readString(p1);

        Path merged = dir.resolve("results.json");
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, p2, p3), merged, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing " + (dealt - 1) + " of 12 runs")
                .hasMessageContaining("part 2/3: not finished in " + p2)
                .hasMessageContaining("run part(s) [2/3] again");
        assertThat(merged).doesNotExist();
        // a part with no file at all is named too
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, p3), merged, false))
                .hasMessageContaining("part 2/3: no file");
        PartialResults.Merge partial = PartialResults.merge(List.of(p1, p2, p3), merged, true);
        assertThat(partial.missing()).hasSize(dealt - 1);
        assertThat(partial.partsToRerun()).containsExactly(new Part(2, 3));
        assertThat(partial.runs()).hasSize(12 - (dealt - 1));

        calls.set(0);
        ablation(p2, (c, s) -> FakeTrial.metrics(c, s), calls)
                .optPart(new Part(2, 3))
                .build()
                .run();
        assertThat(calls.get()).isEqualTo(dealt - 1);
        assertThat(Files.readString(p1)).isEqualTo(p1Before);
        PartialResults.merge(List.of(p1, p2, p3), merged, false);
        assertThat(withoutTimes(ResultsFile.read(merged))).isEqualTo(withoutTimes(whole));
    }

    @Test
    void partsOfDifferentAblationsTwiceOrRecordingARunTwiceAreRefusedByName() throws Exception {
        Path p1 = dir.resolve("p1.json");
        Path p2 = dir.resolve("p2.json");
        run(p1, new Part(1, 2));
        run(p2, new Part(2, 2));
        Path merged = dir.resolve("results.json");

        Path other = dir.resolve("other.json");
        FakeTrial.ablation(other, FakeTrial::metrics, SEEDS)
                .optPart(new Part(2, 2))
                .optSettings(Map.of("command", "fake", "version", "1.1 (sha256 def)"))
                .build()
                .run();
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, other), merged, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(p1 + " and " + other + " are parts of different ablations")
                .hasMessageContaining(
                        "settings.version is '1.0 (sha256 abc)' in the first and"
                                + " '1.1 (sha256 def)' in the second");

        Path fewerSeeds = dir.resolve("seeds.json");
        FakeTrial.ablation(fewerSeeds, FakeTrial::metrics, 1, 2)
                .optPart(new Part(2, 2))
                .optSettings(SETTINGS)
                .build()
                .run();
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, fewerSeeds), merged, false))
                .hasMessageContaining("seeds is '[1, 2, 3]' in the first and '[1, 2]'");

        Path thirds = dir.resolve("thirds.json");
        run(thirds, new Part(2, 3));
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, thirds), merged, false))
                .hasMessageContaining("part is '1/2' in the first and '2/3' in the second");

        Path copy = dir.resolve("copy.json");
        Files.copy(p2, copy);
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, p2, copy), merged, false))
                .hasMessageContaining("part 2/2 is given twice: " + p2 + " and " + copy);

        // part 2's file also records a run of part 1
        JsonObject json = JsonParser.parseString(Files.readString(p2)).getAsJsonObject();
        JsonArray runs1 =
                JsonParser.parseString(Files.readString(p1))
                        .getAsJsonObject()
                        .getAsJsonArray("runs");
        json.getAsJsonArray("runs").add(runs1.get(0));
        Files.writeString(p2, json.toString());
        String row = runs1.get(0).getAsJsonObject().get("variant").getAsString();
        assertThatThrownBy(() -> PartialResults.merge(List.of(p1, p2), merged, false))
                .hasMessageContaining("the parts record 1 run(s) twice: row '" + row + "' seed 1")
                .hasMessageContaining("in " + p1 + " and " + p2);

        Path plain = dir.resolve("plain.json");
        run(plain, Part.WHOLE);
        assertThatThrownBy(() -> PartialResults.merge(List.of(plain), merged, false))
                .hasMessageContaining(plain + " is not a partial results file");
        assertThatThrownBy(() -> PartialResults.merge(List.of(), merged, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(merged).doesNotExist();
    }

    /** Runs one part of the test ablation, whose "+ batch 256" row costs three times as much. */
    private static List<RunRecord> run(Path file, Part part) throws Exception {
        ablation(file, FakeTrial::metrics, new AtomicInteger()).optPart(part).build().run();
        return ResultsFile.read(file);
    }

    private static AblationRunner.Builder ablation(Path file, Trial trial, AtomicInteger calls) {
        return FakeTrial.ablation(
                        file,
                        (c, s) -> {
                            Map<String, Double> m = trial.run(c, s);
                            calls.incrementAndGet();
                            return m;
                        },
                        SEEDS)
                .optCost(r -> r.configuration().getInt("batch") / 128.0 * 1.5)
                .optSettings(SETTINGS);
    }

    private static List<RunRecord> withoutTimes(List<RunRecord> runs) {
        return runs.stream()
                .map(
                        r ->
                                new RunRecord(
                                        r.variant(),
                                        r.seed(),
                                        r.name(),
                                        r.status(),
                                        r.message(),
                                        0,
                                        r.configuration(),
                                        r.metrics()))
                .toList();
    }
}
