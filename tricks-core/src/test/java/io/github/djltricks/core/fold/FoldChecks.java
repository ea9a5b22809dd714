/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.fold;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;

/** What the folding and ACNet tests share: seeded data, training steps, inference, comparison. */
public final class FoldChecks {

    private FoldChecks() {}

    /**
     * Returns standard normal values from a seeded Java generator (independent of the engine's).
     *
     * @param manager where the array lives
     * @param shape its shape
     * @param seed the seed
     * @return the array
     */
    public static NDArray gaussian(NDManager manager, Shape shape, long seed) {
        Random random = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, shape);
    }

    /**
     * Sets every batch normalization's γ in [0.5, 1.5], β and the running mean to N(0, 0.5²) draws
     * and the running variance in [0.3, 2.3], and every convolution bias to N(0, 0.5²) draws, so
     * that folding has non-trivial statistics to fold.
     *
     * @param block the initialized tree
     * @param seed the seed
     */
    public static void randomizeStatistics(Block block, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getValue().getName();
            if (!List.of("gamma", "beta", "runningMean", "runningVar", "bias").contains(name)) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            float[] v = new float[(int) array.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] =
                        switch (name) {
                            case "gamma" -> 0.5f + random.nextFloat();
                            case "runningVar" -> 0.3f + 2 * random.nextFloat();
                            default -> (float) (0.5 * random.nextGaussian());
                        };
            }
            try (NDArray values = array.getManager().create(v, array.getShape())) {
                values.copyTo(array);
            }
        }
    }

    /**
     * Runs the block in inference mode.
     *
     * @param block an initialized block
     * @param x the input
     * @return the output, in {@code x}'s manager
     */
    public static NDArray infer(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow();
    }

    /**
     * Returns max |got − want| / max |want|.
     *
     * @param got the output under test
     * @param want the reference output
     * @return the largest error relative to the largest reference value
     */
    public static double relativeError(NDArray got, NDArray want) {
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        if (g.length != w.length) {
            throw new AssertionError("sizes differ: " + g.length + " and " + w.length);
        }
        double error = 0;
        double scale = 0;
        for (int i = 0; i < g.length; i++) {
            error = Math.max(error, Math.abs((double) g[i] - w[i]));
            scale = Math.max(scale, Math.abs((double) w[i]));
        }
        return error / scale;
    }

    /**
     * Makes {@code block} the model's block and trains it with SGD (momentum 0.9) on the mean
     * squared error between its output for {@code x} and {@code target}, one full-batch step at a
     * time; each step's arrays live in a manager of their own.
     *
     * @param model the model, whose manager holds the parameters
     * @param block the block to train
     * @param x the input
     * @param target the target, shaped as the output
     * @param steps the number of steps
     * @param learningRate the learning rate
     * @return the loss before each step
     */
    public static float[] train(
            Model model, Block block, NDArray x, NDArray target, int steps, float learningRate) {
        model.setBlock(block);
        // The loss is computed below (DJL's L2 loss multiplies by a Java number on the
        // differentiated path); the configuration's loss is never evaluated.
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(Tracker.fixed(learningRate))
                                        .optMomentum(0.9f)
                                        .build())
                        .optDevices(new Device[] {Device.cpu()});
        float[] losses = new float[steps];
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(x.getShape());
            for (int s = 0; s < steps; s++) {
                try (NDManager step = x.getManager().newSubManager()) {
                    x.tempAttach(step);
                    target.tempAttach(step);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = out.sub(target).square().mean();
                        collector.backward(loss);
                        losses[s] = loss.getFloat();
                    }
                    trainer.step();
                }
            }
        }
        return losses;
    }
}
