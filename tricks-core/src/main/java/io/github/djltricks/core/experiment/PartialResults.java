/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Merges the partial results files of an ablation spread over machines ({@link
 * AblationRunner.Builder#optPart}) into the results file one machine would have written: every run
 * once, in run order (seed by seed, in row order), as {@code {"runs": [...]}}.
 *
 * <p>It refuses, with a message that names them, files that are not partial results files, parts of
 * different ablations (count, rows, seeds, mode or {@linkplain AblationRunner.Builder#optSettings
 * settings}, such as the code version, differ), a part given twice, a run recorded twice, and runs
 * recorded by no part, unless missing runs are allowed: then it merges what there is and reports
 * the gaps. A failed run counts as recorded, as it does on one machine.
 *
 * <pre>{@code
 * PartialResults.Merge merge = PartialResults.merge(
 *         List.of(Path.of("out/part-1-of-3/results.json"), Path.of("out/part-2-of-3/results.json"),
 *                 Path.of("out/part-3-of-3/results.json")),
 *         Path.of("out/results.json"), false);
 * }</pre>
 */
public final class PartialResults {

    /**
     * What a merge found and wrote.
     *
     * @param count the number of parts of the ablation
     * @param settings the settings every part recorded
     * @param runs the runs written, in run order
     * @param missing the runs no part recorded, each as {@code row 'NAME' seed S (part I/N: …)}
     *     naming the part that was to run it; empty unless missing runs were allowed
     * @param partsToRerun the parts with a missing run, in order
     */
    public record Merge(
            int count,
            Map<String, String> settings,
            List<RunRecord> runs,
            List<String> missing,
            List<Part> partsToRerun) {}

    private PartialResults() {}

    /**
     * Returns the settings a partial results file records.
     *
     * @param file the file
     * @return its settings, empty if it records none
     * @throws IOException if it cannot be read
     * @throws IllegalStateException if it is not a partial results file
     */
    public static Map<String, String> settings(Path file) throws IOException {
        ResultsFile.Content c = readPart(file);
        return c.settings == null ? Map.of() : Map.copyOf(c.settings);
    }

    /**
     * Merges partial results files into a results file.
     *
     * @param parts the partial results files, one per part, in any order
     * @param resultsFile the merged file, written atomically (replaced if it exists)
     * @param allowMissing whether runs no part recorded are reported ({@link Merge#missing})
     *     instead of refused
     * @return what was merged
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if no file is given
     * @throws IllegalStateException if a file is not a partial results file, the files are parts of
     *     different ablations, a part is given twice, a run is recorded twice, or (unless allowed)
     *     a run is recorded by no part; the message names the files, parts and runs
     */
    public static Merge merge(List<Path> parts, Path resultsFile, boolean allowMissing)
            throws IOException {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("parts must name at least one partial results file");
        }
        List<ResultsFile.Content> contents = new ArrayList<>();
        for (Path file : parts) {
            contents.add(readPart(file));
        }
        ResultsFile.Content first = contents.get(0);
        Part firstPart = Part.parse(first.part);
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (int i = 0; i < contents.size(); i++) {
            ResultsFile.Content c = contents.get(i);
            Path file = parts.get(i);
            Part part = Part.parse(c.part);
            if (part.count() != firstPart.count()) {
                throw different(parts.get(0), file, "part", first.part, c.part);
            }
            if (!Objects.equals(settingsOf(first), settingsOf(c))) {
                Map<String, String> a = settingsOf(first);
                Map<String, String> b = settingsOf(c);
                for (String key : union(a, b)) {
                    if (!Objects.equals(a.get(key), b.get(key))) {
                        throw different(
                                parts.get(0), file, "settings." + key, a.get(key), b.get(key));
                    }
                }
            }
            if (first.mode != c.mode) {
                throw different(parts.get(0), file, "mode", first.mode, c.mode);
            }
            if (!Arrays.equals(first.seeds, c.seeds)) {
                throw different(
                        parts.get(0),
                        file,
                        "seeds",
                        Arrays.toString(first.seeds),
                        Arrays.toString(c.seeds));
            }
            if (!Arrays.equals(first.dealt, c.dealt)) {
                throw different(
                        parts.get(0),
                        file,
                        "the parts the runs are dealt to (the cost of a run)",
                        Arrays.toString(first.dealt),
                        Arrays.toString(c.dealt));
            }
            if (!rowsOf(first).equals(rowsOf(c))) {
                throw different(
                        parts.get(0), file, "rows", rowsOf(first).keySet(), rowsOf(c).keySet());
            }
            Path twice = byIndex.put(part.index(), file);
            if (twice != null) {
                throw new IllegalStateException(
                        "part " + part + " is given twice: " + twice + " and " + file);
            }
        }

        // every run once: where each is recorded, and which part was to run it
        Map<String, Path> recordedIn = new LinkedHashMap<>();
        Map<String, RunRecord> records = new LinkedHashMap<>();
        Map<String, Part> dealtTo = new LinkedHashMap<>();
        int k = 0;
        for (long seed : first.seeds) {
            for (String row : first.rows.keySet()) {
                if (first.dealt != null && k < first.dealt.length) {
                    dealtTo.put(key(row, seed), new Part(first.dealt[k], firstPart.count()));
                }
                k++;
            }
        }
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            ResultsFile.Content c = contents.get(i);
            for (RunRecord r : c.runs) {
                String key = key(r.variant(), r.seed());
                Path earlier = recordedIn.put(key, parts.get(i));
                if (earlier != null) {
                    duplicates.add(
                            describe(r.variant(), r.seed())
                                    + " in "
                                    + earlier
                                    + " and "
                                    + parts.get(i));
                }
                records.put(key, r);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalStateException(
                    "the parts record "
                            + duplicates.size()
                            + " run(s) twice: "
                            + String.join("; ", duplicates));
        }

        Map<String, Configuration> rows = rowsOf(first);
        List<RunRecord> merged = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Part> rerun = new ArrayList<>();
        for (long seed : first.seeds) {
            for (Map.Entry<String, Configuration> row : rows.entrySet()) {
                String key = key(row.getKey(), seed);
                RunRecord r = records.remove(key);
                if (r != null) {
                    merged.add(r);
                    continue;
                }
                Part part = dealtTo.get(key);
                String where;
                if (part == null) {
                    where = "dealt to no part";
                } else {
                    where =
                            "part "
                                    + part
                                    + ": "
                                    + (byIndex.containsKey(part.index())
                                            ? "not finished in " + byIndex.get(part.index())
                                            : "no file");
                    if (!rerun.contains(part)) {
                        rerun.add(part);
                    }
                }
                missing.add(describe(row.getKey(), seed) + " (" + where + ")");
            }
        }
        rerun.sort((a, b) -> Integer.compare(a.index(), b.index()));
        if (!records.isEmpty()) {
            throw new IllegalStateException(
                    "the parts record runs the ablation does not have: " + records.keySet());
        }
        if (!missing.isEmpty() && !allowMissing) {
            throw new IllegalStateException(
                    "missing "
                            + missing.size()
                            + " of "
                            + rows.size() * first.seeds.length
                            + " runs: "
                            + String.join("; ", missing)
                            + "; run part(s) "
                            + rerun
                            + " again (a part resumes from its file), or allow missing runs");
        }
        ResultsFile.write(resultsFile, merged);
        return new Merge(firstPart.count(), settingsOf(first), List.copyOf(merged), missing, rerun);
    }

    private static ResultsFile.Content readPart(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalStateException("partial results file " + file + " does not exist");
        }
        ResultsFile.Content c = ResultsFile.readContent(file);
        if (c.part == null
                || c.rows == null
                || c.seeds == null
                || c.mode == null
                || c.dealt == null
                || c.dealt.length != c.rows.size() * c.seeds.length) {
            throw new IllegalStateException(
                    file
                            + " is not a partial results file: it names no part, rows, seeds,"
                            + " mode or parts of the runs (it is written by a runner with optPart of several parts)");
        }
        try {
            Part.parse(c.part);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return c;
    }

    private static Map<String, String> settingsOf(ResultsFile.Content c) {
        return c.settings == null ? Map.of() : c.settings;
    }

    private static Map<String, Configuration> rowsOf(ResultsFile.Content c) {
        Map<String, Configuration> rows = new LinkedHashMap<>();
        c.rows.forEach((name, config) -> rows.put(name, Configuration.of(config)));
        return rows;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(new TreeMap<>(a).keySet());
        for (String k : new TreeMap<>(b).keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static IllegalStateException different(
            Path a, Path b, String what, Object valueA, Object valueB) {
        return new IllegalStateException(
                a
                        + " and "
                        + b
                        + " are parts of different ablations: "
                        + what
                        + " is '"
                        + valueA
                        + "' in the first and '"
                        + valueB
                        + "' in the second");
    }

    private static String key(String row, long seed) {
        return row + "\n" + seed;
    }

    private static String describe(String row, long seed) {
        return "row '" + row + "' seed " + seed;
    }
}
