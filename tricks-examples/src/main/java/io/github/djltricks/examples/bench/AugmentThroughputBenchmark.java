/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.ndarray.NDManager;
import io.github.djltricks.detection.data.DetectionDataset;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.augment.AugmentationPipeline;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code augment-throughput}: images per second of the detection data pipeline (BoF mixup, colour
 * distortion, random expand, SSD crop, flip, random-shape resize to 96–128 px, padding and the
 * {@code NDArray} batch) divided by the images per second the example detector's training step
 * consumes ({@link DetectorFixture}: the YOLO-style network at 96 px, its loss with assignment,
 * backward and update).
 *
 * <p>Both use the machine's cores (PyTorch's intra-op threads; the pipeline's samples on the common
 * fork-join pool), batch 16, interleaved; raw images are random 128–192 px RGB with 1–6 boxes, and
 * the pipeline resizes to 96–128 px, more than the detector's 96. Target: the pipeline delivers at
 * least 3× the images the step consumes.
 */
public final class AugmentThroughputBenchmark implements Benchmark {

    private static final int BATCH = 16;
    private static final int SIZE = 128;

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "augment-throughput";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "images/s, augmentation pipeline with mixup / YOLO detector training step";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return ">= 3";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        DetectionDataset data =
                DetectionDataset.builder()
                        .setSource(DetectionSource.of(rawImages(64, 42)))
                        .setBatchSize(BATCH)
                        .setShape(RandomShape.builder().optSizes(96, SIZE, 16).build())
                        .optPipeline(AugmentationPipeline.bagOfFreebies())
                        .optMixer(DetectionMixup.builder().build())
                        .optMaxBoxes(16)
                        .optSeed(7)
                        .optParallel(true)
                        .build();
        int[] order = data.order(0);
        try (DetectorFixture detector = new DetectorFixture();
                NDManager manager = NDManager.newBaseManager()) {
            detector.warmUp(quick);
            int[] cursor = {0};
            Interleaved.Work step = detector::step;
            Interleaved.Work pipeline =
                    () -> {
                        int[] idx = new int[BATCH];
                        for (int i = 0; i < BATCH; i++) {
                            idx[i] = order[(cursor[0] + i) % order.length];
                        }
                        int size = 96 + 16 * (cursor[0] / BATCH % 3);
                        cursor[0] += BATCH;
                        data.batch(cursor[0] / order.length, idx, size)
                                .toBatch(manager, 1, 1)
                                .close();
                    };
            // A training run augments thousands of images: let the JIT compile the pipeline's
            // loops before timing it (the step is warmed up above).
            for (int i = 0; i < (quick ? 20 : 60); i++) {
                pipeline.run();
            }
            Interleaved.Result r =
                    Interleaved.compare(step, pipeline, quick ? 2 : 4, quick ? 5 : 15, 2);
            double ratio = 1 / r.ratio();
            double pipelineIps = BATCH * 1000 / r.subjectMillis();
            double stepIps = BATCH * 1000 / r.baselineMillis();
            return new Measurement(
                    ratio,
                    r.spread() / (r.ratio() * r.ratio()),
                    "x",
                    ratio >= 3,
                    String.format(
                            "pipeline %.0f images/s (96-128 px, mixup, parallel), detector step"
                                    + " %.0f images/s (96 px, batch %d)",
                            pipelineIps, stepIps, BATCH));
        }
    }

    /** Random RGB images of 128–192 px with 1–6 boxes each, of classes 0–19. */
    static List<DetectionSample> rawImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DetectionSample> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int h = 128 + r.nextInt(65);
            int w = 128 + r.nextInt(65);
            float[] image = new float[3 * h * w];
            for (int p = 0; p < image.length; p++) {
                image[p] = r.nextInt(256);
            }
            int boxes = 1 + r.nextInt(6);
            float[][] b = new float[boxes][];
            int[] ids = new int[boxes];
            for (int k = 0; k < boxes; k++) {
                float x1 = r.nextInt(w - 8);
                float y1 = r.nextInt(h - 8);
                b[k] =
                        new float[] {
                            x1,
                            y1,
                            x1 + 4 + r.nextInt((int) (w - x1) - 3),
                            y1 + 4 + r.nextInt((int) (h - y1) - 3)
                        };
                b[k][2] = Math.min(b[k][2], w);
                b[k][3] = Math.min(b[k][3], h);
                ids[k] = r.nextInt(20);
            }
            list.add(DetectionSample.of(image, 3, h, w, b, ids));
        }
        return list;
    }
}
