/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered set of named hyper-parameters (strings, numbers, booleans): what one run of
 * an experiment is configured with.
 */
public final class Configuration {

    private final Map<String, Object> values;

    private Configuration(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Creates a configuration from a map of names to strings, numbers or booleans.
     *
     * @param values the parameters, kept in the map's iteration order
     * @return the configuration
     * @throws IllegalArgumentException if a name is blank or a value is not a string, number or
     *     boolean
     */
    public static Configuration of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(checkName(k), checkValue(k, v)));
        return new Configuration(copy);
    }

    /**
     * Returns this configuration with the given parameters set (added or replaced).
     *
     * @param changes the parameters to set
     * @return the changed configuration
     * @throws IllegalArgumentException if a name is blank or a value is not a string, number or
     *     boolean
     */
    public Configuration with(Map<String, ?> changes) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        changes.forEach((k, v) -> copy.put(checkName(k), checkValue(k, v)));
        return new Configuration(copy);
    }

    /**
     * Returns the parameters whose value differs from (or is absent in) a reference configuration.
     *
     * @param reference the configuration to compare with, usually the baseline
     * @return the differing parameters with this configuration's values, in this one's order
     */
    public Map<String, Object> diff(Configuration reference) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach(
                (k, v) -> {
                    if (!sameValue(v, reference.values.get(k))) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    /**
     * Returns the parameters.
     *
     * @return an unmodifiable, ordered view of the parameters
     */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * Returns a parameter.
     *
     * @param name the parameter name
     * @return its value
     * @throws IllegalArgumentException if the configuration has no such parameter
     */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "No parameter '" + name + "' in configuration; has " + values.keySet());
        }
        return value;
    }

    /**
     * Returns a numeric parameter as a double.
     *
     * @param name the parameter name
     * @return its value
     * @throws IllegalArgumentException if it is absent or not a number
     */
    public double getDouble(String name) {
        return number(name).doubleValue();
    }

    /**
     * Returns a numeric parameter as an int.
     *
     * @param name the parameter name
     * @return its value
     * @throws IllegalArgumentException if it is absent, not a number or not integral
     */
    public int getInt(String name) {
        double value = number(name).doubleValue();
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Parameter '" + name + "' must be an int; got " + value);
        }
        return (int) value;
    }

    /**
     * Returns a boolean parameter.
     *
     * @param name the parameter name
     * @return its value
     * @throws IllegalArgumentException if it is absent or not a boolean
     */
    public boolean getBoolean(String name) {
        return typed(name, Boolean.class, "a boolean");
    }

    /**
     * Returns a parameter as a string (any value, in its string form).
     *
     * @param name the parameter name
     * @return its value as a string
     * @throws IllegalArgumentException if it is absent
     */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    private Number number(String name) {
        return typed(name, Number.class, "a number");
    }

    /**
     * The parameter as a {@code type}, else the exception naming it and {@code what} it must be.
     */
    private <T> T typed(String name, Class<T> type, String what) {
        Object value = get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(
                    "Parameter '" + name + "' must be " + what + "; got " + value);
        }
        return type.cast(value);
    }

    /** Numbers compare by value (1 equals 1.0, as after a JSON round trip); others by equals. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "Parameter names must be non-blank; got '" + name + "'");
        }
        return name;
    }

    private static Object checkValue(String name, Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(
                        "Parameter '" + name + "' must be finite; got " + value);
            }
            return value;
        }
        throw new IllegalArgumentException(
                "Parameter '"
                        + name
                        + "' must be a string, number or boolean; got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /**
     * Returns whether another configuration has the same parameters with the same values (numbers
     * by value), in any order.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Configuration)) {
            return false;
        }
        Configuration other = (Configuration) o;
        return values.size() == other.values.size() && diff(other).isEmpty();
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return values.toString();
    }
}
