/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import java.util.Arrays;

/**
 * Multistep decay: the base value multiplied by {@code γ} at each milestone {@code m₁ < m₂ < …},
 * counted in steps after the warmup, {@code b·γ^|{j : mⱼ ≤ s}|}, as in ResNet (He et al., arXiv
 * 1512.03385, §4.2: ÷10 at 32k and 48k iterations). PyTorch's {@code MultiStepLR(milestones,
 * gamma)}. It ends at its own value, {@code b·γⁿ} with {@code n} the number of milestones.
 */
final class MultiStepDecay implements Decay {

    private final long[] milestones;
    private final float factor;

    /**
     * Creates the shape; {@link #check} validates it.
     *
     * @param milestones strictly increasing steps after warmup, each in {@code [1, D]}; copied
     * @param factor the factor {@code γ} in {@code (0, 1]}
     */
    MultiStepDecay(int[] milestones, float factor) {
        this.milestones =
                milestones == null ? null : Arrays.stream(milestones).asLongStream().toArray();
        this.factor = factor;
    }

    @Override
    public double value(long s, Span span) {
        return span.base() * Math.pow(factor, passed(milestones, s));
    }

    /**
     * Counts the sorted {@code marks} that are at most {@code s}.
     *
     * @param marks strictly increasing steps
     * @param s a step
     * @return {@code |{j : marksⱼ ≤ s}|}
     */
    static int passed(long[] marks, long s) {
        int i = Arrays.binarySearch(marks, s);
        return i >= 0 ? i + 1 : -i - 1;
    }

    @Override
    public void check(Span span) {
        Checks.factor("factor", factor);
        long decay = span.length();
        Checks.check(
                milestones != null && milestones.length > 0,
                "milestones must name at least one step, got %s",
                milestones == null ? "null" : "[]");
        for (int i = 0; i < milestones.length; i++) {
            Checks.check(
                    milestones[i] >= 1 && milestones[i] <= decay,
                    "milestones must be steps after warmup in [1, totalSteps - warmupSteps] ="
                            + " [1, %s], got %s at index %s",
                    decay,
                    milestones[i],
                    i);
            Checks.check(
                    i == 0 || milestones[i] > milestones[i - 1],
                    "milestones must be strictly increasing, got %s",
                    Arrays.toString(milestones));
        }
    }

    @Override
    public String name() {
        return "multistep";
    }

    @Override
    public String describe() {
        return name() + " x" + WarmupSchedule.number(factor) + " at " + Arrays.toString(milestones);
    }

    @Override
    public boolean endsAtOwnValue() {
        return true;
    }
}
