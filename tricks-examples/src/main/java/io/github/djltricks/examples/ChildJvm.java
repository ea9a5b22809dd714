/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts this program ({@link Main}) in a new JVM: the trials that train in parallel ({@link
 * ForkedTrial}) and each benchmark of {@code bench} run in one. The child gets this JVM's java, its
 * {@code -D} and heap options and its class path, and the C heap settings of {@link ChildHeap}.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Returns a process builder that runs this program's command line {@code args} in a new JVM.
     *
     * @param args the command and its options, as on this program's command line
     * @return the builder, its environment already set; the caller redirects and starts it
     */
    public static ProcessBuilder of(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("-Xmx") || arg.startsWith("-Xss")) {
                command.add(arg);
            }
        }
        String offline = System.getProperty("ai.djl.offline");
        if (offline != null) {
            command.add("-Dai.djl.offline=" + offline);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        ChildHeap.configure(builder.environment());
        return builder;
    }
}
