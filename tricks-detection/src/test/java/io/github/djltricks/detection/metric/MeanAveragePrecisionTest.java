/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for each protocol; the arithmetic is in the comments. */
class MeanAveragePrecisionTest {

    private static final Offset<Double> EPS = within(1e-12);
    private static final double U = MeanAveragePrecision.UNDEFINED;

    private static GroundTruth gt(double x1, double y1, double x2, double y2) {
        return new GroundTruth(x1, y1, x2, y2, 0);
    }

    private static Detection det(double x1, double y1, double x2, double y2, double score) {
        return new Detection(x1, y1, x2, y2, score, 0);
    }

    /**
     * Three 10x10 objects; five detections ranked TP FP TP FP(duplicate) TP. Every TP has IoU 1, so
     * all IoU thresholds agree.
     */
    private static MeanAveragePrecision fiveDetections() {
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(
                List.of(
                        det(0, 0, 10, 10, 0.6), // duplicate of G1: most overlap G1, used -> FP
                        det(100, 100, 110, 110, 0.8), // nothing -> FP
                        det(40, 0, 50, 10, 0.5), // G3 -> TP
                        det(0, 0, 10, 10, 0.9), // G1 -> TP
                        det(20, 0, 30, 10, 0.7)), // G2 -> TP
                List.of(gt(0, 0, 10, 10), gt(20, 0, 30, 10), gt(40, 0, 50, 10)));
        return map;
    }

    @Test
    void vocAllPointIsAreaUnderEnvelope() {
        // Ranked: TP FP TP FP TP, npos = 3.
        // recall    1/3  1/3  2/3  2/3  1
        // precision 1    1/2  2/3  1/2  3/5
        // envelope  1    2/3  2/3  3/5  3/5
        // AP = 1/3 * 1 + (2/3 - 1/3) * 2/3 + (1 - 2/3) * 3/5 = 1/3 + 2/9 + 1/5 = 34/45
        DetectionMetrics m = fiveDetections().evaluate();
        assertThat(m.mean().vocAllPoint()).isCloseTo(34.0 / 45, EPS);
        assertThat(m.mean().vocRecall()).isCloseTo(1.0, EPS);
    }

    @Test
    void voc07IsElevenPointInterpolation() {
        // Same ranking. t = 0, .1, .2, .3: first recall >= t is 1/3 -> envelope 1 (4 points);
        // t = .4, .5, .6: recall 2/3 -> 2/3 (3 points); t = .7, .8, .9, 1: recall 1 -> 3/5 (4).
        // AP = (4 * 1 + 3 * 2/3 + 4 * 3/5) / 11 = 8.4 / 11
        assertThat(fiveDetections().evaluate().mean().voc07()).isCloseTo(8.4 / 11, EPS);
    }

    @Test
    void coco101PointInterpolation() {
        // Same ranking at every IoU threshold (the TPs have IoU 1, the FPs overlap nothing left).
        // Recall points 0..0.33 (34 of them) reach recall 1/3 -> 1; 0.34..0.66 (33) reach 2/3
        // -> 2/3; 0.67..1.00 (34) reach 1 -> 3/5. AP = (34 + 33 * 2/3 + 34 * 3/5) / 101 = 76.4/101
        DetectionMetrics m = fiveDetections().evaluate();
        assertThat(m.mean().coco()).isCloseTo(76.4 / 101, EPS);
        assertThat(m.mean().ap50()).isCloseTo(76.4 / 101, EPS);
        assertThat(m.mean().ap75()).isCloseTo(76.4 / 101, EPS);
        // All objects have area 100 < 32^2: small = all, no medium or large object.
        assertThat(m.mean().apSmall()).isCloseTo(76.4 / 101, EPS);
        assertThat(m.mean().apMedium()).isEqualTo(U);
        assertThat(m.mean().apLarge()).isEqualTo(U);
        assertThat(m.mean().recall()).isCloseTo(1.0, EPS);
        assertThat(m.images()).isEqualTo(1);
        ClassAp c = m.classAp(0).orElseThrow();
        assertThat(c.groundTruths()).isEqualTo(3);
        assertThat(c.detections()).isEqualTo(5);
    }

    @Test
    void cocoAveragesOverIouThresholds() {
        // One 10x10 object, one detection 10x7.2: IoU = 72/100 = 0.72.
        // It matches at 0.50, 0.55, 0.60, 0.65, 0.70 (AP 1 each) and misses at 0.75..0.95 (AP 0).
        // COCO AP = 5/10, AP50 = 1, AP75 = 0, AR = 5/10. VOC (IoU > 0.5): AP 1.
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(List.of(det(0, 0, 10, 7.2, 0.9)), List.of(gt(0, 0, 10, 10)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().coco()).isCloseTo(0.5, EPS);
        assertThat(m.mean().ap50()).isCloseTo(1.0, EPS);
        assertThat(m.mean().ap75()).isCloseTo(0.0, EPS);
        assertThat(m.mean().recall()).isCloseTo(0.5, EPS);
        assertThat(m.mean().voc07()).isCloseTo(1.0, EPS);
        assertThat(m.mean().vocAllPoint()).isCloseTo(1.0, EPS);
    }

    @Test
    void vocNeedsIouAboveHalfWhileCocoAcceptsHalf() {
        // IoU = 50/100 = 0.5 exactly: VOC's "ovmax > 0.5" rejects it (AP 0), COCO's ">= 0.5"
        // accepts it at the first threshold only: AP50 = 1, AP = 1/10.
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(List.of(det(0, 0, 10, 5, 0.9)), List.of(gt(0, 0, 10, 10)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().vocAllPoint()).isEqualTo(0.0);
        assertThat(m.mean().voc07()).isEqualTo(0.0);
        assertThat(m.mean().ap50()).isCloseTo(1.0, EPS);
        assertThat(m.mean().coco()).isCloseTo(0.1, EPS);
    }

    @Test
    void difficultObjectsAreNeitherHitNorMiss() {
        // G1 normal, G2 difficult. Ranked: d1 on G2 (ignored), d2 on nothing (FP), d3 on G1 (TP).
        // npos = 1: points (recall 0, precision 0), (1, 1/2); envelope 1/2, 1/2.
        // all-point = 1 * 1/2; 11-point = 11 * 1/2 / 11; COCO = 101 * 1/2 / 101.
        // Were G2 not difficult (npos = 2, TP FP TP): 1/2 * 1 + 1/2 * 2/3 = 5/6.
        List<Detection> dets =
                List.of(
                        det(20, 0, 30, 10, 0.9),
                        det(100, 100, 110, 110, 0.8),
                        det(0, 0, 10, 10, 0.7));
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(dets, List.of(gt(0, 0, 10, 10), new GroundTruth(20, 0, 30, 10, 0, true)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().vocAllPoint()).isCloseTo(0.5, EPS);
        assertThat(m.mean().voc07()).isCloseTo(0.5, EPS);
        assertThat(m.mean().coco()).isCloseTo(0.5, EPS);
        assertThat(m.classAp(0).orElseThrow().groundTruths()).isEqualTo(1);

        MeanAveragePrecision plain = MeanAveragePrecision.builder().build();
        plain.addImage(dets, List.of(gt(0, 0, 10, 10), gt(20, 0, 30, 10)));
        assertThat(plain.evaluate().mean().vocAllPoint()).isCloseTo(5.0 / 6, EPS);
    }

    @Test
    void cocoAreaRanges() {
        // Objects: small 10x10 (area 100), medium 50x50 (2500), large 100x100 (10000).
        // Detections: FP small box (0.95), small object (0.9), large object (0.8); medium missed.
        // all: FP TP TP, npos 3 -> (0, 0), (1/3, 1/2), (2/3, 2/3); envelope 2/3 throughout;
        //   recall points 0..0.66 (67) -> 2/3: AP = 67 * 2/3 / 101; AR = 2/3.
        // small: large object ignored, its detection matched to it -> ignored; FP TP, npos 1
        //   -> envelope 1/2: AP_small = 1/2.
        // medium: every detection is unmatched and outside [32^2, 96^2] or matched to an ignored
        //   object -> ignored; npos 1 -> AP_medium = 0.
        // large: FP and small detections ignored (outside range / ignored object); TP -> 1.
        // VOC: FP TP TP, npos 3, envelope 2/3: all-point = 1/3 * 2/3 + 1/3 * 2/3 = 4/9;
        //   11-point: t = 0..0.6 (7 points) -> 2/3, t >= 0.7 -> 0: 7 * 2/3 / 11 = 14/33.
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(
                List.of(
                        det(500, 0, 510, 10, 0.95),
                        det(0, 0, 10, 10, 0.9),
                        det(300, 0, 400, 100, 0.8)),
                List.of(gt(0, 0, 10, 10), gt(100, 0, 150, 50), gt(300, 0, 400, 100)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().coco()).isCloseTo(67 * (2.0 / 3) / 101, EPS);
        assertThat(m.mean().recall()).isCloseTo(2.0 / 3, EPS);
        assertThat(m.mean().apSmall()).isCloseTo(0.5, EPS);
        assertThat(m.mean().apMedium()).isCloseTo(0.0, EPS);
        assertThat(m.mean().apLarge()).isCloseTo(1.0, EPS);
        assertThat(m.mean().vocAllPoint()).isCloseTo(4.0 / 9, EPS);
        assertThat(m.mean().voc07()).isCloseTo(14.0 / 33, EPS);
    }

    @Test
    void meanSkipsClassesWithoutGroundTruth() {
        // Class 0: found perfectly (AP 1). Class 1: only a detection, no object (AP undefined,
        // left out). Class 2: one object, no detection (AP 0). Mean = (1 + 0) / 2.
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(
                List.of(new Detection(0, 0, 10, 10, 0.9, 0), new Detection(50, 50, 60, 60, 0.8, 1)),
                List.of(new GroundTruth(0, 0, 10, 10, 0), new GroundTruth(20, 20, 30, 30, 2)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().voc07()).isCloseTo(0.5, EPS);
        assertThat(m.mean().vocAllPoint()).isCloseTo(0.5, EPS);
        assertThat(m.mean().coco()).isCloseTo(0.5, EPS);
        assertThat(m.perClass()).extracting(ClassAp::label).containsExactly(0, 1, 2);
        ClassAp c1 = m.classAp(1).orElseThrow();
        assertThat(c1.ap().vocAllPoint()).isEqualTo(U);
        assertThat(c1.ap().coco()).isEqualTo(U);
        assertThat(m.classAp(2).orElseThrow().ap().coco()).isEqualTo(0.0);
        assertThat(m.classAp(7)).isEmpty();
    }

    @Test
    void equalScoresAcrossImagesAreOnePoint() {
        // Image A: its object found at score 0.5 (TP); image B: a miss at 0.5 (FP) and its object
        // not found. Counted together: recall 1/2, precision 1/2 -> all-point 1/4 in either image
        // order (the devkit gives 1/2 or 1/4 depending on the order).
        List<Detection> da = List.of(det(0, 0, 10, 10, 0.5));
        List<GroundTruth> ga = List.of(gt(0, 0, 10, 10));
        List<Detection> db = List.of(det(50, 50, 60, 60, 0.5));
        List<GroundTruth> gb = List.of(gt(0, 0, 10, 10));
        MeanAveragePrecision ab = MeanAveragePrecision.builder().build();
        ab.addImage(da, ga);
        ab.addImage(db, gb);
        MeanAveragePrecision ba = MeanAveragePrecision.builder().build();
        ba.addImage(db, gb);
        ba.addImage(da, ga);
        assertThat(ab.evaluate().mean().vocAllPoint()).isCloseTo(0.25, EPS);
        assertThat(ba.evaluate()).isEqualTo(ab.evaluate());
    }

    @Test
    void cocoKeepsTopDetectionsPerImageAndClass() {
        // maxDetections 1: of two perfect detections only the higher counts for COCO: recall 1/2,
        // precision 1 -> recall points 0..0.50 (51) -> 1: AP = 51/101. VOC uses both: AP 1.
        MeanAveragePrecision map = MeanAveragePrecision.builder().optMaxDetections(1).build();
        map.addImage(
                List.of(det(0, 0, 10, 10, 0.9), det(20, 0, 30, 10, 0.8)),
                List.of(gt(0, 0, 10, 10), gt(20, 0, 30, 10)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().coco()).isCloseTo(51.0 / 101, EPS);
        assertThat(m.mean().recall()).isCloseTo(0.5, EPS);
        assertThat(m.mean().vocAllPoint()).isCloseTo(1.0, EPS);
    }

    @Test
    void operatingPointCountsFalsePositivesPerImage() {
        // Threshold 0.65 keeps 0.9 (TP), 0.8 (FP), 0.7 (TP): TP 2, FP 1, FN 1; precision 2/3,
        // recall 2/3, FP per image 1/1. An extra empty image halves FPPI only.
        MeanAveragePrecision map = fiveDetections();
        OperatingPoint op = map.operatingPoint(0.65, 0.5);
        assertThat(op.truePositives()).isEqualTo(2);
        assertThat(op.falsePositives()).isEqualTo(1);
        assertThat(op.falseNegatives()).isEqualTo(1);
        assertThat(op.precision()).isCloseTo(2.0 / 3, EPS);
        assertThat(op.recall()).isCloseTo(2.0 / 3, EPS);
        assertThat(op.falsePositivesPerImage()).isCloseTo(1.0, EPS);
        // Threshold 0: the duplicate of G1 is an FP too: TP 3, FP 2 -> precision 3/5, recall 1.
        OperatingPoint all = map.operatingPoint(0, 0.5);
        assertThat(all.precision()).isCloseTo(0.6, EPS);
        assertThat(all.recall()).isCloseTo(1.0, EPS);
        map.addImage(List.of(), List.of());
        assertThat(map.operatingPoint(0.65, 0.5).falsePositivesPerImage()).isCloseTo(0.5, EPS);
        // Nothing kept: precision 0 by definition, recall 0, no FP.
        OperatingPoint none = map.operatingPoint(2, 0.5);
        assertThat(none.precision()).isEqualTo(0.0);
        assertThat(none.falseNegatives()).isEqualTo(3);
    }

    @Test
    void emptyAccumulatorIsUndefinedNotNaN() {
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().coco()).isEqualTo(U);
        assertThat(m.mean().vocAllPoint()).isEqualTo(U);
        assertThat(m.perClass()).isEmpty();
        OperatingPoint op = map.operatingPoint(0.5, 0.5);
        assertThat(op.falsePositivesPerImage()).isEqualTo(0.0);
        assertThat(op.recall()).isEqualTo(0.0);
        map.addImage(List.of(det(0, 0, 1, 1, 0.3)), List.of(gt(0, 0, 1, 1)));
        map.reset();
        assertThat(map.images()).isZero();
        assertThat(map.evaluate().mean().coco()).isEqualTo(U);
    }

    @Test
    void zeroAreaBoxesNeverMatchAndStayFinite() {
        // IoU of two zero-area boxes is 0 (empty union), not NaN: the detection is an FP.
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        map.addImage(List.of(det(5, 5, 5, 5, 0.9)), List.of(gt(5, 5, 5, 5)));
        DetectionMetrics m = map.evaluate();
        assertThat(m.mean().coco()).isEqualTo(0.0);
        assertThat(m.mean().vocAllPoint()).isEqualTo(0.0);
        assertThat(m.mean().apSmall()).isEqualTo(0.0);
    }

    @Test
    void malformedBoxesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Detection(5, 0, 3, 10, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x2 >= x1")
                .hasMessageContaining("x2=3.0");
        assertThatThrownBy(() -> new GroundTruth(0, 7, 10, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y2=2.0");
        assertThatThrownBy(() -> new Detection(Double.NaN, 0, 3, 10, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x1=NaN");
        assertThatThrownBy(() -> new GroundTruth(0, 0, Double.POSITIVE_INFINITY, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x2=Infinity");
        assertThatThrownBy(() -> new Detection(0, 0, 1, 1, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score=NaN");
        assertThatThrownBy(() -> new Detection(0, 0, 1, 1, 0.5, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label=-1");
        assertThatThrownBy(() -> MeanAveragePrecision.builder().optMaxDetections(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDetections=0");
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        assertThatThrownBy(() -> map.operatingPoint(0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iouThreshold=0.0");
        assertThatThrownBy(() -> map.operatingPoint(Double.NaN, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scoreThreshold");
    }
}
