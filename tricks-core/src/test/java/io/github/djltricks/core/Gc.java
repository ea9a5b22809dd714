/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core;

/**
 * Frees unreachable Java memory between a forward and a backward pass, so that a gradient test
 * fails if autograd kept an operand whose memory Java owned: DJL's PyTorch engine turns a Java
 * number ({@code x.mul(2f)}) into a tensor over a direct buffer and releases it when the operation
 * returns; once the collector frees the buffer, the backward pass reads freed memory.
 */
public final class Gc {

    private Gc() {}

    /** Runs the collector and waits for the reference handler to free the buffers it found. */
    public static void settle() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
