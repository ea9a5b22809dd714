/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

/**
 * Times a subject against a baseline in the same run, interleaved (A B A B …) after a warm-up, and
 * reports the median of the per-round ratios subject/baseline and its spread.
 *
 * <p>Interleaving puts both under the same machine state (caches, clock, other load), so the ratio
 * is a fairer figure than two separately timed means.
 */
public final class Interleaved {

    private Interleaved() {}

    /** Something timed: one call is one unit of work (a training step, one NMS call, …). */
    @FunctionalInterface
    public interface Work {
        /**
         * Does one unit of work.
         *
         * @throws Exception if the work fails
         */
        void run() throws Exception;
    }

    /**
     * The outcome of an interleaved comparison.
     *
     * @param ratio the median of the per-round ratios subject/baseline
     * @param spread half the interquartile range of the per-round ratios
     * @param baselineMillis the median baseline time of one unit, in milliseconds
     * @param subjectMillis the median subject time of one unit, in milliseconds
     */
    public record Result(double ratio, double spread, double baselineMillis, double subjectMillis) {

        /**
         * Returns the measurement of this result against an upper bound on the ratio.
         *
         * @param maxRatio the largest ratio that passes
         * @return the measurement, with the times behind the ratio as its detail
         */
        public Measurement atMost(double maxRatio) {
            return new Measurement(
                    ratio,
                    spread,
                    "x",
                    ratio <= maxRatio,
                    String.format(
                            "baseline %.3f ms, subject %.3f ms per unit",
                            baselineMillis, subjectMillis));
        }
    }

    /**
     * Runs {@code warmup} rounds untimed, then {@code rounds} timed rounds; each round times {@code
     * unitsPerRound} calls of the baseline and then as many of the subject (the order alternates
     * between rounds).
     *
     * @param baseline the baseline work
     * @param subject the subject work
     * @param warmup untimed rounds first
     * @param rounds timed rounds
     * @param unitsPerRound calls of each per round
     * @return the median ratio, its spread and the median unit times
     * @throws Exception if either work fails
     */
    public static Result compare(
            Work baseline, Work subject, int warmup, int rounds, int unitsPerRound)
            throws Exception {
        if (rounds < 1 || unitsPerRound < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "rounds and unitsPerRound must be >= 1 and warmup >= 0, got rounds="
                            + rounds
                            + ", unitsPerRound="
                            + unitsPerRound
                            + ", warmup="
                            + warmup);
        }
        for (int i = 0; i < warmup; i++) {
            time(baseline, unitsPerRound);
            time(subject, unitsPerRound);
        }
        double[] ratios = new double[rounds];
        double[] base = new double[rounds];
        double[] subj = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                base[i] = time(baseline, unitsPerRound);
                subj[i] = time(subject, unitsPerRound);
            } else {
                subj[i] = time(subject, unitsPerRound);
                base[i] = time(baseline, unitsPerRound);
            }
            ratios[i] = subj[i] / base[i];
        }
        return new Result(
                Quantile.of(ratios, 0.5),
                (Quantile.of(ratios, 0.75) - Quantile.of(ratios, 0.25)) / 2,
                Quantile.of(base, 0.5) / unitsPerRound / 1e6,
                Quantile.of(subj, 0.5) / unitsPerRound / 1e6);
    }

    private static double time(Work work, int units) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < units; i++) {
            work.run();
        }
        return System.nanoTime() - start;
    }
}
