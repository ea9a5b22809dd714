/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a results file must say about how it was made: the exact command, the machine (cores, Java,
 * engine), the date and the wall time, as a Markdown list.
 */
public final class RunInfo {

    private RunInfo() {}

    /**
     * Returns the machine in words: cores and their model, Java, operating system and the engine's
     * version.
     *
     * @return e.g. {@code "2 cores (AMD EPYC), Java 17.0.15 (OpenJDK 64-Bit Server VM), Linux
     *     amd64, PyTorch 2.7.1 (DJL 0.35.1)"}
     */
    public static String machine() {
        Engine engine = Engine.getInstance();
        return String.format(
                Locale.ROOT,
                "%d cores (%s), Java %s (%s), %s %s, %s %s (DJL %s)",
                Runtime.getRuntime().availableProcessors(),
                cpu(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion());
    }

    /**
     * Returns the processor's model as the operating system names it: the first {@code model name}
     * of {@code /proc/cpuinfo} on Linux, else the architecture, so that timings taken on different
     * machines are not compared as if on one.
     *
     * @return e.g. {@code "AMD EPYC"}, or {@code "unknown amd64"} where the model cannot be read
     */
    public static String cpu() {
        return cpu(Path.of("/proc/cpuinfo"));
    }

    /**
     * Returns the processor's model named by the first {@code model name} line of a {@code cpuinfo}
     * file.
     *
     * @param cpuinfo the file, in the form of Linux's {@code /proc/cpuinfo}
     * @return the model, or {@code "unknown <arch>"} where the file is missing or names none
     */
    static String cpu(Path cpuinfo) {
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo, StandardCharsets.UTF_8)) {
                Optional<String> model =
                        lines.filter(l -> l.startsWith("model name"))
                                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                                .filter(l -> !l.isEmpty())
                                .findFirst();
                if (model.isPresent()) {
                    return model.get();
                }
            } catch (IOException | UncheckedIOException e) {
                // falls through to the architecture
            }
        }
        return "unknown " + System.getProperty("os.arch");
    }

    /**
     * Returns the top of a command's results file: a Markdown heading and the list of {@link
     * #markdown}, for the command as picocli parsed it.
     *
     * @param title the heading, e.g. {@code "bof-detection, one trick at a time"}
     * @param spec the command's spec, for its name and the arguments it ran with
     * @param started when it started
     * @param wall how long it ran
     * @return {@code "# title"}, a blank line and the list, ending in a newline
     */
    public static String header(String title, CommandSpec spec, Instant started, Duration wall) {
        return "# "
                + title
                + "\n\n"
                + markdown(
                        spec.name(),
                        spec.commandLine().getParseResult().originalArgs(),
                        started,
                        wall);
    }

    /**
     * Returns the Markdown list heading a results table.
     *
     * @param command the program's name, e.g. {@code "bof-detection"}
     * @param args the arguments it ran with
     * @param started when it started
     * @param wall how long it ran
     * @return the lines, each starting with {@code "- "}, ending in a newline
     */
    public static String markdown(
            String command, List<String> args, Instant started, Duration wall) {
        StringBuilder cmd =
                new StringBuilder("java -jar tricks-examples/target/tricks-examples.jar ");
        cmd.append(command);
        // picocli's original arguments of a subcommand start with the subcommand's own name
        List<String> rest =
                !args.isEmpty() && args.get(0).equals(command)
                        ? args.subList(1, args.size())
                        : args;
        for (String a : rest) {
            cmd.append(' ').append(a);
        }
        return "- command: `"
                + cmd
                + "`\n- machine: "
                + machine()
                + "\n- started: "
                + started.truncatedTo(ChronoUnit.SECONDS)
                + "\n- wall time: "
                + ProgressBar.format(wall)
                + "\n";
    }
}
