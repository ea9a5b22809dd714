/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the test ablation in a separate JVM and halts it abruptly (no shutdown hooks, no finally
 * blocks, as a kill does) when the trial starts for the {@code args[1] + 1}-th time.
 */
public final class AblationKillMain {

    private AblationKillMain() {}

    /**
     * Entry point.
     *
     * @param args the results file and the number of runs to finish before the halt
     * @throws Exception never, the JVM halts first
     */
    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        int finish = Integer.parseInt(args[1]);
        AtomicInteger started = new AtomicInteger();
        FakeTrial.ablation(
                        results,
                        (config, seed) -> {
                            if (started.incrementAndGet() > finish) {
                                Runtime.getRuntime().halt(3);
                            }
                            return FakeTrial.metrics(config, seed);
                        },
                        1,
                        2,
                        3)
                .build()
                .run();
        System.exit(0);
    }
}
