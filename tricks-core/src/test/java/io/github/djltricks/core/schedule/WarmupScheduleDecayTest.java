/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.core.schedule.Decay.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

/**
 * A decay shape of the user's own plugs in through {@link Decay} and {@link
 * WarmupSchedule.Builder#decay(Decay)}: the schedule warms it up, maps update numbers to steps,
 * clips it, ends it and validates it exactly as it does the built-in shapes.
 */
class WarmupScheduleDecayTest {

    /** Exponential decay {@code b·γ^s}, which ends at its own value. */
    private static final class Exponential implements Decay {
        private final double gamma;

        Exponential(double gamma) {
            this.gamma = gamma;
        }

        @Override
        public double value(long s, Span span) {
            return span.base() * Math.pow(gamma, s);
        }

        @Override
        public String name() {
            return "exponential";
        }

        @Override
        public String describe() {
            return "exponential x" + gamma + " a step";
        }

        @Override
        public boolean endsAtOwnValue() {
            return true;
        }

        @Override
        public void check(Span span) {
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
            }
        }
    }

    /** A shape toward the final value from a formula, with an optional check of its span. */
    private record Formula(
            String name, ToDoubleBiFunction<Long, Span> formula, Consumer<Span> checks)
            implements Decay {

        Formula(String name, ToDoubleBiFunction<Long, Span> formula) {
            this(name, formula, span -> {});
        }

        @Override
        public double value(long s, Span span) {
            return formula.applyAsDouble(s, span);
        }

        @Override
        public void check(Span span) {
            checks.accept(span);
        }
    }

    private static WarmupSchedule.Builder warmup() {
        return WarmupSchedule.builder()
                .setBaseValue(0.4f)
                .optWarmupBegin(0.04f)
                .optWarmupSteps(8)
                .setTotalSteps(40);
    }

    @Test
    void ownShapeIsWarmedUpThenDecaysAndEndsAtItsOwnValue() {
        WarmupSchedule schedule = warmup().decay(new Exponential(0.9)).build();
        WarmupSchedule cosine = warmup().cosine().build();
        double base = (double) 0.4f;
        // The warmup is the schedule's, the same as in front of any built-in shape.
        for (int t = 0; t <= 8; t++) {
            assertThat(schedule.value(t)).as("t=%d", t).isEqualTo(cosine.value(t));
        }
        assertThat(schedule.value(0)).isEqualTo((double) 0.04f);
        // After it, the shape at decay step s = t − W.
        for (int t = 8; t < 40; t++) {
            assertThat(schedule.value(t)).as("t=%d", t).isEqualTo(base * Math.pow(0.9, t - 8));
        }
        // It ends at its own value at s = D = 32 and stays there.
        double end = base * Math.pow(0.9, 32);
        assertThat(schedule.value(40)).isEqualTo(end);
        assertThat(schedule.value(1_000)).isEqualTo(end);
        assertThat(schedule.getFinalValue()).isEqualTo((float) end);
        assertThat(schedule)
                .hasToString(
                        "linear warmup 0.04 -> 0.4 over 8 steps, exponential x0.9 a step to "
                                + WarmupSchedule.number(end)
                                + " at step 40");
    }

    @Test
    void ownShapeReadsUpdateNumbersThroughTheOneMapping() {
        WarmupSchedule schedule =
                warmup().optUpdatesPerStep(3).decay(new Exponential(0.95)).build();
        for (int numUpdate = 1; numUpdate <= 3 * 45; numUpdate++) {
            long t = (numUpdate - 1) / 3;
            assertThat(schedule.stepOf(numUpdate)).isEqualTo(t);
            assertThat(schedule.getNewValue(numUpdate)).isEqualTo((float) schedule.value(t));
        }
        assertThat(schedule.getNewValue(0)).isEqualTo(0.04f);
    }

    @Test
    void ownShapeTowardTheFinalValueIsClippedToBaseAndFinal() {
        // A deliberately wild shape: above the base at first, below the final value later.
        Decay wild =
                new Formula(
                        "wild",
                        (s, span) -> span.base() * 1.5 - span.base() * 2 * span.progress(s));
        WarmupSchedule schedule =
                WarmupSchedule.builder()
                        .setBaseValue(1f)
                        .optFinalValue(0.25f)
                        .setTotalSteps(100)
                        .decay(wild)
                        .build();
        for (int t = 0; t <= 110; t++) {
            double raw = t < 100 ? 1.5 - 2 * ((double) t / 100) : 0.25;
            double expected = Math.max(0.25, Math.min(1.0, raw));
            assertThat(schedule.value(t)).as("t=%d", t).isEqualTo(expected);
        }
        assertThat(schedule).hasToString("from 1, wild to 0.25 at step 100");
    }

    @Test
    void ownShapeSeesItsSpanAndIsValidatedInBuild() {
        List<Decay.Span> checked = new ArrayList<>();
        Decay recording = new Formula("recording", (s, span) -> span.base(), checked::add);
        WarmupSchedule.builder()
                .setBaseValue(0.5f)
                .optFinalValue(0.125f)
                .optWarmupEpochs(2)
                .setTotalEpochs(7)
                .setStepsPerEpoch(10)
                .decay(recording)
                .build();
        assertThat(checked).containsExactly(new Decay.Span(0.5, 0.125, 50));
        // The shape's own check runs after the schedule's, and its message comes through.
        assertThatThrownBy(() -> warmup().decay(new Exponential(1.5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gamma must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> warmup().setTotalSteps(8).decay(new Exponential(1.5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupSteps must be in [0, totalSteps)");
        // A shape that ends at its own value takes no final value, named as the built-ins are.
        assertThatThrownBy(() -> warmup().optFinalValue(0f).decay(new Exponential(0.9)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "finalValue does not apply to exponential decay, which ends at its own"
                                + " value; got finalValue=0.0");
    }

    @Test
    void aShapeWithTheCosineFormulaEqualsTheBuiltInCosineToTheBit() {
        Decay cosine =
                new Formula(
                        "cosine",
                        (s, span) -> {
                            double b = span.base();
                            double p = span.progress(s);
                            return b - (b - span.finalValue()) * (1 - Math.cos(Math.PI * p)) / 2;
                        });
        WarmupSchedule own = warmup().optFinalValue(0.001f).decay(cosine).build();
        WarmupSchedule builtIn = warmup().optFinalValue(0.001f).cosine().build();
        assertThat(own).hasToString(builtIn.toString());
        for (int numUpdate = 0; numUpdate <= 45; numUpdate++) {
            assertThat(Float.floatToRawIntBits(own.getNewValue(numUpdate)))
                    .isEqualTo(Float.floatToRawIntBits(builtIn.getNewValue(numUpdate)));
        }
    }

    @Test
    void restartCyclesAreTabulatedAsFarAsALongReaches() {
        // Cycles of 1, 2, 4, … steps: 62 of them end at 2^62 − 1, the 63rd at 2^63 − 1.
        Decay doubling = new CosineRestartsDecay(1, 2, 1f);
        Decay.Span span = new Decay.Span(1, 0, (1L << 62) - 1);
        doubling.check(span);
        assertThat(doubling.value((1L << 61) - 1, span)).isEqualTo(1.0);
        assertThat(doubling.value((1L << 62) - 2, span)).isBetween(0.0, 1e-30);
        doubling.check(new Decay.Span(1, 0, Long.MAX_VALUE));
        Decay huge = new CosineRestartsDecay(Integer.MAX_VALUE, Integer.MAX_VALUE, 1f);
        huge.check(new Decay.Span(1, 0, Integer.MAX_VALUE));
        assertThatThrownBy(() -> huge.check(new Decay.Span(1, 0, 3L * Integer.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycles end at [2147483647, 4611686016279904256]");
    }
}
