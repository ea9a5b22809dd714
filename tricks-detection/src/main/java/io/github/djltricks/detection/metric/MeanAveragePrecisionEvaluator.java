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
 * mAP is tracked on validation batches by the trainer's {@code EvaluatorTrainingListener} like any
 * DJL evaluator, for example in {@code EasyTrain.fit}.
 *
 * <h2>NDList layout</h2>
 *
 * <ul>
 *   <li>Labels: those of {@link io.github.djltricks.detection.data.DetectionBatch} (and so of
 *       {@code YoloLoss}): {@code [boxes (B, M, 4), classIds (B, M), weights (B, M), mask (B, M)]},
 *       boxes {@code (x1, y1, x2, y2)} in input pixels; a box counts where {@code mask > 0}, and
 *       the rest is padding. The weights are ignored.
 *   <li>Predictions: whatever the model returns (for {@code YoloNet} its head outputs), turned into
 *       detections per image by the decoder given to {@link #builder(Function)}.
 * </ul>
 *
 * <pre>{@code
 * YoloDecoder decoder = new YoloDecoder(net);
 * Nms nms = Nms.builder().optIouThreshold(0.45).optMaxDetections(100).build();
 * MeanAveragePrecisionEvaluator map =
 *         MeanAveragePrecisionEvaluator.builder(heads -> decoder.detect(heads, 0.005f, nms))
 *                 .optFigure(MeanAveragePrecisionEvaluator.Figure.VOC07)
 *                 .build();
 * config.addEvaluator(map);   // "validate_mAP" in the training result
 * }</pre>
 *
 * Boxes must be valid ({@code x2 >= x1}, {@code y2 >= y1}, finite): a malformed one raises the
 * {@link IllegalArgumentException} of {@link GroundTruth}. DJL's {@code EvaluatorTrainingListener}
 * also feeds every training batch to the evaluators, so the decoder runs on training batches too.
 *
 * <p>{@link #getAccumulator(String)} returns the chosen {@link Figure}; {@link #getMetrics(String)}
 * and {@link #getOperatingPoint(String, double, double)} give everything else, including the false
 * positives per image that mAP hides.
 */
public final class MeanAveragePrecisionEvaluator extends Evaluator {

    /** The figure {@link #getAccumulator(String)} and {@link #evaluate(NDList, NDList)} report. */
    public enum Figure {
        /** {@link ApFigures#voc07()} of {@link DetectionMetrics#mean()}. */
        VOC07,
        /** {@link ApFigures#vocAllPoint()} of {@link DetectionMetrics#mean()}. */
        VOC_ALL_POINT,
        /** {@link ApFigures#coco()} of {@link DetectionMetrics#mean()}: AP over IoU 0.50:0.95. */
        COCO,
        /** {@link ApFigures#ap50()} of {@link DetectionMetrics#mean()}. */
        AP50,
        /** {@link ApFigures#ap75()} of {@link DetectionMetrics#mean()}. */
        AP75;

        double of(DetectionMetrics m) {
            switch (this) {
                case VOC07:
                    return m.mean().voc07();
                case VOC_ALL_POINT:
                    return m.mean().vocAllPoint();
                case AP50:
                    return m.mean().ap50();
                case AP75:
                    return m.mean().ap75();
                case COCO:
                default:
                    return m.mean().coco();
            }
        }
    }

    private final Figure figure;
    private final int maxDetections;
    private final Function<NDList, List<List<Detection>>> decoder;
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
     * @param decoder turns the model's output for a batch into the detections of each image, in
     *     batch order (for a {@code YoloNet}: {@code heads -> yoloDecoder.detect(heads, score,
     *     nms)})
     * @return a new builder
     */
    public static Builder builder(Function<NDList, List<List<Detection>>> decoder) {
        return new Builder(decoder);
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
        add(map, labels, predictions);
        return labels.get(0).getManager().create((float) figure.of(map.evaluate()));
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void addAccumulator(String key) {
        accumulators.put(key, newAccumulator());
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        // Decode the batch once, add it to every key.
        List<List<Detection>> dets = decoder.apply(predictions);
        List<List<GroundTruth>> gts = groundTruths(labels, dets);
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
        add(accumulator(key), labels, predictions);
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

    private void add(MeanAveragePrecision map, NDList labels, NDList predictions) {
        List<List<Detection>> dets = decoder.apply(predictions);
        List<List<GroundTruth>> gts = groundTruths(labels, dets);
        for (int b = 0; b < dets.size(); b++) {
            map.addImage(dets.get(b), gts.get(b));
        }
    }

    /**
     * Reads the ground truth of a batch in {@code DetectionBatch}'s layout, checking it against the
     * decoded detections.
     */
    private static List<List<GroundTruth>> groundTruths(
            NDList labels, List<List<Detection>> detections) {
        if (labels == null || labels.size() != 4) {
            throw new IllegalArgumentException(
                    "labels must be DetectionBatch's [boxes (B, M, 4), classIds (B, M), weights (B,"
                            + " M), mask (B, M)], got "
                            + (labels == null
                                    ? "null"
                                    : labels.size() + " arrays: " + shapes(labels)));
        }
        Shape boxes = labels.get(0).getShape();
        if (boxes.dimension() != 3
                || boxes.get(2) != 4
                || !labels.get(1).getShape().equals(boxes.slice(0, 2))
                || !labels.get(3).getShape().equals(boxes.slice(0, 2))) {
            throw new IllegalArgumentException(
                    "labels must be DetectionBatch's [boxes (B, M, 4), classIds (B, M), weights (B,"
                            + " M), mask (B, M)], got shapes "
                            + shapes(labels));
        }
        int batch = (int) boxes.get(0);
        if (detections == null || detections.size() != batch) {
            throw new IllegalArgumentException(
                    "the decoder must return the detections of each of the "
                            + batch
                            + " images of the batch, got "
                            + (detections == null ? "null" : detections.size() + " lists"));
        }
        int rows = (int) boxes.get(1);
        double[] b = values(labels.get(0));
        double[] classes = values(labels.get(1));
        double[] mask = values(labels.get(3));
        List<List<GroundTruth>> out = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            List<GroundTruth> image = new ArrayList<>();
            for (int j = 0; j < rows; j++) {
                int k = i * rows + j;
                if (mask[k] > 0) {
                    image.add(
                            new GroundTruth(
                                    b[4 * k],
                                    b[4 * k + 1],
                                    b[4 * k + 2],
                                    b[4 * k + 3],
                                    (int) classes[k]));
                }
            }
            out.add(image);
        }
        return out;
    }

    private static List<Shape> shapes(NDList list) {
        List<Shape> out = new ArrayList<>();
        for (NDArray a : list) {
            out.add(a.getShape());
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
        private final Function<NDList, List<List<Detection>>> decoder;

        private Builder(Function<NDList, List<List<Detection>>> decoder) {
            this.decoder = decoder;
        }

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
         * Builds the evaluator.
         *
         * @return the evaluator
         * @throws IllegalArgumentException if {@code maxDetections < 1} or the name, figure or
         *     decoder is null
         */
        public MeanAveragePrecisionEvaluator build() {
            MeanAveragePrecision.checkMaxDetections(maxDetections);
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
