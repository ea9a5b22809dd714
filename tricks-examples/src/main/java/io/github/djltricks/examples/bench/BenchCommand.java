/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.examples.ChildJvm;
import io.github.djltricks.examples.RunInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench [NAME…] [--quick]}: runs the named benchmarks (all by default) and prints one table
 * — figure, value, target, verdict — headed by the machine (cores, JDK, engine). The same table is
 * written as Markdown and JSON to {@code results/bench/}. A figure whose feature is not built yet
 * is listed as such, never as passed; a benchmark that throws is listed as an error.
 *
 * <p>Each of the project's benchmarks runs in a JVM of its own ({@link ChildJvm}), as each run of
 * the main job does: in one JVM, a benchmark inherited the heaps, compiled code and page-fault
 * state the ones before it left (on the 2-core machine {@code detector-gflops} read 0.165 after
 * eleven others and 0.213–0.216 alone, {@code augment-throughput} 1.52 and 6.4–6.8).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run the performance benchmarks and print one table of figures and verdicts.")
public final class BenchCommand implements Callable<Integer> {

    /** Added to the machine line when every benchmark ran in a JVM of its own. */
    static final String SEPARATE_JVMS = "; each benchmark in a JVM of its own";

    /** The verdict of a row. */
    public enum Verdict {
        /** The figure meets its target. */
        PASS,
        /** The figure misses its target. */
        FAIL,
        /** The benchmark threw. */
        ERROR,
        /** The feature behind the figure does not exist yet. */
        NOT_BUILT_YET
    }

    /**
     * One row of the table.
     *
     * @param name the benchmark's name
     * @param figure what is measured
     * @param value the formatted value, or a dash
     * @param target the target
     * @param verdict the verdict
     * @param detail what the value was computed from, or the error
     * @param seconds how long the benchmark took
     */
    public record Row(
            String name,
            String figure,
            String value,
            String target,
            Verdict verdict,
            String detail,
            double seconds) {}

    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Benchmarks to run (default: all).")
    private List<String> names = new ArrayList<>();

    @Option(
            names = "--quick",
            description = "Short budget: the whole set finishes in a few minutes on 2 cores.")
    private boolean quick;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the Markdown and JSON tables go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results", "bench");

    @Option(
            names = "--in-process",
            hidden = true,
            description = "Run the benchmarks in this JVM (how each child runs its one benchmark).")
    private boolean inProcess;

    private final Supplier<List<Benchmark>> registry;
    private final Supplier<List<String>> missing;
    private final boolean forkable;

    /**
     * Creates the command over the project's registry, {@link Benchmarks}; each benchmark runs in a
     * JVM of its own.
     */
    public BenchCommand() {
        this(Benchmarks::all, Benchmarks::notBuiltYet, true);
    }

    /**
     * Creates the command over the given benchmarks, run in this JVM (a child JVM could not find
     * them).
     *
     * @param registry the runnable benchmarks
     * @param missing the names of figures whose feature is not built yet
     */
    public BenchCommand(Supplier<List<Benchmark>> registry, Supplier<List<String>> missing) {
        this(registry, missing, false);
    }

    private BenchCommand(
            Supplier<List<Benchmark>> registry, Supplier<List<String>> missing, boolean forkable) {
        this.registry = registry;
        this.missing = missing;
        this.forkable = forkable;
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        List<Benchmark> benchmarks = registry.get();
        List<String> notBuilt = missing.get();
        List<String> known = new ArrayList<>();
        benchmarks.forEach(b -> known.add(b.name()));
        known.addAll(notBuilt);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "unknown benchmark '" + name + "'; known: " + String.join(", ", known));
            }
        }
        PrintWriter console = spec.commandLine().getOut();
        String machine = "machine: " + RunInfo.machine();
        console.println(machine);
        console.flush();

        List<Row> rows = new ArrayList<>();
        for (Benchmark benchmark : benchmarks) {
            if (names.isEmpty() || names.contains(benchmark.name())) {
                console.printf("running %s …%n", benchmark.name());
                console.flush();
                rows.add(forkable && !inProcess ? runInChild(benchmark) : run(benchmark));
            }
        }
        for (String name : notBuilt) {
            if (names.isEmpty() || names.contains(name)) {
                rows.add(new Row(name, "-", "-", "-", Verdict.NOT_BUILT_YET, "", 0));
            }
        }
        String table = markdown(machine + (forkable && !inProcess ? SEPARATE_JVMS : ""), rows);
        console.print(table);
        console.flush();

        Files.createDirectories(out);
        Files.writeString(out.resolve("bench.md"), table, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("quick", quick);
        json.put("rows", rows);
        Files.writeString(
                out.resolve("bench.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json),
                StandardCharsets.UTF_8);
        boolean failed =
                rows.stream()
                        .anyMatch(r -> r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR);
        return failed ? 1 : 0;
    }

    /**
     * Runs one benchmark in a child JVM ({@code bench NAME --in-process}) and reads its row back
     * from the child's JSON; a child that fails or writes no row is an error row with the end of
     * its standard error.
     */
    private Row runInChild(Benchmark benchmark) {
        long start = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bench-" + benchmark.name() + "-");
            Path err = dir.resolve("stderr.txt");
            List<String> args = new ArrayList<>(List.of("bench", benchmark.name(), "--in-process"));
            if (quick) {
                args.add("--quick");
            }
            args.addAll(List.of("--out", dir.toString()));
            Process child =
                    ChildJvm.of(args)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(err.toFile())
                            .start();
            int code;
            try {
                code = child.waitFor();
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Path json = dir.resolve("bench.json");
            if (!Files.exists(json)) {
                List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
                throw new IOException(
                        "the benchmark's JVM exited with "
                                + code
                                + " and wrote no row: "
                                + String.join(
                                        " | ",
                                        lines.subList(
                                                Math.max(0, lines.size() - 3), lines.size())));
            }
            JsonObject row =
                    JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8))
                            .getAsJsonObject()
                            .getAsJsonArray("rows")
                            .get(0)
                            .getAsJsonObject();
            return new Gson().fromJson(row, Row.class);
        } catch (IOException | RuntimeException e) {
            return error(benchmark, e, start);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Deletes a child's output directory: its table, its JSON and its standard error. */
    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            for (String file : List.of("bench.md", "bench.json", "stderr.txt")) {
                Files.deleteIfExists(dir.resolve(file));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The error row of a benchmark that threw or whose JVM failed. */
    private static Row error(Benchmark benchmark, Exception e, long start) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return new Row(
                benchmark.name(),
                benchmark.figure(),
                "-",
                benchmark.target(),
                Verdict.ERROR,
                message.replace('\n', ' '),
                (System.nanoTime() - start) / 1e9);
    }

    private Row run(Benchmark benchmark) {
        long start = System.nanoTime();
        try {
            Measurement m = benchmark.run(quick);
            double seconds = (System.nanoTime() - start) / 1e9;
            String value =
                    m.spread() > 0
                            ? String.format(
                                    Locale.ROOT, "%.3f ± %.3f %s", m.value(), m.spread(), m.unit())
                            : String.format(Locale.ROOT, "%.3f %s", m.value(), m.unit());
            return new Row(
                    benchmark.name(),
                    benchmark.figure(),
                    value.strip(),
                    benchmark.target(),
                    m.pass() ? Verdict.PASS : Verdict.FAIL,
                    m.detail(),
                    seconds);
        } catch (Exception e) {
            return error(benchmark, e, start);
        }
    }

    /**
     * Formats rows as a Markdown table under the machine line.
     *
     * @param machine the machine line
     * @param rows the rows
     * @return the Markdown text
     */
    static String markdown(String machine, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(machine).append("\n\n");
        sb.append("| benchmark | figure | value | target | verdict | detail |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s |%n",
                            r.name(),
                            r.figure(),
                            r.value(),
                            r.target(),
                            r.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            r.detail().replace('|', '/')));
        }
        return sb.toString();
    }
}
