/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad settings are rejected in {@code build()} with a message naming the parameter, the value and
 * what is allowed (the property 8); valid edge cases build.
 */
class WarmupScheduleValidationTest {

    private static WarmupSchedule.Builder valid() {
        return WarmupSchedule.builder()
                .setBaseValue(0.1f)
                .optWarmupSteps(10)
                .optWarmupBegin(0.01f)
                .setTotalSteps(100)
                .cosine();
    }

    private static WarmupSchedule.Builder epochs() {
        return WarmupSchedule.builder().setBaseValue(0.1f).cosine();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                bad("base 0", b -> b.setBaseValue(0f), "baseValue", "> 0", "0.0"),
                bad("base < 0", b -> b.setBaseValue(-0.5f), "baseValue", "> 0", "-0.5"),
                bad("base NaN", b -> b.setBaseValue(Float.NaN), "baseValue", "finite", "NaN"),
                bad(
                        "base infinite",
                        b -> b.setBaseValue(Float.POSITIVE_INFINITY),
                        "baseValue",
                        "finite",
                        "Infinity"),
                bad("final > base", b -> b.optFinalValue(0.2f), "finalValue", "[0, 0.1]", "0.2"),
                bad("final < 0", b -> b.optFinalValue(-1e-3f), "finalValue", "[0, 0.1]", "-0.001"),
                bad("final NaN", b -> b.optFinalValue(Float.NaN), "finalValue", "finite", "NaN"),
                bad(
                        "begin infinite",
                        b -> b.optWarmupBegin(Float.NEGATIVE_INFINITY),
                        "warmupBegin",
                        "finite",
                        "-Infinity"),
                bad("begin > base", b -> b.optWarmupBegin(0.5f), "warmupBegin", "[0, 0.1]", "0.5"),
                bad("W > T", b -> b.optWarmupSteps(150), "warmupSteps", "[0, 100)", "150"),
                bad("W = T", b -> b.optWarmupSteps(100), "warmupSteps", "[0, 100)", "100"),
                bad("W < 0", b -> b.optWarmupSteps(-1), "warmupSteps", ">= 0", "-1"),
                bad("T < 0", b -> b.setTotalSteps(-5), "totalSteps", ">= 1", "-5"),
                bad("T = -1", b -> b.setTotalSteps(-1), "totalSteps must be >= 1, got -1"),
                bad("T = 0", b -> b.optWarmupSteps(0).setTotalSteps(0), "totalSteps", ">= 1", "0"),
                bad(
                        "epochs < 0",
                        b -> epochs().setTotalEpochs(-2).setStepsPerEpoch(10),
                        "totalEpochs",
                        ">= 1",
                        "-2"),
                bad(
                        "epochs = 0",
                        b -> epochs().setTotalEpochs(0).setStepsPerEpoch(10),
                        "totalEpochs must be >= 1, got 0"),
                bad(
                        "steps per epoch 0",
                        b -> epochs().setTotalEpochs(2).setStepsPerEpoch(0),
                        "stepsPerEpoch",
                        ">= 1",
                        "0"),
                bad(
                        "steps and epochs",
                        b -> b.setTotalEpochs(3).setStepsPerEpoch(10),
                        "totalSteps",
                        "not both",
                        "totalEpochs=3"),
                bad(
                        "updates per step 0",
                        b -> b.optUpdatesPerStep(0),
                        "updatesPerStep",
                        ">= 1",
                        "0"),
                bad("factor 0", b -> b.step(10, 0f), "factor", "(0, 1]", "0.0"),
                bad("factor > 1", b -> b.step(10, 1.5f), "factor", "(0, 1]", "1.5"),
                bad("factor NaN", b -> b.step(10, Float.NaN), "factor", "finite", "NaN"),
                bad("step size 0", b -> b.step(0, 0.5f), "stepSize", ">= 1", "0"),
                bad(
                        "multistep factor < 0",
                        b -> b.multiStep(new int[] {5}, -0.1f),
                        "factor",
                        "(0, 1]",
                        "-0.1"),
                bad(
                        "milestones decreasing",
                        b -> b.multiStep(new int[] {30, 20}, 0.1f),
                        "milestones",
                        "strictly increasing",
                        "[30, 20]"),
                bad(
                        "milestones repeated",
                        b -> b.multiStep(new int[] {20, 20}, 0.1f),
                        "milestones",
                        "strictly increasing",
                        "[20, 20]"),
                bad(
                        "milestone 0",
                        b -> b.multiStep(new int[] {0, 20}, 0.1f),
                        "milestones",
                        "[1, 90]",
                        "0 at index 0"),
                bad(
                        "milestone past T",
                        b -> b.multiStep(new int[] {30, 91}, 0.1f),
                        "milestones",
                        "[1, 90]",
                        "91 at index 1"),
                bad(
                        "no milestones",
                        b -> b.multiStep(new int[0], 0.1f),
                        "milestones",
                        "at least",
                        "[]"),
                bad("power 0", b -> b.polynomial(0f), "power", "> 0", "0.0"),
                bad("power NaN", b -> b.polynomial(Float.NaN), "power", "finite", "NaN"),
                bad(
                        "final with step",
                        b -> b.optFinalValue(0f).step(10, 0.5f),
                        "finalValue",
                        "step decay",
                        "finalValue=0.0"),
                bad(
                        "restarts not whole cycles",
                        b -> b.cosineRestarts(40, 1, 1f),
                        "totalSteps - warmupSteps = 90",
                        "whole number of restart cycles",
                        "80, 120"),
                bad(
                        "restarts multiplied not whole",
                        b -> b.cosineRestarts(20, 2, 1f),
                        "totalSteps - warmupSteps = 90",
                        "whole number",
                        "[20, 60, 140]"),
                bad(
                        "cycle decay 0",
                        b -> b.cosineRestarts(30, 1, 0f),
                        "cycleDecay",
                        "(0, 1]",
                        "0.0"),
                bad(
                        "cycle multiplier 0",
                        b -> b.cosineRestarts(30, 0, 1f),
                        "cycleMultiplier",
                        ">= 1",
                        "0"),
                bad(
                        "cycle peak below final",
                        b -> b.optFinalValue(0.05f).cosineRestarts(30, 1, 0.5f),
                        "cycleDecay",
                        "below finalValue",
                        "0.05"));
    }

    private static Arguments bad(
            String name, UnaryOperator<WarmupSchedule.Builder> edit, String... words) {
        return Arguments.of(name, edit, words);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedWithMessageNamingParameterValueAndRange(
            String name, UnaryOperator<WarmupSchedule.Builder> edit, String[] words) {
        assertThatThrownBy(() -> edit.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .contains(words);
    }

    @Test
    void missingRequiredSettingsAreIllegalState() {
        assertThatThrownBy(
                        () -> WarmupSchedule.builder().setBaseValue(0.1f).setTotalSteps(10).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cosine()");
        assertThatThrownBy(() -> WarmupSchedule.builder().setTotalSteps(10).cosine().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setBaseValue");
        assertThatThrownBy(() -> WarmupSchedule.builder().setBaseValue(0.1f).cosine().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setTotalSteps");
        assertThatThrownBy(
                        () ->
                                WarmupSchedule.builder()
                                        .setBaseValue(0.1f)
                                        .setTotalEpochs(3)
                                        .cosine()
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stepsPerEpoch");
    }

    @Test
    void negativeStepOrUpdateIsRejected() {
        WarmupSchedule schedule = valid().build();
        assertThatThrownBy(() -> schedule.value(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> schedule.getNewValue(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numUpdate")
                .hasMessageContaining("-3");
    }

    @Test
    void degenerateButValidSettingsBuild() {
        // One step in all, final = base, factor 1, begin = base: flat but finite.
        WarmupSchedule one =
                WarmupSchedule.builder().setBaseValue(1f).setTotalSteps(1).cosine().build();
        assertThat(one.value(0)).isEqualTo(1.0);
        assertThat(one.value(1)).isEqualTo(0.0);
        WarmupSchedule flat =
                WarmupSchedule.builder()
                        .setBaseValue(0.3f)
                        .optFinalValue(0.3f)
                        .optWarmupBegin(0.3f)
                        .optWarmupSteps(3)
                        .setTotalSteps(9)
                        .linear()
                        .build();
        for (int t = 0; t < 12; t++) {
            assertThat(flat.value(t)).isEqualTo((double) 0.3f);
        }
        WarmupSchedule noDecay =
                WarmupSchedule.builder().setBaseValue(0.3f).setTotalSteps(9).step(2, 1f).build();
        assertThat(noDecay.value(8)).isEqualTo((double) 0.3f);
        assertThat(noDecay.getNewValue(0)).isEqualTo(0.3f);
    }

    @Test
    void describesItself() {
        assertThat(valid().build())
                .hasToString("linear warmup 0.01 -> 0.1 over 10 steps, cosine to 0 at step 100");
        assertThat(
                        WarmupSchedule.builder()
                                .setBaseValue(0.1f)
                                .setTotalSteps(100)
                                .multiStep(new int[] {30, 80}, 0.1f)
                                .build())
                .hasToString("from 0.1, multistep x0.1 at [30, 80] to 0.001 at step 100");
    }
}
