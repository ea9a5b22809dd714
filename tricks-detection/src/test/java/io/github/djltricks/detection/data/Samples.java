/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random detection samples for property tests: RGB images of random size with pixels in [0, 255]
 * and random valid boxes whose corners lie on a 1/64-pixel grid (exact in float, so geometric
 * identities can be checked exactly).
 */
public final class Samples {

    private Samples() {}

    /**
     * Returns a random sample.
     *
     * @param seed the seed of its content
     * @param height the height
     * @param width the width
     * @param boxes the number of boxes
     * @return the sample
     */
    public static DetectionSample random(long seed, int height, int width, int boxes) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] image = new float[3 * height * width];
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextInt(256) + (r.nextBoolean() ? 0.5f : 0f);
        }
        float[][] b = new float[boxes][];
        int[] ids = new int[boxes];
        for (int i = 0; i < boxes; i++) {
            int ax = r.nextInt(64 * width);
            int bx = ax + 1 + r.nextInt(64 * width - ax);
            int ay = r.nextInt(64 * height);
            int by = ay + 1 + r.nextInt(64 * height - ay);
            b[i] = new float[] {ax / 64f, ay / 64f, bx / 64f, by / 64f};
            ids[i] = r.nextInt(20);
        }
        return DetectionSample.of(image, 3, height, width, b, ids);
    }

    /**
     * Returns an arbitrary sample of side lengths in [1, maxSide] with 0 to {@code maxBoxes} boxes.
     *
     * @param maxSide the largest height and width
     * @param maxBoxes the most boxes
     * @return the arbitrary
     */
    public static Arbitrary<DetectionSample> samples(int maxSide, int maxBoxes) {
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.integers().between(1, maxSide),
                        Arbitraries.integers().between(1, maxSide),
                        Arbitraries.integers().between(0, maxBoxes))
                .as(Samples::random);
    }

    /**
     * Checks that every box of the sample lies inside its image with positive area.
     *
     * @param s the sample
     * @return whether all boxes are valid
     */
    public static boolean boxesValid(DetectionSample s) {
        for (float[] b : s.boxes()) {
            if (!(b[0] >= 0
                    && b[1] >= 0
                    && b[2] <= s.width()
                    && b[3] <= s.height()
                    && b[2] - b[0] > 0
                    && b[3] - b[1] > 0)) {
                return false;
            }
        }
        return true;
    }
}
