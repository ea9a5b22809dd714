/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;

/**
 * The k shards of one training step, run concurrently, and the rendezvous where their {@link
 * SyncBatchNorm} layers meet: each layer hands in its shard's statistics and gets every shard's
 * back (an all-gather), so each shard normalises with the statistics of the whole batch.
 *
 * <p>Every shard runs on a thread of its own, started for the step; the call returns when every
 * shard has finished. Fresh threads make a step's result a function of its inputs alone: PyTorch
 * numbers the autograd nodes of each thread with a thread-local counter, and the backward pass
 * orders the shards' gradient sums by those numbers, so long-lived pool threads, whose counters
 * carry their history, summed the shards in an order that varied from run to run. If a shard
 * throws, every shard waiting at a rendezvous is released, and the first exception reaches the
 * caller. A shard that finishes without reaching a rendezvous the others wait at (different control
 * flow per shard) fails the step with an {@link IllegalStateException} rather than hanging.
 *
 * <p>The rendezvous of a layer call is identified by its order within the shard's forward: the n-th
 * {@code SyncBatchNorm} call of every shard meets the n-th call of the others, and they must be the
 * same layer.
 */
public final class ShardGroup {

    private static final ThreadLocal<Shard> CURRENT = new ThreadLocal<>();

    private final int size;
    private final List<Rendezvous> rendezvous = new ArrayList<>();
    private final boolean[] finished;
    private Throwable failure;

    private ShardGroup(int size) {
        this.size = size;
        finished = new boolean[size];
    }

    /**
     * Runs {@code task} for shards 0 … {@code shards}−1 concurrently, each on its own thread, and
     * returns their results in shard order. {@link SyncBatchNorm} layers called by the tasks
     * combine their statistics across the shards.
     *
     * @param shards the number of shards k, at least 1
     * @param task the work of one shard, given its index
     * @param <T> the result type
     * @return the results, index i from shard i
     * @throws IllegalArgumentException if {@code shards} is less than 1
     * @throws RuntimeException the first exception a shard threw (the same object when it is
     *     unchecked)
     */
    public static <T> List<T> run(int shards, IntFunction<T> task) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
        ShardGroup group = new ShardGroup(shards);
        List<FutureTask<T>> futures = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            int index = i;
            FutureTask<T> future = new FutureTask<>(() -> group.runShard(index, task));
            Thread thread = new Thread(future, "shard-" + index);
            thread.setDaemon(true);
            thread.start();
            futures.add(future);
        }
        List<T> results = new ArrayList<>(Collections.nCopies(shards, null));
        boolean interrupted = false;
        for (int i = 0; i < shards; i++) {
            while (true) {
                try {
                    results.set(i, futures.get(i).get());
                    break;
                } catch (ExecutionException e) {
                    break; // recorded by runShard
                } catch (InterruptedException e) {
                    interrupted = true;
                    group.fail(new IllegalStateException("interrupted while shards ran", e));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable error = group.failure();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error err) {
            throw err;
        }
        if (error != null) {
            throw new IllegalStateException("a shard failed", error);
        }
        return results;
    }

    /**
     * Returns the shard the calling thread runs, or {@code null} outside {@link #run}.
     *
     * @return the current shard or null
     */
    static Shard current() {
        return CURRENT.get();
    }

    /**
     * Returns the number of shards k.
     *
     * @return k
     */
    int size() {
        return size;
    }

    private <T> T runShard(int index, IntFunction<T> task) {
        Shard previous = CURRENT.get();
        CURRENT.set(new Shard(this, index));
        try {
            T result = task.apply(index);
            synchronized (this) {
                finished[index] = true;
                notifyAll();
            }
            return result;
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        } finally {
            CURRENT.set(previous);
        }
    }

    private synchronized void fail(Throwable cause) {
        if (failure == null && !(cause instanceof Aborted)) {
            failure = cause;
        }
        notifyAll();
    }

    private synchronized Throwable failure() {
        return failure;
    }

    /**
     * Hands in shard {@code shard}'s value at its {@code sequence}-th rendezvous and waits for the
     * other shards' values.
     *
     * @param shard the shard index
     * @param sequence the rendezvous number within the shard's forward
     * @param layer the layer meeting there (must be the same for every shard)
     * @param value this shard's value
     * @param <T> the value type
     * @return every shard's value, index i from shard i
     */
    @SuppressWarnings("unchecked")
    synchronized <T> List<T> allGather(int shard, int sequence, Object layer, T value) {
        if (failure != null) {
            throw new Aborted();
        }
        while (rendezvous.size() <= sequence) {
            rendezvous.add(new Rendezvous(size));
        }
        Rendezvous meeting = rendezvous.get(sequence);
        if (meeting.layer == null) {
            meeting.layer = layer;
        } else if (meeting.layer != layer) {
            IllegalStateException e =
                    new IllegalStateException(
                            "shards disagree on synchronized layer call "
                                    + sequence
                                    + ": shard "
                                    + shard
                                    + " reached "
                                    + layer
                                    + " where another shard reached "
                                    + meeting.layer
                                    + "; every shard must run the same layers in the same order");
            fail(e);
            throw e;
        }
        meeting.values[shard] = value;
        meeting.count++;
        notifyAll();
        while (meeting.count < size) {
            if (failure != null) {
                throw new Aborted();
            }
            for (int i = 0; i < size; i++) {
                if (finished[i] && meeting.values[i] == null) {
                    IllegalStateException e =
                            new IllegalStateException(
                                    "shard "
                                            + i
                                            + " finished its forward without reaching synchronized"
                                            + " layer call "
                                            + sequence
                                            + " ("
                                            + layer
                                            + "); every shard must run the same layers");
                    fail(e);
                    throw e;
                }
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                IllegalStateException ex =
                        new IllegalStateException("interrupted at a synchronized layer", e);
                fail(ex);
                throw ex;
            }
        }
        return Collections.unmodifiableList(Arrays.asList((T[]) meeting.values.clone()));
    }

    /** One shard of a running group, as seen from its thread. */
    static final class Shard {
        private final ShardGroup group;
        private final int index;
        private int calls;

        private Shard(ShardGroup group, int index) {
            this.group = group;
            this.index = index;
        }

        /**
         * Returns the group this shard belongs to.
         *
         * @return the group
         */
        ShardGroup group() {
            return group;
        }

        /**
         * Returns this shard's index.
         *
         * @return the index in 0 … k−1
         */
        int index() {
            return index;
        }

        /**
         * Meets the other shards at this shard's next rendezvous.
         *
         * @param layer the layer calling
         * @param value this shard's value
         * @param <T> the value type
         * @return every shard's value, in shard order
         */
        <T> List<T> allGather(Object layer, T value) {
            return group.allGather(index, calls++, layer, value);
        }
    }

    /** A shard released because another one failed; never the exception the caller sees. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Aborted() {
            super("another shard failed", null, false, false);
        }
    }

    private static final class Rendezvous {
        private final Object[] values;
        private Object layer;
        private int count;

        private Rendezvous(int size) {
            values = new Object[size];
        }
    }
}
