/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import io.github.djltricks.core.compute.ComputeCounter;
import io.github.djltricks.examples.BofDetectionCommand;

/**
 * {@code detector-gflops}: the arithmetic throughput of a detector training step over that of a
 * large matrix product on the same machine, in the same run.
 *
 * <p>The step's work is {@code 3 × 2 × MACs} (forward, plus a backward of about twice the forward),
 * the MACs from {@link ComputeCounter}; the matmul's is {@code 2n³} for {@code n = 1024}. The
 * detector is the main job's: {@code bof-detection}'s default width, {@value #WIDTH}, batch 16 of
 * 96×96 canvases, one trainer (no shards). Both run on one PyTorch intra-op thread, as each of the
 * main job's shards does ({@code --threads 1}), so the ratio is a per-core efficiency that other
 * load on the machine disturbs less. Small detector-sized layers (few channels at 96 and 48 pixels)
 * keep the ratio below 1. The target, ≥ 0.3, is issue #24's; the detail line gives the step's
 * images per second as well.
 *
 * <p>The steps timed are those of a long run: the fixture first runs {@link
 * DetectorFixture#WARM_UP_STEPS} untimed steps, while a fresh process still faults in the memory it
 * grows into, and the detail line gives the page faults per timed call ({@link MinorFaults}) to
 * show that it had settled (-1 where they cannot be counted).
 */
public final class DetectorGflopsBenchmark implements Benchmark {

    private static final int N = 1024;

    private static final int WARM_UP_ROUNDS = 2;

    private static final int ROUNDS = 15;

    private static final int QUICK_ROUNDS = 5;

    /** The main job's width multiplier ({@code bof-detection --width}'s default). */
    static final float WIDTH = BofDetectionCommand.DEFAULT_WIDTH;

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "detector-gflops";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "detector training step GFLOP/s / 1024² matmul GFLOP/s";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return ">= 0.3";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            return measure(quick);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static Measurement measure(boolean quick) throws Exception {
        try (DetectorFixture fixture = new DetectorFixture(WIDTH);
                NDManager manager = NDManager.newBaseManager()) {
            Block net = fixture.net;
            long macs =
                    ComputeCounter.count(
                                    net,
                                    new Shape(
                                            DetectorFixture.BATCH,
                                            3,
                                            DetectorFixture.SIZE,
                                            DetectorFixture.SIZE))
                            .macs();
            NDArray a = manager.randomUniform(-1, 1, new Shape(N, N));
            NDArray b = manager.randomUniform(-1, 1, new Shape(N, N));
            int warmUpSteps = fixture.warmUp(quick);
            boolean counted = MinorFaults.sinceStart() >= 0;
            // page faults of each side, over its calls (warm-up rounds included)
            long[] faults = new long[2];
            Interleaved.Result r =
                    Interleaved.compare(
                            () -> {
                                long before = MinorFaults.sinceStart();
                                try (NDManager scope = manager.newSubManager()) {
                                    NDArray c = a.matMul(b);
                                    c.attach(scope);
                                    // libtorch's CPU operators return when done: read one
                                    // element, not 4 MB into a fresh Java array each call
                                    c.get(0, 0).getFloat();
                                }
                                faults[0] += MinorFaults.sinceStart() - before;
                            },
                            () -> {
                                long before = MinorFaults.sinceStart();
                                fixture.step();
                                faults[1] += MinorFaults.sinceStart() - before;
                            },
                            WARM_UP_ROUNDS,
                            quick ? QUICK_ROUNDS : ROUNDS,
                            2);
            int calls = 2 * (WARM_UP_ROUNDS + (quick ? QUICK_ROUNDS : ROUNDS));
            double matmulGflops = 2.0 * N * N * N / (r.baselineMillis() / 1e3) / 1e9;
            double stepGflops = 6.0 * macs / (r.subjectMillis() / 1e3) / 1e9;
            double ratio = stepGflops / matmulGflops;
            return new Measurement(
                    ratio,
                    r.spread() * ratio / r.ratio(),
                    "",
                    ratio >= 0.3,
                    String.format(
                            "width %.2f: step %.2f GFLOP/s (%.1f M MACs/batch, %.1f ms, %.0f"
                                    + " images/s), matmul %.1f GFLOP/s; timed after %d steps;"
                                    + " page faults per call: step %d, matmul %d",
                            WIDTH,
                            stepGflops,
                            macs / 1e6,
                            r.subjectMillis(),
                            DetectorFixture.BATCH / (r.subjectMillis() / 1e3),
                            matmulGflops,
                            warmUpSteps,
                            counted ? faults[1] / calls : -1,
                            counted ? faults[0] / calls : -1));
        }
    }
}
