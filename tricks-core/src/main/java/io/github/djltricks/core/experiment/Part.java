/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One of {@code count} parts of an ablation spread over machines (a Slurm job array, a Kubernetes
 * Indexed Job): part {@code index} of {@code count}, numbered from 1, written {@code I/N}.
 *
 * <p>{@link #assign} deals the runs of an ablation to the parts by expected cost, the same way on
 * every machine: longest first, each to the least loaded part. Every part runs its share ({@link
 * AblationRunner.Builder#optPart}) into a partial results file, and {@link PartialResults#merge}
 * combines the files into the results file one machine would have written.
 *
 * @param index the part, 1 to {@code count}
 * @param count the number of parts, at least 1
 */
public record Part(int index, int count) {

    /** The whole ablation: part 1 of 1. */
    public static final Part WHOLE = new Part(1, 1);

    /**
     * Checks the part.
     *
     * @param index the part, 1 to {@code count}
     * @param count the number of parts, at least 1
     * @throws IllegalArgumentException unless {@code 1 <= index <= count}
     */
    public Part {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException(
                    "part must be I/N with 1 <= I <= N; got " + index + "/" + count);
        }
    }

    /**
     * Parses {@code I/N}, e.g. {@code 2/3}.
     *
     * @param text the part as typed
     * @return the part
     * @throws IllegalArgumentException if the text is not two whole numbers {@code I/N} with {@code
     *     1 <= I <= N}; the message names the text
     */
    public static Part parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                int index = Integer.parseInt(t.substring(0, slash).trim());
                int count = Integer.parseInt(t.substring(slash + 1).trim());
                if (count >= 1 && index >= 1 && index <= count) {
                    return new Part(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(
                "part must be I/N, two whole numbers with 1 <= I <= N (e.g. 2/3); got '"
                        + text
                        + "'");
    }

    /**
     * Returns whether this is the whole ablation, part 1 of 1.
     *
     * @return {@code count == 1}
     */
    public boolean whole() {
        return count == 1;
    }

    /**
     * Returns the part's name in a file name: {@code part-I-of-N}.
     *
     * @return e.g. {@code part-2-of-3}
     */
    public String label() {
        return String.format(Locale.ROOT, "part-%d-of-%d", index, count);
    }

    /**
     * Returns {@code I/N}.
     *
     * @return e.g. {@code 2/3}
     */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * Deals runs to {@code count} parts by expected cost: from the costliest run to the cheapest
     * (equal costs in run order), each to the part with the least cost so far (ties to the lowest
     * part). Deterministic: every machine computes the same parts from the same runs. No part
     * exceeds another by more than the costliest run.
     *
     * @param costs the expected cost of each run, in run order; finite and non-negative
     * @param count the number of parts, at least 1
     * @return the part (1 to {@code count}) of each run, in run order
     * @throws IllegalArgumentException if the count is below 1 or a cost is negative or not finite
     */
    public static int[] assign(double[] costs, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1; got " + count);
        }
        for (int i = 0; i < costs.length; i++) {
            if (!(costs[i] >= 0) || Double.isInfinite(costs[i])) {
                throw new IllegalArgumentException(
                        "costs must be finite and >= 0; got " + costs[i] + " for run " + i);
            }
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, costs.length).boxed().toList());
        order.sort(
                Comparator.comparingDouble((Integer i) -> -costs[i])
                        .thenComparingInt(Integer::intValue));
        double[] load = new double[count];
        int[] part = new int[costs.length];
        for (int run : order) {
            int least = 0;
            for (int p = 1; p < count; p++) {
                if (load[p] < load[least]) {
                    least = p;
                }
            }
            load[least] += costs[run];
            part[run] = least + 1;
        }
        return part;
    }
}
