/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.djltricks.detection.anchor.AnchorClustering;
import io.github.djltricks.detection.data.BoxGeometry;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TEMPORARY (issue #26): {@link BoxIou} against each IoU it replaces, to the bit, on random and
 * degenerate boxes. The private implementations ({@code BoxCheck.iou}, {@code Nms.suppress}, {@code
 * SoftNms.iou}) are copied here verbatim from {@code main}; the public ones are called. Deleted
 * with the old implementations.
 */
class BoxIouEquivalenceTest {

    private static final int RANDOM_PAIRS = 3_000_000;

    private static final float[] SPECIAL_F = {
        0f,
        -0f,
        1f,
        -1f,
        0.5f,
        2f,
        3f,
        10f,
        100f,
        -100f,
        1e-30f,
        -1e-30f,
        1e30f,
        -1e30f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        16777216f,
        16777217f,
        16777218f,
        Math.nextUp(1f),
        Math.nextDown(1f),
        0.1f,
        0.3f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.NaN
    };

    // ---- verbatim copies of the old, non-public implementations ----

    /** BoxCheck.iou (metric) at main. */
    static double oldBoxCheck(
            double ax1,
            double ay1,
            double ax2,
            double ay2,
            double bx1,
            double by1,
            double bx2,
            double by2) {
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union > 0 ? inter / union : 0;
    }

    /** SoftNms.iou at main. */
    static float oldSoftNms(float[] b, int i, int j) {
        float w = Math.max(0f, Math.min(b[4 * i + 2], b[4 * j + 2]) - Math.max(b[4 * i], b[4 * j]));
        float h =
                Math.max(
                        0f,
                        Math.min(b[4 * i + 3], b[4 * j + 3])
                                - Math.max(b[4 * i + 1], b[4 * j + 1]));
        float inter = w * h;
        float areaI = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
        float areaJ = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
        float union = areaI + areaJ - inter;
        return union > 0f ? inter / union : 0f;
    }

    /** Nms.select's area and Nms.suppress's decision at main: does kept box k suppress box j? */
    static boolean oldNmsSuppresses(float[] kb, float[] jb, double iouThreshold) {
        float[] x1 = {kb[0], jb[0]};
        float[] y1 = {kb[1], jb[1]};
        float[] x2 = {kb[2], jb[2]};
        float[] y2 = {kb[3], jb[3]};
        float[] area = new float[2];
        for (int q = 0; q < 2; q++) {
            area[q] = (x2[q] - x1[q]) * (y2[q] - y1[q]);
        }
        int k = 0;
        int j = 1;
        float w = Math.min(x2[k], x2[j]) - Math.max(x1[k], x1[j]);
        if (!(w > 0f)) {
            return false;
        }
        float h = Math.min(y2[k], y2[j]) - Math.max(y1[k], y1[j]);
        if (!(h > 0f)) {
            return false;
        }
        float inter = w * h;
        float union = area[k] + area[j] - inter;
        return union > 0f && inter / union > iouThreshold;
    }

    // ---- generators ----

    private static float value(SplittableRandom rng) {
        switch (rng.nextInt(6)) {
            case 0:
                return SPECIAL_F[rng.nextInt(SPECIAL_F.length)];
            case 1:
                return rng.nextInt(11); // small grid: identical, touching, nested boxes
            case 2:
                return (float) ((rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-40, 40)));
            case 3:
                return Float.intBitsToFloat(rng.nextInt()); // any float, NaN and ∞ included
            default:
                return (float) (rng.nextDouble() * 300 - 100);
        }
    }

    /** A box, often well formed, sometimes zero-area, inverted or extreme. */
    private static float[] box(SplittableRandom rng) {
        float x1 = value(rng);
        float y1 = value(rng);
        switch (rng.nextInt(5)) {
            case 0:
                return new float[] {x1, y1, value(rng), value(rng)}; // anything, maybe inverted
            case 1:
                return new float[] {x1, y1, x1, y1 + Math.abs(value(rng))}; // zero width
            case 2:
                return new float[] {x1, y1, Math.nextUp(x1), Math.nextUp(y1)}; // one ulp
            default:
                return new float[] {x1, y1, x1 + Math.abs(value(rng)), y1 + Math.abs(value(rng))};
        }
    }

    /** A second box related to {@code a}: identical, touching, nested, shifted, or unrelated. */
    private static float[] partner(float[] a, SplittableRandom rng) {
        switch (rng.nextInt(7)) {
            case 0:
                return a.clone();
            case 1: // touching on the right
                return new float[] {a[2], a[1], a[2] + Math.abs(value(rng)), a[3]};
            case 2: // touching below
                return new float[] {a[0], a[3], a[2], a[3] + Math.abs(value(rng))};
            case 3: // nested / overlapping by a fraction
                float fx = (float) rng.nextDouble();
                float fy = (float) rng.nextDouble();
                return new float[] {
                    a[0] + fx * (a[2] - a[0]), a[1] + fy * (a[3] - a[1]), a[2], a[3]
                };
            case 4: // shifted by one ulp
                return new float[] {
                    Math.nextUp(a[0]), Math.nextDown(a[1]), Math.nextUp(a[2]), a[3]
                };
            default:
                return box(rng);
        }
    }

    private static double bits(double v) {
        return Double.doubleToLongBits(v);
    }

    private static void check(float[] a, float[] b) {
        // BoxGeometry.iou (float[] in float64) = BoxIou.of(float[], float[])
        double oldGeometry = BoxGeometry.iou(a, b);
        double newGeometry = BoxIou.of(a, b);
        if (bits(oldGeometry) != bits(newGeometry)) {
            throw new AssertionError(
                    "BoxGeometry "
                            + Arrays.toString(a)
                            + Arrays.toString(b)
                            + ": "
                            + oldGeometry
                            + " vs "
                            + newGeometry);
        }
        // BoxCheck.iou on widened floats = BoxIou.of(double...)
        double oldCheck = oldBoxCheck(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
        double newCheck = BoxIou.of((double) a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
        if (bits(oldCheck) != bits(newCheck)) {
            throw new AssertionError(
                    "BoxCheck "
                            + Arrays.toString(a)
                            + Arrays.toString(b)
                            + ": "
                            + oldCheck
                            + " vs "
                            + newCheck);
        }
        // SoftNms.iou = BoxIou.float32
        float[] pair = {a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]};
        float oldSoft = oldSoftNms(pair, 0, 1);
        float newSoft = BoxIou.float32(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
        if (Float.floatToIntBits(oldSoft) != Float.floatToIntBits(newSoft)) {
            throw new AssertionError(
                    "SoftNms "
                            + Arrays.toString(a)
                            + Arrays.toString(b)
                            + ": "
                            + oldSoft
                            + " vs "
                            + newSoft);
        }
        // Nms's decision = BoxIou.float32(k, j) > t, for t in [0, 1] around the IoU itself
        double[] thresholds = {
            0,
            1,
            0.5,
            0.45,
            newSoft,
            Math.nextDown((double) newSoft),
            Math.nextUp((double) newSoft),
            Math.nextDown(newSoft),
            Math.nextUp(newSoft)
        };
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                continue; // Nms.Builder rejects such thresholds
            }
            boolean oldNms = oldNmsSuppresses(a, b, t);
            boolean newNms = BoxIou.float32(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]) > t;
            if (oldNms != newNms) {
                throw new AssertionError(
                        "Nms "
                                + Arrays.toString(a)
                                + Arrays.toString(b)
                                + " t="
                                + t
                                + ": "
                                + oldNms
                                + " vs "
                                + newNms);
            }
        }
    }

    @Test
    void floatBoxesGiveTheSameBitsAsEveryOldImplementation() {
        // Every pair of boxes built from the special values' grid, then random pairs.
        float[] s = {
            0f,
            -0f,
            1f,
            2f,
            0.5f,
            Float.MIN_VALUE,
            1e30f,
            Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN
        };
        long exhaustive = 0;
        for (float a0 : s) {
            for (float a2 : s) {
                for (float b0 : s) {
                    for (float b2 : s) {
                        for (float y : new float[] {0f, 1f, Float.NaN}) {
                            check(new float[] {a0, 0f, a2, 1f}, new float[] {b0, y, b2, 2f});
                            check(new float[] {0f, a0, 1f, a2}, new float[] {y, b0, 2f, b2});
                            exhaustive += 2;
                        }
                    }
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(26);
        long overlapping = 0;
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            float[] a = box(rng);
            float[] b = partner(a, rng);
            check(a, b);
            check(b, a);
            if (BoxIou.of(a, b) > 0) {
                overlapping++;
            }
        }
        System.out.printf(
                "BoxIouEquivalenceTest: %d grid pairs, %d random pairs (both orders), %d of them"
                        + " overlapping%n",
                exhaustive, RANDOM_PAIRS, overlapping);
        assertThat(overlapping).isGreaterThan(RANDOM_PAIRS / 10);
    }

    @Test
    void doubleBoxesGiveTheSameBitsAsBoxCheck() {
        SplittableRandom rng = new SplittableRandom(2026);
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            double[] v = new double[8];
            for (int k = 0; k < 8; k++) {
                switch (rng.nextInt(4)) {
                    case 0:
                        v[k] = Double.longBitsToDouble(rng.nextLong());
                        break;
                    case 1:
                        v[k] = rng.nextInt(11);
                        break;
                    case 2:
                        v[k] = (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-320, 309));
                        break;
                    default:
                        v[k] = rng.nextDouble() * 300 - 100;
                }
            }
            if (rng.nextBoolean()) { // well-formed half the time
                v[2] = v[0] + Math.abs(v[2]);
                v[3] = v[1] + Math.abs(v[3]);
                v[6] = v[4] + Math.abs(v[6]);
                v[7] = v[5] + Math.abs(v[7]);
            }
            double oldIou = oldBoxCheck(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            double newIou = BoxIou.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            assertThat(bits(newIou)).as(Arrays.toString(v)).isEqualTo(bits(oldIou));
        }
    }

    @Test
    void sizesGiveTheSameBitsAsAnchorClustering() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] special = {
            0,
            -0.0,
            1,
            1e-200,
            1e200,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NaN,
            -1,
            3,
            7
        };
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            double[] v = new double[4];
            for (int k = 0; k < 4; k++) {
                switch (rng.nextInt(4)) {
                    case 0:
                        v[k] = special[rng.nextInt(special.length)];
                        break;
                    case 1:
                        v[k] = 1 + rng.nextInt(20);
                        break;
                    case 2:
                        v[k] = Math.pow(10, rng.nextInt(-320, 309)) * rng.nextDouble();
                        break;
                    default:
                        v[k] = (float) (rng.nextDouble() * 400); // YoloAssigner passes floats
                }
            }
            double oldIou = AnchorClustering.iou(v[0], v[1], v[2], v[3]);
            double newIou = BoxIou.ofSizes(v[0], v[1], v[2], v[3]);
            assertThat(bits(newIou)).as(Arrays.toString(v)).isEqualTo(bits(oldIou));
        }
    }
}
