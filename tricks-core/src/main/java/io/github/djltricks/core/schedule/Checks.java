/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

import java.util.Locale;

/** Setting checks shared by {@link WarmupSchedule.Builder} and the decay shapes. */
final class Checks {

    private Checks() {}

    /**
     * Throws an {@link IllegalArgumentException} with the formatted message unless {@code ok}.
     *
     * @param ok whether the setting is allowed
     * @param format the message, naming the setting, what is allowed and the value got
     * @param args the message's arguments
     */
    static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
        }
    }

    /**
     * Throws unless the value is finite.
     *
     * @param name the setting's name
     * @param value its value
     */
    static void finite(String name, float value) {
        check(Float.isFinite(value), "%s must be finite, got %s", name, value);
    }

    /**
     * Throws unless the value is a finite factor in {@code (0, 1]}.
     *
     * @param name the setting's name
     * @param value its value
     */
    static void factor(String name, float value) {
        finite(name, value);
        check(value > 0 && value <= 1, "%s must be in (0, 1], got %s", name, value);
    }
}
