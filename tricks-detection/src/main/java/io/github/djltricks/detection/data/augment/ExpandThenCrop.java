/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A {@link RandomExpand} immediately followed by a {@link RandomCrop}, computed without building
 * the expanded canvas: the crop window is drawn on the canvas's boxes and size, and only the
 * window's pixels are made (fill where it lies off the image). The generator is consumed in the
 * same order, so the result is identical to applying the two in turn; {@link AugmentationPipeline}
 * uses it for such a pair. It saves writing a canvas of up to {@code maxRatio²} times the image.
 */
final class ExpandThenCrop {

    private ExpandThenCrop() {}

    static DetectionSample apply(
            RandomExpand expand, RandomCrop crop, DetectionSample s, UniformRandomProvider rng) {
        int[] canvas = expand.drawCanvas(s, rng);
        if (canvas == null) {
            return crop.apply(s, rng);
        }
        int oh = canvas[0];
        int ow = canvas[1];
        int offY = canvas[2];
        int offX = canvas[3];
        float[] fill = expand.fillFor(s.channels());
        float[][] boxes = RandomExpand.translate(s.boxes(), offX, offY);
        int[] win = crop.sampleWindow(boxes, oh, ow, rng);
        if (win == null) {
            return RandomExpand.expand(s, oh, ow, offY, offX, fill);
        }
        int left = win[0];
        int top = win[1];
        int cw = win[2];
        int ch = win[3];
        int h = s.height();
        int w = s.width();
        float[] src = s.image();
        float[] dst = new float[s.channels() * ch * cw];
        // columns [a, b) of the window show the image, the rest is fill
        int a = Math.min(Math.max(offX - left, 0), cw);
        int b = Math.min(Math.max(offX + w - left, 0), cw);
        for (int k = 0; k < s.channels(); k++) {
            for (int y = 0; y < ch; y++) {
                int row = (k * ch + y) * cw;
                int sy = top + y - offY;
                if (sy < 0 || sy >= h || a >= b) {
                    Arrays.fill(dst, row, row + cw, fill[k]);
                    continue;
                }
                Arrays.fill(dst, row, row + a, fill[k]);
                System.arraycopy(src, (k * h + sy) * w + left + a - offX, dst, row + a, b - a);
                Arrays.fill(dst, row + b, row + cw, fill[k]);
            }
        }
        return s.transformed(dst, ch, cw, RandomCrop.cropBoxes(boxes, left, top, cw, ch));
    }
}
