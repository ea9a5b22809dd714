/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.djltricks.detection.data.BoxGeometry;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.Samples;
import io.github.djltricks.detection.data.Seeds;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.rng.UniformRandomProvider;

class AugmentationPropertiesTest {

    @Provide
    Arbitrary<DetectionSample> samples() {
        return Samples.samples(48, 8);
    }

    private static List<DetectionTransform> everyTransform() {
        return List.of(
                ColorDistortion.builder().build(),
                RandomExpand.builder().optProbability(1).build(),
                RandomCrop.builder().build(),
                RandomFlip.builder().optProbability(1).build(),
                new Resize(37, 53),
                AugmentationPipeline.of(AugmentationPipeline.bagOfFreebies(), new Resize(64, 64)));
    }

    @Property(tries = 100)
    void everyOutputBoxLiesInsideItsImageWithPositiveArea(
            @ForAll("samples") DetectionSample sample, @ForAll long seed) {
        for (DetectionTransform t : everyTransform()) {
            DetectionSample out = t.apply(sample, Seeds.of(seed));
            assertThat(Samples.boxesValid(out)).as(t.getClass().getSimpleName()).isTrue();
            assertThat(out.image()).hasSize(3 * out.height() * out.width());
        }
    }

    @Property(tries = 100)
    void imageWithoutBoxesPassesThroughEveryAugmentation(
            @ForAll @IntRange(min = 1, max = 48) int h,
            @ForAll @IntRange(min = 1, max = 48) int w,
            @ForAll long seed) {
        DetectionSample empty = Samples.random(seed, h, w, 0);
        for (DetectionTransform t : everyTransform()) {
            DetectionSample out = t.apply(empty, Seeds.of(seed));
            assertThat(out.boxCount()).isZero();
            assertThat(out.height()).isPositive();
            assertThat(out.width()).isPositive();
        }
    }

    @Property
    void flipTwiceIsTheIdentity(@ForAll("samples") DetectionSample sample) {
        DetectionSample once = RandomFlip.flip(sample);
        assertThat(RandomFlip.flip(once)).isEqualTo(sample);
        if (sample.width() > 1) {
            assertThat(once.image()[0]).isEqualTo(sample.image()[sample.width() - 1]);
        }
    }

    @Property
    void cropKeepsExactlyTheBoxesWhoseCentresLieInside(
            @ForAll("samples") DetectionSample sample,
            @ForAll @DoubleRange(min = 0, max = 1) double u1,
            @ForAll @DoubleRange(min = 0, max = 1) double u2,
            @ForAll @DoubleRange(min = 0, max = 1) double u3,
            @ForAll @DoubleRange(min = 0, max = 1) double u4) {
        int w = sample.width();
        int h = sample.height();
        int cw = 1 + (int) (u1 * (w - 1));
        int ch = 1 + (int) (u2 * (h - 1));
        int left = (int) (u3 * (w - cw));
        int top = (int) (u4 * (h - ch));
        DetectionSample out = RandomCrop.crop(sample, left, top, cw, ch);
        float[] window = {left, top, left + cw, top + ch};
        List<float[]> expected = new ArrayList<>();
        List<Integer> expectedIds = new ArrayList<>();
        for (int i = 0; i < sample.boxCount(); i++) {
            float[] b = sample.boxes()[i];
            double cx = (b[0] + b[2]) / 2.0;
            double cy = (b[1] + b[3]) / 2.0;
            if (cx > left && cx < left + cw && cy > top && cy < top + ch) {
                expected.add(
                        new float[] {
                            Math.max(b[0], left) - left,
                            Math.max(b[1], top) - top,
                            Math.min(b[2], left + cw) - left,
                            Math.min(b[3], top + ch) - top
                        });
                expectedIds.add(sample.classIds()[i]);
            }
            assertThat(BoxGeometry.centreInside(b, window))
                    .isEqualTo(cx > left && cx < left + cw && cy > top && cy < top + ch);
        }
        assertThat(out.boxes()).isDeepEqualTo(expected.toArray(new float[0][]));
        assertThat(out.classIds())
                .containsExactly(expectedIds.stream().mapToInt(Integer::intValue).toArray());
        assertThat(out.image()[0]).isEqualTo(sample.image()[top * w + left]);
    }

    @Property
    void randomCropWindowsMeetTheirConstraints(
            @ForAll("samples") DetectionSample sample, @ForAll long seed) {
        RandomCrop crop = RandomCrop.builder().build();
        int[] win = crop.sampleWindow(sample, Seeds.of(seed));
        if (win == null) {
            return;
        }
        int w = sample.width();
        int h = sample.height();
        assertThat(win[0]).isBetween(0, w - win[2]);
        assertThat(win[1]).isBetween(0, h - win[3]);
        // Linear scale at most 1 and at least 0.3 before flooring to whole pixels.
        double areaShare = (double) win[2] * win[3] / ((double) w * h);
        assertThat(areaShare).isLessThanOrEqualTo(1.0);
        assertThat(((win[2] + 1.0) * (win[3] + 1.0)) / ((double) w * h))
                .isGreaterThanOrEqualTo(0.3 * 0.3 - 1e-9);
        if (sample.boxCount() > 0) {
            float[] window = {win[0], win[1], win[0] + win[2], win[1] + win[3]};
            boolean anyCentre = false;
            for (float[] b : sample.boxes()) {
                anyCentre |= BoxGeometry.centreInside(b, window);
            }
            assertThat(anyCentre).isTrue();
        }
    }

    @Property(tries = 150)
    void expandThenCropInOneStepEqualsTheTwoInTurn(
            @ForAll("samples") DetectionSample sample,
            @ForAll long seed,
            @ForAll boolean always,
            @ForAll boolean oneFill) {
        RandomExpand.Builder eb = RandomExpand.builder().optProbability(always ? 1 : 0.5);
        RandomExpand expand = (oneFill ? eb.optFill(7f) : eb).build();
        RandomCrop crop = RandomCrop.builder().build();
        DetectionSample fused = AugmentationPipeline.of(expand, crop).apply(sample, Seeds.of(seed));
        UniformRandomProvider rng = Seeds.of(seed);
        DetectionSample inTurn = crop.apply(expand.apply(sample, rng), rng);
        assertThat(fused).isEqualTo(inTurn);
    }

    @Property(tries = 20)
    void anUnsatisfiableCropGivesUpAfterItsTrialsAndKeepsTheSample(@ForAll long seed) {
        DetectionSample s =
                DetectionSample.of(
                        Samples.random(seed, 40, 40, 0).image(),
                        3,
                        40,
                        40,
                        new float[][] {{10, 10, 11, 11}},
                        new int[] {4});
        // any window is at least 12 x 12 px, so its IoU with the 1 px box is at most 1/144
        RandomCrop crop = RandomCrop.builder().optMinIous(0.9).optMaxTrials(5).build();
        assertThat(crop.sampleWindow(s, Seeds.of(seed))).isNull();
        assertThat(crop.apply(s, Seeds.of(seed))).isSameAs(s);
    }

    @Property
    void expandThenTheInverseCropRestoresTheSample(
            @ForAll("samples") DetectionSample sample,
            @ForAll @DoubleRange(min = 1, max = 4) double ratio,
            @ForAll @DoubleRange(min = 0, max = 1) double u1,
            @ForAll @DoubleRange(min = 0, max = 1) double u2) {
        int h = sample.height();
        int w = sample.width();
        int oh = (int) (h * ratio);
        int ow = (int) (w * ratio);
        int offY = (int) (u1 * (oh - h));
        int offX = (int) (u2 * (ow - w));
        DetectionSample big =
                RandomExpand.expand(sample, oh, ow, offY, offX, new float[] {1f, 2f, 3f});
        assertThat(Samples.boxesValid(big)).isTrue();
        if (oh > h) {
            int outsideRow = offY > 0 ? 0 : oh - 1;
            assertThat(big.image()[outsideRow * ow]).isEqualTo(1f);
            assertThat(big.image()[2 * oh * ow + outsideRow * ow]).isEqualTo(3f);
        }
        DetectionSample back = RandomCrop.crop(big, offX, offY, w, h);
        assertThat(back).isEqualTo(sample);
    }

    @Property
    void resizeScalesBoxesByTheImageFactors(
            @ForAll("samples") DetectionSample sample,
            @ForAll @IntRange(min = 1, max = 96) int nh,
            @ForAll @IntRange(min = 1, max = 96) int nw) {
        DetectionSample out = Resize.resize(sample, nh, nw);
        assertThat(out.height()).isEqualTo(nh);
        assertThat(out.width()).isEqualTo(nw);
        double sx = (double) nw / sample.width();
        double sy = (double) nh / sample.height();
        // Boxes only drop when float rounding collapses them, which the 1/64 grid rules out.
        assertThat(out.boxCount()).isEqualTo(sample.boxCount());
        for (int i = 0; i < out.boxCount(); i++) {
            float[] a = sample.boxes()[i];
            float[] b = out.boxes()[i];
            double[] want = {a[0] * sx, a[1] * sy, a[2] * sx, a[3] * sy};
            for (int k = 0; k < 4; k++) {
                // float rounding of the factor and the product: a few ulps of the image size
                assertThat((double) b[k])
                        .isCloseTo(
                                want[k],
                                org.assertj.core.data.Offset.offset(
                                        4.0 * Math.ulp((float) Math.max(nh, nw))));
            }
        }
        // Bilinear interpolation is a convex combination: output within the input's range.
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : sample.image()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (float v : out.image()) {
            assertThat(v).isBetween(lo - 1e-3f, hi + 1e-3f);
        }
    }

    @Property(tries = 50)
    void sameSeedGivesTheSameSamples(@ForAll("samples") DetectionSample sample, @ForAll long seed) {
        AugmentationPipeline p = AugmentationPipeline.bagOfFreebies();
        DetectionSample a = p.apply(sample, Seeds.of(seed, 7));
        DetectionSample b = p.apply(sample, Seeds.of(seed, 7));
        assertThat(a).isEqualTo(b);
    }

    @Property(tries = 50)
    void differentSeedsGiveDifferentColours(@ForAll long seed) {
        DetectionSample sample = Samples.random(seed, 16, 16, 2);
        ColorDistortion c = ColorDistortion.builder().optBrightness(32, 1).build();
        UniformRandomProvider r1 = Seeds.of(seed, 1);
        UniformRandomProvider r2 = Seeds.of(seed, 2);
        assertThat(c.apply(sample, r1)).isNotEqualTo(c.apply(sample, r2));
    }
}
