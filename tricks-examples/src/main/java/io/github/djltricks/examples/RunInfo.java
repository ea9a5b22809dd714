/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.engine.Engine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * What a results file must say about how it was made: the exact command, the machine (cores, Java,
 * engine), the date and the wall time, as a Markdown list.
 */
public final class RunInfo {

    private RunInfo() {}

    /**
     * Returns the machine in words: cores, operating system, Java and the engine's version.
     *
     * @return e.g. {@code "2 cores, Linux amd64, OpenJDK 17.0.15, PyTorch 2.7.1 (DJL 0.35.1)"}
     */
    public static String machine() {
        Engine engine = Engine.getInstance();
        return String.format(
                Locale.ROOT,
                "%d cores, %s %s, %s %s, %s %s (DJL %s)",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion());
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
