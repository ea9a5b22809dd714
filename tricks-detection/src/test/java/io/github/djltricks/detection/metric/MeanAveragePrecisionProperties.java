/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties every protocol of {@link MeanAveragePrecision} must keep. */
class MeanAveragePrecisionProperties {

    /** One image of a generated scene. */
    record Img(List<Detection> detections, List<GroundTruth> groundTruths) {}

    private static final List<ToDoubleFunction<ApFigures>> FIGURES =
            List.of(
                    ApFigures::voc07,
                    ApFigures::vocAllPoint,
                    ApFigures::vocRecall,
                    ApFigures::coco,
                    ApFigures::ap50,
                    ApFigures::ap75,
                    ApFigures::apSmall,
                    ApFigures::apMedium,
                    ApFigures::apLarge,
                    ApFigures::recall);

    private static final List<ToDoubleFunction<ApFigures>> APS =
            List.of(
                    ApFigures::voc07,
                    ApFigures::vocAllPoint,
                    ApFigures::coco,
                    ApFigures::ap50,
                    ApFigures::ap75,
                    ApFigures::apSmall,
                    ApFigures::apMedium,
                    ApFigures::apLarge);

    private static MeanAveragePrecision accumulate(List<Img> scene) {
        MeanAveragePrecision map = MeanAveragePrecision.builder().build();
        for (Img img : scene) {
            map.addImage(img.detections(), img.groundTruths());
        }
        return map;
    }

    @Property(tries = 100)
    void perfectDetectionsScoreOne(@ForAll("perfectScenes") List<Img> scene) {
        DetectionMetrics m = accumulate(scene).evaluate();
        // Every protocol that is defined here gives exactly what a perfect detector deserves.
        for (ToDoubleFunction<ApFigures> f : FIGURES) {
            double v = f.applyAsDouble(m.mean());
            if (v != MeanAveragePrecision.UNDEFINED) {
                assertThat(v).isCloseTo(1.0, within(1e-12));
            }
        }
        // With at least one object that counts (not difficult) the headline figures are defined
        // and 1; a scene whose objects are all difficult has nothing to find: undefined.
        boolean anyCounts =
                scene.stream()
                        .flatMap(img -> img.groundTruths().stream())
                        .anyMatch(g -> !g.difficult());
        double expected = anyCounts ? 1.0 : MeanAveragePrecision.UNDEFINED;
        assertThat(m.mean().coco()).isCloseTo(expected, within(1e-12));
        assertThat(m.mean().voc07()).isCloseTo(expected, within(1e-12));
        assertThat(m.mean().vocAllPoint()).isCloseTo(expected, within(1e-12));
        OperatingPoint op = accumulate(scene).operatingPoint(Double.NEGATIVE_INFINITY, 1.0);
        assertThat(op.falsePositives()).isZero();
        // recall is TP / (TP + FN), documented as 0 when no object counts
        assertThat(op.recall()).isEqualTo(anyCounts ? 1.0 : 0.0);
    }

    @Property(tries = 100)
    void lowestScoredMissNeverRaisesAp(
            @ForAll("scenes") List<Img> scene,
            @ForAll @IntRange(min = 0, max = 2) int label,
            @ForAll @IntRange(min = 0, max = 20) int where,
            @ForAll @DoubleRange(min = 0, max = 50) double size) {
        DetectionMetrics before = accumulate(scene).evaluate();
        double lowest = 0;
        for (Img img : scene) {
            for (Detection d : img.detections()) {
                lowest = Math.min(lowest, d.score());
            }
        }
        List<Img> after = new ArrayList<>(scene);
        int i = where % (scene.size() + 1);
        // Far from every box of the scene (they lie in [0, 330]): it matches nothing.
        Detection miss = new Detection(1000, 1000, 1000 + size, 1000 + size, lowest - 1, label);
        if (i == scene.size()) {
            after.add(new Img(List.of(miss), List.of()));
        } else {
            List<Detection> dets = new ArrayList<>(scene.get(i).detections());
            dets.add(miss);
            after.set(i, new Img(dets, scene.get(i).groundTruths()));
        }
        DetectionMetrics m = accumulate(after).evaluate();
        for (ToDoubleFunction<ApFigures> f : APS) {
            assertThat(f.applyAsDouble(m.mean()))
                    .isLessThanOrEqualTo(f.applyAsDouble(before.mean()) + 1e-12);
        }
    }

    @Property(tries = 100)
    void imageOrderDoesNotMatter(@ForAll("scenes") List<Img> scene, @ForAll long seed) {
        List<Img> shuffled = new ArrayList<>(scene);
        Collections.shuffle(shuffled, new Random(seed));
        // Ties across images (scores are multiples of 0.1) are counted together: exactly equal.
        assertThat(accumulate(shuffled).evaluate()).isEqualTo(accumulate(scene).evaluate());
        assertThat(accumulate(shuffled).operatingPoint(0.5, 0.5))
                .isEqualTo(accumulate(scene).operatingPoint(0.5, 0.5));
    }

    @Property(tries = 100)
    void apIsInUnitIntervalOrUndefined(@ForAll("scenes") List<Img> scene) {
        DetectionMetrics m = accumulate(scene).evaluate();
        for (ClassAp c : m.perClass()) {
            for (double v :
                    new double[] {
                        c.ap().voc07(),
                        c.ap().vocAllPoint(),
                        c.ap().vocRecall(),
                        c.ap().coco(),
                        c.ap().ap50(),
                        c.ap().ap75(),
                        c.ap().apSmall(),
                        c.ap().apMedium(),
                        c.ap().apLarge(),
                        c.ap().recall()
                    }) {
                assertThat(v == MeanAveragePrecision.UNDEFINED || (v >= 0 && v <= 1))
                        .as("class %d value %s", c.label(), v)
                        .isTrue();
            }
            // Defined exactly when the class has ground truth that counts.
            assertThat(c.ap().vocAllPoint() == MeanAveragePrecision.UNDEFINED)
                    .isEqualTo(c.groundTruths() == 0);
        }
        boolean anyPositive =
                scene.stream()
                        .flatMap(img -> img.groundTruths().stream())
                        .anyMatch(g -> !g.difficult());
        for (ToDoubleFunction<ApFigures> f : FIGURES.subList(0, 6)) {
            double v = f.applyAsDouble(m.mean());
            if (anyPositive) {
                assertThat(v).isBetween(0.0, 1.0);
            } else {
                assertThat(v).isEqualTo(MeanAveragePrecision.UNDEFINED);
            }
        }
        OperatingPoint op = accumulate(scene).operatingPoint(0.3, 0.5);
        assertThat(op.precision()).isBetween(0.0, 1.0);
        assertThat(op.recall()).isBetween(0.0, 1.0);
        assertThat(op.falsePositivesPerImage()).isFinite().isGreaterThanOrEqualTo(0.0);
    }

    @Property(tries = 100)
    void emptyImageChangesNothing(
            @ForAll("scenes") List<Img> scene, @ForAll @IntRange(min = 0, max = 20) int where) {
        DetectionMetrics before = accumulate(scene).evaluate();
        List<Img> after = new ArrayList<>(scene);
        after.add(where % (scene.size() + 1), new Img(List.of(), List.of()));
        DetectionMetrics m = accumulate(after).evaluate();
        assertThat(m.images()).isEqualTo(before.images() + 1);
        assertThat(m.perClass()).isEqualTo(before.perClass());
        for (ToDoubleFunction<ApFigures> f : FIGURES) {
            assertThat(f.applyAsDouble(m.mean())).isEqualTo(f.applyAsDouble(before.mean()));
        }
    }

    @Property(tries = 100)
    void degenerateInputIsFinite(@ForAll("degenerateScenes") List<Img> scene) {
        MeanAveragePrecision map = accumulate(scene);
        DetectionMetrics m = map.evaluate();
        for (ToDoubleFunction<ApFigures> f : FIGURES) {
            double v = f.applyAsDouble(m.mean());
            assertThat(v).isFinite();
            assertThat(v == MeanAveragePrecision.UNDEFINED || (v >= 0 && v <= 1)).isTrue();
        }
        OperatingPoint op = map.operatingPoint(0, 0.5);
        assertThat(op.precision()).isFinite();
        assertThat(op.recall()).isFinite();
        assertThat(op.falsePositivesPerImage()).isFinite();
    }

    @Property(tries = 100)
    void invertedOrNaNCornersAreRejected(
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double x1,
            @ForAll @DoubleRange(min = 0.01, max = 1e4) double shrink,
            @ForAll boolean vertical) {
        double bad = x1 - shrink;
        if (vertical) {
            assertThatThrownBy(() -> new GroundTruth(0, x1, 1, bad, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("y2=" + bad);
        } else {
            assertThatThrownBy(() -> new Detection(x1, 0, bad, 1, 0.5, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x2=" + bad);
        }
        assertThatThrownBy(() -> new Detection(x1, 0, Double.NaN, 1, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x2=NaN");
        assertThatThrownBy(() -> new GroundTruth(x1, Double.NaN, x1 + 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y1=NaN");
    }

    // ---- generators ----

    private static Arbitrary<GroundTruth> groundTruth(int minSize) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 200),
                        Arbitraries.integers().between(0, 200),
                        Arbitraries.integers().between(minSize, 130),
                        Arbitraries.integers().between(minSize, 130),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(9, false), net.jqwik.api.Tuple.of(1, true)))
                .as((x, y, w, h, c, d) -> new GroundTruth(x, y, x + w, y + h, c, d));
    }

    private static Arbitrary<Detection> randomDetection(int minSize) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 200),
                        Arbitraries.integers().between(0, 200),
                        Arbitraries.integers().between(minSize, 130),
                        Arbitraries.integers().between(minSize, 130),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 2))
                .as((x, y, w, h, s, c) -> new Detection(x, y, x + w, y + h, s / 10.0, c));
    }

    /** A detection near one of the ground truths: corners jittered by up to 8. */
    private static Arbitrary<Detection> nearDetection(List<GroundTruth> gts) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, gts.size() - 1),
                        Arbitraries.integers().between(-8, 8),
                        Arbitraries.integers().between(-8, 8),
                        Arbitraries.integers().between(-8, 8),
                        Arbitraries.integers().between(-8, 8),
                        Arbitraries.integers().between(0, 10))
                .as(
                        (i, a, b, c, d, s) -> {
                            GroundTruth g = gts.get(i);
                            double x1 = g.x1() + a;
                            double y1 = g.y1() + b;
                            return new Detection(
                                    x1,
                                    y1,
                                    Math.max(x1, g.x2() + c),
                                    Math.max(y1, g.y2() + d),
                                    s / 10.0,
                                    g.label());
                        });
    }

    private static Arbitrary<Img> image(int minSize) {
        return groundTruth(minSize)
                .list()
                .ofMaxSize(6)
                .flatMap(
                        gts -> {
                            Arbitrary<Detection> one =
                                    gts.isEmpty()
                                            ? randomDetection(minSize)
                                            : Arbitraries.oneOf(
                                                    randomDetection(minSize), nearDetection(gts));
                            return one.list().ofMaxSize(10).map(ds -> new Img(ds, gts));
                        });
    }

    @Provide
    Arbitrary<List<Img>> scenes() {
        return image(1).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Img>> degenerateScenes() {
        // Sizes from 0: zero-width and zero-height boxes, and many empty images.
        return Arbitraries.oneOf(image(0), Arbitraries.just(new Img(List.of(), List.of())))
                .list()
                .ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Img>> perfectScenes() {
        // Distinct boxes per image and class (the VOC devkit cannot find two identical ones);
        // each found by a detection of the same box with any score; difficult ones may be missed.
        Arbitrary<Img> img =
                groundTruth(1)
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(6)
                        .flatMap(
                                gts -> {
                                    List<GroundTruth> distinct = distinctBoxes(gts);
                                    return Arbitraries.integers()
                                            .between(0, 10)
                                            .list()
                                            .ofSize(distinct.size())
                                            .map(
                                                    scores -> {
                                                        List<Detection> ds = new ArrayList<>();
                                                        for (int i = 0; i < distinct.size(); i++) {
                                                            GroundTruth g = distinct.get(i);
                                                            if (!g.difficult() || i % 2 == 0) {
                                                                ds.add(
                                                                        new Detection(
                                                                                g.x1(),
                                                                                g.y1(),
                                                                                g.x2(),
                                                                                g.y2(),
                                                                                scores.get(i)
                                                                                        / 10.0,
                                                                                g.label()));
                                                            }
                                                        }
                                                        return new Img(ds, distinct);
                                                    });
                                });
        return img.list().ofMinSize(1).ofMaxSize(8);
    }

    private static List<GroundTruth> distinctBoxes(List<GroundTruth> gts) {
        LinkedHashSet<List<Double>> seen = new LinkedHashSet<>();
        List<GroundTruth> out = new ArrayList<>();
        for (GroundTruth g : gts) {
            if (seen.add(List.of(g.x1(), g.y1(), g.x2(), g.y2(), (double) g.label()))) {
                out.add(g);
            }
        }
        return out;
    }
}
