/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.PartialResults;
import io.github.djltricks.core.experiment.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code merge}: combines the parts of an ablation run with {@code --part I/N} on several machines
 * ({@link PartOptions}) into what one machine would have written.
 *
 * <p>It reads {@code DIR/part-I-of-N/results.json} and {@code curves.csv}, checks the parts with
 * {@link PartialResults#merge} (same command, arguments, code version, rows, seeds; no part twice,
 * no run twice, no run missing unless {@code --allow-missing}), writes {@code DIR/results.json}
 * (every run in run order, as one machine writes it) and {@code DIR/curves.csv}, then runs the
 * parts' command with their arguments, {@code --out DIR} and nothing left to run, so that {@code
 * table.md}, the charts and the rest come from the same code as a single machine's. That run loads
 * the data and, for the detection commands, pretrains the backbone again, as a resumed run does.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Combines the parts of an ablation run with --part I/N (or under a Slurm job array or a"
                    + " Kubernetes Indexed Job) into DIR/results.json, the tables and the charts"
                    + " one machine would have written.",
            "Refuses parts of different settings or code versions, a run recorded twice and"
                    + " missing runs, naming them; rerun the parts it names (a part resumes), or"
                    + " pass --allow-missing to write the tables of the runs there are."
        })
public final class MergeCommand implements Callable<Integer> {

    private static final Pattern PART_DIR = Pattern.compile("part-(\\d+)-of-(\\d+)");

    @Spec private CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "DIR",
            description = "The parts' --out directory, holding part-I-of-N/results.json.")
    private Path dir;

    @Option(
            names = "--allow-missing",
            description = "Merge the runs there are and report the missing ones.")
    private boolean allowMissing;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the data is on this machine, if not where the parts had it (for the"
                            + " tables' run, which loads it).")
    private Path dataDir;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<Path> parts = partFiles(dir);
        Path results = dir.resolve("results.json");
        PartialResults.Merge merge = PartialResults.merge(parts, results, allowMissing);
        String command = merge.settings().get("command");
        List<String> recorded = PartOptions.parseArgs(merge.settings().get("args"));
        if (command == null || recorded == null) {
            throw new IllegalStateException(
                    parts.get(0)
                            + " names no command and arguments: it was not written by a"
                            + " tricks-examples command");
        }
        mergeCurves(parts, merge.runs(), dir.resolve("curves.csv"));
        console.printf(
                Locale.ROOT,
                "merge: %d file(s) of %d part(s) of %s, %d runs into %s%n",
                parts.size(),
                merge.count(),
                command,
                merge.runs().size(),
                results);
        String version = merge.settings().get("version");
        if (version != null && !version.equals(PartOptions.version())) {
            console.printf(
                    Locale.ROOT,
                    "merge: the parts ran code %s, this is %s; the tables come from this code%n",
                    version,
                    PartOptions.version());
        }
        if (!merge.missing().isEmpty()) {
            console.printf(
                    Locale.ROOT,
                    "merge: %d run(s) missing (--allow-missing): %s; rerun part(s) %s and merge"
                            + " again to complete%n",
                    merge.missing().size(),
                    String.join("; ", merge.missing()),
                    merge.partsToRerun());
        }
        console.flush();

        List<String> args = new ArrayList<>(List.of(command));
        for (int i = 0; i < recorded.size(); i++) {
            String a = recorded.get(i);
            if (dataDir != null && a.equals("--data-dir") && i + 1 < recorded.size()) {
                i++;
            } else if (dataDir == null || !a.startsWith("--data-dir=")) {
                args.add(a);
            }
        }
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        args.addAll(List.of("--out", dir.toString(), "--part", "1/1", "--report-only"));
        CommandLine tables = Main.commandLine();
        tables.setOut(console);
        tables.setErr(spec.commandLine().getErr());
        return tables.execute(args.toArray(new String[0]));
    }

    /** The {@code part-I-of-N/results.json} files of a directory, by part. */
    static List<Path> partFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "DIR must be the parts' --out directory; got "
                            + dir
                            + ", which is no directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files =
                    list.filter(p -> PART_DIR.matcher(p.getFileName().toString()).matches())
                            .map(p -> p.resolve("results.json"))
                            .filter(Files::isRegularFile)
                            .sorted(
                                    (a, b) -> {
                                        int[] x = partOf(a);
                                        int[] y = partOf(b);
                                        return x[1] != y[1]
                                                ? Integer.compare(x[1], y[1])
                                                : Integer.compare(x[0], y[0]);
                                    })
                            .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "DIR must hold part-I-of-N/results.json files, written by the ablation"
                            + " commands with --part I/N; "
                            + dir
                            + " holds none");
        }
        return files;
    }

    private static int[] partOf(Path results) {
        Matcher m = PART_DIR.matcher(results.getParent().getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException(results.toString());
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Joins the parts' {@code curves.csv}: each series once (a series in several parts, such as a
     * teacher every part trains, from the first), the runs' series in run order, the others after
     * them in the order first met.
     */
    static void mergeCurves(List<Path> parts, List<RunRecord> runs, Path target)
            throws IOException {
        List<TrainingCurves> read = new ArrayList<>();
        for (Path results : parts) {
            Path csv = results.resolveSibling("curves.csv");
            if (Files.isRegularFile(csv)) {
                read.add(TrainingCurves.read(csv));
            }
        }
        if (read.isEmpty()) {
            return;
        }
        Set<String> order = new LinkedHashSet<>();
        runs.forEach(r -> order.add(r.variant() + " / seed " + r.seed()));
        read.forEach(c -> order.addAll(c.names()));
        TrainingCurves merged = new TrainingCurves();
        for (String name : order) {
            for (TrainingCurves c : read) {
                double[] steps = c.steps(name);
                if (steps.length > 0) {
                    double[] values = c.values(name);
                    for (int i = 0; i < steps.length; i++) {
                        merged.record(name, (long) steps[i], values[i]);
                    }
                    break;
                }
            }
        }
        merged.writeCsv(target);
    }
}
