/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * TEMPORARY (issue #26): the restructured {@link WarmupSchedule} (one {@link Decay} class per
 * shape) against a verbatim copy of the enum-based one it replaces ({@link OldWarmupSchedule}):
 * every value, to the bit, over every step and update number, for every shape; and the same outcome
 * (values, or exception class and message) for arbitrary, mostly invalid settings. Removed with the
 * old copy once it has passed.
 */
class WarmupScheduleEquivalenceTest {

    /** Every builder setting; null where not called. */
    record Recipe(
            String shape,
            Float base,
            Float begin,
            Float end,
            WarmupMode mode,
            boolean setMode,
            Integer warmupSteps,
            Integer warmupEpochs,
            Integer totalSteps,
            Integer totalEpochs,
            Integer stepsPerEpoch,
            Integer updatesPerStep,
            int stepSize,
            float factor,
            int[] milestones,
            float power,
            int cycle,
            int multiplier,
            float cycleDecay) {

        OldWarmupSchedule buildOld() {
            OldWarmupSchedule.Builder b = OldWarmupSchedule.builder();
            if (base != null) {
                b.setBaseValue(base);
            }
            if (begin != null) {
                b.optWarmupBegin(begin);
            }
            if (setMode) {
                b.optWarmupMode(mode);
            }
            if (warmupSteps != null) {
                b.optWarmupSteps(warmupSteps);
            }
            if (warmupEpochs != null) {
                b.optWarmupEpochs(warmupEpochs);
            }
            if (totalSteps != null) {
                b.setTotalSteps(totalSteps);
            }
            if (totalEpochs != null) {
                b.setTotalEpochs(totalEpochs);
            }
            if (stepsPerEpoch != null) {
                b.setStepsPerEpoch(stepsPerEpoch);
            }
            if (updatesPerStep != null) {
                b.optUpdatesPerStep(updatesPerStep);
            }
            if (end != null) {
                b.optFinalValue(end);
            }
            switch (shape) {
                case "cosine" -> b.cosine();
                case "restarts" -> b.cosineRestarts(cycle, multiplier, cycleDecay);
                case "step" -> b.step(stepSize, factor);
                case "multistep" -> b.multiStep(milestones, factor);
                case "polynomial" -> b.polynomial(power);
                case "linear" -> b.linear();
                case "constant" -> b.constant();
                default -> {}
            }
            return b.build();
        }

        WarmupSchedule buildNew() {
            WarmupSchedule.Builder b = WarmupSchedule.builder();
            if (base != null) {
                b.setBaseValue(base);
            }
            if (begin != null) {
                b.optWarmupBegin(begin);
            }
            if (setMode) {
                b.optWarmupMode(mode);
            }
            if (warmupSteps != null) {
                b.optWarmupSteps(warmupSteps);
            }
            if (warmupEpochs != null) {
                b.optWarmupEpochs(warmupEpochs);
            }
            if (totalSteps != null) {
                b.setTotalSteps(totalSteps);
            }
            if (totalEpochs != null) {
                b.setTotalEpochs(totalEpochs);
            }
            if (stepsPerEpoch != null) {
                b.setStepsPerEpoch(stepsPerEpoch);
            }
            if (updatesPerStep != null) {
                b.optUpdatesPerStep(updatesPerStep);
            }
            if (end != null) {
                b.optFinalValue(end);
            }
            switch (shape) {
                case "cosine" -> b.cosine();
                case "restarts" -> b.cosineRestarts(cycle, multiplier, cycleDecay);
                case "step" -> b.step(stepSize, factor);
                case "multistep" -> b.multiStep(milestones, factor);
                case "polynomial" -> b.polynomial(power);
                case "linear" -> b.linear();
                case "constant" -> b.constant();
                default -> {}
            }
            return b.build();
        }

        @Override
        public String toString() {
            return String.format(
                    "%s base=%s begin=%s final=%s mode=%s(%s) W=%s We=%s T=%s Te=%s spe=%s k=%s"
                            + " stepSize=%s factor=%s milestones=%s power=%s cycle=%s m=%s d=%s",
                    shape,
                    base,
                    begin,
                    end,
                    mode,
                    setMode,
                    warmupSteps,
                    warmupEpochs,
                    totalSteps,
                    totalEpochs,
                    stepsPerEpoch,
                    updatesPerStep,
                    stepSize,
                    factor,
                    Arrays.toString(milestones),
                    power,
                    cycle,
                    multiplier,
                    cycleDecay);
        }
    }

    static final List<String> SHAPES =
            List.of("cosine", "restarts", "step", "multistep", "polynomial", "linear", "constant");

    /** Counts what the properties compared, to show they compared something. */
    static long compared;

    /**
     * Compares every value of two schedules built from one recipe, to the bit: getNewValue at every
     * update number 0 … (T + 3)·k + k and at a few huge ones, value and stepOf at every step, the
     * getters and toString.
     */
    static void assertSame(Recipe recipe, OldWarmupSchedule old, WarmupSchedule now) {
        String as = recipe.toString();
        assertThat(now.toString()).as(as).isEqualTo(old.toString());
        assertThat(now.getBaseValue()).as(as).isEqualTo(old.getBaseValue());
        assertThat(Float.floatToRawIntBits(now.getFinalValue()))
                .as(as)
                .isEqualTo(Float.floatToRawIntBits(old.getFinalValue()));
        assertThat(now.getWarmupBegin()).as(as).isEqualTo(old.getWarmupBegin());
        assertThat(now.getWarmupSteps()).as(as).isEqualTo(old.getWarmupSteps());
        assertThat(now.getTotalSteps()).as(as).isEqualTo(old.getTotalSteps());
        assertThat(now.getUpdatesPerStep()).as(as).isEqualTo(old.getUpdatesPerStep());
        long total = old.getTotalSteps();
        int k = old.getUpdatesPerStep();
        // Every update number and step up to 50 000; past that 50 000 spread over the range
        // plus windows around the end of the warmup and the end of the decay.
        long lastUpdate = Math.min(Integer.MAX_VALUE, (total + 4) * k);
        long stride = Math.max(1, lastUpdate / EXHAUSTIVE);
        for (long n = 0; n <= lastUpdate; n += stride) {
            checkUpdate(as, old, now, (int) n);
        }
        if (stride > 1) {
            for (long centre : new long[] {old.getWarmupSteps() * k, total * k}) {
                long from = Math.max(0, centre - 1000);
                for (long n = from; n <= Math.min(lastUpdate, centre + 1000); n++) {
                    checkUpdate(as, old, now, (int) n);
                }
            }
        }
        for (int n : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1 << 30}) {
            checkUpdate(as, old, now, n);
        }
        long lastStep = total + 3;
        long stepStride = Math.max(1, lastStep / EXHAUSTIVE);
        for (long t = 0; t <= lastStep; t += stepStride) {
            if (Double.doubleToRawLongBits(now.value(t))
                    != Double.doubleToRawLongBits(old.value(t))) {
                assertThat(now.value(t)).as("%s value(%d)", as, t).isEqualTo(old.value(t));
            }
        }
    }

    static final long EXHAUSTIVE = 50_000;

    /** getNewValue to the bit, and stepOf, at one update number. */
    private static void checkUpdate(String as, OldWarmupSchedule old, WarmupSchedule now, int n) {
        if (Float.floatToRawIntBits(now.getNewValue(n))
                != Float.floatToRawIntBits(old.getNewValue(n))) {
            assertThat(now.getNewValue(n))
                    .as("%s numUpdate %d", as, n)
                    .isEqualTo(old.getNewValue(n));
        }
        if (now.stepOf(n) != old.stepOf(n)) {
            assertThat(now.stepOf(n)).as("%s stepOf %d", as, n).isEqualTo(old.stepOf(n));
        }
        compared++;
    }

    /**
     * Builds both; they must both build and agree everywhere, or throw the same exception.
     *
     * @return what happened: "built", or the exception's class and the message's first words
     */
    static String assertSameOutcome(Recipe recipe) {
        OldWarmupSchedule old = null;
        RuntimeException oldError = null;
        try {
            old = recipe.buildOld();
        } catch (RuntimeException e) {
            oldError = e;
        }
        WarmupSchedule now = null;
        RuntimeException newError = null;
        try {
            now = recipe.buildNew();
        } catch (RuntimeException e) {
            newError = e;
        }
        if (oldError != null) {
            assertThat(newError).as(recipe.toString()).isNotNull();
            assertThat(newError.getClass()).as(recipe.toString()).isEqualTo(oldError.getClass());
            assertThat(newError.getMessage())
                    .as(recipe.toString())
                    .isEqualTo(oldError.getMessage());
            String message = String.valueOf(oldError.getMessage()).replaceAll("[-0-9.E]+", "#");
            return oldError.getClass().getSimpleName()
                    + ": "
                    + message.substring(0, Math.min(48, message.length()));
        }
        assertThat(newError).as(recipe.toString()).isNull();
        assertSame(recipe, old, now);
        return "built " + recipe.shape();
    }

    // Valid recipes: every shape with random settings that build.

    @Provide
    Arbitrary<Recipe> valid() {
        Arbitrary<Float> base = Arbitraries.floats().between(1e-5f, 10f).ofScale(8);
        Arbitrary<Double> share = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> total = Arbitraries.integers().between(1, 2500);
        Arbitrary<Double> warmupShare =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 1)));
        Arbitrary<WarmupMode> mode = Arbitraries.of(WarmupMode.class);
        Arbitrary<Integer> k = Arbitraries.integers().between(1, 4);
        Arbitrary<String> shape = Arbitraries.of(SHAPES);
        Arbitrary<Boolean> epochs = Arbitraries.of(false, false, true);
        Arbitrary<int[]> lengths =
                Combinators.combine(total, warmupShare)
                        .as((t, w) -> new int[] {(int) Math.min(t - 1, Math.floor(w * t)), t});
        return Combinators.combine(base, share, share, lengths, mode, k, shape, epochs)
                .flatAs(
                        (b, u, v, wt, m, kk, s, e) -> {
                            int warmup = wt[0];
                            int t = wt[1];
                            float begin = (float) (b * u);
                            float end = (float) (b * v);
                            return shapeSettings(s, t - warmup, b, end)
                                    .map(r -> withLength(r, b, begin, m, warmup, t, kk, e, end));
                        });
    }

    /** The schedule's settings around a shape's; the length in epochs when it divides. */
    private static Recipe withLength(
            Recipe shape,
            float base,
            float begin,
            WarmupMode mode,
            int warmup,
            int total,
            int k,
            boolean epochs,
            float end) {
        boolean ownValue = List.of("step", "multistep", "constant").contains(shape.shape());
        int perEpoch = epochs ? divisor(warmup, total) : 0;
        return new Recipe(
                shape.shape(),
                base,
                begin,
                ownValue ? null : shape.end() != null ? shape.end() : end,
                mode,
                true,
                perEpoch > 0 ? null : warmup,
                perEpoch > 0 ? warmup / perEpoch : null,
                perEpoch > 0 ? null : total,
                perEpoch > 0 ? total / perEpoch : null,
                perEpoch > 0 ? perEpoch : null,
                k,
                shape.stepSize(),
                shape.factor(),
                shape.milestones(),
                shape.power(),
                shape.cycle(),
                shape.multiplier(),
                shape.cycleDecay());
    }

    /** The largest common divisor of W and T above 1, or 0. */
    private static int divisor(int warmup, int total) {
        for (int d = Math.max(1, total / 2); d > 1; d--) {
            if (total % d == 0 && warmup % d == 0) {
                return d;
            }
        }
        return 0;
    }

    private static Recipe shape(
            String shape,
            Float end,
            int stepSize,
            float factor,
            int[] milestones,
            float power,
            int cycle,
            int multiplier,
            float cycleDecay) {
        return new Recipe(
                shape,
                null,
                null,
                end,
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                stepSize,
                factor,
                milestones,
                power,
                cycle,
                multiplier,
                cycleDecay);
    }

    /** A shape's settings valid for a decay of {@code d} steps. */
    private static Arbitrary<Recipe> shapeSettings(String name, int d, float base, float end) {
        Arbitrary<Float> factor = Arbitraries.floats().between(0.001f, 1f).ofScale(6);
        switch (name) {
            case "step":
                return Combinators.combine(Arbitraries.integers().between(1, d), factor)
                        .as((k, g) -> shape(name, null, k, g, null, 1f, 1, 1, 1f));
            case "multistep":
                return Combinators.combine(milestones(d), factor)
                        .as((m, g) -> shape(name, null, 1, g, m, 1f, 1, 1, 1f));
            case "polynomial":
                return Arbitraries.floats()
                        .between(0.05f, 6f)
                        .map(p -> shape(name, null, 1, 1f, null, p, 1, 1, 1f));
            case "restarts":
                return restartSettings(d, base, end);
            default:
                return Arbitraries.just(shape(name, null, 1, 1f, null, 1f, 1, 1, 1f));
        }
    }

    private static Arbitrary<int[]> milestones(int decay) {
        return Arbitraries.integers()
                .between(1, decay)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(list -> new TreeSet<>(list).stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Restart settings whose cycles fill {@code d}: m = 1 with C a divisor of d, or m ≥ 2 with the
     * cycles' ends, when d is one; the final value lowered under the last peak.
     */
    private static Arbitrary<Recipe> restartSettings(int d, float base, float end) {
        List<int[]> fits = new ArrayList<>();
        for (int c = 1; c <= d; c++) {
            if (d % c == 0) {
                fits.add(new int[] {c, 1});
            }
            for (int m = 2; m <= 4; m++) {
                long e = 0;
                long length = c;
                while (e < d) {
                    e += length;
                    length *= m;
                }
                if (e == d) {
                    fits.add(new int[] {c, m});
                }
            }
        }
        return Combinators.combine(Arbitraries.of(fits), Arbitraries.floats().between(0.2f, 1f))
                .as(
                        (cm, decay) -> {
                            long cycles = cm[1] == 1 ? d / cm[0] : cyclesOf(d, cm[0], cm[1]);
                            double lastPeak = base * Math.pow(decay, cycles - 1);
                            float f = end <= lastPeak ? end : (float) (lastPeak * 0.5);
                            return shape("restarts", f, 1, 1f, null, 1f, cm[0], cm[1], decay);
                        });
    }

    private static long cyclesOf(long d, long c, int m) {
        long n = 0;
        long e = 0;
        long length = c;
        while (e < d) {
            e += length;
            length *= m;
            n++;
        }
        return n;
    }

    @Property(tries = 4000)
    void everyShapeAgreesToTheBitAtEveryUpdate(@ForAll("valid") Recipe recipe) {
        Statistics.collect(assertSameOutcome(recipe));
    }

    // Arbitrary recipes: edge and out-of-range values everywhere; same values or same exception.

    @Provide
    Arbitrary<Recipe> arbitrary() {
        return valid().flatMap(r -> perturbed(r, 3));
    }

    /** The recipe with one to {@code n} settings replaced by edge or out-of-range values. */
    private static Arbitrary<Recipe> perturbed(Recipe recipe, int n) {
        RecordComponent[] components = Recipe.class.getRecordComponents();
        Arbitrary<Recipe> once =
                Arbitraries.integers()
                        .between(0, components.length - 1)
                        .flatMap(
                                i ->
                                        edges(recipe, components[i].getType())
                                                .map(value -> with(recipe, i, value)));
        return n == 1 ? once : Arbitraries.oneOf(once, once.flatMap(r -> perturbed(r, n - 1)));
    }

    /**
     * Edge and out-of-range values for a setting of the given type, some relative to the recipe.
     */
    private static Arbitrary<Object> edges(Recipe r, Class<?> type) {
        float base = r.base() == null ? 0.1f : r.base();
        int total =
                r.totalSteps() != null
                        ? r.totalSteps()
                        : r.totalEpochs() != null ? r.totalEpochs() : 10;
        int warmup =
                r.warmupSteps() != null
                        ? r.warmupSteps()
                        : r.warmupEpochs() != null ? r.warmupEpochs() : 0;
        List<Object> floats =
                Arrays.asList(
                        0f,
                        -0f,
                        -0.1f,
                        1f,
                        1.5f,
                        1e-3f,
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.MIN_VALUE,
                        base,
                        Math.nextUp(base),
                        Math.nextDown(base),
                        base / 2,
                        base * 2);
        List<Object> ints =
                Arrays.asList(
                        -1,
                        0,
                        1,
                        2,
                        3,
                        total,
                        total - 1,
                        total + 1,
                        total - warmup,
                        total - warmup + 1,
                        warmup,
                        warmup + 1,
                        Integer.MAX_VALUE);
        if (type == Float.class) {
            List<Object> values = new ArrayList<>(floats);
            values.add(null);
            return Arbitraries.of(values);
        }
        if (type == float.class) {
            return Arbitraries.of(floats);
        }
        if (type == Integer.class) {
            List<Object> values = new ArrayList<>(ints);
            values.add(null);
            return Arbitraries.of(values);
        }
        if (type == int.class) {
            return Arbitraries.of(ints);
        }
        if (type == boolean.class) {
            return Arbitraries.of(true, false);
        }
        if (type == WarmupMode.class) {
            return Arbitraries.of(Arrays.asList(WarmupMode.LINEAR, WarmupMode.CONSTANT, null));
        }
        if (type == String.class) {
            List<Object> shapes = new ArrayList<>(SHAPES);
            shapes.add("none");
            return Arbitraries.of(shapes);
        }
        int d = total - warmup;
        return Arbitraries.of(
                Arrays.asList(
                        null,
                        new int[0],
                        new int[] {0},
                        new int[] {d},
                        new int[] {d + 1},
                        new int[] {1, 1},
                        new int[] {2, 1},
                        new int[] {1, d},
                        new int[] {-1, 5}));
    }

    private static Recipe with(Recipe r, int index, Object value) {
        try {
            RecordComponent[] components = Recipe.class.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = components[i].getAccessor().invoke(r);
                types[i] = components[i].getType();
            }
            args[index] = value;
            return Recipe.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 20000)
    void arbitrarySettingsGiveTheSameValuesOrTheSameException(@ForAll("arbitrary") Recipe recipe) {
        Statistics.collect(assertSameOutcome(recipe));
    }

    // Fixed cases: the golden configurations, long schedules in epochs, the callers' schedules.

    @Test
    void longSchedulesAgreeAtSampledUpdates() {
        for (String shape : SHAPES) {
            for (int k : new int[] {1, 3}) {
                Recipe recipe =
                        new Recipe(
                                shape,
                                0.1f,
                                0.001f,
                                List.of("step", "multistep", "constant").contains(shape)
                                        ? null
                                        : 1e-5f,
                                WarmupMode.LINEAR,
                                true,
                                null,
                                5,
                                null,
                                120,
                                5004,
                                k,
                                30 * 5004,
                                0.1f,
                                new int[] {30 * 5004, 60 * 5004, 90 * 5004},
                                0.9f,
                                5 * 5004,
                                1,
                                0.7f);
                OldWarmupSchedule old = recipe.buildOld();
                WarmupSchedule now = recipe.buildNew();
                assertThat(now.toString()).isEqualTo(old.toString());
                long last = (long) (old.getTotalSteps() + 10) * k;
                for (long n = 0; n <= last; n += 7) {
                    assertThat(Float.floatToRawIntBits(now.getNewValue((int) n)))
                            .as("%s numUpdate %d", recipe, n)
                            .isEqualTo(Float.floatToRawIntBits(old.getNewValue((int) n)));
                }
                for (long t = 0; t <= old.getTotalSteps() + 5; t += 3) {
                    assertThat(Double.doubleToRawLongBits(now.value(t)))
                            .as("%s value(%d)", recipe, t)
                            .isEqualTo(Double.doubleToRawLongBits(old.value(t)));
                }
            }
        }
        // Restarts with a multiplier over a long decay: cycles of 1, 2, 4, 8 epochs of 5004 steps.
        assertSameOutcome(
                new Recipe(
                        "restarts",
                        0.1f,
                        0.001f,
                        1e-5f,
                        WarmupMode.LINEAR,
                        true,
                        5 * 5004,
                        null,
                        (5 + 15) * 5004,
                        null,
                        null,
                        1,
                        1,
                        1f,
                        null,
                        1f,
                        5004,
                        2,
                        0.9f));
    }

    @Test
    void goldenConfigurationsAgree() throws Exception {
        for (WarmupScheduleGoldenTest.Case c : WarmupScheduleGoldenTest.golden().cases) {
            WarmupScheduleGoldenTest.Config g = c.config;
            boolean ownValue = List.of("step", "multistep").contains(g.shape);
            boolean withFinal = !ownValue && !"polynomial".equals(g.shape);
            Recipe recipe =
                    new Recipe(
                            g.shape,
                            g.base,
                            g.begin,
                            withFinal ? g.end : null,
                            WarmupMode.valueOf(g.warmupMode.toUpperCase(java.util.Locale.ROOT)),
                            true,
                            g.warmupSteps,
                            null,
                            g.totalSteps,
                            null,
                            null,
                            null,
                            g.stepSize,
                            g.factor,
                            g.milestones,
                            g.power,
                            g.cycle,
                            g.cycleMultiplier,
                            1f);
            assertSameOutcome(recipe);
        }
    }

    @Test
    void comparedEnough() {
        // A guard that the exhaustive loop ran (the properties may run in either order).
        Recipe recipe =
                new Recipe(
                        "cosine",
                        0.5f,
                        0.05f,
                        0.02f,
                        WarmupMode.LINEAR,
                        true,
                        3,
                        null,
                        10,
                        null,
                        null,
                        2,
                        1,
                        1f,
                        null,
                        1f,
                        1,
                        1,
                        1f);
        long before = compared;
        assertSameOutcome(recipe);
        assertThat(compared - before).isEqualTo((10 + 4) * 2 + 1 + 3);
    }
}
