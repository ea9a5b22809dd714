/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.bench;

import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djltricks.detection.box.Nms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * {@code nms-vs-djl}: one greedy NMS over 10,000 boxes with {@link Nms} (NDArray in, NDArray of
 * indices out, copies included) against DJL's {@link Rectangle#nms} on the same boxes and scores,
 * interleaved; the figure is the median time ratio ours / DJL's.
 *
 * <p>The boxes are seeded: 10,000 boxes in a 1000 × 1000 image, sides uniform in [10, 100), scores
 * uniform in [0, 1), IoU threshold 0.5. The detail also says whether both kept the same boxes in
 * the same order (they suppress at IoU &gt; 0.5 and &ge; 0.5 respectively, which differ only on
 * exact ties).
 */
public final class NmsVsDjlBenchmark implements Benchmark {

    private static final int BOXES = 10_000;
    private static final float IOU_THRESHOLD = 0.5f;

    /** Creates the benchmark. */
    public NmsVsDjlBenchmark() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "nms-vs-djl";
    }

    /** {@inheritDoc} */
    @Override
    public String figure() {
        return "NMS over 10,000 boxes, time ours / DJL Rectangle.nms";
    }

    /** {@inheritDoc} */
    @Override
    public String target() {
        return "<= 1.0";
    }

    /** {@inheritDoc} */
    @Override
    public Measurement run(boolean quick) throws Exception {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20260523L);
        float[] boxes = new float[4 * BOXES];
        float[] scores = new float[BOXES];
        List<Rectangle> rects = new ArrayList<>(BOXES);
        List<Double> djlScores = new ArrayList<>(BOXES);
        for (int i = 0; i < BOXES; i++) {
            float x = rng.nextFloat() * 1000;
            float y = rng.nextFloat() * 1000;
            float w = 10 + rng.nextFloat() * 90;
            float h = 10 + rng.nextFloat() * 90;
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + w;
            boxes[4 * i + 3] = y + h;
            scores[i] = rng.nextFloat();
            rects.add(new Rectangle(x, y, boxes[4 * i + 2] - x, boxes[4 * i + 3] - y));
            djlScores.add((double) scores[i]);
        }
        Nms nms = Nms.builder().optIouThreshold(IOU_THRESHOLD).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray boxArray = manager.create(boxes, new Shape(BOXES, 4));
            NDArray scoreArray = manager.create(scores);
            long[] ours = nms.apply(boxArray, scoreArray).toLongArray();
            List<Integer> djl = Rectangle.nms(rects, djlScores, IOU_THRESHOLD);
            boolean same =
                    Arrays.equals(ours, djl.stream().mapToLong(Integer::longValue).toArray());
            Interleaved.Result r =
                    Interleaved.compare(
                            () -> Rectangle.nms(rects, djlScores, IOU_THRESHOLD),
                            () -> nms.apply(boxArray, scoreArray).close(),
                            quick ? 1 : 2,
                            quick ? 3 : 9,
                            1);
            Measurement m = r.atMost(1.0);
            return new Measurement(
                    m.value(),
                    m.spread(),
                    m.unit(),
                    m.pass(),
                    m.detail()
                            + String.format(
                                    "; %d of %d boxes kept, same kept indices and order as DJL:"
                                            + " %s",
                                    ours.length, BOXES, same));
        }
    }
}
