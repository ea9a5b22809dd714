/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.multiscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class RandomShapeTest {

    @Test
    void defaultsAreYoloV3s() {
        RandomShape s = RandomShape.builder().build();
        assertThat(s.sizes()).containsExactly(320, 352, 384, 416, 448, 480, 512, 544, 576, 608);
        assertThat(s.interval()).isEqualTo(10);
        assertThat(RandomShape.builder().optSizes(96, 128, 16).build().sizes())
                .containsExactly(96, 112, 128);
    }

    @Property(tries = 50)
    void sizeIsFromTheListAndChangesOnlyAtIntervalBoundaries(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int interval) {
        RandomShape s = RandomShape.builder().optInterval(interval).optSeed(seed).build();
        int changes = 0;
        for (long it = 0; it < 400; it++) {
            int size = s.sizeAt(it);
            assertThat(s.sizes()).contains(size);
            if (it > 0 && size != s.sizeAt(it - 1)) {
                assertThat(it % interval).isZero();
                changes++;
            }
        }
        if (interval <= 4) {
            assertThat(changes).isPositive();
        }
    }

    @Test
    void everySizeIsDrawnUniformly() {
        RandomShape s = RandomShape.builder().optSeed(5).build();
        int[] sizes = s.sizes();
        long[] counts = new long[sizes.length];
        int blocks = 5000;
        for (int b = 0; b < blocks; b++) {
            int size = s.sizeAt((long) b * s.interval() + 3);
            counts[Arrays.binarySearch(sizes, size)]++;
        }
        assertThat(Arrays.stream(counts).min().getAsLong()).isPositive();
        assertThat(ChiSquareTest.withDefaults().test(counts).getPValue()).isGreaterThan(1e-3);
    }

    @Property(tries = 20)
    void sameSeedSameSizes(@ForAll long seed) {
        RandomShape a = RandomShape.builder().optSeed(seed).build();
        RandomShape b = RandomShape.builder().optSeed(seed).build();
        for (long it = 0; it < 200; it += 7) {
            assertThat(a.sizeAt(it)).isEqualTo(b.sizeAt(it));
        }
    }

    @Property(tries = 20)
    void aFinalSizeHoldsFromItsIterationAndLeavesTheRestUnchanged(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int from) {
        RandomShape plain = RandomShape.builder().optSeed(seed).build();
        RandomShape ending =
                RandomShape.builder().optSeed(seed).optFinalSizeFromIteration(416, from).build();
        for (long it = 0; it < 400; it++) {
            assertThat(ending.sizeAt(it)).isEqualTo(it >= from ? 416 : plain.sizeAt(it));
        }
    }

    @Test
    void aBadFinalSizeIsRejected() {
        assertThatThrownBy(() -> RandomShape.builder().optFinalSizeFromIteration(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=0");
        assertThatThrownBy(() -> RandomShape.builder().optFinalSizeFromIteration(416, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iteration=-1");
    }

    @Test
    void sizeRangesThatAreEmptyNonPositiveOrTooLongAreRejectedNamingEveryValue() {
        assertThatThrownBy(() -> RandomShape.builder().optSizes(0, Integer.MAX_VALUE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "1 <= from <= to",
                        "at most 4096 sizes",
                        "from=0",
                        "to=2147483647",
                        "step=1",
                        "(2147483648 sizes)");
        assertThatThrownBy(() -> RandomShape.builder().optSizes(32, 16, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("from=32", "to=16");
        assertThatThrownBy(() -> RandomShape.builder().optSizes(32, 64, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("step >= 1", "step=0");
        assertThatThrownBy(() -> RandomShape.builder().optSizes(-32, 64, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from=-32");
        assertThat(RandomShape.builder().optSizes(1, 4096, 1).build().sizes()).hasSize(4096);
        assertThat(RandomShape.builder().optSizes(1, Integer.MAX_VALUE, 1 << 30).build().sizes())
                .containsExactly(1, 1 + (1 << 30));
    }

    @Test
    void negativeIterationIsRejected() {
        RandomShape shape = RandomShape.builder().build();
        assertThatThrownBy(() -> shape.sizeAt(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iteration must be >= 0, got -1");
        assertThat(shape.sizeAt(0)).isBetween(320, 608);
    }
}
