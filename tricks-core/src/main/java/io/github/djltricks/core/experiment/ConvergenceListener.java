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
import org.apache.commons.statistics.distribution.TDistribution;
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
 *
 * <p><b>Enough evidence.</b> "Not still falling" is not evidence of a plateau: a short, noisy
 * window fails to reject "flat" whatever the trend. A verdict therefore takes three values ({@link
 * Status}). A component is <i>flat</i> only when the data bound its change: both one-sided {@code
 * (1 − α)} confidence bounds of the relative fall, {@code fall ± t_{1−α, n−2} · se · (n − 1) /
 * |ȳ|}, lie within {@code ±plateauMargin} (default 0.10, a change of less than 10 % over the
 * window; two one-sided tests of equivalence). It is <i>rising</i> when {@code P(T ≥ t) < α} and it
 * rose by more than the relative threshold. Otherwise — the window's last part holds fewer than
 * {@code minWindow} batches (a run shorter than {@code minWindow / w} batches, 40 by default), or
 * the bounds are too wide — it is <i>undecided</i>. The run's {@link Verdict#status()} is {@link
 * Status#NOT_CONVERGED} when a component is still falling or rising or its loss is not finite,
 * {@link Status#CONVERGED} when every component is flat, and {@link Status#TOO_SHORT} ("too short
 * to judge") otherwise.
 */
public final class ConvergenceListener extends TrainingListenerAdapter {

    /**
     * The metric name under which {@link Verdict#toMetrics()} reports convergence: 1 for {@link
     * Status#CONVERGED}, 0 for {@link Status#NOT_CONVERGED}, −1 for {@link Status#TOO_SHORT} (see
     * {@link Status#metricValue()}), so that a count of values {@code >= 0.5} counts converged runs
     * only.
     */
    public static final String METRIC = "converged";

    private static final String ACCUMULATOR = "convergence/batch";

    private final double smoothing;
    private final double window;
    private final int minWindow;
    private final double significance;
    private final double minRelativeFall;
    private final double plateauMargin;
    private final Map<String, List<Double>> losses = new LinkedHashMap<>();
    private Loss registered;

    private ConvergenceListener(Builder builder) {
        smoothing = builder.smoothing;
        window = builder.window;
        minWindow = builder.minWindow;
        significance = builder.significance;
        minRelativeFall = builder.minRelativeFall;
        plateauMargin = builder.plateauMargin;
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
        return smooth(losses(component), smoothing);
    }

    /**
     * Returns the bias-corrected exponential moving average of a series: {@code s_t = β s_{t−1} +
     * (1 − β) y_t}, reported as {@code s_t / (1 − β^t)} (Kingma and Ba 2015's correction, so the
     * first values are not pulled towards 0); β = 0 returns the series.
     *
     * @param y the series
     * @param beta the smoothing β, in [0, 1)
     * @return the smoothed series, as long as {@code y}
     */
    public static double[] smooth(double[] y, double beta) {
        double[] out = new double[y.length];
        double s = 0;
        double decay = 1;
        for (int t = 0; t < y.length; t++) {
            s = beta * s + (1 - beta) * y[t];
            decay *= beta;
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
        int n = (int) Math.min(raw.length, Math.round(window * raw.length));
        if (n < minWindow) {
            return new ComponentVerdict(
                    component,
                    raw.length,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Trend.UNDECIDED,
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
        double pRise;
        if (!Double.isFinite(slope) || !Double.isFinite(se2)) {
            p = Double.NaN;
            pRise = Double.NaN;
        } else if (se2 == 0) {
            p = slope < 0 ? 0 : 1;
            pRise = slope > 0 ? 0 : 1;
        } else {
            p =
                    TTest.withDefaults()
                            .with(AlternativeHypothesis.LESS_THAN)
                            .test(slope, se2 * (n - 1), n - 1)
                            .getPValue();
            pRise =
                    TTest.withDefaults()
                            .with(AlternativeHypothesis.GREATER_THAN)
                            .test(slope, se2 * (n - 1), n - 1)
                            .getPValue();
        }
        double scale = (n - 1) / Math.abs(yMean);
        double fall = -slope * scale;
        double halfWidth =
                TDistribution.of(n - 2).inverseSurvivalProbability(significance)
                        * Math.sqrt(se2)
                        * scale;
        double low = fall - halfWidth;
        double high = fall + halfWidth;
        Trend trend;
        if (p < significance && fall > minRelativeFall) {
            trend = Trend.FALLING;
        } else if (pRise < significance && -fall > minRelativeFall) {
            trend = Trend.RISING;
        } else if (high <= plateauMargin && low >= -plateauMargin) {
            trend = Trend.FLAT;
        } else {
            trend = Trend.UNDECIDED;
        }
        return new ComponentVerdict(
                component, raw.length, n, slope, fall, low, high, p, trend, last);
    }

    /** What the slope test says of one component's loss over the final window. */
    public enum Trend {
        /** Changed by less than the plateau margin over the window, at confidence {@code 1 − α}. */
        FLAT,
        /** Still falling: significantly, and by more than the relative threshold. */
        FALLING,
        /** Rising: significantly, and by more than the relative threshold. */
        RISING,
        /** Too few batches, or too noisy a window, to tell. */
        UNDECIDED
    }

    /** The verdict on a run. */
    public enum Status {
        /** Every component is flat and finite. */
        CONVERGED(1),
        /** A component is still falling or rising, or its loss is not finite. */
        NOT_CONVERGED(0),
        /** No component says the run has not converged, and not every one is flat yet. */
        TOO_SHORT(-1);

        private final double metricValue;

        Status(double metricValue) {
            this.metricValue = metricValue;
        }

        /**
         * Returns the value {@link Verdict#toMetrics()} reports under {@link #METRIC}.
         *
         * @return 1, 0 or −1
         */
        public double metricValue() {
            return metricValue;
        }

        /**
         * Returns the status a {@link #METRIC} value stands for: {@code >= 0.5} converged, {@code <
         * 0} too short to judge, else not converged.
         *
         * @param value the metric value
         * @return the status
         */
        public static Status ofMetric(double value) {
            return value >= 0.5 ? CONVERGED : value < 0 ? TOO_SHORT : NOT_CONVERGED;
        }
    }

    /**
     * The slope test of one loss component.
     *
     * @param component the component name
     * @param steps the number of recorded batches
     * @param window the number of final batches tested (0 when the final window would hold fewer
     *     than {@code minWindow})
     * @param slope the least-squares slope of the loss per batch over the window
     * @param relativeFall the fitted fall over the window relative to its mean loss, {@code −b (n −
     *     1) / |ȳ|}
     * @param fallLow the lower one-sided {@code (1 − α)} confidence bound of the relative fall
     * @param fallHigh the upper one-sided {@code (1 − α)} confidence bound of the relative fall
     * @param pValue the one-sided p-value of "the slope is negative"
     * @param trend what the test says
     * @param finalSmoothed the last smoothed loss
     */
    public record ComponentVerdict(
            String component,
            int steps,
            int window,
            double slope,
            double relativeFall,
            double fallLow,
            double fallHigh,
            double pValue,
            Trend trend,
            double finalSmoothed) {

        /**
         * Returns whether the loss was still falling.
         *
         * @return whether the trend is {@link Trend#FALLING}
         */
        public boolean stillFalling() {
            return trend == Trend.FALLING;
        }

        /**
         * Returns whether the final window held enough batches to be tested.
         *
         * @return whether a window was tested
         */
        public boolean tested() {
            return window > 0;
        }
    }

    /**
     * The verdict over all components.
     *
     * @param components the verdict per component
     */
    public record Verdict(Map<String, ComponentVerdict> components) {

        /**
         * Returns the verdict: {@link Status#NOT_CONVERGED} when a component is still falling or
         * rising or its final smoothed loss is not finite (a diverged run), {@link
         * Status#CONVERGED} when every component is flat, and {@link Status#TOO_SHORT} otherwise
         * (no component recorded, too few batches, or too noisy a window to tell).
         *
         * @return the status
         */
        public Status status() {
            if (components.isEmpty()) {
                return Status.TOO_SHORT;
            }
            boolean allFlat = true;
            for (ComponentVerdict c : components.values()) {
                if (!Double.isFinite(c.finalSmoothed())
                        || c.trend() == Trend.FALLING
                        || c.trend() == Trend.RISING) {
                    return Status.NOT_CONVERGED;
                }
                allFlat &= c.trend() == Trend.FLAT;
            }
            return allFlat ? Status.CONVERGED : Status.TOO_SHORT;
        }

        /**
         * Returns whether training converged: {@link #status()} is {@link Status#CONVERGED}. A run
         * too short to judge is not called converged, nor is a diverged one.
         *
         * @return true if converged
         */
        public boolean converged() {
            return status() == Status.CONVERGED;
        }

        /**
         * Returns {@code {"converged": v}} with {@code v} the status's {@link
         * Status#metricValue()}: 1 converged, 0 not converged, −1 too short to judge; to merge into
         * a {@link Trial}'s metrics. {@link AblationResult}'s table counts the converged runs among
         * those judged and names the runs too short to judge ("2/3 (1 too short)").
         *
         * @return the metric map
         */
        public Map<String, Double> toMetrics() {
            return Map.of(METRIC, status().metricValue());
        }

        /** {@inheritDoc} */
        @Override
        public String toString() {
            Status status = status();
            StringBuilder sb =
                    new StringBuilder(
                            status == Status.CONVERGED
                                    ? "converged"
                                    : status == Status.NOT_CONVERGED
                                            ? "NOT converged"
                                            : "too short to judge");
            for (ComponentVerdict c : components.values()) {
                sb.append(
                        String.format(
                                java.util.Locale.ROOT,
                                "%n  %s: %s (loss %.4g, fall %.2f%% [%.2f%%, %.2f%%] over last %d"
                                        + " of %d batches, p=%.3g)",
                                c.component(),
                                !c.tested()
                                        ? "too few batches"
                                        : switch (c.trend()) {
                                            case FALLING -> "still falling";
                                            case RISING -> "rising";
                                            case FLAT -> "flat";
                                            case UNDECIDED -> "undecided (too noisy a window)";
                                        },
                                c.finalSmoothed(),
                                100 * c.relativeFall(),
                                100 * c.fallLow(),
                                100 * c.fallHigh(),
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
        private double plateauMargin = 0.10;

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
         * Sets the fewest batches the final window must hold for a test; default 10. A run of fewer
         * than {@code minWindow / window} batches is too short to judge.
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
         * Sets the plateau margin: a component is flat when both confidence bounds of its relative
         * change over the window lie within {@code ±margin}; default 0.10 (10 %).
         *
         * @param margin at least the smallest relative fall that counts ({@link
         *     #optMinRelativeFall}), and at most 1
         * @return this builder
         */
        public Builder optPlateauMargin(double margin) {
            this.plateauMargin = margin;
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
            check(
                    plateauMargin > 0 && plateauMargin >= minRelativeFall && plateauMargin <= 1,
                    "plateauMargin",
                    plateauMargin,
                    "(0, 1] and >= minRelativeFall (" + minRelativeFall + ")");
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
