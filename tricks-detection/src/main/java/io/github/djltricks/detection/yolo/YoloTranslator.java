/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.github.djltricks.detection.box.Nms;
import io.github.djltricks.detection.metric.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets DJL's {@code Predictor} run a trained {@link YoloNet} on an image: the image is resized to
 * the network's input size (no letterbox), scaled to [0, 1] in CHW order, and the head outputs are
 * decoded ({@link YoloDecoder#detect}: score threshold, class-aware NMS, cap) into {@link
 * DetectedObjects} whose rectangles are relative to the image (DJL's convention), clipped to [0,
 * 1].
 *
 * <pre>{@code
 * try (Predictor<Image, DetectedObjects> predictor =
 *         model.newPredictor(YoloTranslator.builder(net).setClasses(names).setSize(96, 96).build())) {
 *     DetectedObjects objects = predictor.predict(image);
 * }
 * }</pre>
 */
public final class YoloTranslator implements NoBatchifyTranslator<Image, DetectedObjects> {

    private final YoloDecoder decoder;
    private final List<String> classes;
    private final int height;
    private final int width;
    private final float scoreThreshold;
    private final Nms nms;

    private YoloTranslator(Builder builder) {
        decoder = new YoloDecoder(builder.net);
        classes = List.copyOf(builder.classes);
        height = builder.height;
        width = builder.width;
        scoreThreshold = builder.scoreThreshold;
        nms = builder.nms;
    }

    /**
     * Returns a builder for a network.
     *
     * @param net the trained network (its anchors and strides decode the output)
     * @return a new builder
     */
    public static Builder builder(YoloNet net) {
        return new Builder(net);
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Image resized =
                input.getWidth() == width && input.getHeight() == height
                        ? input
                        : input.resize(width, height, true);
        NDArray hwc = resized.toNDArray(ctx.getNDManager(), Image.Flag.COLOR);
        NDArray chw = hwc.transpose(2, 0, 1).toType(DataType.FLOAT32, false).div(255f);
        return new NDList(chw.expandDims(0));
    }

    /** {@inheritDoc} */
    @Override
    public DetectedObjects processOutput(TranslatorContext ctx, NDList list) {
        List<Detection> detections = decoder.detect(list, scoreThreshold, nms).get(0);
        List<String> names = new ArrayList<>(detections.size());
        List<Double> probabilities = new ArrayList<>(detections.size());
        List<BoundingBox> boxes = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            double x1 = clip(d.x1() / width);
            double y1 = clip(d.y1() / height);
            double x2 = clip(d.x2() / width);
            double y2 = clip(d.y2() / height);
            names.add(d.label() < classes.size() ? classes.get(d.label()) : "class" + d.label());
            probabilities.add(d.score());
            boxes.add(new Rectangle(x1, y1, x2 - x1, y2 - y1));
        }
        return new DetectedObjects(names, probabilities, boxes);
    }

    private static double clip(double v) {
        return Math.min(1, Math.max(0, v));
    }

    /** The builder of {@link YoloTranslator}: classes and size are required. */
    public static final class Builder {

        private final YoloNet net;
        private List<String> classes;
        private int height;
        private int width;
        private float scoreThreshold = 0.25f;
        private Nms nms = Nms.builder().optIouThreshold(0.45).optMaxDetections(100).build();

        private Builder(YoloNet net) {
            if (net == null) {
                throw new IllegalArgumentException("net must not be null");
            }
            this.net = net;
        }

        /**
         * Sets the class names, in class-id order; their count must be the network's.
         *
         * @param classes the class names
         * @return this builder
         */
        public Builder setClasses(List<String> classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the network's input size; images are resized to it.
         *
         * @param height the height in pixels, a multiple of the largest stride
         * @param width the width in pixels, a multiple of the largest stride
         * @return this builder
         */
        public Builder setSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets the score a detection must exceed (default 0.25).
         *
         * @param scoreThreshold the threshold in [0, 1)
         * @return this builder
         */
        public Builder optScoreThreshold(float scoreThreshold) {
            this.scoreThreshold = scoreThreshold;
            return this;
        }

        /**
         * Sets the suppression (default IoU 0.45, at most 100 detections).
         *
         * @param nms the suppression
         * @return this builder
         */
        public Builder optNms(Nms nms) {
            this.nms = nms;
            return this;
        }

        /**
         * Validates the settings and builds the translator.
         *
         * @return the translator
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public YoloTranslator build() {
            if (classes == null || classes.size() != net.getNumClasses()) {
                throw new IllegalArgumentException(
                        "classes must name the network's "
                                + net.getNumClasses()
                                + " classes, got "
                                + (classes == null ? "none" : classes.size()));
            }
            YoloNet.checkInputSize(net.getStrides(), height, width, "size");
            if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
                throw new IllegalArgumentException(
                        "scoreThreshold must be in [0, 1), got " + scoreThreshold);
            }
            if (nms == null) {
                throw new IllegalArgumentException("nms must not be null");
            }
            return new YoloTranslator(this);
        }
    }
}
