/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shards run concurrently, meet at every synchronized layer, and a failing shard frees the rest.
 */
class ShardGroupTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void runsShardsConcurrentlyAndReturnsResultsInShardOrder() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> results =
                ShardGroup.run(
                        4,
                        i -> {
                            threads.add(Thread.currentThread().getName());
                            // a rendezvous only completes if all four run at the same time
                            List<Integer> all = ShardGroup.current().allGather(this, i * 10);
                            assertThat(all).containsExactly(0, 10, 20, 30);
                            return i * i;
                        });
        assertThat(results).containsExactly(0, 1, 4, 9);
        assertThat(threads).hasSize(4);
        assertThat(ShardGroup.current()).isNull();
    }

    @Test
    void rejectsFewerThanOneShard() {
        assertThatThrownBy(() -> ShardGroup.run(0, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shards must be >= 1, got 0");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aShardThatThrowsBeforeTheLayerReleasesTheOthersWaitingThere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SyncBatchNorm sync = SyncBatchNorm.builder().build();
            sync.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray[] xs = new NDArray[3];
            for (int i = 0; i < 3; i++) {
                xs[i] = manager.randomNormal(new Shape(2, 3));
            }
            IllegalStateException boom = new IllegalStateException("shard 2 failed on purpose");
            assertThatThrownBy(
                            () ->
                                    ShardGroup.run(
                                            3,
                                            i -> {
                                                if (i == 2) {
                                                    throw boom;
                                                }
                                                return sync.forward(ps, new NDList(xs[i]), true);
                                            }))
                    .isSameAs(boom);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theFirstShardsExceptionReachesTheCallerToo() {
        ArithmeticException boom = new ArithmeticException("shard 0 failed");
        assertThatThrownBy(
                        () ->
                                ShardGroup.run(
                                        3,
                                        i -> {
                                            if (i == 0) {
                                                throw boom;
                                            }
                                            return ShardGroup.current().allGather(this, i);
                                        }))
                .isSameAs(boom);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aShardThatSkipsTheLayerFailsTheStepInsteadOfHanging() {
        assertThatThrownBy(
                        () ->
                                ShardGroup.run(
                                        2,
                                        i ->
                                                i == 0
                                                        ? ShardGroup.current().allGather(this, i)
                                                        : null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shard 1 finished its forward without reaching");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shardsReachingDifferentLayersFail() {
        Object a = "layer a";
        Object b = "layer b";
        assertThatThrownBy(
                        () ->
                                ShardGroup.run(
                                        2, i -> ShardGroup.current().allGather(i == 0 ? a : b, i)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shards disagree on synchronized layer call 0");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theGroupIsUsableAgainAfterAFailure() {
        assertThatThrownBy(
                        () ->
                                ShardGroup.run(
                                        2,
                                        i -> {
                                            if (i == 1) {
                                                throw new IllegalStateException("x");
                                            }
                                            return ShardGroup.current().allGather(this, i);
                                        }))
                .hasMessage("x");
        assertThat(ShardGroup.run(2, i -> ShardGroup.current().allGather(this, i)))
                .containsExactly(List.of(0, 1), List.of(0, 1));
    }
}
