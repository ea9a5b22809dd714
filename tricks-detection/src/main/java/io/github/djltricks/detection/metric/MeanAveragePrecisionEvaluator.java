/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Evaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A DJL {@link Evaluator} that accumulates a {@link MeanAveragePrecision} per accumulator key, so
 * mAP can be tracked on validation batches by the trainer's {@code EvaluatorTrainingListener}.
 *
 * <h2>NDList layout</h2>
 *
 * <ul>
 *   <li>Labels: {@code labels.head()} of shape {@code (B, G, 5)} or {@code (B, G, 6)}, one row per
 *       object: {@code [class, x1, y1, x2, y2]} and optionally {@code difficult} (non-zero means
 *       difficult). Rows with {@code class < 0} are padding and skipped.
 *   <li>Predictions: the decoder's output (by default {@code predictions.head()}) of shape {@code
 *       (B, D, 6)}, one row per detection: {@code [class, score, x1, y1, x2, y2]}, the layout of
 *       DJL's {@code MultiBoxDetection}. Rows with {@code class < 0} are padding (suppressed) and
 *       skipped.
 * </ul>
 *
 * Any numeric data type is accepted; class ids are truncated to {@code int}. Boxes must be valid
 * ({@code x2 >= x1}, {@code y2 >= y1}, finite): a malformed one raises the {@link
 * IllegalArgumentException} of {@link Detection}, so clip or decode boxes before they get here.
 *
 * <p>DJL's {@code EvaluatorTrainingListener} feeds training batches to every evaluator too, with
 * whatever the training forward pass returns; a detector's raw head outputs do not have the layout
 * above. Give a decoder ({@link Builder#optDecoder(Function)}) that turns the model's output into
 * detections (decoding and NMS), or add this evaluator only where predictions are already decoded.
 *
 * <p>{@link #getAccumulator(String)} returns the chosen {@link Figure}; {@link #getMetrics(String)}
 * and {@link #getOperatingPoint(String, double, double)} give everything else, including the false
 * positives per image that mAP hides.
 */
public final class MeanAveragePrecisionEvaluator extends Evaluator {

    /** The figure {@link #getAccumulator(String)} and {@link #evaluate(NDList, NDList)} report. */
    public enum Figure {
        /** {@link DetectionMetrics#voc07()}. */
        VOC07,
        /** {@link DetectionMetrics#vocAllPoint()}. */
        VOC_ALL_POINT,
        /** {@link DetectionMetrics#coco()}: AP over IoU 0.50:0.95. */
        COCO,
        /** {@link DetectionMetrics#ap50()}. */
        AP50,
        /** {@link DetectionMetrics#ap75()}. */
        AP75;

        double of(DetectionMetrics m) {
            switch (this) {
                case VOC07:
                    return m.voc07();
                case VOC_ALL_POINT:
                    return m.vocAllPoint();
                case AP50:
                    return m.ap50();
                case AP75:
                    return m.ap75();
                case COCO:
                default:
                    return m.coco();
            }
        }
    }

    private final Figure figure;
    private final int maxDetections;
    private final Function<NDList, NDArray> decoder;
    private final Map<String, MeanAveragePrecision> accumulators = new HashMap<>();

    private MeanAveragePrecisionEvaluator(Builder builder) {
        super(builder.name);
        this.figure = builder.figure;
        this.maxDetections = builder.maxDetections;
        this.decoder = builder.decoder;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the chosen figure over this one batch, as a scalar {@code float32} array on the
     * predictions' manager; {@link MeanAveragePrecision#UNDEFINED} if the batch holds no ground
     * truth that counts.
     *
     * @param labels the labels, layout above
     * @param predictions the predictions, layout above
     * @return the batch's figure
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        MeanAveragePrecision map = newAccumulator();
        NDArray detections = decoder.apply(predictions);
        add(map, labels.head(), detections);
        return detections.getManager().create((float) figure.of(map.evaluate()));
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void addAccumulator(String key) {
        accumulators.put(key, newAccumulator());
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        // Parse the batch once, add it to every key.
        NDArray detections = decoder.apply(predictions);
        List<List<Detection>> dets = detections(detections);
        List<List<GroundTruth>> gts = groundTruths(labels.head(), dets.size());
        for (String key : keys) {
            MeanAveragePrecision map = accumulator(key);
            for (int b = 0; b < dets.size(); b++) {
                map.addImage(dets.get(b), gts.get(b));
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void updateAccumulator(String key, NDList labels, NDList predictions) {
        add(accumulator(key), labels.head(), decoder.apply(predictions));
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void resetAccumulator(String key) {
        accumulator(key).reset();
    }

    /**
     * Returns the chosen figure over every image added under {@code key} since its last reset;
     * {@link MeanAveragePrecision#UNDEFINED} ({@code -1}) if there is no ground truth that counts.
     *
     * @param key the accumulator key
     * @return the figure
     * @throws IllegalArgumentException if no accumulator was added under {@code key}
     */
    @Override
    public synchronized float getAccumulator(String key) {
        return (float) figure.of(accumulator(key).evaluate());
    }

    /**
     * Returns every figure over the images added under {@code key}.
     *
     * @param key the accumulator key
     * @return VOC and COCO AP, per class and averaged
     * @throws IllegalArgumentException if no accumulator was added under {@code key}
     */
    public synchronized DetectionMetrics getMetrics(String key) {
        return accumulator(key).evaluate();
    }

    /**
     * Returns precision, recall and false positives per image at one score threshold over the
     * images added under {@code key}; see {@link MeanAveragePrecision#operatingPoint(double,
     * double)}.
     *
     * @param key the accumulator key
     * @param scoreThreshold the lowest score kept
     * @param iouThreshold the lowest IoU of a match, in {@code (0, 1]}
     * @return the operating point
     * @throws IllegalArgumentException if no accumulator was added under {@code key}, or a
     *     threshold is out of range
     */
    public synchronized OperatingPoint getOperatingPoint(
            String key, double scoreThreshold, double iouThreshold) {
        return accumulator(key).operatingPoint(scoreThreshold, iouThreshold);
    }

    private MeanAveragePrecision newAccumulator() {
        return MeanAveragePrecision.builder().optMaxDetections(maxDetections).build();
    }

    private MeanAveragePrecision accumulator(String key) {
        MeanAveragePrecision map = accumulators.get(key);
        if (map == null) {
            throw new IllegalArgumentException(
                    "no accumulator named key=" + key + ", added: " + accumulators.keySet());
        }
        return map;
    }

    private static void add(MeanAveragePrecision map, NDArray labels, NDArray predictions) {
        List<List<Detection>> dets = detections(predictions);
        List<List<GroundTruth>> gts = groundTruths(labels, dets.size());
        for (int b = 0; b < dets.size(); b++) {
            map.addImage(dets.get(b), gts.get(b));
        }
    }

    private static List<List<Detection>> detections(NDArray predictions) {
        Shape s = predictions.getShape();
        if (s.dimension() != 3 || s.get(2) != 6) {
            throw new IllegalArgumentException(
                    "predictions must have shape (B, D, 6) = [class, score, x1, y1, x2, y2], got "
                            + s);
        }
        int batch = (int) s.get(0);
        int rows = (int) s.get(1);
        double[] v = values(predictions);
        List<List<Detection>> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            List<Detection> image = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int o = (b * rows + r) * 6;
                if (v[o] < 0) {
                    continue;
                }
                image.add(
                        new Detection(
                                v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 1], (int) v[o]));
            }
            out.add(image);
        }
        return out;
    }

    private static List<List<GroundTruth>> groundTruths(NDArray labels, int batch) {
        Shape s = labels.getShape();
        if (s.dimension() != 3 || (s.get(2) != 5 && s.get(2) != 6)) {
            throw new IllegalArgumentException(
                    "labels must have shape (B, G, 5) = [class, x1, y1, x2, y2] or (B, G, 6) with"
                            + " a difficult flag, got "
                            + s);
        }
        if (s.get(0) != batch) {
            throw new IllegalArgumentException(
                    "labels and predictions must have the same batch size, got labels "
                            + s
                            + " for "
                            + batch
                            + " images of predictions");
        }
        int rows = (int) s.get(1);
        int width = (int) s.get(2);
        double[] v = values(labels);
        List<List<GroundTruth>> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            List<GroundTruth> image = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int o = (b * rows + r) * width;
                if (v[o] < 0) {
                    continue;
                }
                boolean difficult = width == 6 && v[o + 5] != 0;
                image.add(
                        new GroundTruth(
                                v[o + 1], v[o + 2], v[o + 3], v[o + 4], (int) v[o], difficult));
            }
            out.add(image);
        }
        return out;
    }

    private static double[] values(NDArray array) {
        if (array.getDataType() == DataType.FLOAT64) {
            return array.toDoubleArray();
        }
        if (array.getDataType() == DataType.FLOAT32) {
            float[] f = array.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        try (NDArray d = array.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    /** Builds a {@link MeanAveragePrecisionEvaluator}. */
    public static final class Builder {
        private String name = "mAP";
        private Figure figure = Figure.COCO;
        private int maxDetections = 100;
        private Function<NDList, NDArray> decoder = NDList::head;

        private Builder() {}

        /**
         * Sets the evaluator's name, shown by DJL's logging listeners (default {@code mAP}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the figure {@link #getAccumulator(String)} reports (default {@link Figure#COCO}).
         *
         * @param figure the figure
         * @return this builder
         */
        public Builder optFigure(Figure figure) {
            this.figure = figure;
            return this;
        }

        /**
         * Sets the COCO cap on detections per image and class (default 100).
         *
         * @param maxDetections the cap, {@code >= 1}
         * @return this builder
         */
        public Builder optMaxDetections(int maxDetections) {
            this.maxDetections = maxDetections;
            return this;
        }

        /**
         * Sets how the model's output becomes the {@code (B, D, 6)} detections array (default: the
         * first array of the predictions). A decoder may create arrays; they belong to the manager
         * it creates them on.
         *
         * @param decoder the decoder
         * @return this builder
         */
        public Builder optDecoder(Function<NDList, NDArray> decoder) {
            this.decoder = decoder;
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @return the evaluator
         * @throws IllegalArgumentException if {@code maxDetections < 1} or the name, figure or
         *     decoder is null
         */
        public MeanAveragePrecisionEvaluator build() {
            if (maxDetections < 1) {
                throw new IllegalArgumentException(
                        "maxDetections must be >= 1, got maxDetections=" + maxDetections);
            }
            if (name == null || figure == null || decoder == null) {
                throw new IllegalArgumentException(
                        "name, figure and decoder must not be null, got name="
                                + name
                                + ", figure="
                                + figure
                                + ", decoder="
                                + decoder);
            }
            return new MeanAveragePrecisionEvaluator(this);
        }
    }
}
