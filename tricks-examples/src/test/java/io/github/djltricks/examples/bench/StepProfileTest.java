/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonParser;
import io.github.djltricks.examples.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step profile takes children out of their parents' time and reads a convolution's work from
 * its backward's dimensions; the {@code profile} command writes it for a real detector step.
 */
class StepProfileTest {

    /**
     * Two steps: in each, a convolution forward (10 µs, of which a 4 µs child) and its backward (20
     * µs, of which an autograd wrapper's 2 µs are its own). The convolution maps 3 to 4 channels
     * with a 3×3 kernel on 2 images of 8×8: 2·4·8·8·3·3·3 = 13,824 MACs.
     */
    private static final String TRACE = "{\"traceEvents\": [" + step(0) + "," + step(100) + "]}";

    private static String step(int t) {
        return "{\"ph\": \"X\", \"name\": \"aten::convolution\", \"tid\": 1, \"ts\": "
                + t
                + ", \"dur\": 10, \"shape\": [[2, 3, 8, 8], [4, 3, 3, 3], [], []]},"
                + "{\"ph\": \"X\", \"name\": \"aten::im2col\", \"tid\": 1, \"ts\": "
                + (t + 2)
                + ", \"dur\": 4, \"shape\": []},"
                + "{\"ph\": \"X\", \"name\": \"ConvolutionBackward0\", \"tid\": 1, \"ts\": "
                + (t + 20)
                + ", \"dur\": 22, \"shape\": []},"
                + "{\"ph\": \"X\", \"name\": \"aten::convolution_backward\", \"tid\": 1, \"ts\": "
                + (t + 21)
                + ", \"dur\": 20, \"shape\": [[2, 4, 8, 8], [2, 3, 8, 8], [4, 3, 3, 3]]},"
                + "{\"ph\": \"i\", \"name\": \"marker\", \"tid\": 1, \"ts\": "
                + t
                + "}";
    }

    @Test
    void selfTimesLeaveTheChildrenOutAndConvolutionsCarryTheirWork() {
        StepProfile profile = StepProfile.of(JsonParser.parseString(TRACE), 2);
        assertThat(profile.operators())
                .extracting(StepProfile.Operator::name, StepProfile.Operator::selfMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("aten::convolution_backward", 0.020),
                        org.assertj.core.groups.Tuple.tuple("aten::convolution", 0.006),
                        org.assertj.core.groups.Tuple.tuple("aten::im2col", 0.004),
                        org.assertj.core.groups.Tuple.tuple("ConvolutionBackward0", 0.002));
        assertThat(profile.convs()).hasSize(1);
        StepProfile.Conv conv = profile.convs().get(0);
        assertThat(conv.shape()).isEqualTo("3→4 3×3, 8×8→8×8");
        assertThat(conv.calls()).isEqualTo(1);
        assertThat(conv.macs()).isEqualTo(13_824);
        assertThat(conv.forwardMillis()).isCloseTo(0.010, within(1e-12));
        assertThat(conv.backwardMillis()).isCloseTo(0.020, within(1e-12));
        assertThat(conv.gflops()).isCloseTo(6 * 13_824 / 30e-6 / 1e9, within(1e-9));
        assertThat(profile.profiledMillis()).isCloseTo(0.071, within(1e-12));
    }

    @Test
    void aTraceWithoutCompleteEventsOrStepsIsRefused() {
        assertThatThrownBy(() -> StepProfile.of(JsonParser.parseString("[]"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no complete");
        assertThatThrownBy(() -> StepProfile.of(JsonParser.parseString(TRACE), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps must be >= 1, got 0");
    }

    @Test
    void theCommandProfilesARealStepAndFindsItsConvolutions(@TempDir Path dir) throws Exception {
        int code =
                Main.commandLine()
                        .execute(
                                "profile",
                                "--width",
                                "0.25",
                                "--steps",
                                "10",
                                "--warmup",
                                "3",
                                "--out",
                                dir.toString());
        assertThat(code).isZero();
        String md = Files.readString(dir.resolve("profile.md"));
        assertThat(md).contains("--warmup 3").containsPattern("\\d+ page faults per step");
        // the stem: 3 to 4 channels, 3×3, at full size
        assertThat(md).contains("| 3→4 3×3, 96×96→96×96 | 1 |");
        assertThat(md).contains("`aten::native_batch_norm`");
        StepProfile profile = StepProfile.read(dir.resolve("trace.json"), 10);
        double convMillis =
                profile.convs().stream()
                        .mapToDouble(c -> c.forwardMillis() + c.backwardMillis())
                        .sum();
        assertThat(convMillis).isPositive().isLessThan(profile.profiledMillis());
        // every convolution of the detector shows, each with its work
        assertThat(profile.convs()).allSatisfy(c -> assertThat(c.macs()).isPositive());
    }
}
