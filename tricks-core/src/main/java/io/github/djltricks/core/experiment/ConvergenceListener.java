/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.AbstractCompositeLoss;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.TTest;

/**
 * A {@link ai.djl.training.listener.TrainingListener} that records the training loss of every
 * batch, per loss component, and says at the end whether it was still falling: whether a "smaller
 * model is worse" verdict may just be an unconverged one.
 *
 * <p><b>Components.</b> For an {@link AbstractCompositeLoss} each component is tracked under its
 * name (a repeated name gets a {@code #2} suffix), and the total under the composite's name; any
 * other loss is tracked under its name. The listener evaluates the trainer's loss on each training
 * batch through an accumulator of its own, so it does not depend on the order of listeners.
 *
 * <p><b>Smoothing.</b> {@link #smoothed(String)} is the bias-corrected exponential moving average
 * {@code s_t = β s_{t−1} + (1 − β) x_t}, reported as {@code s_t / (1 − β^t)} (Kingma and Ba 2015's
 * correction), for plots and the final value.
 *
 * <p><b>Slope test.</b> Over the last part of training (a fraction {@code w} of the recorded
 * batches, default 0.25, at least {@code minWindow} batches) the raw per-batch losses {@code y_i}
 * are regressed on the step {@code i} by ordinary least squares, {@code y = a + b i}. With {@code
 * S_xx = Σ(i − ī)²} and residual sum of squares {@code SSE}, the slope's standard error is {@code
 * se = sqrt(SSE / (n − 2) / S_xx)} and {@code t = b / se} has a Student t distribution with {@code
 * n − 2} degrees of freedom when the true slope is 0 and the batch losses scatter independently
 * around the trend. The one-sided p-value {@code P(T ≤ t)} tests "still falling" against "flat"; it
 * is computed with Commons Statistics' {@link TTest} (a one-sample test of mean {@code b}, variance
 * {@code se²(n − 1)} and size {@code n − 1} has exactly this statistic and these degrees of
 * freedom). The raw losses are tested, not the smoothed ones, whose autocorrelation would void the
 * test. A component is <i>still falling</i> when {@code p < α} (default 0.01) and the fitted fall
 * over the window, {@code −b (n − 1) / |ȳ|}, exceeds a relative threshold (default 1 %), so that a
 * negligible yet significant drift over a long run does not count.
 */
public final class ConvergenceListener extends TrainingListenerAdapter {

    /** The metric name under which {@link Verdict#toMetrics()} reports convergence (1 or 0). */
    public static final String METRIC = "converged";

    private static final String ACCUMULATOR = "convergence/batch";

    private final double smoothing;
    private final double window;
    private final int minWindow;
    private final double significance;
    private final double minRelativeFall;
    private final Map<String, List<Double>> losses = new LinkedHashMap<>();
    private Loss registered;

    private ConvergenceListener(Builder builder) {
        smoothing = builder.smoothing;
        window = builder.window;
        minWindow = builder.minWindow;
        significance = builder.significance;
        minRelativeFall = builder.minRelativeFall;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        register(trainer.getLoss());
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        Loss loss = trainer.getLoss();
        register(loss);
        loss.resetAccumulator(ACCUMULATOR);
        for (Device device : batchData.getLabels().keySet()) {
            loss.updateAccumulator(
                    ACCUMULATOR,
                    batchData.getLabels().get(device),
                    batchData.getPredictions().get(device));
        }
        if (loss instanceof AbstractCompositeLoss) {
            List<Loss> components = ((AbstractCompositeLoss) loss).getComponents();
            List<String> names = componentNames(components);
            for (int i = 0; i < components.size(); i++) {
                record(names.get(i), components.get(i).getAccumulator(ACCUMULATOR));
            }
        }
        record(loss.getName(), loss.getAccumulator(ACCUMULATOR));
    }

    private void register(Loss loss) {
        if (registered != loss) {
            loss.addAccumulator(ACCUMULATOR);
            registered = loss;
        }
    }

    private static List<String> componentNames(List<Loss> components) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Loss component : components) {
            int k = seen.merge(component.getName(), 1, Integer::sum);
            names.add(k == 1 ? component.getName() : component.getName() + "#" + k);
        }
        return names;
    }

    /**
     * Records one batch's loss of a component; what {@link #onTrainingBatch} does for the trainer's
     * loss, open to callers with their own training loop.
     *
     * @param component the component name
     * @param loss the batch loss
     */
    public void record(String component, double loss) {
        losses.computeIfAbsent(component, k -> new ArrayList<>()).add(loss);
    }

    /**
     * Returns the tracked component names, in the order first seen.
     *
     * @return the component names
     */
    public List<String> components() {
        return List.copyOf(losses.keySet());
    }

    /**
     * Returns the raw per-batch losses of a component.
     *
     * @param component the component name
     * @return the losses in batch order
     * @throws IllegalArgumentException if the component was never recorded
     */
    public double[] losses(String component) {
        List<Double> values = losses.get(component);
        if (values == null) {
            throw new IllegalArgumentException(
                    "No loss component '" + component + "'; tracked: " + losses.keySet());
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns the bias-corrected exponential moving average of a component's losses.
     *
     * @param component the component name
     * @return the smoothed losses in batch order
     * @throws IllegalArgumentException if the component was never recorded
     */
    public double[] smoothed(String component) {
        double[] raw = losses(component);
        double[] out = new double[raw.length];
        double s = 0;
        double decay = 1;
        for (int t = 0; t < raw.length; t++) {
            s = smoothing * s + (1 - smoothing) * raw[t];
            decay *= smoothing;
            out[t] = s / (1 - decay);
        }
        return out;
    }

    /**
     * Tests every component for a still-falling loss over the last part of training.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        Map<String, ComponentVerdict> out = new LinkedHashMap<>();
        for (String component : losses.keySet()) {
            out.put(component, test(component));
        }
        return new Verdict(out);
    }

    private ComponentVerdict test(String component) {
        double[] raw = losses(component);
        double[] smooth = smoothed(component);
        double last = smooth.length == 0 ? Double.NaN : smooth[smooth.length - 1];
        int n = (int) Math.min(raw.length, Math.max(minWindow, Math.round(window * raw.length)));
        if (raw.length < minWindow) {
            return new ComponentVerdict(
                    component,
                    raw.length,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    false,
                    false,
                    last);
        }
        int start = raw.length - n;
        double xMean = (n - 1) / 2.0;
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += raw[start + i];
        }
        yMean /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - xMean) * (i - xMean);
            sxy += (i - xMean) * (raw[start + i] - yMean);
        }
        double slope = sxy / sxx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = raw[start + i] - yMean - slope * (i - xMean);
            sse += r * r;
        }
        double se2 = sse / (n - 2) / sxx;
        double p;
        if (!Double.isFinite(slope) || !Double.isFinite(se2)) {
            p = Double.NaN;
        } else if (se2 == 0) {
            p = slope < 0 ? 0 : 1;
        } else {
            p =
                    TTest.withDefaults()
                            .with(AlternativeHypothesis.LESS_THAN)
                            .test(slope, se2 * (n - 1), n - 1)
                            .getPValue();
        }
        double fall = -slope * (n - 1) / Math.abs(yMean);
        boolean falling = p < significance && fall > minRelativeFall;
        return new ComponentVerdict(component, raw.length, n, slope, fall, p, falling, true, last);
    }

    /**
     * The slope test of one loss component.
     *
     * @param component the component name
     * @param steps the number of recorded batches
     * @param window the number of final batches tested (0 when too few were recorded)
     * @param slope the least-squares slope of the loss per batch over the window
     * @param relativeFall the fitted fall over the window relative to its mean loss, {@code −b (n −
     *     1) / |ȳ|}
     * @param pValue the one-sided p-value of "the slope is negative"
     * @param stillFalling whether the loss was still falling: {@code p < α} and {@code
     *     relativeFall} above the threshold
     * @param tested false when fewer than {@code minWindow} batches were recorded
     * @param finalSmoothed the last smoothed loss
     */
    public record ComponentVerdict(
            String component,
            int steps,
            int window,
            double slope,
            double relativeFall,
            double pValue,
            boolean stillFalling,
            boolean tested,
            double finalSmoothed) {}

    /**
     * The verdict over all components.
     *
     * @param components the verdict per component
     */
    public record Verdict(Map<String, ComponentVerdict> components) {

        /**
         * Returns whether training converged: at least one component was tested, none was still
         * falling and every final smoothed loss is finite. Too short a run is not called converged,
         * nor is a diverged one (an infinite or NaN loss tests as flat).
         *
         * @return true if converged
         */
        public boolean converged() {
            return !components.isEmpty()
                    && components.values().stream()
                            .allMatch(
                                    c ->
                                            c.tested()
                                                    && !c.stillFalling()
                                                    && Double.isFinite(c.finalSmoothed()));
        }

        /**
         * Returns {@code {"converged": 1.0}} or {@code 0.0}, to merge into a {@link Trial}'s
         * metrics so that the ablation table counts converged runs.
         *
         * @return the metric map
         */
        public Map<String, Double> toMetrics() {
            return Map.of(METRIC, converged() ? 1.0 : 0.0);
        }

        /** {@inheritDoc} */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(converged() ? "converged" : "NOT converged");
            for (ComponentVerdict c : components.values()) {
                sb.append(
                        String.format(
                                java.util.Locale.ROOT,
                                "%n  %s: %s (loss %.4g, fall %.2f%% over last %d of %d batches,"
                                        + " p=%.3g)",
                                c.component(),
                                !c.tested()
                                        ? "too few batches"
                                        : c.stillFalling() ? "still falling" : "flat",
                                c.finalSmoothed(),
                                100 * c.relativeFall(),
                                c.window(),
                                c.steps(),
                                c.pValue()));
            }
            return sb.toString();
        }
    }

    /** Builds a {@link ConvergenceListener}. */
    public static final class Builder {

        private double smoothing = 0.9;
        private double window = 0.25;
        private int minWindow = 10;
        private double significance = 0.01;
        private double minRelativeFall = 0.01;

        Builder() {}

        /**
         * Sets the smoothing factor β of the moving average; default 0.9.
         *
         * @param beta in [0, 1)
         * @return this builder
         */
        public Builder optSmoothing(double beta) {
            this.smoothing = beta;
            return this;
        }

        /**
         * Sets the tested share of training, counted from the end; default 0.25.
         *
         * @param fraction in (0, 1]
         * @return this builder
         */
        public Builder optWindow(double fraction) {
            this.window = fraction;
            return this;
        }

        /**
         * Sets the fewest batches the test runs on; default 10.
         *
         * @param batches at least 3
         * @return this builder
         */
        public Builder optMinWindow(int batches) {
            this.minWindow = batches;
            return this;
        }

        /**
         * Sets the significance level α of the slope test; default 0.01.
         *
         * @param alpha in (0, 1)
         * @return this builder
         */
        public Builder optSignificance(double alpha) {
            this.significance = alpha;
            return this;
        }

        /**
         * Sets the smallest fitted relative fall over the window that counts as still falling;
         * default 0.01 (1 %).
         *
         * @param fraction at least 0
         * @return this builder
         */
        public Builder optMinRelativeFall(double fraction) {
            this.minRelativeFall = fraction;
            return this;
        }

        /**
         * Builds the listener.
         *
         * @return the listener
         * @throws IllegalArgumentException if a setting is out of range
         */
        public ConvergenceListener build() {
            check(smoothing >= 0 && smoothing < 1, "smoothing", smoothing, "[0, 1)");
            check(window > 0 && window <= 1, "window", window, "(0, 1]");
            check(minWindow >= 3, "minWindow", minWindow, ">= 3");
            check(significance > 0 && significance < 1, "significance", significance, "(0, 1)");
            check(minRelativeFall >= 0, "minRelativeFall", minRelativeFall, ">= 0");
            return new ConvergenceListener(this);
        }

        private static void check(boolean ok, String name, double value, String allowed) {
            if (!ok) {
                throw new IllegalArgumentException(
                        name + " must be in " + allowed + "; got " + value);
            }
        }
    }
}
