/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.mosaic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.Samples;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class MosaicTest {

    /** Four random samples whose class ids say which sample (k) and which box (i) they are. */
    private static List<DetectionSample> labelled(long seed, int[] heights, int[] widths, int n) {
        List<DetectionSample> out = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            DetectionSample s = Samples.random(seed + k, heights[k], widths[k], n);
            int[] ids = new int[s.boxCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 100 * k + i;
            }
            out.add(s.withBoxes(s.boxes(), ids, s.weights()));
        }
        return out;
    }

    /** The part of sample k kept on the canvas, written from the class comment: x1, y1, x2, y2. */
    private static int[] kept(DetectionSample s, int k, int xc, int yc, int w, int h) {
        boolean left = k % 2 == 0;
        boolean top = k < 2;
        return new int[] {
            left ? Math.max(0, xc - s.width()) : xc,
            top ? Math.max(0, yc - s.height()) : yc,
            left ? xc : Math.min(w, xc + s.width()),
            top ? yc : Math.min(h, yc + s.height())
        };
    }

    @Property(tries = 200)
    void everyBoxLiesInsideTheCanvasAndTheKeptPartOfItsSourceAndPixelsComeFromThere(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 24) int h0,
            @ForAll @IntRange(min = 1, max = 24) int w0,
            @ForAll @IntRange(min = 1, max = 30) int h1,
            @ForAll @IntRange(min = 1, max = 30) int w1,
            @ForAll @IntRange(min = 0, max = 1000) int cx,
            @ForAll @IntRange(min = 0, max = 1000) int cy,
            @ForAll @IntRange(min = 0, max = 6) int boxes) {
        int[] heights = {h0, h1, h0, h1};
        int[] widths = {w0, w1, w1, w0};
        List<DetectionSample> in = labelled(seed, heights, widths, boxes);
        int xc = cx * w0 / 1000;
        int yc = cy * h0 / 1000;
        Mosaic mosaic = Mosaic.builder().optMinSide(0).optMinVisible(0).optFill(-1).build();
        DetectionSample out = mosaic.tile(in, xc, yc);
        assertThat(out.height()).isEqualTo(h0);
        assertThat(out.width()).isEqualTo(w0);
        assertThat(Samples.boxesValid(out)).isTrue();
        for (int j = 0; j < out.boxCount(); j++) {
            int k = out.classIds()[j] / 100;
            int i = out.classIds()[j] % 100;
            DetectionSample src = in.get(k);
            int[] keep = kept(src, k, xc, yc, w0, h0);
            float[] b = out.boxes()[j];
            assertThat(b[0]).isGreaterThanOrEqualTo(keep[0]);
            assertThat(b[1]).isGreaterThanOrEqualTo(keep[1]);
            assertThat(b[2]).isLessThanOrEqualTo(keep[2]);
            assertThat(b[3]).isLessThanOrEqualTo(keep[3]);
            // the box is its source box moved by the image's offset and clipped
            int ox = k % 2 == 0 ? xc - src.width() : xc;
            int oy = k < 2 ? yc - src.height() : yc;
            float[] o = src.boxes()[i];
            assertThat(b[0]).isEqualTo(Math.max(o[0] + ox, keep[0]));
            assertThat(b[3]).isEqualTo(Math.min(o[3] + oy, keep[3]));
            assertThat(out.weights()[j]).isEqualTo(src.weights()[i]);
        }
        // every pixel comes from the one source whose kept part covers it, or is the fill
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h0; y++) {
                for (int x = 0; x < w0; x++) {
                    float expected = -1;
                    for (int k = 0; k < 4; k++) {
                        DetectionSample src = in.get(k);
                        int[] keep = kept(src, k, xc, yc, w0, h0);
                        if (x >= keep[0] && x < keep[2] && y >= keep[1] && y < keep[3]) {
                            int ox = k % 2 == 0 ? xc - src.width() : xc;
                            int oy = k < 2 ? yc - src.height() : yc;
                            expected =
                                    src.image()[
                                            (ch * src.height() + y - oy) * src.width() + x - ox];
                        }
                    }
                    assertThat(out.image()[(ch * h0 + y) * w0 + x]).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aCentreAtTheBottomRightCornerGivesTheFirstImageAndItsBoxes() {
        List<DetectionSample> in =
                labelled(3, new int[] {20, 20, 20, 20}, new int[] {30, 30, 30, 30}, 5);
        DetectionSample out = Mosaic.builder().optMinSide(0).build().tile(in, 30, 20);
        assertThat(out).isEqualTo(in.get(0));
    }

    @Test
    void sameImagesOfTheCanvasSizeLeaveNoPixelEmpty() {
        List<DetectionSample> in =
                labelled(5, new int[] {16, 16, 16, 16}, new int[] {16, 16, 16, 16}, 3);
        for (long seed = 0; seed < 20; seed++) {
            DetectionSample out =
                    Mosaic.builder()
                            .optFill(-7)
                            .build()
                            .mix(in, RandomSource.SPLIT_MIX_64.create(seed));
            for (float v : out.image()) {
                assertThat(v).isNotEqualTo(-7f);
            }
        }
    }

    @Test
    void dropsBoxesThatKeepLessThanTheirMinimumSideOrArea() {
        float[] image = new float[3 * 10 * 10];
        DetectionSample a =
                DetectionSample.of(
                        image,
                        3,
                        10,
                        10,
                        new float[][] {{0, 0, 10, 10}, {8.5f, 0, 10, 10}, {0, 0, 10, 1}},
                        new int[] {0, 1, 2});
        DetectionSample blank = DetectionSample.of(image, 3, 10, 10, new float[0][], new int[0]);
        List<DetectionSample> in = List.of(a, blank, blank, blank);
        // centre (9, 9): the first image loses its last column and row
        DetectionSample out = Mosaic.builder().optMinSide(2).build().tile(in, 9, 9);
        assertThat(out.classIds()).containsExactly(0); // box 1 is 0.5 px wide, box 2 0 px high
        assertThat(out.boxes()[0]).containsExactly(0, 0, 9, 9);
        DetectionSample strict = Mosaic.builder().optMinVisible(0.9).build().tile(in, 9, 9);
        assertThat(strict.classIds()).isEmpty(); // 81 of 100 px kept < 0.9
    }

    @Test
    void theSameGeneratorStateGivesTheSameMosaicAndTheCentreStaysInItsRange() {
        List<DetectionSample> in =
                labelled(9, new int[] {40, 40, 40, 40}, new int[] {40, 40, 40, 40}, 4);
        Mosaic mosaic = Mosaic.builder().optCentreRange(0.25, 0.75).build();
        DetectionSample a = mosaic.mix(in, RandomSource.SPLIT_MIX_64.create(11));
        DetectionSample b = mosaic.mix(in, RandomSource.SPLIT_MIX_64.create(11));
        DetectionSample c = mosaic.mix(in, RandomSource.SPLIT_MIX_64.create(12));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        // a zero-width range puts the centre exactly at that fraction
        DetectionSample half =
                Mosaic.builder()
                        .optCentreRange(0.5, 0.5)
                        .build()
                        .mix(in, RandomSource.SPLIT_MIX_64.create(1));
        assertThat(half).isEqualTo(mosaic.tile(in, 20, 20));
    }

    @Test
    void switchesOffForTheLastEpochs() {
        Mosaic mosaic = Mosaic.builder().optOffForLastEpochs(10, 2).build();
        assertThat(mosaic.sampleCount()).isEqualTo(4);
        assertThat(mosaic.isActive(7)).isTrue();
        assertThat(mosaic.isActive(8)).isFalse();
    }

    @Test
    void rejectsBadInputNamingTheParameter() {
        assertThatThrownBy(() -> Mosaic.builder().optCentreRange(0.8, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low=0.8");
        assertThatThrownBy(() -> Mosaic.builder().optMinSide(-1).build())
                .hasMessageContaining("minSide=-1");
        assertThatThrownBy(() -> Mosaic.builder().optMinVisible(1.5).build())
                .hasMessageContaining("minVisible=1.5");
        assertThatThrownBy(() -> Mosaic.builder().optFill(Float.NaN).build())
                .hasMessageContaining("fill=NaN");
        assertThatThrownBy(() -> Mosaic.builder().optOffForLastEpochs(5, 6))
                .hasMessageContaining("lastEpochs=6");
        List<DetectionSample> three =
                labelled(1, new int[] {4, 4, 4, 4}, new int[] {4, 4, 4, 4}, 1).subList(0, 3);
        assertThatThrownBy(
                        () ->
                                Mosaic.builder()
                                        .build()
                                        .mix(three, RandomSource.SPLIT_MIX_64.create(1)))
                .hasMessageContaining("samples.size()=3");
        List<DetectionSample> four = labelled(1, new int[] {4, 4, 4, 4}, new int[] {4, 4, 4, 4}, 1);
        assertThatThrownBy(() -> Mosaic.builder().build().tile(four, 5, 0))
                .hasMessageContaining("(5, 0)");
    }
}
