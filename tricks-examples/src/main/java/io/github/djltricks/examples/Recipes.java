/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.Configuration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a typed recipe, a record, to and from the parameter map of an {@link
 * io.github.djltricks.core.experiment.AblationRunner}'s configuration, so that a command declares
 * its recipe once, as a record, and never reads a configuration back by a string key.
 *
 * <p>Each component is the parameter named by its name in snake case ({@code trainSize} → {@code
 * train_size}), in declaration order. Numbers, booleans and strings are kept as they are; an enum
 * is its constant's name in lower case ({@code COSINE} → {@code "cosine"}). A boolean component
 * marked {@link Flag} is left out while false and read as false when absent, so that a switch added
 * to a recipe later leaves the configurations of the rows recorded before it, and so their recorded
 * runs, unchanged.
 *
 * <pre>{@code
 * record Recipe(int epochs, double labelSmoothing, Schedule schedule) {}
 *
 * AblationRunner.builder().setBaseline(Recipes.toMap(new Recipe(8, 0.0, Schedule.STEP)))
 *         .addVariant("+ label smoothing", Map.of("label_smoothing", 0.1)) ...
 * Recipe recipe = Recipes.of(Recipe.class, configuration);   // in the trial
 * }</pre>
 */
public final class Recipes {

    private Recipes() {}

    /**
     * Marks a boolean component as a switch that is off unless a row turns it on: absent from the
     * parameters while false, and false when a configuration lacks it.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Flag {}

    /**
     * Returns a recipe's parameters.
     *
     * @param recipe the recipe
     * @return each component by its snake-case name, in declaration order
     */
    public static Map<String, Object> toMap(Record recipe) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent c : recipe.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                Object value = c.getAccessor().invoke(recipe);
                if (flag(c) && Boolean.FALSE.equals(value)) {
                    continue;
                }
                map.put(key(c.getName()), value(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return map;
    }

    /**
     * Reads a recipe back from a configuration that holds its parameters (and maybe others).
     *
     * @param <R> the recipe type
     * @param type the recipe's record class
     * @param configuration the configuration
     * @return the recipe
     * @throws IllegalArgumentException if a parameter is missing or of the wrong kind
     */
    public static <R extends Record> R of(Class<R> type, Configuration configuration) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String key = key(components[i].getName());
            args[i] =
                    flag(components[i]) && !configuration.asMap().containsKey(key)
                            ? Boolean.FALSE
                            : read(configuration, key, types[i]);
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    /**
     * Returns a value as a configuration holds it.
     *
     * @param value a number, boolean, string or enum constant
     * @return the value, or the enum constant's name in lower case
     */
    public static Object value(Object value) {
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value;
    }

    /**
     * Returns the parameter name of a component.
     *
     * @param component a camel-case name, e.g. {@code kdTemperature}
     * @return its snake-case form, e.g. {@code kd_temperature}
     */
    static String key(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static boolean flag(RecordComponent component) {
        if (!component.isAnnotationPresent(Flag.class)) {
            return false;
        }
        if (component.getType() != boolean.class) {
            throw new IllegalArgumentException(
                    "a @Flag component must be a boolean; "
                            + component.getName()
                            + " is of type "
                            + component.getType());
        }
        return true;
    }

    private static Object read(Configuration c, String key, Class<?> type) {
        if (type == int.class) {
            return c.getInt(key);
        }
        if (type == long.class) {
            return (long) c.getDouble(key);
        }
        if (type == double.class) {
            return c.getDouble(key);
        }
        if (type == float.class) {
            return (float) c.getDouble(key);
        }
        if (type == boolean.class) {
            return c.getBoolean(key);
        }
        if (type == String.class) {
            return c.getString(key);
        }
        if (type.isEnum()) {
            String name = c.getString(key);
            for (Object constant : type.getEnumConstants()) {
                if (value(constant).equals(name)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(
                    "Parameter '"
                            + key
                            + "' must name a "
                            + type.getSimpleName()
                            + "; got "
                            + name);
        }
        throw new IllegalArgumentException(
                "a recipe component must be a number, boolean, string or enum; "
                        + key
                        + " is a "
                        + type);
    }
}
