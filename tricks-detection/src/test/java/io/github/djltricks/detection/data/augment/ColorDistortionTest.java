/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.Samples;
import io.github.djltricks.detection.data.Seeds;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The defining identity of each photometric step, each switched on alone with probability 1. */
class ColorDistortionTest {

    private static ColorDistortion only(String step) {
        ColorDistortion.Builder b =
                ColorDistortion.builder()
                        .optBrightness(32, 0)
                        .optContrast(0.5, 1.5, 0)
                        .optSaturation(0.5, 1.5, 0)
                        .optHue(18, 0);
        switch (step) {
            case "brightness" -> b.optBrightness(32, 1);
            case "contrast" -> b.optContrast(0.5, 1.5, 1);
            case "saturation" -> b.optSaturation(0.5, 1.5, 1);
            case "hue" -> b.optHue(18, 1);
            default -> {}
        }
        return b.build();
    }

    private static double luma(float[] x, int plane, int p) {
        return 0.299 * x[p] + 0.587 * x[plane + p] + 0.114 * x[2 * plane + p];
    }

    /**
     * As documented (DetectionSample, ColorDistortion), values are not clipped to [0, 255]: a grey
     * image of 0s and 255s, brightened or darkened, leaves the range by exactly the shift.
     */
    @Property(tries = 50)
    void valuesAreNotClippedToTheSourceRange(@ForAll long seed) {
        int side = 4;
        float[] image = new float[3 * side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i % side) % 2 == 0 ? 0 : 255;
        }
        DetectionSample s =
                new DetectionSample(
                        image,
                        3,
                        side,
                        side,
                        new float[][] {{0, 0, 2, 2}},
                        new int[] {0},
                        new float[] {1});
        float[] out = only("brightness").apply(s, Seeds.of(seed)).image();
        float shift = out[0] - image[0];
        assertThat(shift).isNotZero();
        for (int i = 0; i < out.length; i++) {
            assertThat((double) out[i]).isCloseTo(image[i] + shift, within(1e-3));
        }
        float extreme = shift > 0 ? out[1] : out[0];
        assertThat(extreme < 0 || extreme > 255).as("%s outside [0, 255]", extreme).isTrue();
    }

    @Property(tries = 50)
    void allProbabilitiesZeroIsTheIdentity(@ForAll long seed) {
        DetectionSample s = Samples.random(seed, 9, 11, 3);
        assertThat(only("none").apply(s, Seeds.of(seed))).isEqualTo(s);
    }

    @Property(tries = 50)
    void brightnessAddsOneShiftWithinTheDelta(@ForAll long seed) {
        DetectionSample s = Samples.random(seed, 9, 11, 3);
        DetectionSample out = only("brightness").apply(s, Seeds.of(seed));
        float shift = out.image()[0] - s.image()[0];
        assertThat(shift).isBetween(-32f, 32f);
        for (int i = 0; i < s.image().length; i++) {
            assertThat(out.image()[i] - s.image()[i]).isCloseTo(shift, within(1e-3f));
        }
        assertThat(out.boxes()).isDeepEqualTo(s.boxes());
    }

    @Property(tries = 50)
    void contrastKeepsTheMeanLumaAndScalesDeviations(@ForAll long seed) {
        DetectionSample s = Samples.random(seed, 9, 11, 3);
        DetectionSample out = only("contrast").apply(s, Seeds.of(seed));
        int plane = 99;
        double before = 0;
        double after = 0;
        for (int p = 0; p < plane; p++) {
            before += luma(s.image(), plane, p);
            after += luma(out.image(), plane, p);
        }
        assertThat(after / plane).isCloseTo(before / plane, within(1e-2));
        // x' - x'' = alpha (x - x''') for any two values: alpha in [0.5, 1.5]
        double alpha = (out.image()[0] - out.image()[1]) / (double) (s.image()[0] - s.image()[1]);
        if (Math.abs(s.image()[0] - s.image()[1]) > 1) {
            assertThat(alpha).isBetween(0.5 - 1e-3, 1.5 + 1e-3);
        }
    }

    @Property(tries = 50)
    void saturationAndHueKeepEveryPixelsLuma(@ForAll long seed) {
        DetectionSample s = Samples.random(seed, 9, 11, 3);
        int plane = 99;
        for (String step : new String[] {"saturation", "hue"}) {
            DetectionSample out = only(step).apply(s, Seeds.of(seed));
            for (int p = 0; p < plane; p++) {
                assertThat(luma(out.image(), plane, p))
                        .as(step)
                        .isCloseTo(luma(s.image(), plane, p), within(1e-2));
            }
        }
    }

    @Property(tries = 50)
    void hueRotatesChromaWithinTheDelta(@ForAll long seed) {
        DetectionSample s = Samples.random(seed, 4, 5, 0);
        DetectionSample out = only("hue").apply(s, Seeds.of(seed));
        int plane = 20;
        for (int p = 0; p < plane; p++) {
            double[] a = chroma(s.image(), plane, p);
            double[] b = chroma(out.image(), plane, p);
            double ra = Math.hypot(a[0], a[1]);
            assertThat(Math.hypot(b[0], b[1])).isCloseTo(ra, within(1e-2));
            if (ra > 5) {
                double turn = Math.toDegrees(Math.atan2(b[1], b[0]) - Math.atan2(a[1], a[0]));
                turn = ((turn + 540) % 360) - 180;
                assertThat(Math.abs(turn)).isLessThanOrEqualTo(18.01);
            }
        }
    }

    private static double[] chroma(float[] x, int plane, int p) {
        double r = x[p];
        double g = x[plane + p];
        double b = x[2 * plane + p];
        return new double[] {
            0.595716 * r - 0.274453 * g - 0.321263 * b, 0.211456 * r - 0.522591 * g + 0.311135 * b
        };
    }

    @Property(tries = 20)
    void grayStaysGrayUnderSaturationAndHue(@ForAll long seed) {
        float[] img = new float[3 * 16];
        for (int p = 0; p < 16; p++) {
            float v = (float) ((seed >>> (p % 32)) & 0xFF);
            img[p] = v;
            img[16 + p] = v;
            img[32 + p] = v;
        }
        DetectionSample s = DetectionSample.of(img, 3, 4, 4, new float[0][], new int[0]);
        for (String step : new String[] {"saturation", "hue"}) {
            DetectionSample out = only(step).apply(s, Seeds.of(seed));
            for (int i = 0; i < img.length; i++) {
                assertThat(out.image()[i]).as(step).isCloseTo(img[i], within(1e-3f));
            }
        }
    }
}
