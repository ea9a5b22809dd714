/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import java.util.Arrays;

/**
 * Cosine decay with warm restarts (Loshchilov and Hutter, "SGDR", arXiv 1608.03983): cycles of
 * {@code C, C·m, C·m², …} steps fill {@code D}; in cycle {@code i} at position {@code τ} of {@code
 * Cᵢ} the value is {@code f + (b·dⁱ − f)·½(1 + cos(π·τ/Cᵢ))}, {@code d} the per-cycle decay of the
 * peak. PyTorch's {@code CosineAnnealingWarmRestarts(T_0 = C, T_mult = m, eta_min = f)} for {@code
 * d = 1}. {@code D} must be a whole number of cycles, so the last cycle ends at step {@code T}.
 */
final class CosineRestartsDecay implements Decay {

    private final int cycle;
    private final int multiplier;
    private final float cycleDecay;

    /**
     * The steps at which the cycles start, {@code 0, C, C + C·m, …}, as far as a long reaches; null
     * for {@code m = 1}, where the cycle follows by division, or for settings {@link #check}
     * rejects.
     */
    private final long[] starts;

    /**
     * Creates the shape; {@link #check} validates it.
     *
     * @param cycle the first cycle's length {@code C}, {@code ≥ 1}
     * @param multiplier the factor {@code m ≥ 1} from one cycle's length to the next
     * @param cycleDecay the factor {@code d} in {@code (0, 1]} from one cycle's peak to the next
     */
    CosineRestartsDecay(int cycle, int multiplier, float cycleDecay) {
        this.cycle = cycle;
        this.multiplier = multiplier;
        this.cycleDecay = cycleDecay;
        this.starts = cycle >= 1 && multiplier > 1 ? starts(cycle, multiplier) : null;
    }

    private static long[] starts(long cycle, int multiplier) {
        // Lengths at least double, so at most 63 cycles fit in a long: 64 starts with the 0.
        long[] starts = new long[Long.SIZE];
        int n = 1;
        long length = cycle;
        while (length <= Long.MAX_VALUE - starts[n - 1]) {
            starts[n] = starts[n - 1] + length;
            n++;
            if (length > Long.MAX_VALUE / multiplier) {
                break;
            }
            length *= multiplier;
        }
        return Arrays.copyOf(starts, n);
    }

    @Override
    public double value(long s, Span span) {
        long index;
        long position;
        long length;
        if (starts == null) {
            index = s / cycle;
            position = s % cycle;
            length = cycle;
        } else {
            int i = MultiStepDecay.passed(starts, s) - 1;
            index = i;
            position = s - starts[i];
            length = starts[i + 1] - starts[i];
        }
        return CosineDecay.halfCosine(
                span.base() * Math.pow(cycleDecay, index),
                span.finalValue(),
                (double) position / length);
    }

    @Override
    public void check(Span span) {
        Checks.check(cycle >= 1, "cycleSteps must be >= 1, got %s", cycle);
        Checks.check(multiplier >= 1, "cycleMultiplier must be >= 1, got %s", multiplier);
        Checks.factor("cycleDecay", cycleDecay);
        long decay = span.length();
        long cycles;
        if (multiplier == 1) {
            Checks.check(
                    decay % cycle == 0,
                    "totalSteps - warmupSteps = %s must be a whole number of restart cycles of"
                            + " %s steps; nearest ends: %s, %s",
                    decay,
                    cycle,
                    Math.max(cycle, decay / cycle * cycle),
                    (decay / cycle + 1) * cycle);
            cycles = decay / cycle;
        } else {
            int i = Arrays.binarySearch(starts, decay);
            // The cycle ends up to the first at or past the decay's end.
            int shown = i >= 0 ? i : Math.min(-i - 1, starts.length - 1);
            Checks.check(
                    i >= 1,
                    "totalSteps - warmupSteps = %s must be a whole number of restart cycles"
                            + " (%s steps, each x%s): cycles end at %s",
                    decay,
                    cycle,
                    multiplier,
                    Arrays.toString(Arrays.copyOfRange(starts, 1, shown + 1)));
            cycles = i;
        }
        double lastPeak = span.base() * Math.pow(cycleDecay, cycles - 1);
        Checks.check(
                lastPeak >= span.finalValue(),
                "cycleDecay=%s brings the last cycle's peak to %s, below finalValue=%s",
                cycleDecay,
                lastPeak,
                (float) span.finalValue());
    }

    @Override
    public String name() {
        return "cosine with restarts";
    }

    @Override
    public String describe() {
        return name()
                + " (cycle "
                + cycle
                + ", x"
                + multiplier
                + " length, x"
                + WarmupSchedule.number(cycleDecay)
                + " peak)";
    }
}
