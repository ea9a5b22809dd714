/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

/**
 * The defining identities of {@link WarmupSchedule} over random valid configurations (the issue's
 * properties 1 to 6).
 */
class WarmupScheduleProperties {

    /** A random valid base configuration: base, warmup begin, final, W and T (0 ≤ W < T). */
    record Setup(float base, float begin, float end, int warmup, int total, WarmupMode mode) {

        WarmupSchedule.Builder builder() {
            return WarmupSchedule.builder()
                    .setBaseValue(base)
                    .optWarmupBegin(begin)
                    .optWarmupSteps(warmup)
                    .optWarmupMode(mode)
                    .setTotalSteps(total);
        }

        int decay() {
            return total - warmup;
        }
    }

    /** A setup with its schedule, for the properties that hold for every decay shape. */
    record Built(Setup setup, WarmupSchedule schedule, String shape) {}

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<Float> base = Arbitraries.floats().between(1e-4f, 10f).ofScale(6);
        Arbitrary<Double> beginShare = Arbitraries.doubles().between(0, 1).ofScale(6);
        Arbitrary<Double> endShare =
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(0.0)),
                        Tuple.of(3, Arbitraries.doubles().between(0, 1).ofScale(6)));
        Arbitrary<Integer> total = Arbitraries.integers().between(1, 3000);
        Arbitrary<Double> warmupShare =
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(0.0)),
                        Tuple.of(4, Arbitraries.doubles().between(0, 1).ofScale(6)));
        Arbitrary<WarmupMode> mode = Arbitraries.of(WarmupMode.class);
        return Combinators.combine(base, beginShare, endShare, total, warmupShare, mode)
                .as(
                        (b, u, v, t, w, m) ->
                                new Setup(
                                        b,
                                        (float) (b * u),
                                        (float) (b * v),
                                        (int) Math.min(t - 1, Math.floor(w * t)),
                                        t,
                                        m));
    }

    /** Every decay shape, each with random parameters valid for the setup. */
    @Provide
    Arbitrary<Built> schedules() {
        return setups().flatMap(
                        s -> {
                            int d = s.decay();
                            Arbitrary<Float> factor =
                                    Arbitraries.floats().between(0.01f, 1f).ofScale(4);
                            return Arbitraries.oneOf(
                                    Arbitraries.just(
                                            new Built(
                                                    s,
                                                    s.builder()
                                                            .optFinalValue(s.end())
                                                            .cosine()
                                                            .build(),
                                                    "cosine")),
                                    Arbitraries.just(
                                            new Built(
                                                    s,
                                                    s.builder()
                                                            .optFinalValue(s.end())
                                                            .linear()
                                                            .build(),
                                                    "linear")),
                                    Arbitraries.floats()
                                            .between(0.1f, 5f)
                                            .map(
                                                    p ->
                                                            new Built(
                                                                    s,
                                                                    s.builder()
                                                                            .optFinalValue(s.end())
                                                                            .polynomial(p)
                                                                            .build(),
                                                                    "polynomial")),
                                    Combinators.combine(
                                                    Arbitraries.integers().between(1, d), factor)
                                            .as(
                                                    (k, g) ->
                                                            new Built(
                                                                    s,
                                                                    s.builder().step(k, g).build(),
                                                                    "step")),
                                    Combinators.combine(milestones(d), factor)
                                            .as(
                                                    (m, g) ->
                                                            new Built(
                                                                    s,
                                                                    s.builder()
                                                                            .multiStep(m, g)
                                                                            .build(),
                                                                    "multistep")),
                                    Arbitraries.just(
                                            new Built(
                                                    s,
                                                    s.builder().constant().build(),
                                                    "constant")));
                        });
    }

    private static Arbitrary<int[]> milestones(int decay) {
        return Arbitraries.integers()
                .between(1, decay)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(list -> new TreeSet<>(list).stream().mapToInt(Integer::intValue).toArray());
    }

    // 1. Warmup: value(0) = begin, value(W) = base, equal increments (linear) or flat (constant).
    @Property
    void warmupBeginsAtBeginEndsAtBaseInEqualSteps(@ForAll("schedules") Built built) {
        Setup s = built.setup();
        WarmupSchedule schedule = built.schedule();
        if (s.warmup() == 0) {
            assertThat(schedule.value(0)).isEqualTo(s.base());
            return;
        }
        assertThat(schedule.value(0)).isEqualTo(s.begin());
        assertThat(schedule.getNewValue(1)).isEqualTo(s.begin());
        assertThat(schedule.value(s.warmup())).isCloseTo(s.base(), within(1e-6 * s.base()));
        assertThat(schedule.getNewValue(s.warmup() + 1))
                .isCloseTo(s.base(), within(1e-6f * s.base()));
        double increment =
                s.mode() == WarmupMode.LINEAR ? ((double) s.base() - s.begin()) / s.warmup() : 0;
        // Linear: every increment, the last one (to value(W) = base) included, is (base − begin)/W.
        // Constant: flat up to W − 1, then one jump to base.
        int last = s.mode() == WarmupMode.LINEAR ? s.warmup() : s.warmup() - 1;
        for (int t = 0; t < last; t++) {
            double step = schedule.value(t + 1) - schedule.value(t);
            assertThat(step).as("increment at t=%d", t).isCloseTo(increment, within(1e-12));
        }
    }

    // 2. After warmup: non-increasing; value(T) = final and value(t) = final for t > T.
    @Property
    void nonIncreasingAfterWarmupThenFinal(
            @ForAll("schedules") Built built, @ForAll @IntRange(min = 1) int beyond) {
        Setup s = built.setup();
        WarmupSchedule schedule = built.schedule();
        for (long t = s.warmup(); t < s.total() + 3; t++) {
            if (schedule.value(t + 1) > schedule.value(t)) { // assert only on failure: fast loop
                assertThat(schedule.value(t + 1))
                        .as("t=%d", t)
                        .isLessThanOrEqualTo(schedule.value(t));
            }
        }
        double end = schedule.value(s.total());
        if (List.of("cosine", "linear", "polynomial").contains(built.shape())) {
            assertThat(end).isEqualTo(s.end());
        }
        assertThat(schedule.getFinalValue()).isEqualTo((float) end);
        assertThat(schedule.value((long) s.total() + beyond)).isEqualTo(end);
        assertThat(schedule.getNewValue(s.total() + 1)).isEqualTo((float) end);
        assertThat(schedule.getNewValue(Integer.MAX_VALUE)).isEqualTo((float) end);
    }

    // 3. Bounds: within [min(begin, final), base] everywhere, in double and in float.
    @Property
    void withinBounds(@ForAll("schedules") Built built) {
        assertBounds(built.setup(), built.schedule());
    }

    @Property
    void restartsWithinBounds(@ForAll("restarts") Restarts r) {
        assertBounds(r.setup(), r.schedule());
    }

    private static void assertBounds(Setup s, WarmupSchedule schedule) {
        double low = Math.min(s.begin(), schedule.value(s.total()));
        for (int t = 0; t <= s.total() + 2; t++) {
            double v = schedule.value(t);
            float f = schedule.getNewValue(t + 1);
            if (v < low || v > s.base() || f < (float) low || f > s.base()) {
                assertThat(v).as("t=%d", t).isBetween(low, (double) s.base());
                assertThat(f).as("numUpdate=%d", t + 1).isBetween((float) low, s.base());
            }
        }
    }

    // 4. Cosine: the midpoint is the mean of base and final, and the curve is point-symmetric
    // about it: value(W + x) + value(T − x) = base + final.
    @Property
    void cosineMidpointAndSymmetry(@ForAll("setups") Setup s) {
        WarmupSchedule schedule = s.builder().optFinalValue(s.end()).cosine().build();
        double sum = (double) s.base() + s.end();
        if (s.decay() % 2 == 0) {
            assertThat(schedule.value(s.warmup() + s.decay() / 2))
                    .isCloseTo(sum / 2, within(1e-12 * s.base()));
        }
        for (int x = 0; x <= s.decay(); x++) {
            assertThat(schedule.value(s.warmup() + x) + schedule.value(s.total() - x))
                    .as("x=%d", x)
                    .isCloseTo(sum, within(1e-12 * s.base()));
        }
    }

    // 5. Step and multistep: value(t) = base·factor^(number of milestones ≤ t − W).
    @Property
    void stepDecaysByFactorEveryK(
            @ForAll("setups") Setup s,
            @ForAll @IntRange(min = 1, max = 400) int k,
            @ForAll("factors") float factor) {
        WarmupSchedule schedule = s.builder().step(k, factor).build();
        for (int t = s.warmup(); t <= s.total(); t++) {
            int passed = (t - s.warmup()) / k;
            assertThat(schedule.value(t))
                    .as("t=%d", t)
                    .isCloseTo(s.base() * Math.pow(factor, passed), within(1e-12 * s.base()));
        }
    }

    @Provide
    Arbitrary<Tuple2<Setup, int[]>> withMilestones() {
        return setups().flatMap(s -> milestones(s.decay()).map(m -> Tuple.of(s, m)));
    }

    @Property
    void multiStepDecaysAtMilestones(
            @ForAll("withMilestones") Tuple2<Setup, int[]> input, @ForAll("factors") float factor) {
        Setup s = input.get1();
        int[] milestones = input.get2();
        WarmupSchedule schedule = s.builder().multiStep(milestones, factor).build();
        for (int t = s.warmup(); t <= s.total(); t++) {
            int passed = 0;
            for (int m : milestones) {
                passed += m <= t - s.warmup() ? 1 : 0;
            }
            assertThat(schedule.value(t))
                    .as("t=%d milestones=%s", t, Arrays.toString(milestones))
                    .isCloseTo(s.base() * Math.pow(factor, passed), within(1e-12 * s.base()));
        }
    }

    @Provide
    Arbitrary<Float> factors() {
        return Arbitraries.floats().between(0.01f, 1f).ofScale(4);
    }

    // 6. Epoch form equals step form with W = e·n and T = E·n.
    @Property
    void epochFormEqualsStepForm(
            @ForAll @IntRange(min = 1, max = 40) int epochs,
            @ForAll @IntRange(min = 0, max = 39) int warmupEpochs,
            @ForAll @IntRange(min = 1, max = 60) int stepsPerEpoch,
            @ForAll("setups") Setup shape) {
        int e = Math.min(warmupEpochs, epochs - 1);
        WarmupSchedule byEpoch =
                WarmupSchedule.builder()
                        .setBaseValue(shape.base())
                        .optWarmupBegin(shape.begin())
                        .optFinalValue(shape.end())
                        .optWarmupMode(shape.mode())
                        .optWarmupEpochs(e)
                        .setTotalEpochs(epochs)
                        .setStepsPerEpoch(stepsPerEpoch)
                        .cosine()
                        .build();
        WarmupSchedule bySteps =
                WarmupSchedule.builder()
                        .setBaseValue(shape.base())
                        .optWarmupBegin(shape.begin())
                        .optFinalValue(shape.end())
                        .optWarmupMode(shape.mode())
                        .optWarmupSteps(e * stepsPerEpoch)
                        .setTotalSteps(epochs * stepsPerEpoch)
                        .cosine()
                        .build();
        assertThat(byEpoch.getWarmupSteps()).isEqualTo((long) e * stepsPerEpoch);
        assertThat(byEpoch.getTotalSteps()).isEqualTo((long) epochs * stepsPerEpoch);
        for (int t = 0; t <= epochs * stepsPerEpoch + 2; t++) {
            assertThat(byEpoch.value(t)).as("t=%d", t).isEqualTo(bySteps.value(t));
        }
    }

    /** A restart schedule: C, m, d, the number of cycles, and the schedule. */
    record Restarts(
            Setup setup,
            int cycle,
            int multiplier,
            float decay,
            int cycles,
            WarmupSchedule schedule) {

        long start(int i) {
            long start = 0;
            long length = cycle;
            for (int j = 0; j < i; j++) {
                start += length;
                length *= multiplier;
            }
            return setup.warmup() + start;
        }

        long length(int i) {
            return cycle * (long) Math.pow(multiplier, i);
        }
    }

    @Provide
    Arbitrary<Restarts> restarts() {
        Arbitrary<Float> base = Arbitraries.floats().between(1e-4f, 10f).ofScale(6);
        return Combinators.combine(
                        base,
                        Arbitraries.integers().between(1, 40),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.floats().between(0.3f, 1f).ofScale(4),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.doubles().between(0, 1).ofScale(6),
                        Arbitraries.doubles().between(0, 1).ofScale(6))
                .as(
                        (b, c, m, d, k, w, u, v) -> {
                            long decay = 0;
                            long length = c;
                            for (int i = 0; i < k; i++) {
                                decay += length;
                                length *= m;
                            }
                            float end = (float) (b * Math.pow(d, k - 1) * v);
                            Setup s =
                                    new Setup(
                                            b,
                                            (float) (b * u),
                                            end,
                                            w,
                                            (int) (w + decay),
                                            WarmupMode.LINEAR);
                            WarmupSchedule schedule =
                                    s.builder().optFinalValue(end).cosineRestarts(c, m, d).build();
                            return new Restarts(s, c, m, d, k, schedule);
                        });
    }

    // 6. Restarts repeat the cycle shape: at the same fraction of its cycle, every cycle is the
    // first one scaled from [final, base] to [final, base·dⁱ]; with m = 1 and d = 1, exactly
    // periodic.
    @Property
    void restartsRepeatTheCycleShape(@ForAll("restarts") Restarts r) {
        WarmupSchedule schedule = r.schedule();
        double end = r.setup().end();
        double base = r.setup().base();
        for (int i = 0; i < r.cycles(); i++) {
            double peak = base * Math.pow(r.decay(), i);
            long scale = r.length(i) / r.cycle();
            assertThat(schedule.value(r.start(i))).isCloseTo(peak, within(1e-12 * base));
            for (int tau = 0; tau < r.cycle(); tau++) {
                double first = (schedule.value(r.start(0) + tau) - end) / (base - end);
                double here = schedule.value(r.start(i) + tau * scale);
                assertThat(here)
                        .as("cycle %d, tau %d", i, tau * scale)
                        .isCloseTo(end + (peak - end) * first, within(1e-9 * base));
                if (r.multiplier() == 1 && r.decay() == 1f) {
                    assertThat(here).isEqualTo(schedule.value(r.start(0) + tau));
                }
            }
        }
        assertThat(schedule.value(r.setup().total())).isEqualTo(end);
    }

    // The update number maps to the step as t = ⌊(numUpdate − 1)/k⌋.
    @Property
    void updatesPerStepGroupsUpdates(
            @ForAll("setups") Setup s,
            @ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @IntRange(min = 1, max = 100_000) int numUpdate) {
        WarmupSchedule one = s.builder().optFinalValue(s.end()).cosine().build();
        WarmupSchedule many =
                s.builder().optFinalValue(s.end()).cosine().optUpdatesPerStep(k).build();
        long t = (numUpdate - 1) / k;
        assertThat(many.stepOf(numUpdate)).isEqualTo(t);
        assertThat(many.getNewValue(numUpdate)).isEqualTo(one.getNewValue((int) t + 1));
        assertThat(many.getNewValue(numUpdate)).isEqualTo((float) one.value(t));
    }
}
