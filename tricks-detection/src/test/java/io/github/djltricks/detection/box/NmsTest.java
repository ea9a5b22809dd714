/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.djltricks.detection.Golden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NmsTest {

    @Test
    void nmsMatchesTorchvisionIndicesAndOrder() {
        for (JsonElement e : Golden.load("detection_box_loss").getAsJsonArray("nms")) {
            JsonObject c = e.getAsJsonObject();
            float[] boxes = Golden.floats(c.get("boxes"));
            float[] scores = Golden.floats(c.get("scores"));
            double thr = c.get("iou_threshold").getAsDouble();
            long[] want = Golden.longs(c.get("keep"));
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray kept =
                        Nms.builder()
                                .optIouThreshold(thr)
                                .build()
                                .apply(
                                        m.create(boxes, new Shape(scores.length, 4)),
                                        m.create(scores));
                assertThat(kept.getDataType()).isEqualTo(DataType.INT64);
                assertThat(kept.toLongArray()).as("threshold %s", thr).containsExactly(want);
            }
        }
    }

    @Test
    void batchedNmsMatchesTorchvisionOnBothOfItsPaths() {
        for (JsonElement e : Golden.load("detection_box_loss").getAsJsonArray("batched_nms")) {
            JsonObject c = e.getAsJsonObject();
            float[] boxes = Golden.floats(c.get("boxes"));
            float[] scores = Golden.floats(c.get("scores"));
            long[] classes = Golden.longs(c.get("classes"));
            long[] want = Golden.longs(c.get("keep"));
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray kept =
                        Nms.builder()
                                .optIouThreshold(c.get("iou_threshold").getAsDouble())
                                .build()
                                .apply(
                                        m.create(boxes, new Shape(scores.length, 4)),
                                        m.create(scores),
                                        m.create(classes).toType(DataType.INT32, false));
                long[] got = kept.toLongArray();
                if (!c.get("ties_unordered").getAsBoolean()) {
                    assertThat(got).as("n = %d", scores.length).containsExactly(want);
                } else {
                    // torchvision sorted this union with an unstable sort: runs of equal scores
                    // come in an arbitrary order there and by index here. Same boxes, same score
                    // sequence, and each run of equal scores holds the same boxes.
                    assertThat(got).hasSameSizeAs(want);
                    for (int k = 0; k < got.length; k++) {
                        assertThat(scores[(int) got[k]]).isEqualTo(scores[(int) want[k]]);
                    }
                    int start = 0;
                    for (int k = 1; k <= got.length; k++) {
                        if (k == got.length || scores[(int) got[k]] != scores[(int) got[start]]) {
                            long[] ours = Arrays.copyOfRange(got, start, k);
                            long[] theirs = Arrays.copyOfRange(want, start, k);
                            assertThat(ours).isSorted().containsExactlyInAnyOrder(theirs);
                            start = k;
                        }
                    }
                }
            }
        }
    }

    @Test
    void equalScoresKeepTheLowerIndexFirst() {
        float[] boxes = {0, 0, 1, 1, 5, 5, 6, 6, 10, 10, 11, 11, 0, 0, 1, 1};
        float[] scores = {0.5f, 0.5f, 0.7f, 0.5f};
        int[] kept = Nms.builder().build().select(boxes, scores, null);
        assertThat(kept).containsExactly(2, 0, 1); // box 3 duplicates box 0 and comes later
        float[] negZero = {-0f, 0f};
        int[] tie =
                Nms.builder().build().select(new float[] {0, 0, 1, 1, 5, 5, 6, 6}, negZero, null);
        assertThat(tie).containsExactly(0, 1);
    }

    @Test
    void scoreThresholdAndCapAreAFilterAndAPrefix() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] boxes = randomBoxes(rng, 400);
        float[] scores = new float[400];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) rng.nextDouble();
        }
        int[] all = Nms.builder().build().select(boxes, scores, null);
        int[] capped = Nms.builder().optMaxDetections(7).build().select(boxes, scores, null);
        assertThat(capped).containsExactly(Arrays.copyOf(all, 7));

        // Thresholding at s equals NMS over the boxes scored above s.
        double s = 0.4;
        int[] thresholded = Nms.builder().optScoreThreshold(s).build().select(boxes, scores, null);
        List<Integer> above = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > s) {
                above.add(i);
            }
        }
        float[] sb = new float[4 * above.size()];
        float[] ss = new float[above.size()];
        for (int k = 0; k < above.size(); k++) {
            System.arraycopy(boxes, 4 * above.get(k), sb, 4 * k, 4);
            ss[k] = scores[above.get(k)];
        }
        int[] sub = Nms.builder().build().select(sb, ss, null);
        int[] mapped = Arrays.stream(sub).map(above::get).toArray();
        assertThat(thresholded).containsExactly(mapped);
        for (int i : thresholded) {
            assertThat(scores[i]).isGreaterThan((float) s);
        }
    }

    @Test
    void agreesWithDjlRectangleNmsAwayFromTies() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] boxes = randomBoxes(rng, 300);
        float[] scores = new float[300];
        List<Rectangle> rects = new ArrayList<>();
        List<Double> djlScores = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            scores[i] = (float) rng.nextDouble();
            rects.add(
                    new Rectangle(
                            boxes[4 * i],
                            boxes[4 * i + 1],
                            boxes[4 * i + 2] - boxes[4 * i],
                            boxes[4 * i + 3] - boxes[4 * i + 1]));
            djlScores.add((double) scores[i]);
        }
        int[] ours = Nms.builder().optIouThreshold(0.45).build().select(boxes, scores, null);
        List<Integer> djl = Rectangle.nms(rects, djlScores, 0.45f);
        assertThat(Arrays.stream(ours).boxed().toList()).isEqualTo(djl);
    }

    @Property(tries = 40)
    void greedyNmsDefiningIdentity(
            @ForAll @IntRange(min = 0, max = 120) int n,
            @ForAll @IntRange(min = 1, max = 3) int classCount,
            @ForAll @DoubleRange(min = 0, max = 1) double threshold,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] boxes = randomBoxes(rng, n);
        float[] scores = new float[n];
        long[] classes = new long[n];
        for (int i = 0; i < n; i++) {
            scores[i] = rng.nextInt(10) / 10f; // many ties
            classes[i] = rng.nextInt(classCount);
        }
        int[] kept =
                Nms.builder().optIouThreshold(threshold).build().select(boxes, scores, classes);
        boolean[] isKept = new boolean[n];
        for (int k = 0; k < kept.length; k++) {
            isKept[kept[k]] = true;
            if (k > 0) {
                int a = kept[k - 1];
                int b = kept[k];
                assertThat(scores[a] > scores[b] || (scores[a] == scores[b] && a < b)).isTrue();
            }
            for (int j = 0; j < k; j++) {
                if (classes[kept[j]] == classes[kept[k]]) {
                    assertThat(iou(boxes, kept[j], kept[k])).isLessThanOrEqualTo(threshold);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (isKept[i]) {
                continue;
            }
            boolean explained = false;
            for (int k : kept) {
                boolean before = scores[k] > scores[i] || (scores[k] == scores[i] && k < i);
                if (before && classes[k] == classes[i] && iou(boxes, k, i) > threshold) {
                    explained = true;
                    break;
                }
            }
            assertThat(explained)
                    .as("box %d was dropped without a kept box overlapping it", i)
                    .isTrue();
        }
    }

    @Test
    void gridLookupForManyBoxesEqualsTheFullScan() {
        // From 512 boxes on, candidates come from a uniform grid; a plain reference scan here.
        SplittableRandom rng = new SplittableRandom(13);
        int n = 2500;
        float[] boxes = new float[4 * n];
        float[] scores = new float[n];
        long[] classes = new long[n];
        for (int i = 0; i < n; i++) {
            float x = (float) (rng.nextDouble() * 300);
            float y = (float) (rng.nextDouble() * 300);
            double size = i % 50 == 0 ? 200 : (i % 7 == 0 ? 0 : 5 + rng.nextDouble() * 40);
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + (float) size;
            boxes[4 * i + 3] = y + (float) (size * (0.5 + rng.nextDouble()));
            scores[i] = rng.nextInt(100) / 100f;
            classes[i] = rng.nextInt(3);
        }
        for (double thr : new double[] {0, 0.3, 0.7}) {
            Nms nms = Nms.builder().optIouThreshold(thr).build();
            assertThat(nms.select(boxes, scores, null))
                    .as("threshold %s", thr)
                    .containsExactly(reference(boxes, scores, null, thr));
            assertThat(nms.select(boxes, scores, classes))
                    .as("class-aware, threshold %s", thr)
                    .containsExactly(reference(boxes, scores, classes, thr));
        }
    }

    /** Greedy NMS by the definition, O(n²), IoU in float32 as torchvision computes it. */
    private static int[] reference(float[] b, float[] scores, long[] classes, double thr) {
        int[] order = Nms.order(scores, Double.NEGATIVE_INFINITY);
        boolean[] gone = new boolean[scores.length];
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            if (gone[i]) {
                continue;
            }
            kept.add(i);
            for (int j : order) {
                if (j == i || gone[j] || (classes != null && classes[i] != classes[j])) {
                    continue;
                }
                float w =
                        Math.max(
                                0f,
                                Math.min(b[4 * i + 2], b[4 * j + 2])
                                        - Math.max(b[4 * i], b[4 * j]));
                float h =
                        Math.max(
                                0f,
                                Math.min(b[4 * i + 3], b[4 * j + 3])
                                        - Math.max(b[4 * i + 1], b[4 * j + 1]));
                float ai = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
                float aj = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
                float inter = w * h;
                float u = ai + aj - inter;
                if (!kept.contains(j) && u > 0 && inter / u > thr) {
                    gone[j] = true;
                }
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void degenerateInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Nms nms = Nms.builder().build();
            NDArray none = nms.apply(m.zeros(new Shape(0, 4)), m.zeros(new Shape(0)));
            assertThat(none.getShape()).isEqualTo(new Shape(0));
            // Zero-area boxes neither suppress nor are suppressed.
            float[] points = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 2, 2};
            int[] kept = nms.select(points, new float[] {0.9f, 0.8f, 0.7f}, null);
            assertThat(kept).containsExactly(0, 1, 2);
        }
    }

    @Test
    void malformedInputIsRejected() {
        Nms nms = Nms.builder().build();
        assertThatThrownBy(
                        () ->
                                nms.select(
                                        new float[] {0, 0, 1, 1, 3, 0, 2, 1},
                                        new float[] {1, 1},
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxes row 1 = [3.0, 0.0, 2.0, 1.0]")
                .hasMessageContaining("x1 <= x2");
        assertThatThrownBy(
                        () -> nms.select(new float[] {0, Float.NaN, 1, 1}, new float[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxes row 0");
        assertThatThrownBy(
                        () -> nms.select(new float[] {0, 0, 1, 1}, new float[] {Float.NaN}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scores[0] is NaN");
        assertThatThrownBy(() -> nms.select(new float[] {0, 0, 1, 1}, new float[] {1, 2}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 numbers per score");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> nms.apply(m.zeros(new Shape(3, 4)), m.zeros(new Shape(2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scores must have shape (3)");
        }
        assertThatThrownBy(() -> Nms.builder().optIouThreshold(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iouThreshold must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> Nms.builder().optMaxDetections(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDetections must be >= 1, got 0");
    }

    static float[] randomBoxes(SplittableRandom rng, int n) {
        float[] b = new float[4 * n];
        for (int i = 0; i < n; i++) {
            float x = (float) (rng.nextDouble() * 100);
            float y = (float) (rng.nextDouble() * 100);
            b[4 * i] = x;
            b[4 * i + 1] = y;
            b[4 * i + 2] = x + 1 + (float) (rng.nextDouble() * 30);
            b[4 * i + 3] = y + 1 + (float) (rng.nextDouble() * 30);
        }
        return b;
    }

    static double iou(float[] b, int i, int j) {
        double w = Math.max(0, Math.min(b[4 * i + 2], b[4 * j + 2]) - Math.max(b[4 * i], b[4 * j]));
        double h =
                Math.max(
                        0,
                        Math.min(b[4 * i + 3], b[4 * j + 3])
                                - Math.max(b[4 * i + 1], b[4 * j + 1]));
        double ai = (double) (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
        double aj = (double) (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
        double u = ai + aj - w * h;
        return u > 0 ? w * h / u : 0;
    }
}
