/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import io.github.djltricks.detection.box.BoxIou;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates the detections and ground truths of a set of images, one image at a time, and
 * computes mean average precision under the PASCAL VOC and COCO protocols, and the operating point
 * (precision, recall, false positives per image) at a chosen score threshold.
 *
 * <pre>{@code
 * MeanAveragePrecision map = MeanAveragePrecision.builder().build();
 * for (Sample s : validationSet) {
 *     map.addImage(s.detections(), s.groundTruths());
 * }
 * DetectionMetrics m = map.evaluate();            // m.coco(), m.ap50(), m.vocAllPoint(), ...
 * OperatingPoint op = map.operatingPoint(0.5, 0.5); // op.falsePositivesPerImage(), ...
 * }</pre>
 *
 * <h2>Protocols</h2>
 *
 * Every protocol ranks the detections of one class over all images by score and computes the
 * precision {@code p = TP / (TP + FP)} and recall {@code r = TP / npos} after each one, where
 * {@code npos} counts the ground truths of the class that are not difficult (not ignored).
 *
 * <ul>
 *   <li><b>VOC 2007 11-point</b> (Everingham et al. 2010, devkit {@code VOCevaldet}): {@code AP =
 *       (1/11) Σ_{t ∈ {0, 0.1, …, 1}} max_{r ≥ t} p(r)} (0 where no recall reaches {@code t}); the
 *       thresholds are {@code i * 0.1} exactly as the devkit's {@code arange(0, 1.1, 0.1)}.
 *   <li><b>VOC all-point</b> (VOC 2010+): the area under the monotone precision envelope {@code
 *       p̂(r) = max_{r' ≥ r} p(r')}, {@code AP = Σ_i (r_i − r_{i−1}) p̂(r_i)}, {@code r_0 = 0}.
 *   <li><b>COCO</b> (Lin et al. 2014, pycocotools {@code COCOeval}): for each IoU threshold in
 *       0.50:0.05:0.95, the mean of {@code p̂} at the 101 recall points 0:0.01:1 (at the first
 *       ranked point whose recall reaches the recall point; 0 where none does); AP is the mean over
 *       the 10 thresholds; AP50 and AP75 are the single thresholds; AP small, medium and large keep
 *       only ground truths of area {@code < 32²}, {@code [32², 96²]} and {@code > 96²} (others are
 *       ignored, and so are unmatched detections outside the range). Recall ("AR") is the final
 *       recall averaged over the 10 thresholds. At most {@code maxDetections} detections per image
 *       and class, the highest scored, take part.
 * </ul>
 *
 * <h2>Matching</h2>
 *
 * Within an image, detections of a class are taken greedily by descending score (equal scores in
 * the order given), and each ground truth is matched at most once.
 *
 * <ul>
 *   <li>VOC: a detection looks at the ground truth it overlaps most (first one on ties), whether
 *       matched already or not; if {@code IoU > 0.5} (strict, as the devkit) and it is difficult,
 *       the detection is ignored; if not difficult and unmatched it is a TP and marks it matched;
 *       otherwise (already matched, or {@code IoU ≤ 0.5}) it is an FP. As in the devkit, two
 *       identical ground truth boxes can thus not both be found.
 *   <li>COCO: a detection takes the unmatched ground truth of highest {@code IoU ≥ t} (last one on
 *       ties), preferring ones that are not ignored; matched to an ignored (difficult or out of
 *       area range) ground truth it is ignored. Difficult ground truths act as pycocotools' ignored
 *       ones, except that they are matched at most once (pycocotools lets a crowd region match
 *       many).
 * </ul>
 *
 * <h2>Choices</h2>
 *
 * <ul>
 *   <li>Continuous coordinates: width {@code x2 − x1}, no "+1 pixel" of the VOC devkit; area is the
 *       box area (COCO uses the mask area for its area ranges).
 *   <li>IoU ({@link BoxIou#of(double, double, double, double, double, double, double, double)}) of
 *       two boxes whose union is empty (zero-area boxes) is 0, so degenerate boxes never match and
 *       never produce NaN.
 *   <li>Equal scores across images are one operating point: the curve is sampled after all
 *       detections of one score are counted. The devkit and pycocotools break such ties by the
 *       order of images, which makes their AP depend on that order; with distinct scores the
 *       results are the same.
 *   <li>A class without ground truth that counts (or an area range without any) has AP {@link
 *       #UNDEFINED} ({@code -1}, as pycocotools) and is left out of the means; a mean over no class
 *       is {@code UNDEFINED} too.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class MeanAveragePrecision {

    /** The value of an AP that is not defined: no ground truth counts for it (pycocotools: -1). */
    public static final double UNDEFINED = -1;

    /** The IoU a VOC match must exceed. */
    static final double VOC_IOU = 0.5;

    private static final double[] COCO_IOUS = linspace(0.5, 0.95, 10);
    private static final double[] RECALL_POINTS = linspace(0, 1, 101);
    private static final double[][] AREA_RANGES = {
        {0, Double.POSITIVE_INFINITY},
        {0, 32 * 32},
        {32 * 32, 96 * 96},
        {96 * 96, Double.POSITIVE_INFINITY}
    };
    private static final int AREAS = AREA_RANGES.length;
    private static final int IOUS = COCO_IOUS.length;
    private static final int CURVES = AREAS * IOUS;
    private static final int IOU_50 = 0;
    private static final int IOU_75 = 5;
    private static final byte FP = 0;
    private static final byte TP = 1;
    private static final byte IGNORED = 2;

    private final int maxDetections;
    private final List<Image> images = new ArrayList<>();

    private MeanAveragePrecision(Builder builder) {
        this.maxDetections = builder.maxDetections;
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
     * Returns the number of detections per image and class that take part in the COCO figures.
     *
     * @return the cap, 100 unless set
     */
    public int maxDetections() {
        return maxDetections;
    }

    /**
     * Adds one image: its detections (any order) and its ground truths. An image with neither
     * changes no AP, only the image count behind false positives per image.
     *
     * @param detections the image's detections
     * @param groundTruths the image's ground truths
     * @throws NullPointerException if a list or an element is null
     */
    public void addImage(List<Detection> detections, List<GroundTruth> groundTruths) {
        Detection[] dets = detections.toArray(new Detection[0]);
        // By class, then by descending score; the sort is stable, so ties keep the given order.
        Arrays.sort(
                dets,
                (a, b) ->
                        a.label() != b.label()
                                ? Integer.compare(a.label(), b.label())
                                : Double.compare(b.score(), a.score()));
        GroundTruth[] gts = groundTruths.toArray(new GroundTruth[0]);
        Arrays.sort(gts, Comparator.comparingInt(GroundTruth::label));
        images.add(new Image(dets, gts));
    }

    /**
     * Returns the number of images added.
     *
     * @return the image count
     */
    public long images() {
        return images.size();
    }

    /** Forgets every image added. */
    public void reset() {
        images.clear();
    }

    /**
     * Computes every figure over the images added so far.
     *
     * @return VOC and COCO AP, per class and averaged
     */
    public DetectionMetrics evaluate() {
        Map<Integer, ClassCurves> classes = new TreeMap<>();
        for (Image image : images) {
            int d = 0;
            int g = 0;
            Detection[] dets = image.detections;
            GroundTruth[] gts = image.groundTruths;
            while (d < dets.length || g < gts.length) {
                int label =
                        Math.min(
                                d < dets.length ? dets[d].label() : Integer.MAX_VALUE,
                                g < gts.length ? gts[g].label() : Integer.MAX_VALUE);
                int dEnd = d;
                while (dEnd < dets.length && dets[dEnd].label() == label) {
                    dEnd++;
                }
                int gEnd = g;
                while (gEnd < gts.length && gts[gEnd].label() == label) {
                    gEnd++;
                }
                ClassCurves curves = classes.computeIfAbsent(label, k -> new ClassCurves());
                matchClass(dets, d, dEnd, gts, g, gEnd, curves);
                d = dEnd;
                g = gEnd;
            }
        }
        List<ClassAp> perClass = new ArrayList<>();
        Sweep vocSweep = new Sweep(1);
        Sweep cocoSweep = new Sweep(CURVES);
        for (Map.Entry<Integer, ClassCurves> e : classes.entrySet()) {
            perClass.add(e.getValue().summarize(e.getKey(), vocSweep, cocoSweep));
        }
        return new DetectionMetrics(
                images.size(),
                ApFigures.meanOf(perClass.stream().map(ClassAp::ap).toList()),
                perClass);
    }

    /**
     * Returns what the detector delivers when cut at one score threshold: detections with {@code
     * score >= scoreThreshold} are kept (all of them, no per-image cap), matched greedily by score
     * to the unmatched ground truth of the same class with the highest {@code IoU >= iouThreshold}
     * (COCO matching; a detection matched to a difficult ground truth counts neither way).
     *
     * @param scoreThreshold the lowest score kept; any value but NaN
     * @param iouThreshold the lowest IoU of a match, in {@code (0, 1]}
     * @return counts, precision, recall and false positives per image
     * @throws IllegalArgumentException if a threshold is out of range
     */
    public OperatingPoint operatingPoint(double scoreThreshold, double iouThreshold) {
        if (Double.isNaN(scoreThreshold)) {
            throw new IllegalArgumentException("scoreThreshold must not be NaN, got NaN");
        }
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "iouThreshold must be in (0, 1], got iouThreshold=" + iouThreshold);
        }
        long tp = 0;
        long fp = 0;
        long positives = 0;
        for (Image image : images) {
            Detection[] dets = image.detections;
            GroundTruth[] gts = image.groundTruths;
            for (GroundTruth gt : gts) {
                if (!gt.difficult()) {
                    positives++;
                }
            }
            int d = 0;
            int g = 0;
            while (d < dets.length) {
                int label = dets[d].label();
                int dEnd = d;
                while (dEnd < dets.length && dets[dEnd].label() == label) {
                    dEnd++;
                }
                while (g < gts.length && gts[g].label() < label) {
                    g++;
                }
                int gEnd = g;
                while (gEnd < gts.length && gts[gEnd].label() == label) {
                    gEnd++;
                }
                int ng = gEnd - g;
                boolean[] ignore = new boolean[ng];
                for (int j = 0; j < ng; j++) {
                    ignore[j] = gts[g + j].difficult();
                }
                boolean[] used = new boolean[ng];
                double[] row = new double[ng];
                for (int i = d; i < dEnd && dets[i].score() >= scoreThreshold; i++) {
                    iouRow(dets[i], gts, g, ng, row, 0);
                    int m = match(row, 0, ignore, 0, ng, used, 0, iouThreshold);
                    if (m < 0) {
                        fp++;
                    } else if (!ignore[m]) {
                        tp++;
                    }
                }
                d = dEnd;
                g = gEnd;
            }
        }
        long n = images.size();
        return new OperatingPoint(
                scoreThreshold,
                iouThreshold,
                tp,
                fp,
                positives - tp,
                n,
                tp + fp == 0 ? 0 : (double) tp / (tp + fp),
                positives == 0 ? 0 : (double) tp / positives,
                n == 0 ? 0 : (double) fp / n);
    }

    /** Matches the detections of one class in one image under both protocols. */
    private void matchClass(
            Detection[] dets,
            int d0,
            int d1,
            GroundTruth[] gts,
            int g0,
            int g1,
            ClassCurves curves) {
        int nd = d1 - d0;
        int ng = g1 - g0;
        int nc = Math.min(nd, maxDetections);
        byte[] flags = new byte[CURVES];
        curves.detections += nd;
        if (ng == 0) {
            // Nothing to match: all false positives, except (COCO) boxes outside the area range.
            for (int i = 0; i < nd; i++) {
                curves.voc.add(dets[d0 + i].score(), FP);
            }
            for (int i = 0; i < nc; i++) {
                double area = dets[d0 + i].area();
                for (int a = 0; a < AREAS; a++) {
                    byte f = outside(area, a) ? IGNORED : FP;
                    Arrays.fill(flags, a * IOUS, (a + 1) * IOUS, f);
                }
                curves.coco.add(dets[d0 + i].score(), flags);
            }
            return;
        }
        double[] iou = new double[nd * ng];
        for (int i = 0; i < nd; i++) {
            iouRow(dets[d0 + i], gts, g0, ng, iou, i * ng);
        }
        for (int j = 0; j < ng; j++) {
            if (!gts[g0 + j].difficult()) {
                curves.positives++;
            }
        }

        // VOC devkit: the most overlapping ground truth, matched or not.
        boolean[] used = new boolean[ng];
        for (int i = 0; i < nd; i++) {
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < ng; j++) {
                if (iou[i * ng + j] > bestIou) {
                    bestIou = iou[i * ng + j];
                    best = j;
                }
            }
            byte flag;
            if (bestIou > VOC_IOU) {
                if (gts[g0 + best].difficult()) {
                    flag = IGNORED;
                } else if (!used[best]) {
                    used[best] = true;
                    flag = TP;
                } else {
                    flag = FP;
                }
            } else {
                flag = FP;
            }
            if (flag != IGNORED) {
                curves.voc.add(dets[d0 + i].score(), flag);
            }
        }

        // COCO: per area range and IoU threshold, the best unmatched, non-ignored first.
        boolean[] ignore = new boolean[AREAS * ng];
        for (int a = 0; a < AREAS; a++) {
            for (int j = 0; j < ng; j++) {
                GroundTruth gt = gts[g0 + j];
                ignore[a * ng + j] = gt.difficult() || outside(gt.area(), a);
                if (!ignore[a * ng + j]) {
                    curves.cocoPositives[a]++;
                }
            }
        }
        boolean[] matched = new boolean[CURVES * ng];
        for (int i = 0; i < nc; i++) {
            Detection det = dets[d0 + i];
            double area = det.area();
            double maxIou = 0;
            for (int j = 0; j < ng; j++) {
                maxIou = Math.max(maxIou, iou[i * ng + j]);
            }
            for (int a = 0; a < AREAS; a++) {
                boolean outside = outside(area, a);
                for (int t = 0; t < IOUS; t++) {
                    int c = a * IOUS + t;
                    // No ground truth reaches this threshold (nor the higher ones): no match.
                    int m =
                            maxIou < COCO_IOUS[t]
                                    ? -1
                                    : match(
                                            iou,
                                            i * ng,
                                            ignore,
                                            a * ng,
                                            ng,
                                            matched,
                                            c * ng,
                                            COCO_IOUS[t]);
                    if (m >= 0) {
                        flags[c] = ignore[a * ng + m] ? IGNORED : TP;
                    } else {
                        flags[c] = outside ? IGNORED : FP;
                    }
                }
            }
            curves.coco.add(det.score(), flags);
        }
    }

    private static boolean outside(double area, int range) {
        return area < AREA_RANGES[range][0] || area > AREA_RANGES[range][1];
    }

    /** IoU of one detection with {@code ng} ground truths from {@code g0}, into {@code out}. */
    private static void iouRow(
            Detection a, GroundTruth[] gts, int g0, int ng, double[] out, int offset) {
        for (int j = 0; j < ng; j++) {
            GroundTruth b = gts[g0 + j];
            out[offset + j] =
                    BoxIou.of(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
        }
    }

    /**
     * pycocotools' greedy match of one detection: the unmatched ground truth of highest IoU {@code
     * >= threshold} (the last one on ties) among those not ignored, or failing that among the
     * ignored ones. Marks the match used.
     *
     * @return the matched ground truth's index within the class, or -1
     */
    private static int match(
            double[] iou,
            int iouOffset,
            boolean[] ignore,
            int ignoreOffset,
            int ng,
            boolean[] used,
            int usedOffset,
            double threshold) {
        double best = Math.min(threshold, 1 - 1e-10);
        int m = -1;
        for (int pass = 0; pass < 2 && m < 0; pass++) {
            boolean ignored = pass == 1;
            for (int j = 0; j < ng; j++) {
                if (ignore[ignoreOffset + j] != ignored || used[usedOffset + j]) {
                    continue;
                }
                double v = iou[iouOffset + j];
                if (v >= best) {
                    best = v;
                    m = j;
                }
            }
        }
        if (m >= 0) {
            used[usedOffset + m] = true;
        }
        return m;
    }

    /** numpy's {@code linspace(start, stop, n)}: {@code i * step + start}, the last one exact. */
    private static double[] linspace(double start, double stop, int n) {
        double step = (stop - start) / (n - 1);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * step + start;
        }
        v[n - 1] = stop;
        return v;
    }

    /**
     * The precision-recall curves of one class, one per flag column, swept in one pass over the
     * detections ranked by descending score. A curve keeps a point after each distinct score at
     * which it gained a true positive: the recall, the envelope precision {@code p̂ = max precision
     * at this recall or beyond} and the true positives gained. Points after which only false
     * positives were added are left out: they never raise the envelope at an earlier point and are
     * never the first to reach a recall, so no AP changes.
     */
    private static final class Sweep {
        final int curves;
        final double[][] recall;
        final double[][] precision;
        final int[][] gained;
        final int[] points;
        final int[] positives;

        Sweep(int curves) {
            this.curves = curves;
            recall = new double[curves][16];
            precision = new double[curves][16];
            gained = new int[curves][16];
            points = new int[curves];
            positives = new int[curves];
        }

        /**
         * Sweeps {@code n} rows of {@code curves} flags, row {@code order[i]} at rank {@code i};
         * {@code groupEnd[i]} says whether the score changes after rank {@code i}, so ties are one
         * point. A curve with no positives gets no points.
         */
        void run(int[] order, byte[] flags, boolean[] groupEnd, int n, int[] positivesOf) {
            System.arraycopy(positivesOf, 0, positives, 0, curves);
            Arrays.fill(points, 0);
            long[] tp = new long[curves];
            long[] fp = new long[curves];
            int[] gain = new int[curves];
            for (int i = 0; i < n; i++) {
                int row = order[i] * curves;
                for (int c = 0; c < curves; c++) {
                    byte f = flags[row + c];
                    if (f == TP) {
                        tp[c]++;
                        gain[c]++;
                    } else if (f == FP) {
                        fp[c]++;
                    }
                }
                if (groupEnd[i]) {
                    for (int c = 0; c < curves; c++) {
                        if (gain[c] > 0 && positives[c] > 0) {
                            add(
                                    c,
                                    (double) tp[c] / positives[c],
                                    (double) tp[c] / (tp[c] + fp[c]),
                                    gain[c]);
                            gain[c] = 0;
                        }
                    }
                }
            }
            for (int c = 0; c < curves; c++) {
                double[] p = precision[c];
                for (int i = points[c] - 2; i >= 0; i--) {
                    p[i] = Math.max(p[i], p[i + 1]);
                }
            }
        }

        private void add(int c, double r, double p, int gain) {
            int k = points[c];
            if (k == recall[c].length) {
                recall[c] = Arrays.copyOf(recall[c], 2 * k);
                precision[c] = Arrays.copyOf(precision[c], 2 * k);
                gained[c] = Arrays.copyOf(gained[c], 2 * k);
            }
            recall[c][k] = r;
            precision[c][k] = p;
            gained[c][k] = gain;
            points[c] = k + 1;
        }

        double finalRecall(int c) {
            return points[c] == 0 ? 0 : recall[c][points[c] - 1];
        }

        /** The envelope precision at point {@code index}, or 0 past the last point. */
        private double precisionAt(int c, int index) {
            return index < points[c] ? precision[c][index] : 0;
        }

        /** Index of the first point with recall {@code >= r} (numpy searchsorted, side left). */
        private int firstReaching(int c, double r, int from) {
            int i = from;
            while (i < points[c] && recall[c][i] < r) {
                i++;
            }
            return i;
        }

        /**
         * {@code Σ (r_i − r_{i−1}) p̂_i}, summed as {@code Σ ΔTP_i p̂_i / npos}: with {@code p̂ ≤
         * 1} and rounding monotone, the sum cannot round above {@code TP / npos ≤ 1}.
         */
        double vocAllPoint(int c) {
            double sum = 0;
            for (int i = 0; i < points[c]; i++) {
                sum += gained[c][i] * precision[c][i];
            }
            return sum / positives[c];
        }

        double voc07(int c) {
            double sum = 0;
            int from = 0;
            for (int i = 0; i <= 10; i++) {
                from = firstReaching(c, i * 0.1, from);
                sum += precisionAt(c, from);
            }
            return sum / 11;
        }

        double coco(int c) {
            double sum = 0;
            int from = 0;
            for (double r : RECALL_POINTS) {
                from = firstReaching(c, r, from);
                sum += precisionAt(c, from);
            }
            return sum / RECALL_POINTS.length;
        }
    }

    /** The matched detections of one class over all images. */
    private static final class ClassCurves {
        int detections;
        int positives;
        final int[] cocoPositives = new int[AREAS];
        final Scored voc = new Scored(1);
        final Scored coco = new Scored(CURVES);

        ClassAp summarize(int label, Sweep vocSweep, Sweep cocoSweep) {
            double voc07 = UNDEFINED;
            double vocAll = UNDEFINED;
            double vocRecall = UNDEFINED;
            if (positives > 0) {
                int[] order = voc.descending();
                vocSweep.run(
                        order, voc.flags, voc.groupEnds(order), voc.size, new int[] {positives});
                voc07 = vocSweep.voc07(0);
                vocAll = vocSweep.vocAllPoint(0);
                vocRecall = vocSweep.finalRecall(0);
            }
            double[] ap = new double[CURVES];
            double[] recall = new double[CURVES];
            int[] positivesOf = new int[CURVES];
            for (int c = 0; c < CURVES; c++) {
                positivesOf[c] = cocoPositives[c / IOUS];
            }
            int[] order = coco.descending();
            cocoSweep.run(order, coco.flags, coco.groupEnds(order), coco.size, positivesOf);
            for (int c = 0; c < CURVES; c++) {
                if (positivesOf[c] == 0) {
                    ap[c] = UNDEFINED;
                    recall[c] = UNDEFINED;
                } else {
                    ap[c] = cocoSweep.coco(c);
                    recall[c] = cocoSweep.finalRecall(c);
                }
            }
            return new ClassAp(
                    label,
                    positives,
                    detections,
                    new ApFigures(
                            voc07,
                            vocAll,
                            vocRecall,
                            overIous(ap, 0),
                            ap[IOU_50],
                            ap[IOU_75],
                            overIous(ap, 1),
                            overIous(ap, 2),
                            overIous(ap, 3),
                            overIous(recall, 0)));
        }

        private static double overIous(double[] values, int area) {
            if (values[area * IOUS] == UNDEFINED) {
                return UNDEFINED;
            }
            double sum = 0;
            for (int t = 0; t < IOUS; t++) {
                sum += values[area * IOUS + t];
            }
            return sum / IOUS;
        }
    }

    /** Growable scores with {@code stride} flags per score. */
    private static final class Scored {
        final int stride;
        int size;
        double[] scores = new double[16];
        byte[] flags;

        Scored(int stride) {
            this.stride = stride;
            this.flags = new byte[16 * stride];
        }

        // "+ 0.0" turns -0.0 into 0.0, so plain comparisons order and group scores consistently.
        void add(double score, byte flag) {
            grow();
            scores[size] = score + 0.0;
            flags[size] = flag;
            size++;
        }

        void add(double score, byte[] flagRow) {
            grow();
            scores[size] = score + 0.0;
            System.arraycopy(flagRow, 0, flags, size * stride, stride);
            size++;
        }

        private void grow() {
            if (size == scores.length) {
                scores = Arrays.copyOf(scores, size * 2);
                flags = Arrays.copyOf(flags, size * 2 * stride);
            }
        }

        /** Indices by descending score (merge sort, stable; the keys move with the indices). */
        int[] descending() {
            int[] idx = new int[size];
            int[] idxTmp = new int[size];
            double[] key = Arrays.copyOf(scores, size);
            double[] keyTmp = new double[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            for (int width = 1; width < size; width *= 2) {
                for (int lo = 0; lo < size; lo += 2 * width) {
                    int mid = Math.min(lo + width, size);
                    int hi = Math.min(lo + 2 * width, size);
                    int i = lo;
                    int j = mid;
                    int k = lo;
                    if (mid == hi || key[mid - 1] >= key[mid]) {
                        // Already in order: copy the run as it is.
                        System.arraycopy(idx, lo, idxTmp, lo, hi - lo);
                        System.arraycopy(key, lo, keyTmp, lo, hi - lo);
                        continue;
                    }
                    while (i < mid && j < hi) {
                        if (key[i] >= key[j]) {
                            keyTmp[k] = key[i];
                            idxTmp[k++] = idx[i++];
                        } else {
                            keyTmp[k] = key[j];
                            idxTmp[k++] = idx[j++];
                        }
                    }
                    while (i < mid) {
                        keyTmp[k] = key[i];
                        idxTmp[k++] = idx[i++];
                    }
                    while (j < hi) {
                        keyTmp[k] = key[j];
                        idxTmp[k++] = idx[j++];
                    }
                }
                int[] ti = idx;
                idx = idxTmp;
                idxTmp = ti;
                double[] tk = key;
                key = keyTmp;
                keyTmp = tk;
            }
            return idx;
        }

        /** Whether the score changes after each position of {@code order} (true at the end). */
        boolean[] groupEnds(int[] order) {
            boolean[] ends = new boolean[size];
            for (int i = 0; i < size; i++) {
                ends[i] = i == size - 1 || scores[order[i + 1]] != scores[order[i]];
            }
            return ends;
        }
    }

    private static final class Image {
        final Detection[] detections;
        final GroundTruth[] groundTruths;

        Image(Detection[] detections, GroundTruth[] groundTruths) {
            this.detections = detections;
            this.groundTruths = groundTruths;
        }
    }

    /**
     * Checks the cap on detections per image and class (pycocotools' {@code maxDets}), for this
     * accumulator's builder and {@link MeanAveragePrecisionEvaluator}'s.
     */
    static void checkMaxDetections(int maxDetections) {
        if (maxDetections < 1) {
            throw new IllegalArgumentException(
                    "maxDetections must be >= 1, got maxDetections=" + maxDetections);
        }
    }

    /** Builds a {@link MeanAveragePrecision}. */
    public static final class Builder {
        private int maxDetections = 100;

        private Builder() {}

        /**
         * Sets how many detections per image and class, the highest scored, take part in the COCO
         * figures (pycocotools' {@code maxDets}, default 100). VOC figures use all detections.
         *
         * @param maxDetections the cap, {@code >= 1}
         * @return this builder
         */
        public Builder optMaxDetections(int maxDetections) {
            this.maxDetections = maxDetections;
            return this;
        }

        /**
         * Builds the accumulator.
         *
         * @return an empty accumulator
         * @throws IllegalArgumentException if {@code maxDetections < 1}
         */
        public MeanAveragePrecision build() {
            checkMaxDetections(maxDetections);
            return new MeanAveragePrecision(this);
        }
    }
}
