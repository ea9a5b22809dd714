/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.training.dataset.Dataset;
import io.github.djltricks.examples.data.IdxFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A run of an example command through {@link Main}'s command line, with what it printed.
 *
 * @param code the exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
record CommandRun(int code, String out, String err) {

    /**
     * Runs a command in this JVM.
     *
     * @param args the command and its arguments
     * @return the exit code and the output
     */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /**
     * Returns a command's {@code --help} text as one line: without colours, every run of white
     * space one space, so that a phrase can be found wherever the text wraps.
     *
     * @param command the command's name
     * @return the help
     */
    static String help(String command) {
        return Main.commandLine()
                .getSubcommands()
                .get(command)
                .getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
    }

    /**
     * Runs a detection command ({@code bof-detection}, {@code utility-curve}) in its tiny form: 8
     * training and 4 test canvases of 64 px, one epoch of batches of 4 in 2 shards, a 2-step
     * pretraining, then the given arguments.
     *
     * @param command the command
     * @param data the directory of the Fashion-MNIST files
     * @param args the further arguments
     * @return the exit code and the output
     */
    static CommandRun tinyDetection(String command, Path data, String... args) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                command,
                                "--data-dir",
                                data.toString(),
                                "--train-size",
                                "8",
                                "--test-size",
                                "4",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "4",
                                "--shards",
                                "2",
                                "--size",
                                "64",
                                "--pretrain-steps",
                                "2"));
        all.addAll(List.of(args));
        return of(all.toArray(new String[0]));
    }

    /**
     * The options of the tiny detection form ({@link #tinyDetection}) without the pretraining, for
     * a {@link DetectorTrial} or {@link ForkedTrial} made in the test.
     *
     * @param data the directory of the Fashion-MNIST files
     * @return the options
     */
    static DetectorOptions tinyDetectorOptions(Path data) {
        DetectorOptions options = new DetectorOptions();
        options.dataDir = data;
        options.trainSize = 8;
        options.testSize = 4;
        options.epochs = 1;
        options.batchSize = 4;
        options.shards = 2;
        options.size = 64;
        options.pretrainSteps = 0;
        return options;
    }

    /**
     * Writes tiny Fashion-MNIST IDX files: 40 training and 20 test images.
     *
     * @param dir the directory
     * @return the directory
     * @throws IOException if the files cannot be written
     */
    static Path tinyFashionMnist(Path dir) throws IOException {
        IdxFiles.write(dir, Dataset.Usage.TRAIN, 40);
        IdxFiles.write(dir, Dataset.Usage.TEST, 20);
        return dir;
    }
}
