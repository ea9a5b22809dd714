/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.djltricks.detection.box.BoxIou;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousUniformSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** YOLOv2 anchor clustering: planted clusters, determinism, order, the IoU distance. */
class AnchorClusteringTest {

    /** Planted anchor sizes (w, h): small square, tall, wide, large square; areas ascending. */
    private static final double[][] PLANTED = {{12, 12}, {20, 60}, {90, 30}, {150, 150}};

    /** Boxes around the planted sizes, each side scaled by a factor uniform in [0.93, 1.07]. */
    private static double[][] planted(int perCluster, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ContinuousUniformSampler jitter = new ContinuousUniformSampler(rng, 0.93, 1.07);
        int n = PLANTED.length * perCluster;
        double[] w = new double[n];
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double[] c = PLANTED[i % PLANTED.length];
            w[i] = c[0] * jitter.sample();
            h[i] = c[1] * jitter.sample();
        }
        return new double[][] {w, h};
    }

    @Test
    void alignedIouByHand() {
        // 10x20 and 20x10 centred together: intersection 10x10 = 100, union 200 + 200 - 100.
        assertThat(BoxIou.ofSizes(10, 20, 20, 10)).isCloseTo(100.0 / 300, within(1e-15));
        // Nested: 5x5 inside 10x10 -> 25/100.
        assertThat(BoxIou.ofSizes(5, 5, 10, 10)).isCloseTo(0.25, within(1e-15));
        assertThat(BoxIou.ofSizes(7, 3, 7, 3)).isEqualTo(1.0);
    }

    @Test
    void meanBestIouByHand() {
        // Boxes 10x10 and 20x20, one anchor 10x10: IoU 1 and 100/400 -> mean 0.625.
        double m =
                AnchorClustering.meanBestIou(
                        new double[] {10, 20},
                        new double[] {10, 20},
                        new double[] {10},
                        new double[] {10});
        assertThat(m).isCloseTo(0.625, within(1e-15));
    }

    @Property(tries = 20)
    void recoversWellSeparatedPlantedClusters(@ForAll long seed) {
        double[][] data = planted(200, seed);
        Anchors anchors =
                AnchorClustering.builder()
                        .setClusters(4)
                        .optSeed(seed)
                        .build()
                        .fit(data[0], data[1]);
        assertThat(anchors.size()).isEqualTo(4);
        assertThat(anchors.converged()).isTrue();
        for (int j = 0; j < 4; j++) {
            // The mean of a jitter uniform in [0.93, 1.07] over ~200 boxes lies within 1.5%.
            assertThat(anchors.widths()[j]).isCloseTo(PLANTED[j][0], within(PLANTED[j][0] * 0.015));
            assertThat(anchors.heights()[j])
                    .isCloseTo(PLANTED[j][1], within(PLANTED[j][1] * 0.015));
        }
        // Sides within 7% of the anchor: the worst IoU is (0.93/1.07)^2 = 0.755, the mean far
        // higher.
        assertThat(anchors.meanIou()).isGreaterThan(0.9);
        // Fewer anchors than clusters fit worse.
        Anchors three =
                AnchorClustering.builder()
                        .setClusters(3)
                        .optSeed(seed)
                        .build()
                        .fit(data[0], data[1]);
        assertThat(three.meanIou()).isLessThan(anchors.meanIou());
    }

    @Test
    void sameSeedSameAnchors() {
        double[][] data = wide(300, 11);
        AnchorClustering k = AnchorClustering.builder().setClusters(5).optSeed(42).build();
        Anchors a = k.fit(data[0], data[1]);
        Anchors b =
                AnchorClustering.builder().setClusters(5).optSeed(42).build().fit(data[0], data[1]);
        assertThat(b.widths()).containsExactly(a.widths());
        assertThat(b.heights()).containsExactly(a.heights());
        assertThat(b.meanIou()).isEqualTo(a.meanIou());
        assertThat(b.iterations()).isEqualTo(a.iterations());
    }

    @Test
    void validation() {
        double[] w = {1, 2, 3};
        double[] h = {1, 2, 3};
        assertThatThrownBy(() -> AnchorClustering.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusters=0");
        assertThatThrownBy(
                        () -> AnchorClustering.builder().setClusters(2).optMaxIterations(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIterations=0");
        assertThatThrownBy(() -> AnchorClustering.builder().setClusters(2).optRestarts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restarts=0");
        AnchorClustering four = AnchorClustering.builder().setClusters(4).build();
        assertThatThrownBy(() -> four.fit(w, h))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusters=4")
                .hasMessageContaining("3 boxes");
        AnchorClustering two = AnchorClustering.builder().setClusters(2).build();
        assertThatThrownBy(() -> two.fit(new double[] {1, 0, 3}, h))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("widths[1]=0.0");
        assertThatThrownBy(() -> two.fit(w, new double[] {1, 2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heights[2]=NaN");
        assertThatThrownBy(() -> two.fit(w, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same length");
        assertThatThrownBy(() -> two.fit(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        // Three boxes of one size cannot make two distinct anchors.
        assertThatThrownBy(() -> two.fit(new double[] {4, 4, 4}, new double[] {2, 2, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct")
                .hasMessageContaining("clusters=2");
    }

    /** Log-uniform sizes from 4 to 300: no planted structure. */
    private static double[][] wide(int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ContinuousUniformSampler u = new ContinuousUniformSampler(rng, Math.log(4), Math.log(300));
        double[] w = new double[n];
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(u.sample());
            h[i] = Math.exp(u.sample());
        }
        return new double[][] {w, h};
    }

    @Property(tries = 30)
    void sortedByAreaWithMeanIouInUnitInterval(
            @ForAll @IntRange(min = 1, max = 9) int k,
            @ForAll @IntRange(min = 9, max = 120) int n,
            @ForAll long seed) {
        double[][] data = wide(n, seed);
        Anchors a =
                AnchorClustering.builder()
                        .setClusters(k)
                        .optSeed(seed)
                        .build()
                        .fit(data[0], data[1]);
        assertThat(a.size()).isEqualTo(k);
        double[] w = a.widths();
        double[] h = a.heights();
        for (int j = 1; j < k; j++) {
            assertThat(w[j] * h[j]).isGreaterThanOrEqualTo(w[j - 1] * h[j - 1]);
        }
        assertThat(a.meanIou()).isBetween(0.0, 1.0);
        assertThat(a.meanIou()).isEqualTo(AnchorClustering.meanBestIou(data[0], data[1], w, h));
        // A k-means fixed point: every anchor is the mean size of the boxes nearest to it, so the
        // fit is at least as good as its own k-means++ start, and better than one anchor alone.
        if (a.converged()) {
            for (int j = 0; j < k; j++) {
                double sw = 0;
                double sh = 0;
                int c = 0;
                for (int i = 0; i < n; i++) {
                    if (nearest(data[0][i], data[1][i], w, h) == j) {
                        sw += data[0][i];
                        sh += data[1][i];
                        c++;
                    }
                }
                if (c > 0) {
                    assertThat(w[j]).isCloseTo(sw / c, within(1e-9 * w[j]));
                    assertThat(h[j]).isCloseTo(sh / c, within(1e-9 * h[j]));
                }
            }
        }
    }

    private static int nearest(double bw, double bh, double[] w, double[] h) {
        int best = 0;
        for (int j = 1; j < w.length; j++) {
            if (BoxIou.ofSizes(bw, bh, w[j], h[j]) > BoxIou.ofSizes(bw, bh, w[best], h[best])) {
                best = j;
            }
        }
        return best;
    }
}
