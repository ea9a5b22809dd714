/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.dataset.Dataset;
import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.coco.CocoDetection;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic detection set: determinism, tight boxes, labels, counts, COCO round trip. */
class FashionMnistDetectionTest {

    private static final int IMAGES = 40;

    @TempDir Path dir;

    private FashionMnist train;

    /**
     * Writes a tiny split: image i is a filled ellipse of grey 40 + 5·i on black, of a size and
     * place depending on i, except every 13th image, which is blank; label i mod 10.
     */
    @BeforeEach
    void writeSplit() throws IOException {
        String[] names = FashionMnist.fileNames(Dataset.Usage.TRAIN);
        try (DataOutputStream out =
                new DataOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(dir.resolve(names[0]))))) {
            out.writeInt(2051);
            out.writeInt(IMAGES);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < IMAGES; i++) {
                byte[] image = new byte[28 * 28];
                if (i % 13 != 12) {
                    double cx = 8 + i % 12;
                    double cy = 9 + (i * 7) % 10;
                    double rx = 3 + i % 5;
                    double ry = 4 + (i * 3) % 5;
                    for (int y = 0; y < 28; y++) {
                        for (int x = 0; x < 28; x++) {
                            double u = (x - cx) / rx;
                            double v = (y - cy) / ry;
                            if (u * u + v * v <= 1) {
                                image[y * 28 + x] = (byte) (40 + 5 * i);
                            }
                        }
                    }
                }
                out.write(image);
            }
        }
        try (DataOutputStream out =
                new DataOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(dir.resolve(names[1]))))) {
            out.writeInt(2049);
            out.writeInt(IMAGES);
            for (int i = 0; i < IMAGES; i++) {
                out.writeByte(i % 10);
            }
        }
        train = source();
    }

    private FashionMnist source() {
        return FashionMnist.builder()
                .optDirectory(dir)
                .optUsage(Dataset.Usage.TRAIN)
                .optDownload(false)
                .setSampling(1, false)
                .build();
    }

    private FashionMnistDetection.Builder builder() {
        return FashionMnistDetection.builder().setSource(source()).optSize(60).optSeed(7);
    }

    private static DetectionSample get(FashionMnistDetection d, int i) {
        try {
            return d.get(i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sameSeedGivesTheSameSamplesInAnyOrderAndOnAnyThread() {
        FashionMnistDetection a = builder().build();
        FashionMnistDetection b = builder().build();
        List<DetectionSample> forward = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            forward.add(get(a, i));
        }
        DetectionSample[] parallel = new DetectionSample[b.size()];
        IntStream.range(0, b.size())
                .map(i -> b.size() - 1 - i)
                .parallel()
                .forEach(i -> parallel[i] = get(b, i));
        assertThat(parallel).containsExactlyElementsOf(forward);
        assertThat(get(a, 5)).isEqualTo(forward.get(5));
    }

    @Test
    void differentSeedOrIndexGivesDifferentSamples() {
        FashionMnistDetection a = builder().build();
        FashionMnistDetection b = builder().optSeed(8).build();
        for (int i = 0; i < 10; i++) {
            assertThat(get(b, i)).isNotEqualTo(get(a, i));
            assertThat(get(a, i + 1)).isNotEqualTo(get(a, i));
        }
    }

    @Test
    void boxesAreInsideTightLabelledAndNotMostlyCovered() throws IOException {
        FashionMnistDetection d = builder().optSize(200).optObjects(1, 4).build();
        int total = 0;
        int[] perCount = new int[5];
        for (int i = 0; i < d.size(); i++) {
            DetectionSample s = d.get(i);
            List<FashionMnistDetection.Item> items = d.items(i);
            assertThat(s.boxCount()).isEqualTo(items.size()).isBetween(0, 4);
            perCount[s.boxCount()]++;
            total += s.boxCount();
            for (float v : s.image()) {
                assertThat(v).isBetween(0f, 255f);
            }
            for (int k = 0; k < items.size(); k++) {
                FashionMnistDetection.Item it = items.get(k);
                float[] box = s.boxes()[k];
                assertThat(box).containsExactly(it.box());
                assertThat(s.classIds()[k]).isEqualTo(train.label(it.sourceIndex));
                assertThat(it.sourceIndex % 13).as("blank images are skipped").isNotEqualTo(12);
                assertThat(box[0]).isGreaterThanOrEqualTo(0f).isLessThan(box[2]);
                assertThat(box[1]).isGreaterThanOrEqualTo(0f).isLessThan(box[3]);
                assertThat(box[2]).isLessThanOrEqualTo(96f);
                assertThat(box[3]).isLessThanOrEqualTo(96f);
                assertThat(it.side).isBetween(20, 56);
                assertTight(it, box);
                for (int j = 0; j < k; j++) {
                    float[] e = s.boxes()[j];
                    double iw = Math.min(box[2], e[2]) - Math.max(box[0], e[0]);
                    double ih = Math.min(box[3], e[3]) - Math.max(box[1], e[1]);
                    double cover = Math.max(0, iw) * Math.max(0, ih);
                    assertThat(cover)
                            .isLessThanOrEqualTo(0.5 * (e[2] - e[0]) * (e[3] - e[1]) + 1e-6);
                }
            }
        }
        // 1/13 of the source is blank, and some placements are dropped: most items survive
        assertThat(total).isGreaterThan((int) (0.8 * 200 * 2.5 * 12 / 13));
        for (int c = 1; c <= 4; c++) {
            assertThat(perCount[c]).as("canvases with %d boxes", c).isPositive();
        }
    }

    /** The item's pixels above the threshold touch all four edges of its box, none lies outside. */
    private static void assertTight(FashionMnistDetection.Item it, float[] box) {
        boolean left = false;
        boolean right = false;
        boolean top = false;
        boolean bottom = false;
        for (int y = 0; y < it.side; y++) {
            for (int x = 0; x < it.side; x++) {
                if (it.alpha[y * it.side + x] > FashionMnistDetection.THRESHOLD) {
                    int cx = it.x0 + x;
                    int cy = it.y0 + y;
                    assertThat(cx).isBetween((int) box[0], (int) box[2] - 1);
                    assertThat(cy).isBetween((int) box[1], (int) box[3] - 1);
                    left |= cx == box[0];
                    right |= cx == box[2] - 1;
                    top |= cy == box[1];
                    bottom |= cy == box[3] - 1;
                }
            }
        }
        assertThat(new boolean[] {left, top, right, bottom}).containsOnly(true);
    }

    @Test
    void tightBoxFindsTheExtremePixelsAndNullWhenBlank() {
        float[] a = new float[6 * 6];
        a[1 * 6 + 2] = 0.5f;
        a[4 * 6 + 3] = 0.2f;
        a[3 * 6 + 5] = 0.11f;
        a[0] = 0.1f; // at the threshold: excluded
        assertThat(FashionMnistDetection.tightBox(a, 6, 0.1f)).containsExactly(2, 1, 6, 5);
        assertThat(FashionMnistDetection.tightBox(new float[36], 6, 0.1f)).isNull();
    }

    @Test
    void resizeSamplesAtPixelCentres() {
        // torch.nn.functional.interpolate([[1, 3], [5, 7]], size=4, mode='bilinear',
        // align_corners=False) rows: [1, 1.5, 2.5, 3], ..., by the half-pixel rule
        float[] out = FashionMnistDetection.resize(new float[] {1, 3, 5, 7}, 2, 4);
        assertThat(out)
                .containsExactly(
                        new float[] {
                            1, 1.5f, 2.5f, 3, 2, 2.5f, 3.5f, 4, 4, 4.5f, 5.5f, 6, 5, 5.5f, 6.5f, 7
                        },
                        within(1e-6f));
        float[] same = new float[28 * 28];
        for (int i = 0; i < same.length; i++) {
            same[i] = (i * 37 % 101) / 100f;
        }
        assertThat(FashionMnistDetection.resize(same, 28, 28)).containsExactly(same);
    }

    @Test
    void sizeAndObjectCountAreConfigurable() throws IOException {
        assertThat(FashionMnistDetection.builder().setSource(source()).build().size())
                .isEqualTo(IMAGES);
        FashionMnistDetection d =
                builder().optSize(25).optObjects(3, 3).optCanvasSize(64).optScale(12, 20).build();
        assertThat(d.size()).isEqualTo(25);
        assertThat(d.canvasSize()).isEqualTo(64);
        int three = 0;
        for (int i = 0; i < d.size(); i++) {
            DetectionSample s = d.get(i);
            assertThat(s.height()).isEqualTo(64);
            assertThat(s.width()).isEqualTo(64);
            assertThat(s.channels()).isEqualTo(3);
            assertThat(s.boxCount()).isBetween(0, 3);
            three += s.boxCount() == 3 ? 1 : 0;
        }
        assertThat(three).isGreaterThan(10);
        assertThat(builder().optSize(0).build().size()).isZero();
        assertThatThrownBy(() -> d.get(25)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void cocoRoundTripKeepsBoxesClassesAndPixels() throws IOException {
        FashionMnistDetection d = builder().optSize(6).build();
        Path out = dir.resolve("coco");
        d.writeCoco(out);
        CocoDetection read =
                CocoDetection.builder()
                        .setAnnotationFile(out.resolve(CocoWriter.ANNOTATIONS))
                        .setImageDirectory(out.resolve(CocoWriter.IMAGES))
                        .build();
        assertThat(read.size()).isEqualTo(6);
        assertThat(read.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        for (int i = 0; i < 6; i++) {
            DetectionSample a = d.get(i);
            DetectionSample b = read.get(i);
            assertThat(b.height()).isEqualTo(96);
            assertThat(b.width()).isEqualTo(96);
            assertThat(b.boxes()).isDeepEqualTo(a.boxes());
            assertThat(b.classIds()).containsExactly(a.classIds());
            for (int p = 0; p < a.image().length; p++) {
                assertThat(b.image()[p]).isCloseTo(a.image()[p], within(0.5f));
            }
        }
    }

    @Test
    void badArgumentsNameParameterValueAndRange() {
        check(b -> b.optCanvasSize(0), "canvasSize", "0", ">= 1");
        check(b -> b.optObjects(3, 2), "objects", "min=3", "max=2");
        check(b -> b.optObjects(-1, 2), "objects", "min=-1", "0 <= min");
        check(b -> b.optScale(30, 20), "scale", "min=30", "min <= max");
        check(b -> b.optScale(0, 20), "scale", "min=0", "1 <= min");
        check(b -> b.optScale(20, 97), "scale", "max=97", "canvasSize=96");
        check(b -> b.optCanvasSize(32), "scale", "max=56", "canvasSize=32");
        check(b -> b.optSize(-1), "size", "-1", ">= 0");
        assertThatThrownBy(() -> FashionMnistDetection.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source");
    }

    private void check(UnaryOperator<FashionMnistDetection.Builder> setting, String... fragments) {
        assertThatThrownBy(() -> setting.apply(builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void imageGivesRawPixelsInUnitRange() throws IOException {
        float[] img = train.image(3);
        assertThat(img).hasSize(28 * 28);
        assertThat(img).contains(0f, (40 + 5 * 3) / 255f);
        assertThat(train.image(12)).containsOnly(0f);
    }
}
