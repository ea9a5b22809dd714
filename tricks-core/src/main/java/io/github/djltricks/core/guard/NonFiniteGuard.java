/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.guard;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training listener that fails a run fast at the first step whose parameters or gradients are not
 * finite, naming the step, the loss and the array, instead of letting NaN train on and surface
 * later as a score of 0.
 *
 * <p>After the backward pass of every {@code every}-th step (in {@link #onTrainingBatch}, before
 * the optimizer step) it sums every parameter and every gradient: a sum is finite unless an element
 * is not (or the sum overflows, which the exact check that follows tells apart). At the first array
 * that is not finite it evaluates the trainer's loss on the batch and throws a {@link
 * DivergedException} whose message names the step, the loss and the array, e.g.
 *
 * <pre>
 * training diverged at step 12: loss NaN; first non-finite: gradient of 01Conv2d_weight, 9 of 36
 * values, the first at index 4 (NaN)
 * </pre>
 *
 * The exception propagates out of {@code EasyTrain.fit} (or {@code SyncTrain.fit}) on the training
 * thread. One summation per array and one read back per checked step, about the cost of an
 * optimizer step over the same arrays; the loss is evaluated only for the message. A loss that is
 * not finite while every gradient is (a term cut off from the gradient) is not caught here; {@link
 * io.github.djltricks.core.experiment.AblationRunner} fails a run whose final metrics are not
 * finite. Use {@code optEvery} to check less often.
 */
public final class NonFiniteGuard extends TrainingListenerAdapter {

    private final int every;
    private long step;

    private NonFiniteGuard(Builder builder) {
        every = builder.every;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a guard that checks every step.
     *
     * @return a new guard
     */
    public static NonFiniteGuard everyStep() {
        return builder().build();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        step = 0;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        step++;
        if (step % every != 0) {
            return;
        }
        try (NDManager scope = trainer.getManager().newSubManager()) {
            check(trainer, batchData, scope);
        }
    }

    private void check(Trainer trainer, BatchData batchData, NDManager scope) {
        List<String> names = new ArrayList<>();
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            NDArray value = p.getValue().getArray();
            names.add("parameter " + p.getKey());
            arrays.add(value);
            if (p.getValue().requiresGradient() && value.hasGradient()) {
                NDArray gradient = value.getGradient();
                gradient.attach(scope);
                names.add("gradient of " + p.getKey());
                arrays.add(gradient);
            }
        }
        double[] totals = sums(arrays, scope);
        for (int i = 0; i < totals.length; i++) {
            if (Double.isFinite(totals[i])) {
                continue;
            }
            String detail = describe(arrays.get(i));
            if (detail == null) {
                continue; // every element finite: the sum overflowed
            }
            throw new DivergedException(
                    step,
                    String.format(
                            Locale.ROOT,
                            "training diverged at step %d: loss %s; first non-finite: %s, %s",
                            step,
                            losses(trainer, batchData, scope),
                            names.get(i),
                            detail));
        }
    }

    /** The sum of every array, read back at once. */
    private static double[] sums(List<NDArray> arrays, NDManager scope) {
        if (arrays.isEmpty()) {
            return new double[0];
        }
        NDArray[] sums = new NDArray[arrays.size()];
        for (int i = 0; i < sums.length; i++) {
            NDArray sum = arrays.get(i).sum();
            sum.attach(scope);
            sums[i] = sum.toType(DataType.FLOAT64, false);
        }
        return NDArrays.stack(new NDList(sums)).toDoubleArray();
    }

    /** The trainer's loss on the batch, per device: evaluated for the message only. */
    private static String losses(Trainer trainer, BatchData batchData, NDManager scope) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Device, NDList> entry : batchData.getPredictions().entrySet()) {
            NDList labels = batchData.getLabels().get(entry.getKey());
            NDArray loss = trainer.getLoss().evaluate(labels, entry.getValue());
            loss.attach(scope);
            text.append(text.length() == 0 ? "" : ", ")
                    .append(loss.toType(DataType.FLOAT32, false).getFloat());
        }
        return text.toString();
    }

    /** Says which elements of the array are not finite, or returns null if all are. */
    private static String describe(NDArray array) {
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad == 0) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%d of %d values, the first at index %d (%s)",
                bad,
                values.length,
                first,
                values[first]);
    }

    /** The builder of a {@link NonFiniteGuard}. */
    public static final class Builder {
        private int every = 1;

        private Builder() {}

        /**
         * Sets how often to check: every n-th training step (default 1, every step).
         *
         * @param every the interval in steps, at least 1
         * @return this builder
         */
        public Builder optEvery(int every) {
            this.every = every;
            return this;
        }

        /**
         * Builds the guard.
         *
         * @return the guard
         * @throws IllegalArgumentException if {@code every} is less than 1
         */
        public NonFiniteGuard build() {
            if (every < 1) {
                throw new IllegalArgumentException(
                        "every must be an integer >= 1 (steps between checks), got " + every);
            }
            return new NonFiniteGuard(this);
        }
    }
}
