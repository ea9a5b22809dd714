/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a profiled stretch of training steps spent its time, read from the Chrome trace that
 * libtorch's profiler writes ({@code JniUtils.stopProfile}): the self time of every operator (its
 * own time, its children's taken out) and, for every convolution shape, the forward and backward
 * time and the arithmetic rate.
 *
 * <p>A convolution's work is {@code MACs = N·C_out·H_out·W_out·(C_in/groups)·k_h·k_w}, read from
 * its backward's dimensions (gradient of the output, input, weight); its rate counts {@code 6·MACs}
 * for forward and backward together, as {@code detector-gflops} does.
 */
final class StepProfile {

    private static final String CONV_FORWARD = "aten::convolution";
    private static final String CONV_BACKWARD = "aten::convolution_backward";

    /**
     * An operator's time over the profiled steps.
     *
     * @param name the operator's name in the trace
     * @param calls its calls per step
     * @param selfMillis its self time per step, in milliseconds
     */
    record Operator(String name, double calls, double selfMillis) {}

    /**
     * One convolution shape's time over the profiled steps.
     *
     * @param shape the shape, {@code C_in→C_out k×k, H×W→H_out×W_out} (with {@code /g} for groups)
     * @param calls its calls per step (convolutions of the same shape together)
     * @param macs its multiply-accumulates per step
     * @param forwardMillis its forward time per step (inclusive), in milliseconds
     * @param backwardMillis its backward time per step (inclusive), in milliseconds
     */
    record Conv(
            String shape, double calls, double macs, double forwardMillis, double backwardMillis) {

        /**
         * Returns the shape's arithmetic rate, forward and backward together.
         *
         * @return {@code 6·MACs} over the forward and backward time, in GFLOP/s
         */
        double gflops() {
            return 6 * macs / ((forwardMillis + backwardMillis) / 1e3) / 1e9;
        }
    }

    private final List<Operator> operators;
    private final List<Conv> convs;
    private final double profiledMillis;

    private StepProfile(List<Operator> operators, List<Conv> convs, double profiledMillis) {
        this.operators = operators;
        this.convs = convs;
        this.profiledMillis = profiledMillis;
    }

    /**
     * Reads a trace of {@code steps} profiled steps.
     *
     * @param trace the Chrome trace libtorch's profiler wrote
     * @param steps the number of steps it covers, ≥ 1
     * @return the profile, per step
     * @throws IOException if the trace cannot be read
     * @throws IllegalArgumentException if {@code steps} is less than 1 or the trace holds no events
     */
    static StepProfile read(Path trace, int steps) throws IOException {
        try (Reader reader = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            return of(JsonParser.parseReader(reader), steps);
        }
    }

    /**
     * Builds the profile of a parsed trace of {@code steps} profiled steps.
     *
     * @param trace the trace: an array of events, or an object whose {@code traceEvents} is one
     * @param steps the number of steps it covers, ≥ 1
     * @return the profile, per step
     * @throws IllegalArgumentException if {@code steps} is less than 1 or the trace holds no
     *     complete ({@code "ph": "X"}) events
     */
    static StepProfile of(JsonElement trace, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        JsonArray array =
                trace.isJsonArray()
                        ? trace.getAsJsonArray()
                        : trace.getAsJsonObject().getAsJsonArray("traceEvents");
        List<Event> events = new ArrayList<>();
        for (JsonElement element : array) {
            JsonObject e = element.getAsJsonObject();
            if (e.has("ph") && e.get("ph").getAsString().equals("X")) {
                events.add(
                        new Event(
                                e.get("name").getAsString(),
                                e.get("tid").getAsString(),
                                e.get("ts").getAsDouble(),
                                e.get("dur").getAsDouble(),
                                dims(e)));
            }
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the trace holds no complete (\"X\") events");
        }
        selfTimes(events);
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        Map<String, double[]> byName = new LinkedHashMap<>(); // calls, self µs
        Map<String, double[]> forward = new LinkedHashMap<>(); // calls, µs
        Map<String, double[]> backward = new LinkedHashMap<>(); // calls, µs, MACs
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Event e : events) {
            first = Math.min(first, e.ts);
            last = Math.max(last, e.ts + e.dur);
            double[] op = byName.computeIfAbsent(e.name, k -> new double[2]);
            op[0]++;
            op[1] += e.self;
            if (e.name.equals(CONV_FORWARD) && e.dims.size() >= 2) {
                double[] f =
                        forward.computeIfAbsent(
                                key(e.dims.get(0), e.dims.get(1)), k -> new double[2]);
                f[0]++;
                f[1] += e.dur;
            } else if (e.name.equals(CONV_BACKWARD) && e.dims.size() >= 3) {
                long[] out = e.dims.get(0);
                long[] in = e.dims.get(1);
                long[] w = e.dims.get(2);
                if (out.length == 4 && in.length == 4 && w.length == 4) {
                    String k = key(in, w);
                    double[] b = backward.computeIfAbsent(k, x -> new double[3]);
                    b[0]++;
                    b[1] += e.dur;
                    b[2] += (double) out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3];
                    long groups = Math.max(1, in[1] / Math.max(1, w[1]));
                    shapes.putIfAbsent(
                            k,
                            String.format(
                                    Locale.ROOT,
                                    "%d→%d%s %d×%d, %d×%d→%d×%d",
                                    in[1],
                                    out[1],
                                    groups > 1 ? "/" + groups : "",
                                    w[2],
                                    w[3],
                                    in[2],
                                    in[3],
                                    out[2],
                                    out[3]));
                }
            }
        }
        List<Operator> operators = new ArrayList<>();
        byName.forEach(
                (name, v) -> operators.add(new Operator(name, v[0] / steps, v[1] / 1e3 / steps)));
        operators.sort(Comparator.comparingDouble(Operator::selfMillis).reversed());
        List<Conv> convs = new ArrayList<>();
        backward.forEach(
                (k, b) -> {
                    double[] f = forward.getOrDefault(k, new double[2]);
                    convs.add(
                            new Conv(
                                    shapes.get(k),
                                    b[0] / steps,
                                    b[2] / steps,
                                    f[1] / 1e3 / steps,
                                    b[1] / 1e3 / steps));
                });
        convs.sort(
                Comparator.comparingDouble((Conv c) -> c.forwardMillis() + c.backwardMillis())
                        .reversed());
        return new StepProfile(operators, convs, (last - first) / 1e3 / steps);
    }

    /**
     * Returns the operators, by self time per step, largest first.
     *
     * @return the operators
     */
    List<Operator> operators() {
        return operators;
    }

    /**
     * Returns the convolution shapes, by forward plus backward time per step, largest first.
     *
     * @return the convolution shapes
     */
    List<Conv> convs() {
        return convs;
    }

    /**
     * Returns the profiled time per step: from the first event's start to the last one's end.
     *
     * @return milliseconds per step, profiler overhead included
     */
    double profiledMillis() {
        return profiledMillis;
    }

    /**
     * Returns the profile as Markdown: the top operators by self time and every convolution shape.
     *
     * @param top how many operators to list
     * @return the tables
     */
    String markdown(int top) {
        StringBuilder md = new StringBuilder();
        md.append("| operator | calls/step | self ms/step | share |\n|---|---:|---:|---:|\n");
        for (Operator op : operators.subList(0, Math.min(top, operators.size()))) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| `%s` | %.0f | %.2f | %.1f %% |%n",
                            op.name(),
                            op.calls(),
                            op.selfMillis(),
                            100 * op.selfMillis() / profiledMillis));
        }
        md.append(
                "\n| convolution | calls/step | M MACs/step | forward ms | backward ms | share |"
                        + " GFLOP/s |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Conv c : convs) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.0f | %.1f | %.2f | %.2f | %.1f %% | %.1f |%n",
                            c.shape(),
                            c.calls(),
                            c.macs() / 1e6,
                            c.forwardMillis(),
                            c.backwardMillis(),
                            100 * (c.forwardMillis() + c.backwardMillis()) / profiledMillis,
                            c.gflops()));
        }
        md.append(
                "\nTimes are the profiler's, its overhead included, and that overhead is not spread"
                        + " evenly: it inflates a convolution with few channels on a large image"
                        + " most. Before acting on one row, time the step with that layer's weight"
                        + " frozen and trained (tricks-examples/results/profile/stem-cost: the"
                        + " width-0.5 stem, a quarter of the profiled step, cost 5 % of the real"
                        + " one).\n");
        return md.toString();
    }

    private static String key(long[] input, long[] weight) {
        return Arrays.toString(input) + Arrays.toString(weight);
    }

    private static List<long[]> dims(JsonObject e) {
        JsonElement shapes = e.get("shape");
        if (shapes == null && e.has("args") && e.getAsJsonObject("args").has("Input Dims")) {
            shapes = e.getAsJsonObject("args").get("Input Dims");
        }
        List<long[]> dims = new ArrayList<>();
        if (shapes != null && shapes.isJsonArray()) {
            for (JsonElement s : shapes.getAsJsonArray()) {
                if (s.isJsonArray()) {
                    JsonArray a = s.getAsJsonArray();
                    long[] d = new long[a.size()];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = a.get(i).getAsLong();
                    }
                    dims.add(d);
                } else {
                    dims.add(new long[0]);
                }
            }
        }
        return dims;
    }

    /** Sets each event's self time: its duration less its direct children's, per thread. */
    private static void selfTimes(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(
                Comparator.comparing((Event e) -> e.tid)
                        .thenComparingDouble(e -> e.ts)
                        .thenComparing(Comparator.comparingDouble((Event e) -> e.dur).reversed()));
        Deque<Event> open = new ArrayDeque<>();
        String tid = null;
        for (Event e : sorted) {
            if (!e.tid.equals(tid)) {
                open.clear();
                tid = e.tid;
            }
            while (!open.isEmpty() && open.peek().ts + open.peek().dur <= e.ts) {
                open.pop();
            }
            if (!open.isEmpty()) {
                open.peek().self -= e.dur;
            }
            open.push(e);
        }
    }

    /** A complete event of the trace, with the self time computed from its children. */
    private static final class Event {
        final String name;
        final String tid;
        final double ts;
        final double dur;
        final List<long[]> dims;
        double self;

        Event(String name, String tid, double ts, double dur, List<long[]> dims) {
            this.name = name;
            this.tid = tid;
            this.ts = ts;
            this.dur = dur;
            this.dims = dims;
            this.self = dur;
        }
    }
}
