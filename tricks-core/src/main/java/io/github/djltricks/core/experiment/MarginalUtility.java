/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djltricks.core.compute.ComputeCounter;
import io.github.djltricks.core.compute.ComputeReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The marginal-utility curve of a model family: sweeps its width (or depth) multiplier, counts the
 * MACs of each model with {@link ComputeCounter}, trains and evaluates it, and returns the metric
 * against MACs, one curve per variant (for instance the baseline recipe against the bag of
 * freebies), as Howard et al. 2017 (arXiv 1704.04861, tables 6–7) do for MobileNet's width
 * multiplier. The table gives the marginal utility between neighbouring points, {@code Δmetric /
 * log2(MACs_i / MACs_{i−1})}: the gain per doubling of compute, whose fall shows the diminishing
 * returns. The library draws no chart; the examples module plots the curves on a log MACs axis.
 *
 * <pre>{@code
 * MarginalUtility.Result curve = MarginalUtility.builder()
 *         .setMultipliers(0.25, 0.5, 0.75, 1.0)
 *         .setInputShape(new Shape(1, 3, 224, 224))
 *         .addVariant("baseline", m -> mobileNet(m), (block, m) -> train(block, false))
 *         .addVariant("+ tricks", m -> mobileNet(m), (block, m) -> train(block, true))
 *         .optMetric("top-1")
 *         .build()
 *         .run();
 * System.out.println(curve.toMarkdown());
 * }</pre>
 */
public final class MarginalUtility {

    /** Trains and evaluates one model of the family. */
    @FunctionalInterface
    public interface Evaluation {

        /**
         * Trains the block and returns its metric.
         *
         * @param block the freshly built, uninitialized model
         * @param multiplier its multiplier
         * @return the metric
         * @throws Exception if training fails
         */
        double evaluate(Block block, double multiplier) throws Exception;
    }

    /**
     * One model of the sweep.
     *
     * @param variant the curve it belongs to
     * @param multiplier the width (or depth) multiplier
     * @param macs its multiply-accumulates at the input shape
     * @param params its learnable parameters
     * @param metric its metric
     */
    public record Point(String variant, double multiplier, long macs, long params, double metric) {}

    private record Curve(DoubleFunction<Block> family, Evaluation evaluation) {}

    private final double[] multipliers;
    private final Shape inputShape;
    private final Map<String, Curve> variants;
    private final String metric;

    private MarginalUtility(Builder builder) {
        multipliers = builder.multipliers.clone();
        inputShape = builder.inputShape;
        variants = new LinkedHashMap<>(builder.variants);
        metric = builder.metric;
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
     * Builds, counts, trains and evaluates every (variant, multiplier) pair.
     *
     * @return the points of every curve
     * @throws IllegalStateException if a family returns null or an evaluation throws (the cause is
     *     attached, the message names the variant and multiplier)
     */
    public Result run() {
        List<Point> points = new ArrayList<>();
        for (Map.Entry<String, Curve> entry : variants.entrySet()) {
            for (double m : multipliers) {
                Block block = entry.getValue().family().apply(m);
                if (block == null) {
                    throw new IllegalStateException(
                            "variant '" + entry.getKey() + "' built no block for multiplier " + m);
                }
                ComputeReport compute = ComputeCounter.count(block, inputShape);
                double value;
                try {
                    value = entry.getValue().evaluation().evaluate(block, m);
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "variant '"
                                    + entry.getKey()
                                    + "' failed at multiplier "
                                    + m
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
                points.add(new Point(entry.getKey(), m, compute.macs(), compute.params(), value));
            }
        }
        return new Result(points, metric);
    }

    /** The points of a sweep, as points per curve and a Markdown table. */
    public static final class Result {

        private final List<Point> points;
        private final String metric;

        Result(List<Point> points, String metric) {
            this.points = List.copyOf(points);
            this.metric = metric;
        }

        /**
         * Returns every point, variant by variant, in multiplier order as given.
         *
         * @return the points
         */
        public List<Point> points() {
            return points;
        }

        /**
         * Returns the points of one variant sorted by MACs.
         *
         * @param variant the variant
         * @return its points, fewest MACs first
         */
        public List<Point> curve(String variant) {
            return points.stream()
                    .filter(p -> p.variant().equals(variant))
                    .sorted((a, b) -> Long.compare(a.macs(), b.macs()))
                    .toList();
        }

        /**
         * Returns the marginal utility along one variant's curve: for each point after the first,
         * {@code (metric_i − metric_{i−1}) / log2(MACs_i / MACs_{i−1})}.
         *
         * @param variant the variant
         * @return one value per step between neighbouring points (NaN where MACs do not change)
         */
        public double[] marginalUtility(String variant) {
            List<Point> curve = curve(variant);
            double[] out = new double[Math.max(0, curve.size() - 1)];
            for (int i = 1; i < curve.size(); i++) {
                Point a = curve.get(i - 1);
                Point b = curve.get(i);
                double doublings = Math.log((double) b.macs() / a.macs()) / Math.log(2);
                out[i - 1] = doublings == 0 ? Double.NaN : (b.metric() - a.metric()) / doublings;
            }
            return out;
        }

        /**
         * Formats the points as a Markdown table with the marginal utility per doubling of MACs.
         *
         * @return the Markdown text
         */
        public String toMarkdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("| variant | multiplier | MACs | params | ")
                    .append(metric)
                    .append(" | Δ per 2× MACs |\n|---|---:|---:|---:|---:|---:|\n");
            for (String variant : variants()) {
                List<Point> curve = curve(variant);
                double[] utility = marginalUtility(variant);
                for (int i = 0; i < curve.size(); i++) {
                    Point p = curve.get(i);
                    sb.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.3g | %.4g M | %.4g M | %.4g | %s |%n",
                                    variant,
                                    p.multiplier(),
                                    p.macs() / 1e6,
                                    p.params() / 1e6,
                                    p.metric(),
                                    i == 0
                                            ? ""
                                            : String.format(Locale.ROOT, "%+.3g", utility[i - 1])));
                }
            }
            return sb.toString();
        }

        /**
         * Returns the metric's name, as {@link Builder#optMetric} set it.
         *
         * @return the metric name
         */
        public String metric() {
            return metric;
        }

        /**
         * Returns the variant names in the order they were added.
         *
         * @return the variants
         */
        public List<String> variants() {
            return points.stream().map(Point::variant).distinct().toList();
        }
    }

    /** Builds a {@link MarginalUtility} sweep. */
    public static final class Builder {

        private double[] multipliers;
        private Shape inputShape;
        private final Map<String, Curve> variants = new LinkedHashMap<>();
        private String metric = "metric";

        Builder() {}

        /**
         * Sets the multipliers to sweep (required, positive, distinct).
         *
         * @param multipliers the width or depth multipliers
         * @return this builder
         */
        public Builder setMultipliers(double... multipliers) {
            this.multipliers = multipliers == null ? null : multipliers.clone();
            return this;
        }

        /**
         * Sets the input shape MACs are counted at, batch axis included (required).
         *
         * @param inputShape e.g. {@code (1, 3, 224, 224)}
         * @return this builder
         */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * Adds a curve: a model family and the way to train and evaluate its members.
         *
         * @param name the curve name, unique
         * @param family builds the model for a multiplier
         * @param evaluation trains and evaluates a model
         * @return this builder
         */
        public Builder addVariant(
                String name, DoubleFunction<Block> family, Evaluation evaluation) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "variant names must be non-blank; got '" + name + "'");
            }
            if (variants.containsKey(name)) {
                throw new IllegalArgumentException(
                        "variant names must be unique; got '" + name + "' twice");
            }
            if (family == null || evaluation == null) {
                throw new IllegalArgumentException(
                        "variant '" + name + "' needs a family and an evaluation; got null");
            }
            variants.put(name, new Curve(family, evaluation));
            return this;
        }

        /**
         * Sets the metric's name, for the table and the y-axis; default {@code metric}.
         *
         * @param metric the metric name
         * @return this builder
         */
        public Builder optMetric(String metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Builds the sweep.
         *
         * @return the sweep
         * @throws IllegalArgumentException if multipliers are missing, not positive or repeated,
         *     the input shape is missing, or no variant was added
         */
        public MarginalUtility build() {
            if (multipliers == null || multipliers.length == 0) {
                throw new IllegalArgumentException(
                        "multipliers must hold at least one value; got none");
            }
            for (double m : multipliers) {
                if (!(m > 0) || !Double.isFinite(m)) {
                    throw new IllegalArgumentException(
                            "multipliers must be positive and finite; got "
                                    + Arrays.toString(multipliers));
                }
            }
            if (Arrays.stream(multipliers).distinct().count() != multipliers.length) {
                throw new IllegalArgumentException(
                        "multipliers must be distinct; got " + Arrays.toString(multipliers));
            }
            if (inputShape == null) {
                throw new IllegalArgumentException("inputShape must be set (setInputShape)");
            }
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("at least one variant must be added");
            }
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException(
                        "metric must be non-blank; got '" + metric + "'");
            }
            return new MarginalUtility(this);
        }
    }
}
