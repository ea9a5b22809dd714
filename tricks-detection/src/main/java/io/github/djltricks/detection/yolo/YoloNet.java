/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A YOLOv3-style one-stage detector (Redmon and Farhadi 2018, arXiv 1804.02767), scaled by width
 * and depth multipliers so the accuracy-versus-compute curve can be drawn.
 *
 * <p>Backbone: a 3×3 stem, then {@code log2(max stride)} Darknet stages, each a stride-2 3×3
 * convolution followed by residual units (1×1 then 3×3, added to the input). Stage {@code i} has
 * {@code round(16·width·2^i)} channels and {@code max(1, round(d_i·depth))} residual units, {@code
 * d = 1, 1, 2, 2, 1, 1, …}. Every convolution but the heads' last is conv → BatchNorm →
 * LeakyReLU(0.1). With a channel divisor {@code m} ({@link Builder#optChannelDivisor}) every hidden
 * channel count is rounded up to a multiple of {@code m}, {@code m·⌈c/m⌉}, as MobileNet's and
 * timm's {@code make_divisible} do for the hardware's vector width (those also round down when that
 * loses under 10 %; here counts only grow, so a network is never narrower than its width says).
 *
 * <p>Neck and heads (feature pyramid, top-down): starting at the largest stride, a body of
 * 1×1/3×3/1×1 convolutions; its output feeds the head (3×3 then a 1×1 convolution with bias to
 * {@code A·(5+K)} channels) and, reduced by a 1×1 convolution and upsampled 2× (nearest), is
 * concatenated with the backbone feature of the next smaller stride. The last convolution's bias
 * starts at the priors ({@link Builder#optObjectnessPrior}, {@link Builder#optClassPrior}), so that
 * the first steps are not spent pushing every anchor's objectness down from 0.5.
 *
 * <p>Output: one array per head, in ascending stride order, of shape {@code (N, A, H/s, W/s, 5+K)}
 * holding raw logits {@code (t_x, t_y, t_w, t_h, objectness, class_1..K)}; {@link YoloDecoder}
 * turns them into boxes. Input height and width must be multiples of the largest stride.
 */
public final class YoloNet extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int[] BASE_DEPTH = {1, 1, 2, 2, 1, 1, 1};

    private final int numClasses;
    private final float[][][] anchors;
    private final int[] strides;
    private final float width;
    private final float depth;
    private final int channelDivisor;
    private final float objectnessPrior;
    private final float classPrior;

    private final Block stem;
    private final List<Block> stages = new ArrayList<>();
    private final List<Block> bodies = new ArrayList<>();
    private final List<Block> heads = new ArrayList<>();
    private final List<Block> reducers = new ArrayList<>();

    private YoloNet(Builder builder) {
        super(VERSION);
        numClasses = builder.numClasses;
        anchors = builder.anchors;
        strides = builder.strides;
        width = builder.width;
        depth = builder.depth;
        channelDivisor = builder.channelDivisor;
        objectnessPrior = builder.objectnessPrior;
        classPrior = builder.classPrior;

        int levels = Integer.numberOfTrailingZeros(strides[strides.length - 1]);
        stem =
                addChildBlock(
                        "stem", convBnAct(divisible(Math.max(4, Math.round(8 * width))), 3, 1));
        for (int i = 0; i < levels; i++) {
            SequentialBlock stage = new SequentialBlock();
            stage.add(convBnAct(stageChannels(i), 3, 2));
            int units =
                    Math.max(1, Math.round(BASE_DEPTH[Math.min(i, BASE_DEPTH.length - 1)] * depth));
            for (int u = 0; u < units; u++) {
                stage.add(residual(stageChannels(i)));
            }
            stages.add(addChildBlock("stage" + (i + 1), stage));
        }
        int outputs = 5 + numClasses;
        for (int h = strides.length - 1; h >= 0; h--) {
            int c = divisible(Math.max(4, stageChannels(level(strides[h])) / 2));
            SequentialBlock body =
                    new SequentialBlock()
                            .add(convBnAct(c, 1, 1))
                            .add(convBnAct(2 * c, 3, 1))
                            .add(convBnAct(c, 1, 1));
            SequentialBlock head =
                    new SequentialBlock()
                            .add(convBnAct(2 * c, 3, 1))
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(1, 1))
                                            .setFilters(anchors[h].length * outputs)
                                            .build());
            bodies.add(0, addChildBlock("body_s" + strides[h], body));
            heads.add(0, addChildBlock("head_s" + strides[h], head));
            if (h > 0) {
                reducers.add(
                        0,
                        addChildBlock(
                                "reduce_s" + strides[h],
                                convBnAct(divisible(Math.max(4, c / 2)), 1, 1)));
            }
        }
    }

    /**
     * Returns a builder of {@link YoloNet}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of object classes {@code K}.
     *
     * @return the number of classes
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the anchors of each head, {@code [head][anchor] = (width, height)} in input pixels.
     *
     * @return a copy of the anchors
     */
    public float[][][] getAnchors() {
        float[][][] copy = new float[anchors.length][][];
        for (int h = 0; h < anchors.length; h++) {
            copy[h] = new float[anchors[h].length][];
            for (int a = 0; a < anchors[h].length; a++) {
                copy[h][a] = anchors[h][a].clone();
            }
        }
        return copy;
    }

    /**
     * Returns the backbone, the stem and the Darknet stages, as a block of its own that shares this
     * detector's parameters: training it (for example as a classifier with a pooling layer and a
     * linear layer on top) trains the detector's backbone, as the ImageNet pretraining of YOLOv3's
     * Darknet does. Its output is the last stage's feature map, {@code (N, C, H/s, W/s)} with
     * {@code s} the largest stride.
     *
     * @return a new block holding the same stem and stage blocks
     */
    public SequentialBlock getBackbone() {
        SequentialBlock backbone = new SequentialBlock().add(stem);
        backbone.addAll(stages);
        return backbone;
    }

    /**
     * Returns the stride of each head, ascending.
     *
     * @return a copy of the strides
     */
    public int[] getStrides() {
        return strides.clone();
    }

    private int stageChannels(int stage) {
        return divisible(Math.max(4, Math.round(16 * width * (1 << stage))));
    }

    /** A channel count rounded up to a multiple of the channel divisor. */
    private int divisible(int channels) {
        return (channels + channelDivisor - 1) / channelDivisor * channelDivisor;
    }

    /** Index of the backbone stage whose output has the given stride. */
    private static int level(int stride) {
        return Integer.numberOfTrailingZeros(stride) - 1;
    }

    private static Block convBnAct(int filters, int kernel, int stride) {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(kernel, kernel))
                                .optStride(new Shape(stride, stride))
                                .optPadding(new Shape(kernel / 2, kernel / 2))
                                .setFilters(filters)
                                .optBias(false)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(0.1f));
    }

    private Block residual(int channels) {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(convBnAct(divisible(Math.max(2, channels / 2)), 1, 1))
                        .add(convBnAct(channels, 3, 1));
        return new ParallelBlock(
                list ->
                        new NDList(
                                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                Arrays.asList(branch, Blocks.identityBlock()));
    }

    /**
     * Checks an input size against the strides: height and width positive multiples of the largest
     * stride, as {@link YoloAssigner} and {@link YoloTranslator} require.
     *
     * @param strides the strides, ascending
     * @param height the height in pixels
     * @param width the width in pixels
     * @param what how the message names the size
     * @throws IllegalArgumentException if the size does not fit the strides
     */
    static void checkInputSize(int[] strides, int height, int width, String what) {
        int maxStride = strides[strides.length - 1];
        if (height <= 0 || width <= 0 || height % maxStride != 0 || width % maxStride != 0) {
            throw new IllegalArgumentException(
                    what
                            + " must be positive multiples of the largest stride "
                            + maxStride
                            + ", got "
                            + height
                            + "x"
                            + width);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long maxStride = strides[strides.length - 1];
        if (shape.dimension() != 4
                || shape.get(2) % maxStride != 0
                || shape.get(3) % maxStride != 0) {
            throw new IllegalArgumentException(
                    "input must be (N, C, H, W) with H and W multiples of the largest stride "
                            + maxStride
                            + ", got "
                            + shape);
        }
        NDList current = stem.forward(parameterStore, new NDList(x), training, params);
        NDArray[] features = new NDArray[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            current = stages.get(i).forward(parameterStore, current, training, params);
            features[i] = current.singletonOrThrow();
        }
        NDArray[] outputs = new NDArray[strides.length];
        NDArray route = null;
        for (int h = strides.length - 1; h >= 0; h--) {
            NDArray input = features[level(strides[h])];
            if (route != null) {
                NDArray reduced =
                        reducers.get(h)
                                .forward(parameterStore, new NDList(route), training, params)
                                .singletonOrThrow();
                NDArray up = reduced.repeat(2, 2).repeat(3, 2);
                input = NDArrays.concat(new NDList(up, input), 1);
            }
            route =
                    bodies.get(h)
                            .forward(parameterStore, new NDList(input), training, params)
                            .singletonOrThrow();
            NDArray raw =
                    heads.get(h)
                            .forward(parameterStore, new NDList(route), training, params)
                            .singletonOrThrow();
            Shape s = raw.getShape();
            outputs[h] =
                    raw.reshape(s.get(0), anchors[h].length, 5 + numClasses, s.get(2), s.get(3))
                            .transpose(0, 1, 3, 4, 2);
        }
        return new NDList(outputs);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape[] out = new Shape[strides.length];
        for (int h = 0; h < strides.length; h++) {
            out[h] =
                    new Shape(
                            in.get(0),
                            anchors[h].length,
                            in.get(2) / strides[h],
                            in.get(3) / strides[h],
                            5 + numClasses);
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        stem.initialize(manager, dataType, shapes);
        shapes = stem.getOutputShapes(shapes);
        Shape[] features = new Shape[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).initialize(manager, dataType, shapes);
            shapes = stages.get(i).getOutputShapes(shapes);
            features[i] = shapes[0];
        }
        Shape route = null;
        for (int h = strides.length - 1; h >= 0; h--) {
            Shape input = features[level(strides[h])];
            if (route != null) {
                Block reducer = reducers.get(h);
                reducer.initialize(manager, dataType, route);
                Shape reduced = reducer.getOutputShapes(new Shape[] {route})[0];
                input =
                        new Shape(
                                input.get(0),
                                input.get(1) + reduced.get(1),
                                input.get(2),
                                input.get(3));
            }
            Block body = bodies.get(h);
            body.initialize(manager, dataType, input);
            route = body.getOutputShapes(new Shape[] {input})[0];
            heads.get(h).initialize(manager, dataType, route);
            setPriorBias(heads.get(h));
        }
    }

    /**
     * Sets the bias of a head's last convolution so that, at initialisation, every anchor predicts
     * objectness {@code π_obj} and every class {@code π_cls}: {@code b = log(π / (1 − π))}, the
     * prior initialisation of RetinaNet (Lin et al. 2017, §4.1) that YOLOv5 also uses. Without it,
     * the first steps are dominated by the loss of the many negative anchors.
     */
    private void setPriorBias(Block head) {
        Block last = head.getChildren().valueAt(head.getChildren().size() - 1);
        NDArray bias = last.getParameters().get("bias").getArray();
        int outputs = 5 + numClasses;
        float[] b = bias.toFloatArray();
        float obj = logit(objectnessPrior);
        float cls = logit(Float.isNaN(classPrior) ? 1f / numClasses : classPrior);
        for (int a = 0; a < b.length / outputs; a++) {
            b[a * outputs + 4] = obj;
            for (int c = 0; c < numClasses; c++) {
                b[a * outputs + 5 + c] = cls;
            }
        }
        bias.set(b);
    }

    private static float logit(float p) {
        return (float) Math.log(p / (1.0 - p));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(
                "YoloNet(classes=%d, strides=%s, anchors/head=%d, width=%s, depth=%s%s)",
                numClasses,
                Arrays.toString(strides),
                anchors[0].length,
                width,
                depth,
                channelDivisor == 1 ? "" : ", channel divisor=" + channelDivisor);
    }

    /** The builder of {@link YoloNet}: classes and anchors are required. */
    public static final class Builder {

        private int numClasses = -1;
        private float[][][] anchors;
        private int[] strides = {8, 16, 32};
        private float width = 1f;
        private float depth = 1f;
        private int channelDivisor = 1;
        private float objectnessPrior = 0.01f;
        private float classPrior = Float.NaN;

        private Builder() {}

        /**
         * Sets the number of object classes {@code K} (required, ≥ 1).
         *
         * @param numClasses the number of classes
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the anchors of each head (required): {@code anchors[h][a] = (width, height)} in
         * input pixels, one row per head in ascending stride order, the same count per head.
         *
         * @param anchors the anchors per head
         * @return this builder
         */
        public Builder setAnchors(float[][][] anchors) {
            this.anchors = anchors;
            return this;
        }

        /**
         * Sets the strides of the heads, ascending powers of two ≥ 2 (default 8, 16, 32).
         *
         * @param strides the head strides
         * @return this builder
         */
        public Builder optStrides(int... strides) {
            this.strides = strides.clone();
            return this;
        }

        /**
         * Sets the width multiplier, scaling every channel count (default 1).
         *
         * @param width the width multiplier, &gt; 0
         * @return this builder
         */
        public Builder optWidth(float width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the prior probability π that an anchor holds an object, to which the objectness bias
         * is initialised ({@code b = log(π / (1 − π))}; Lin et al. 2017, "Focal Loss for Dense
         * Object Detection", §4.1).
         *
         * @param prior π, in (0, 1); default 0.01
         * @return this builder
         */
        public Builder optObjectnessPrior(float prior) {
            this.objectnessPrior = prior;
            return this;
        }

        /**
         * Sets the prior probability π of each class at initialisation ({@code b = log(π / (1 −
         * π))} for every class logit).
         *
         * @param prior π, in (0, 1); default {@code 1 / numClasses}
         * @return this builder
         */
        public Builder optClassPrior(float prior) {
            this.classPrior = prior;
            return this;
        }

        /**
         * Sets the depth multiplier, scaling the residual units per stage (default 1).
         *
         * @param depth the depth multiplier, &gt; 0
         * @return this builder
         */
        public Builder optDepth(float depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the channel divisor {@code m}: every hidden channel count is rounded up to a
         * multiple of it (default 1, no rounding; the heads' outputs, {@code A·(5+K)}, are kept).
         * With oneDNN's convolutions, counts that are multiples of 16 fill its vector blocks on an
         * AVX-512 CPU.
         *
         * @param divisor the divisor, in [1, 1024]
         * @return this builder
         */
        public Builder optChannelDivisor(int divisor) {
            this.channelDivisor = divisor;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the network
         * @throws IllegalArgumentException if a setting is out of range
         */
        public YoloNet build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
            }
            if (!(width > 0) || Float.isInfinite(width)) {
                throw new IllegalArgumentException("width must be finite and > 0, got " + width);
            }
            if (!(depth > 0) || Float.isInfinite(depth)) {
                throw new IllegalArgumentException("depth must be finite and > 0, got " + depth);
            }
            if (channelDivisor < 1 || channelDivisor > 1024) {
                throw new IllegalArgumentException(
                        "channelDivisor must be in [1, 1024], got " + channelDivisor);
            }
            if (!(objectnessPrior > 0 && objectnessPrior < 1)) {
                throw new IllegalArgumentException(
                        "objectnessPrior must be in (0, 1), got " + objectnessPrior);
            }
            if (!Float.isNaN(classPrior) && !(classPrior > 0 && classPrior < 1)) {
                throw new IllegalArgumentException(
                        "classPrior must be in (0, 1), got " + classPrior);
            }
            if (strides == null || strides.length == 0) {
                throw new IllegalArgumentException("strides must name at least one head");
            }
            for (int i = 0; i < strides.length; i++) {
                int s = strides[i];
                if (s < 2 || Integer.bitCount(s) != 1 || (i > 0 && s <= strides[i - 1])) {
                    throw new IllegalArgumentException(
                            "strides must be ascending powers of two >= 2, got "
                                    + Arrays.toString(strides));
                }
                if (i > 0 && s != 2 * strides[i - 1]) {
                    throw new IllegalArgumentException(
                            "consecutive strides must differ by a factor 2 (the neck upsamples"
                                    + " 2x), got "
                                    + Arrays.toString(strides));
                }
            }
            if (anchors == null || anchors.length != strides.length) {
                throw new IllegalArgumentException(
                        "anchors must have one row per head ("
                                + strides.length
                                + "), got "
                                + (anchors == null ? "null" : anchors.length));
            }
            int perHead = anchors[0].length;
            for (float[][] head : anchors) {
                if (head.length == 0 || head.length != perHead) {
                    throw new IllegalArgumentException(
                            "every head needs the same number (>= 1) of anchors, got "
                                    + head.length
                                    + " and "
                                    + perHead);
                }
                for (float[] a : head) {
                    if (a.length != 2
                            || !(a[0] > 0)
                            || !(a[1] > 0)
                            || Float.isInfinite(a[0])
                            || Float.isInfinite(a[1])) {
                        throw new IllegalArgumentException(
                                "an anchor is (width, height) with both finite and > 0, got "
                                        + Arrays.toString(a));
                    }
                }
            }
            float[][][] copy = new float[anchors.length][][];
            for (int h = 0; h < anchors.length; h++) {
                copy[h] = new float[perHead][];
                for (int a = 0; a < perHead; a++) {
                    copy[h][a] = anchors[h][a].clone();
                }
            }
            anchors = copy;
            return new YoloNet(this);
        }
    }
}
