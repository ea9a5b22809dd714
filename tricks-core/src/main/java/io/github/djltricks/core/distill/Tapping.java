/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a network of nested sequential blocks child by child and keeps the outputs at resolved tap
 * paths, the same computation as the network's own forward.
 */
final class Tapping {

    private Tapping() {}

    /**
     * Runs the network and stores the first output at each tap path.
     *
     * @param ps the parameter store
     * @param root the network
     * @param inputs its inputs
     * @param training whether in training mode
     * @param paths the resolved tap paths (child indices)
     * @param features receives the feature of tap i at index i
     * @return the network's outputs
     */
    static NDList forward(
            ParameterStore ps,
            Block root,
            NDList inputs,
            boolean training,
            int[][] paths,
            NDArray[] features) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            all.add(i);
        }
        return run(ps, root, inputs, training, paths, all, 0, features);
    }

    private static NDList run(
            ParameterStore ps,
            Block block,
            NDList x,
            boolean training,
            int[][] paths,
            List<Integer> taps,
            int depth,
            NDArray[] features) {
        if (taps.isEmpty()) {
            return block.forward(ps, x, training);
        }
        int i = 0;
        NDList current = x;
        for (Pair<String, Block> child : block.getChildren()) {
            List<Integer> inside = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            split(paths, taps, depth, i, inside, at);
            current =
                    run(
                            ps,
                            child.getValue(),
                            current,
                            training,
                            paths,
                            inside,
                            depth + 1,
                            features);
            for (int tap : at) {
                features[tap] = current.head();
            }
            i++;
        }
        return current;
    }

    /**
     * Computes the network's output shapes and the shape of the feature at each tap path.
     *
     * @param root the network, initialized
     * @param inputs the input shapes
     * @param paths the resolved tap paths
     * @param features receives the shape of tap i at index i
     * @return the network's output shapes
     */
    static Shape[] shapes(Block root, Shape[] inputs, int[][] paths, Shape[] features) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            all.add(i);
        }
        return shapes(root, inputs, paths, all, 0, features);
    }

    private static Shape[] shapes(
            Block block,
            Shape[] x,
            int[][] paths,
            List<Integer> taps,
            int depth,
            Shape[] features) {
        if (taps.isEmpty()) {
            return block.getOutputShapes(x);
        }
        int i = 0;
        Shape[] current = x;
        for (Pair<String, Block> child : block.getChildren()) {
            List<Integer> inside = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            split(paths, taps, depth, i, inside, at);
            current = shapes(child.getValue(), current, paths, inside, depth + 1, features);
            for (int tap : at) {
                features[tap] = current[0];
            }
            i++;
        }
        return current;
    }

    private static void split(
            int[][] paths,
            List<Integer> taps,
            int depth,
            int child,
            List<Integer> inside,
            List<Integer> at) {
        for (int tap : taps) {
            if (paths[tap][depth] == child) {
                (paths[tap].length == depth + 1 ? at : inside).add(tap);
            }
        }
    }
}
