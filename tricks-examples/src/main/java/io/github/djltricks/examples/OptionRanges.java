/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

/**
 * The ranges of the numeric command-line options the training commands share, checked before any
 * work starts so that every command rejects the same values with the same one-line message.
 */
final class OptionRanges {

    /** The most seeds a training command runs. */
    static final int MAX_SEEDS = 100;

    /** The most epochs a training command runs. */
    static final int MAX_EPOCHS = 10_000;

    /** The largest batch size. */
    static final int MAX_BATCH_SIZE = 65_536;

    /** The most PyTorch threads. */
    static final int MAX_THREADS = 1024;

    /** The largest network width (channels of the first stage). */
    static final int MAX_WIDTH = 1024;

    private OptionRanges() {}

    /**
     * Checks that an integer option lies in {@code [min, max]}.
     *
     * @param option the option's name, e.g. {@code --seeds}
     * @param value its value
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @throws IllegalArgumentException naming the option, the value and the range otherwise
     */
    static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    option + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /**
     * Checks the knowledge-distillation options as {@code DistillationLoss.hinton} does: the
     * temperature positive and finite, the KD share α in [0, 1].
     *
     * @param temperatureOption the temperature option's name
     * @param temperature its value
     * @param alphaOption the share option's name
     * @param alpha its value
     * @throws IllegalArgumentException naming the option, the value and the range otherwise
     */
    static void checkDistillation(
            String temperatureOption, float temperature, String alphaOption, float alpha) {
        if (!(temperature > 0 && Float.isFinite(temperature))) {
            throw new IllegalArgumentException(
                    temperatureOption + " must be positive and finite, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(alphaOption + " must be in [0, 1], got " + alpha);
        }
    }
}
