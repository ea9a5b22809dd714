/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench table: one row per figure, each with a value and a verdict, in Markdown and JSON. */
class BenchCommandTest {

    @TempDir Path dir;

    private static Benchmark fake(String name, double value, boolean pass, boolean fail) {
        return new Benchmark() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String figure() {
                return name + " figure";
            }

            @Override
            public String target() {
                return "<= 1";
            }

            @Override
            public Measurement run(boolean quick) {
                if (fail) {
                    throw new IllegalStateException("broken\nbenchmark");
                }
                return new Measurement(value, 0.01, "x", pass, "detail");
            }
        };
    }

    private String[] lines;

    private int bench(List<Benchmark> registry, List<String> missing, String... args) {
        CommandLine cmd = new CommandLine(new BenchCommand(() -> registry, () -> missing));
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        int code = cmd.execute(args);
        lines = out.toString().split("\n");
        return code;
    }

    @Test
    void everyRowHasAValueAndAVerdict() throws Exception {
        int code =
                bench(
                        List.of(fake("a", 0.9, true, false), fake("b", 1.2, false, false)),
                        List.of("c"),
                        "--quick",
                        "--out",
                        dir.toString());
        assertThat(code).isEqualTo(1); // b fails its target
        String md = Files.readString(dir.resolve("bench.md"));
        List<String> rows =
                md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| benchmark")).toList();
        assertThat(rows).hasSize(3);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            assertThat(cells[3].strip()).isNotEmpty();
            assertThat(cells[5].strip()).isIn("pass", "fail", "error", "not built yet");
        }
        assertThat(rows.get(0)).contains("0.900 ± 0.010 x").contains("| pass |");
        assertThat(rows.get(1)).contains("| fail |");
        assertThat(rows.get(2)).startsWith("| c |").contains("not built yet");
        JsonObject json =
                JsonParser.parseString(Files.readString(dir.resolve("bench.json")))
                        .getAsJsonObject();
        assertThat(json.getAsJsonArray("rows")).hasSize(3);
        assertThat(json.get("machine").getAsString()).contains("cores").contains("PyTorch");
        assertThat(String.join("\n", lines)).contains("| a |");
        // benchmarks a child JVM could not find run in this one
        assertThat(md.lines().findFirst().orElseThrow()).doesNotContain(BenchCommand.SEPARATE_JVMS);
    }

    @Test
    void theRealCommandRunsARealBenchmarkOnATinyBudget() throws Exception {
        CommandLine cmd = new CommandLine(new BenchCommand());
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        int code = cmd.execute("schedule-lookup", "--quick", "--out", dir.toString());
        String md = Files.readString(dir.resolve("bench.md"));
        // the row came back from a JVM of its own
        assertThat(md.lines().findFirst().orElseThrow()).endsWith(BenchCommand.SEPARATE_JVMS);
        List<String> rows =
                md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| benchmark")).toList();
        assertThat(rows).hasSize(1);
        String[] cells = rows.get(0).split("\\|");
        assertThat(cells[1].strip()).isEqualTo("schedule-lookup");
        assertThat(cells[3].strip()).matches("[0-9.]+ ± [0-9.]+ x");
        assertThat(cells[5].strip()).isIn("pass", "fail");
        assertThat(code).isEqualTo(cells[5].strip().equals("pass") ? 0 : 1);
    }

    @Test
    void aThrowingBenchmarkIsAnErrorRowNotACrash() throws Exception {
        int code = bench(List.of(fake("x", 0, true, true)), List.of(), "--out", dir.toString());
        assertThat(code).isEqualTo(1);
        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md).contains("| x |").contains("| error |").contains("broken benchmark");
    }

    @Test
    void namesSelectRowsAndUnknownNamesAreRejected() throws Exception {
        int code =
                bench(
                        List.of(fake("a", 0.5, true, false), fake("b", 0.5, true, false)),
                        List.of("c"),
                        "b",
                        "--out",
                        dir.toString());
        assertThat(code).isZero();
        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md).contains("| b |").doesNotContain("| a |").doesNotContain("| c |");
        assertThat(bench(List.of(fake("a", 0.5, true, false)), List.of(), "zzz")).isEqualTo(2);
    }

    @Test
    void interleavedRatioOfSlowerWorkIsAboveOne() throws Exception {
        Interleaved.Result r =
                Interleaved.compare(() -> Thread.sleep(1), () -> Thread.sleep(3), 1, 5, 2);
        assertThat(r.ratio()).isGreaterThan(1.5);
        assertThat(r.subjectMillis()).isGreaterThan(r.baselineMillis());
        assertThat(r.atMost(1.0).pass()).isFalse();
    }
}
