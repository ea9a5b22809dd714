/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.Samples;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import org.junit.jupiter.api.Test;

/** Bad parameters fail at build time with a message that names the value. */
class ParameterCheckTest {

    @Test
    void probabilitiesOutsideTheUnitIntervalAreRejected() {
        assertThatThrownBy(() -> RandomFlip.builder().optProbability(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> RandomExpand.builder().optProbability(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> ColorDistortion.builder().optHue(18, 2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hue probability")
                .hasMessageContaining("2.0");
        assertThatThrownBy(() -> ColorDistortion.builder().optBrightness(32, Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> RandomExpand.builder().optMaxRatio(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRatio")
                .hasMessageContaining("0.5");
        assertThatThrownBy(() -> ColorDistortion.builder().optContrast(1.5, 0.5, 0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contrast")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> RandomCrop.builder().optMinIous(0.1, 1.2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.2");
        assertThatThrownBy(() -> RandomCrop.builder().optScale(0, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minScale=0.0");
        assertThatThrownBy(() -> RandomCrop.builder().optMaxAspect(0.9).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.9");
        assertThatThrownBy(() -> RandomCrop.builder().optMaxTrials(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTrials")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new Resize(0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("height=0");
    }

    @Test
    void mixupAndShapeParametersAreChecked() {
        assertThatThrownBy(() -> DetectionMixup.builder().optBeta(-1, 1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha=-1.0");
        assertThatThrownBy(() -> DetectionMixup.builder().optOffForLastEpochs(10, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lastEpochs=11");
        DetectionSample s = Samples.random(1, 4, 4, 1);
        assertThatThrownBy(() -> DetectionMixup.mix(s, s, 1.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.1");
        assertThatThrownBy(() -> RandomShape.builder().optSizes().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sizes must not be empty");
        assertThatThrownBy(() -> RandomShape.builder().optSizes(320, -32).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-32");
        assertThatThrownBy(() -> RandomShape.builder().optInterval(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval")
                .hasMessageContaining("0");
    }

    @Test
    void invalidBoxesAndWindowsAreRejected() {
        assertThatThrownBy(
                        () ->
                                DetectionSample.of(
                                        new float[12],
                                        3,
                                        2,
                                        2,
                                        new float[][] {{0, 0, 3, 1}},
                                        new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width=2")
                .hasMessageContaining("[0.0, 0.0, 3.0, 1.0]");
        DetectionSample s = Samples.random(2, 5, 5, 1);
        assertThatThrownBy(() -> RandomCrop.crop(s, 3, 0, 4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left=3");
        assertThatThrownBy(() -> RandomExpand.expand(s, 6, 6, 2, 0, new float[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offsetY=2");
    }
}
