/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.detection.yolo.YoloNet;
import org.junit.jupiter.api.Test;

/** Clustered anchors become YoloNet's {@code [head][anchor][2]}, smallest first. */
class AnchorsTest {

    private static final Anchors NINE =
            new Anchors(
                    new double[] {10, 16, 33, 30, 62, 59, 116, 156, 373},
                    new double[] {13, 30, 23, 61, 45, 119, 90, 198, 326},
                    0.7,
                    5,
                    true);

    @Test
    void nineAnchorsGoThreeToAHeadSmallestToTheFirst() {
        float[][][] perHead = NINE.perHead(3);
        assertThat(perHead)
                .isDeepEqualTo(
                        new float[][][] {
                            {{10, 13}, {16, 30}, {33, 23}},
                            {{30, 61}, {62, 45}, {59, 119}},
                            {{116, 90}, {156, 198}, {373, 326}}
                        });
        assertThat(NINE.perHead(1)[0]).hasDimensions(9, 2);
        assertThat(NINE.perHead(9)[8]).isDeepEqualTo(new float[][] {{373, 326}});
        // a copy: changing it leaves the anchors alone
        perHead[0][0][0] = -1;
        assertThat(NINE.perHead(3)[0][0][0]).isEqualTo(10f);
        YoloNet net = YoloNet.builder().setNumClasses(2).setAnchors(NINE.perHead(3)).build();
        assertThat(net.getAnchors()).isDeepEqualTo(NINE.perHead(3));
    }

    @Test
    void clusteredAnchorsFitTheNetwork() {
        double[] w = new double[60];
        double[] h = new double[60];
        for (int i = 0; i < 60; i++) {
            w[i] = 8 + (i * 7) % 50;
            h[i] = 8 + (i * 13) % 50;
        }
        Anchors anchors = AnchorClustering.builder().setClusters(6).optSeed(1).build().fit(w, h);
        float[][][] perHead = anchors.perHead(2);
        assertThat(perHead).hasDimensions(2, 3);
        double last = 0;
        for (float[][] head : perHead) {
            for (float[] a : head) {
                assertThat((double) a[0] * a[1]).isGreaterThanOrEqualTo(last);
                last = (double) a[0] * a[1];
            }
        }
        YoloNet.builder().setNumClasses(1).setAnchors(perHead).optStrides(8, 16).build();
    }

    @Test
    void aHeadCountThatDoesNotDivideTheAnchorsIsRejected() {
        assertThatThrownBy(() -> NINE.perHead(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heads must be >= 1 and divide the 9 anchors, got heads=2");
        assertThatThrownBy(() -> NINE.perHead(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got heads=0");
    }
}
