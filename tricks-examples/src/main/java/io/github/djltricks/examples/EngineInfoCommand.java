/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code engine-info}: loads the default DJL engine and prints its name, version, devices and a
 * small matrix product computed on it, so a user can check an installation before training.
 */
@Command(
        name = "engine-info",
        mixinStandardHelpOptions = true,
        description = "Print the DJL engine, its version and devices, and check that it computes.")
public final class EngineInfoCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Engine.getInstance();
        out.printf("engine:        %s %s%n", engine.getEngineName(), engine.getVersion());
        out.printf("djl:           %s%n", Engine.getDjlVersion());
        out.printf("gpus:          %d%n", engine.getGpuCount());
        out.printf("default device: %s%n", engine.defaultDevice());
        out.printf("offline:       %s%n", System.getProperty("ai.djl.offline", "false"));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray product = a.matMul(a);
            float[] values = product.toFloatArray();
            out.printf(
                    "check:         [[1,2],[3,4]]^2 = [[%.0f,%.0f],[%.0f,%.0f]]%n",
                    values[0], values[1], values[2], values[3]);
        }
        out.flush();
        return 0;
    }
}
