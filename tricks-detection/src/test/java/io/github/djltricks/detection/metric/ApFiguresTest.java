/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApFiguresTest {

    private static final double U = MeanAveragePrecision.UNDEFINED;

    private static ApFigures all(double v) {
        return new ApFigures(v, v, v, v, v, v, v, v, v, v);
    }

    @Test
    void eachMeanIsOverTheClassesThatDefineThatFigure() {
        ApFigures a = new ApFigures(0.2, 0.4, 1.0, 0.1, 0.3, U, U, 0.5, U, 0.6);
        ApFigures b = new ApFigures(0.6, 0.8, 0.5, 0.3, 0.7, U, 0.9, U, U, 0.2);
        ApFigures mean = ApFigures.meanOf(List.of(a, b));
        assertThat(mean.voc07()).isEqualTo((0.2 + 0.6) / 2);
        assertThat(mean.vocAllPoint()).isEqualTo((0.4 + 0.8) / 2);
        assertThat(mean.vocRecall()).isEqualTo(0.75);
        assertThat(mean.coco()).isEqualTo((0.1 + 0.3) / 2);
        assertThat(mean.ap50()).isEqualTo((0.3 + 0.7) / 2);
        assertThat(mean.ap75()).as("defined by no class").isEqualTo(U);
        assertThat(mean.apSmall()).as("defined by b alone").isEqualTo(0.9);
        assertThat(mean.apMedium()).as("defined by a alone").isEqualTo(0.5);
        assertThat(mean.apLarge()).isEqualTo(U);
        assertThat(mean.recall()).isEqualTo((0.6 + 0.2) / 2);
    }

    @Test
    void theMeanOfOneClassIsThatClassAndOfNoneIsUndefined() {
        ApFigures one = new ApFigures(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, U);
        assertThat(ApFigures.meanOf(List.of(one))).isEqualTo(one);
        assertThat(ApFigures.meanOf(List.of())).isEqualTo(all(U));
        assertThat(ApFigures.meanOf(List.of(all(0), all(1), all(U)))).isEqualTo(all(0.5));
    }
}
