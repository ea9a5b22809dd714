/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

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
 *   <li>IoU of two boxes whose union is empty (zero-area boxes) is 0, so degenerate boxes never
 *       match and never produce NaN.
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
                Comparator.comparingInt(Detection::label)
                        .thenComparing(Detection::score, Comparator.reverseOrder()));
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
        for (Map.Entry<Integer, ClassCurves> e : classes.entrySet()) {
            perClass.add(e.getValue().summarize(e.getKey()));
        }
        return new DetectionMetrics(
                images.size(),
                mean(perClass, ClassAp::voc07),
                mean(perClass, ClassAp::vocAllPoint),
                mean(perClass, ClassAp::vocRecall),
                mean(perClass, ClassAp::coco),
                mean(perClass, ClassAp::ap50),
                mean(perClass, ClassAp::ap75),
                mean(perClass, ClassAp::apSmall),
                mean(perClass, ClassAp::apMedium),
                mean(perClass, ClassAp::apLarge),
                mean(perClass, ClassAp::recall),
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
                boolean[] ignore = new boolean[gEnd - g];
                for (int j = 0; j < ignore.length; j++) {
                    ignore[j] = gts[g + j].difficult();
                }
                int[] order = ignoredLast(ignore);
                boolean[] used = new boolean[ignore.length];
                for (int i = d; i < dEnd && dets[i].score() >= scoreThreshold; i++) {
                    int m = match(dets[i], gts, g, order, ignore, used, iouThreshold, null, 0);
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
        double[] iou = new double[nd * ng];
        for (int i = 0; i < nd; i++) {
            Detection a = dets[d0 + i];
            for (int j = 0; j < ng; j++) {
                GroundTruth b = gts[g0 + j];
                iou[i * ng + j] =
                        BoxCheck.iou(
                                a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
            }
        }
        curves.detections += nd;
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
            if (best >= 0 && bestIou > VOC_IOU) {
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
        int nc = Math.min(nd, maxDetections);
        byte[] flags = new byte[CURVES];
        boolean[][] ignore = new boolean[AREAS][ng];
        int[][] order = new int[AREAS][];
        for (int a = 0; a < AREAS; a++) {
            for (int j = 0; j < ng; j++) {
                GroundTruth gt = gts[g0 + j];
                double area = gt.area();
                ignore[a][j] =
                        gt.difficult() || area < AREA_RANGES[a][0] || area > AREA_RANGES[a][1];
                if (!ignore[a][j]) {
                    curves.cocoPositives[a]++;
                }
            }
            order[a] = ignoredLast(ignore[a]);
        }
        boolean[][] matched = new boolean[CURVES][ng];
        for (int i = 0; i < nc; i++) {
            Detection det = dets[d0 + i];
            double area = det.area();
            for (int a = 0; a < AREAS; a++) {
                boolean outside = area < AREA_RANGES[a][0] || area > AREA_RANGES[a][1];
                for (int t = 0; t < IOUS; t++) {
                    int c = a * IOUS + t;
                    int m =
                            match(
                                    det,
                                    gts,
                                    g0,
                                    order[a],
                                    ignore[a],
                                    matched[c],
                                    COCO_IOUS[t],
                                    iou,
                                    i * ng);
                    if (m >= 0) {
                        flags[c] = ignore[a][m] ? IGNORED : TP;
                    } else {
                        flags[c] = outside ? IGNORED : FP;
                    }
                }
            }
            curves.coco.add(det.score(), flags);
        }
    }

    /**
     * pycocotools' greedy match of one detection: among the unmatched ground truths (in {@code
     * order}, ignored ones last) the one of highest IoU {@code >= threshold}, stopping at the
     * ignored ones once one that is not ignored matched. Marks the match used.
     *
     * @return the matched ground truth's index within the class, or -1
     */
    private static int match(
            Detection det,
            GroundTruth[] gts,
            int g0,
            int[] order,
            boolean[] ignore,
            boolean[] used,
            double threshold,
            double[] iou,
            int iouOffset) {
        double best = Math.min(threshold, 1 - 1e-10);
        int m = -1;
        for (int j : order) {
            if (used[j]) {
                continue;
            }
            if (m >= 0 && !ignore[m] && ignore[j]) {
                break;
            }
            double v;
            if (iou != null) {
                v = iou[iouOffset + j];
            } else {
                GroundTruth b = gts[g0 + j];
                v =
                        BoxCheck.iou(
                                det.x1(), det.y1(), det.x2(), det.y2(), b.x1(), b.y1(), b.x2(),
                                b.y2());
            }
            if (v < best) {
                continue;
            }
            best = v;
            m = j;
        }
        if (m >= 0) {
            used[m] = true;
        }
        return m;
    }

    /** The indices 0..n-1 with the ignored ones moved to the end, each part in its order. */
    private static int[] ignoredLast(boolean[] ignore) {
        int[] order = new int[ignore.length];
        int k = 0;
        for (int j = 0; j < ignore.length; j++) {
            if (!ignore[j]) {
                order[k++] = j;
            }
        }
        for (int j = 0; j < ignore.length; j++) {
            if (ignore[j]) {
                order[k++] = j;
            }
        }
        return order;
    }

    private static double mean(List<ClassAp> classes, ToDoubleFunction<ClassAp> f) {
        double sum = 0;
        int n = 0;
        for (ClassAp c : classes) {
            double v = f.applyAsDouble(c);
            if (v != UNDEFINED) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? UNDEFINED : sum / n;
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
     * The recall and envelope precision after each distinct score, best first, of detections
     * flagged TP, FP or ignored; ranks index the distinct scores in ascending order.
     */
    private static final class Curve {
        final double[] recall;
        final double[] precision;

        /** True positives gained at each point. */
        final int[] gained;

        final int positives;

        Curve(int[] rank, int distinct, byte[] flags, int stride, int offset, int positives) {
            int[] tp = new int[distinct];
            int[] fp = new int[distinct];
            for (int i = 0; i < rank.length; i++) {
                byte f = flags[i * stride + offset];
                if (f == TP) {
                    tp[rank[i]]++;
                } else if (f == FP) {
                    fp[rank[i]]++;
                }
            }
            int points = 0;
            for (int r = 0; r < distinct; r++) {
                if (tp[r] + fp[r] > 0) {
                    points++;
                }
            }
            this.positives = positives;
            recall = new double[points];
            precision = new double[points];
            gained = new int[points];
            long ctp = 0;
            long cfp = 0;
            int k = 0;
            for (int r = distinct - 1; r >= 0; r--) {
                if (tp[r] + fp[r] == 0) {
                    continue;
                }
                ctp += tp[r];
                cfp += fp[r];
                gained[k] = tp[r];
                recall[k] = (double) ctp / positives;
                precision[k] = (double) ctp / (ctp + cfp);
                k++;
            }
            // Monotone envelope: the best precision at this recall or beyond.
            for (int i = points - 2; i >= 0; i--) {
                precision[i] = Math.max(precision[i], precision[i + 1]);
            }
        }

        double finalRecall() {
            return recall.length == 0 ? 0 : recall[recall.length - 1];
        }

        /** The envelope precision at point {@code index}, or 0 past the last point. */
        double precisionAt(int index) {
            return index < recall.length ? precision[index] : 0;
        }

        /** Index of the first point with recall {@code >= r} (numpy searchsorted, side left). */
        int firstReaching(double r, int from) {
            int i = from;
            while (i < recall.length && recall[i] < r) {
                i++;
            }
            return i;
        }

        /**
         * {@code Σ (r_i − r_{i−1}) p̂_i}, summed as {@code Σ ΔTP_i p̂_i / npos}: with {@code p̂ ≤
         * 1} and rounding monotone, the sum cannot round above {@code TP / npos ≤ 1}.
         */
        double vocAllPoint() {
            double sum = 0;
            for (int i = 0; i < recall.length; i++) {
                sum += gained[i] * precision[i];
            }
            return sum / positives;
        }

        double voc07() {
            double sum = 0;
            int from = 0;
            for (int i = 0; i <= 10; i++) {
                from = firstReaching(i * 0.1, from);
                sum += precisionAt(from);
            }
            return sum / 11;
        }

        double coco() {
            double sum = 0;
            int from = 0;
            for (double r : RECALL_POINTS) {
                from = firstReaching(r, from);
                sum += precisionAt(from);
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

        ClassAp summarize(int label) {
            double voc07 = UNDEFINED;
            double vocAll = UNDEFINED;
            double vocRecall = UNDEFINED;
            if (positives > 0) {
                int[] rank = voc.ranks();
                Curve curve = new Curve(rank, voc.distinct, voc.flags, 1, 0, positives);
                voc07 = curve.voc07();
                vocAll = curve.vocAllPoint();
                vocRecall = curve.finalRecall();
            }
            double[] ap = new double[CURVES];
            double[] recall = new double[CURVES];
            int[] rank = coco.ranks();
            for (int a = 0; a < AREAS; a++) {
                for (int t = 0; t < IOUS; t++) {
                    int c = a * IOUS + t;
                    if (cocoPositives[a] == 0) {
                        ap[c] = UNDEFINED;
                        recall[c] = UNDEFINED;
                    } else {
                        Curve curve =
                                new Curve(
                                        rank,
                                        coco.distinct,
                                        coco.flags,
                                        CURVES,
                                        c,
                                        cocoPositives[a]);
                        ap[c] = curve.coco();
                        recall[c] = curve.finalRecall();
                    }
                }
            }
            return new ClassAp(
                    label,
                    positives,
                    detections,
                    voc07,
                    vocAll,
                    vocRecall,
                    overIous(ap, 0),
                    ap[IOU_50],
                    ap[IOU_75],
                    overIous(ap, 1),
                    overIous(ap, 2),
                    overIous(ap, 3),
                    overIous(recall, 0));
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
        int distinct;
        double[] scores = new double[16];
        byte[] flags;

        Scored(int stride) {
            this.stride = stride;
            this.flags = new byte[16 * stride];
        }

        void add(double score, byte flag) {
            grow();
            scores[size] = score;
            flags[size] = flag;
            size++;
        }

        void add(double score, byte[] flagRow) {
            grow();
            scores[size] = score;
            System.arraycopy(flagRow, 0, flags, size * stride, stride);
            size++;
        }

        private void grow() {
            if (size == scores.length) {
                scores = Arrays.copyOf(scores, size * 2);
                flags = Arrays.copyOf(flags, size * 2 * stride);
            }
        }

        /** The rank of each score among the distinct scores, ascending; sets {@link #distinct}. */
        int[] ranks() {
            double[] sorted = Arrays.copyOf(scores, size);
            Arrays.sort(sorted);
            int u = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (u == 0 || Double.compare(sorted[i], sorted[u - 1]) != 0) {
                    sorted[u++] = sorted[i];
                }
            }
            distinct = u;
            int[] rank = new int[size];
            for (int i = 0; i < size; i++) {
                rank[i] = Arrays.binarySearch(sorted, 0, u, scores[i]);
            }
            return rank;
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
            if (maxDetections < 1) {
                throw new IllegalArgumentException(
                        "maxDetections must be >= 1, got maxDetections=" + maxDetections);
            }
            return new MeanAveragePrecision(this);
        }
    }
}
