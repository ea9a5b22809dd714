/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a feature is read from inside a network built of {@link SequentialBlock}s: a path of child
 * steps separated by {@code /}, each step either a 0-based child index or the child's name as DJL
 * stores it (for example {@code "03BatchNorm"}). The feature is the first output of the block the
 * path ends at.
 *
 * <p>Examples: {@code "2"} is the output of the third stage; {@code "1/02BatchNorm"} is the output
 * of the batch norm named {@code 02BatchNorm} inside the second stage.
 */
public final class TapPoint {

    private final String path;

    private TapPoint(String path) {
        this.path = path;
    }

    /**
     * Creates a tap point from its path.
     *
     * @param path steps separated by {@code /}, each a 0-based index or a child name
     * @return the tap point
     * @throws IllegalArgumentException if the path is null, empty or has an empty step
     */
    public static TapPoint of(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException(
                    "tap path must name a child block (index or name), got '" + path + "'");
        }
        for (String step : path.split("/", -1)) {
            if (step.isEmpty()) {
                throw new IllegalArgumentException(
                        "tap path '" + path + "' has an empty step; steps are separated by '/'");
            }
        }
        return new TapPoint(path);
    }

    /**
     * Returns the path as given.
     *
     * @return the path
     */
    public String getPath() {
        return path;
    }

    /**
     * Resolves the path in a network to the child index taken at each step.
     *
     * @param root the network the path starts at
     * @param network what the network is ("student", "teacher"), for the message
     * @return the 0-based child index at each step
     * @throws IllegalArgumentException if a step names no child, or enters a block that is not a
     *     {@link SequentialBlock}
     */
    public int[] resolve(Block root, String network) {
        String[] steps = path.split("/", -1);
        int[] indices = new int[steps.length];
        Block current = root;
        StringBuilder walked = new StringBuilder();
        for (int k = 0; k < steps.length; k++) {
            if (!(current instanceof SequentialBlock)) {
                throw new IllegalArgumentException(
                        "tap '"
                                + path
                                + "' in the "
                                + network
                                + ": the block at '"
                                + walked
                                + "' is a "
                                + current.getClass().getSimpleName()
                                + ", only a SequentialBlock can be entered");
            }
            List<Pair<String, Block>> children = new ArrayList<>();
            current.getChildren().forEach(children::add);
            int index = find(children, steps[k]);
            if (index < 0) {
                List<String> names = new ArrayList<>();
                children.forEach(p -> names.add(p.getKey()));
                throw new IllegalArgumentException(
                        "tap '"
                                + path
                                + "' in the "
                                + network
                                + ": no child '"
                                + steps[k]
                                + "' at '"
                                + walked
                                + "'; allowed are the indices 0.."
                                + (children.size() - 1)
                                + " or the names "
                                + names);
            }
            indices[k] = index;
            current = children.get(index).getValue();
            walked.append(walked.length() == 0 ? "" : "/").append(steps[k]);
        }
        return indices;
    }

    private static int find(List<Pair<String, Block>> children, String step) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).getKey().equals(step)) {
                return i;
            }
        }
        if (step.chars().allMatch(Character::isDigit) && step.length() < 10) {
            int index = Integer.parseInt(step);
            return index < children.size() ? index : -1;
        }
        return -1;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return path;
    }
}
