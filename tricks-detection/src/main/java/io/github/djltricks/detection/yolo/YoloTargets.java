/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What a {@link YoloLoss} scores one batch against, built once per batch by {@link
 * YoloAssigner#targets}: the assignment of the ground truth to the heads' anchors, the objectness
 * targets with YOLOv3's ignore rules applied, and the assigned positions gathered for the class and
 * box terms. A plain value: nothing is cached or shared between batches or threads, so each shard
 * of a sharded step builds its own.
 *
 * <p>Positions {@code P} run over every head's anchor positions in head, anchor, row, column order
 * (as {@link YoloDecoder#decode} lays them out); the {@code M} assigned positions are in the same
 * order, head by head. Every array lives in the labels' manager, as long as the batch.
 */
public final class YoloTargets {

    private final NDList heads;
    private final NDArray objectness;
    private final NDArray objectnessWeights;
    private final NDArray ignored;
    private final NDArray[] positives;
    private final NDArray rows;
    private final NDArray cells;
    private final NDArray halfAnchors;
    private final NDArray strides;
    private final NDArray boxes;
    private final NDArray boxWeights;

    YoloTargets(
            NDList heads,
            NDArray objectness,
            NDArray objectnessWeights,
            NDArray ignored,
            NDArray[] positives,
            NDArray rows,
            NDArray cells,
            NDArray halfAnchors,
            NDArray strides,
            NDArray boxes,
            NDArray boxWeights) {
        this.heads = heads;
        this.objectness = objectness;
        this.objectnessWeights = objectnessWeights;
        this.ignored = ignored;
        this.positives = positives;
        this.rows = rows;
        this.cells = cells;
        this.halfAnchors = halfAnchors;
        this.strides = strides;
        this.boxes = boxes;
        this.boxWeights = boxWeights;
    }

    /**
     * Returns the assignment per head, {@code (N, A, H/s, W/s, }{@link YoloAssigner#CHANNELS}{@code
     * + K)}, laid out as {@link YoloAssigner}'s {@code *_INDEX} constants say (before the
     * predicted-box ignore rule, which only {@link #ignored} holds).
     *
     * @return one array per head, ascending stride
     */
    public NDList heads() {
        return heads;
    }

    /**
     * Returns the objectness targets {@code (N, P)}: 1 at an assigned position, 0 elsewhere.
     *
     * @return the targets
     */
    public NDArray objectness() {
        return objectness;
    }

    /**
     * Returns the objectness weights {@code (N, P)}: the box weight (mixup's) at an assigned
     * position, 1 elsewhere.
     *
     * @return the weights
     */
    public NDArray objectnessWeights() {
        return objectnessWeights;
    }

    /**
     * Returns the ignore mask {@code (N, P)}: 1 where an unassigned position is left out of the
     * objectness loss, because its prior box or its predicted box overlaps a ground truth well.
     *
     * @return the mask
     */
    public NDArray ignored() {
        return ignored;
    }

    /**
     * Returns the assigned positions of one head as int64 row indices into its output reshaped to
     * {@code (N·A·H·W, 5 + K)}.
     *
     * @param head the head's index, ascending stride
     * @return the indices, possibly empty
     */
    public NDArray positives(int head) {
        return positives[head];
    }

    /**
     * Returns the number of heads.
     *
     * @return the number of heads
     */
    public int numHeads() {
        return positives.length;
    }

    /**
     * Returns the target rows of the assigned positions {@code (M, CHANNELS + K)}, heads in order.
     *
     * @return the rows
     */
    public NDArray rows() {
        return rows;
    }

    /**
     * Returns the cell column and row of each assigned position {@code (M, 2)}.
     *
     * @return the cells
     */
    public NDArray cells() {
        return cells;
    }

    /**
     * Returns half the anchor width and height of each assigned position {@code (M, 2)}.
     *
     * @return the half anchors
     */
    public NDArray halfAnchors() {
        return halfAnchors;
    }

    /**
     * Returns the stride of each assigned position {@code (M, 1)}.
     *
     * @return the strides
     */
    public NDArray strides() {
        return strides;
    }

    /**
     * Returns the assigned ground-truth boxes {@code (M, 4)}, (x1, y1, x2, y2) in input pixels.
     *
     * @return the boxes
     */
    public NDArray boxes() {
        return boxes;
    }

    /**
     * Returns the box weight of each assigned position {@code (M)}.
     *
     * @return the weights
     */
    public NDArray boxWeights() {
        return boxWeights;
    }
}
