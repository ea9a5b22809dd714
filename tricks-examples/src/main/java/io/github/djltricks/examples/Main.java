/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.engine.OneDnn;
import io.github.djltricks.examples.bench.BenchCommand;
import io.github.djltricks.examples.bench.SoakCommand;
import io.github.djltricks.examples.bench.StepProfileCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code tricks-examples.jar}: a picocli command whose subcommands are the example
 * programs.
 *
 * <p>Unless the caller sets it, the system property {@code ai.djl.offline} is set to {@code true}
 * before DJL is touched, so the examples never download anything at run time: the PyTorch natives
 * come from the jars in {@code lib/}. Every command that runs turns libtorch's oneDNN back end off
 * first ({@link OneDnn}), so that its results do not depend on memory nobody wrote.
 */
@Command(
        name = "tricks-examples",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Example programs of DJL Tricks.",
        subcommands = {
            EngineInfoCommand.class,
            BenchCommand.class,
            ScheduleCommand.class,
            DistillCommand.class,
            BofClassificationCommand.class,
            SoakCommand.class,
            StepProfileCommand.class,
            BofDetectionCommand.class,
            UtilityCurveCommand.class,
            RegimeMapCommand.class,
            DetectorRunCommand.class,
            MergeCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit code: 0 on success, 2 for a usage error (unknown
     * command or option, reported in one line without a stack trace), 1 when a command fails.
     *
     * @param args the command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return commandLine().execute(args);
    }

    /**
     * Builds the picocli command line with this project's error handling.
     *
     * @return the command line of {@code tricks-examples}
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler(
                (ex, argv) -> {
                    CommandLine source = ex.getCommandLine();
                    source.getErr()
                            .println(
                                    source.getCommandName()
                                            + ": "
                                            + ex.getMessage()
                                            + " (see --help)");
                    return 2;
                });
        // Every command that runs (not --help, --version or a usage error) trains or measures with
        // libtorch's own convolutions: oneDNN's read memory they never wrote (OneDnn's Javadoc).
        cmd.setExecutionStrategy(
                parsed -> {
                    boolean help =
                            parsed.asCommandLineList().stream()
                                    .anyMatch(
                                            c ->
                                                    c.isUsageHelpRequested()
                                                            || c.isVersionHelpRequested());
                    if (!help) {
                        OneDnn.setEnabled(false);
                    }
                    return new CommandLine.RunLast().execute(parsed);
                });
        cmd.setExecutionExceptionHandler(
                (ex, source, parsed) -> {
                    source.getErr().println(source.getCommandName() + ": " + oneLine(ex));
                    return 1;
                });
        return cmd;
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    /** Without a subcommand, prints the usage and the list of commands. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
