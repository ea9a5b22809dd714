/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorTrialTest {

    @Test
    void mixupIsOffForTheLastTenthOfTheEpochs() {
        assertThat(DetectorTrial.mixupOffEpochs(1)).isZero();
        assertThat(DetectorTrial.mixupOffEpochs(2)).isEqualTo(1);
        assertThat(DetectorTrial.mixupOffEpochs(5)).isEqualTo(1);
        assertThat(DetectorTrial.mixupOffEpochs(20)).isEqualTo(2);
        assertThat(DetectorTrial.mixupOffEpochs(100)).isEqualTo(10);
        assertThat(DetectorTrial.mixupOffEpochs(200)).isEqualTo(20); // GluonCV's YOLOv3 recipe
    }
}
