/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

/**
 * The result of one {@link Benchmark}: the figure's value, the spread of the repeated measurements
 * (half the interquartile range of the per-round values, in the value's unit), whether it meets its
 * target, and a free-form detail such as the absolute times behind a ratio.
 *
 * @param value the figure, e.g. a median ratio
 * @param spread half the interquartile range of the repeated measurements, or 0 for a single one
 * @param unit the unit of the value, e.g. {@code x} for a ratio
 * @param pass whether the value meets the target
 * @param detail what the value was computed from
 */
public record Measurement(double value, double spread, String unit, boolean pass, String detail) {}
