/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.data;

import io.github.djltricks.detection.data.DetectionSample;
import io.github.djltricks.detection.data.DetectionSource;
import io.github.djltricks.detection.data.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A synthetic detection data set made from Fashion-MNIST: each sample is a square RGB canvas with a
 * textured background and a few Fashion-MNIST items pasted on it, each with a tight box and its
 * Fashion-MNIST label as class id (0..9, see {@link FashionMnist#CLASS_NAMES}).
 *
 * <p>Canvas {@code i} is a pure function of the seed, {@code i} and the source split: its random
 * draws come from {@link Seeds#of(long...) Seeds.of(seed, i)}, so samples can be read in any order
 * and on any thread. Nothing is cached; a 96-pixel canvas takes well under a millisecond.
 *
 * <ul>
 *   <li>Background: two random colours blended by a smooth field, the product of two random plane
 *       waves of low frequency (stripes and blobs).
 *   <li>Items: {@code n} uniform in {@code [minObjects, maxObjects]}; each takes a uniformly drawn
 *       image of the source, resized bilinearly (half-pixel centres) to a side uniform in {@code
 *       [minScale, maxScale]}, and a colour {@code c}: of {@link #COLOUR_TRIES} uniform RGB
 *       colours, the farthest (Euclidean) from the mean colour under the item. Its grey value
 *       {@code a} in [0, 1] is the alpha: {@code pixel = (1 − a)·background + a·c·(0.4 + 0.6·a)},
 *       so the garment keeps its shading. Items are painted in order, later ones on top.
 *   <li>Boxes: the tight box of the resized item's pixels with {@code a > } {@link #THRESHOLD}, not
 *       its square frame; an item with no such pixel is skipped. A position (uniform, item inside
 *       the canvas) is redrawn up to {@link #TRIES} times while the new box would cover more than
 *       {@link #MAX_COVER} of an earlier box's area; after that the item is dropped.
 * </ul>
 *
 * <p>Pixels are on the 0–255 scale, as {@link DetectionSample} expects; boxes are {@code (x1, y1,
 * x2, y2)} in pixels with integer corners.
 */
public final class FashionMnistDetection implements DetectionSource {

    /** Alpha above which an item pixel belongs to its tight box. */
    public static final float THRESHOLD = 0.1f;

    /** Largest fraction of an earlier box's area a later box may cover. */
    public static final double MAX_COVER = 0.5;

    /** Positions drawn for an item before it is dropped. */
    public static final int TRIES = 10;

    /** Random colours drawn per item; the one farthest from the mean colour under it is kept. */
    public static final int COLOUR_TRIES = 4;

    private static final int SIDE = FashionMnist.SIDE;

    private final FashionMnist source;
    private final int sourceSize;
    private final int size;
    private final int canvas;
    private final int minObjects;
    private final int maxObjects;
    private final int minScale;
    private final int maxScale;
    private final long seed;

    private FashionMnistDetection(Builder b, int sourceSize, int size) {
        this.source = b.source;
        this.sourceSize = sourceSize;
        this.size = size;
        this.canvas = b.canvas;
        this.minObjects = b.minObjects;
        this.maxObjects = b.maxObjects;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.seed = b.seed;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the canvas side in pixels.
     *
     * @return the canvas size
     */
    public int canvasSize() {
        return canvas;
    }

    /** {@inheritDoc} */
    @Override
    public int size() {
        return size;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IOException if the Fashion-MNIST files cannot be read
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
     */
    @Override
    public DetectionSample get(int index) throws IOException {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index must be in [0, " + size + "), got " + index);
        }
        UniformRandomProvider rng = Seeds.of(seed, index);
        int plane = canvas * canvas;
        float[] image = new float[3 * plane];
        background(rng, image);
        List<Item> items = layout(rng);
        float[][] boxes = new float[items.size()][];
        int[] ids = new int[items.size()];
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            paint(rng, it, image);
            boxes[k] = it.box();
            ids[k] = it.label;
        }
        return DetectionSample.of(image, 3, canvas, canvas, boxes, ids);
    }

    /**
     * Writes all canvases in the COCO layout {@link
     * io.github.djltricks.detection.data.coco.CocoDetection} reads, with the Fashion-MNIST class
     * names as categories (see {@link CocoWriter#write}).
     *
     * @param directory the output folder
     * @throws IOException if a canvas cannot be made or a file cannot be written
     */
    public void writeCoco(Path directory) throws IOException {
        CocoWriter.write(this, FashionMnist.CLASS_NAMES, directory);
    }

    /**
     * Returns the items canvas {@code index} holds, in painting order, with their alpha masks and
     * positions (for tests and inspection; {@link #get(int)} draws the same ones).
     *
     * @param index the canvas index
     * @return the placed items
     * @throws IOException if the Fashion-MNIST files cannot be read
     */
    List<Item> items(int index) throws IOException {
        UniformRandomProvider rng = Seeds.of(seed, index);
        background(rng, new float[3 * canvas * canvas]);
        return layout(rng);
    }

    /** Fills {@code image} with the background. */
    private void background(UniformRandomProvider rng, float[] image) {
        float[] c0 = new float[3];
        float[] c1 = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            c0[ch] = 255f * rng.nextFloat();
            c1[ch] = 255f * rng.nextFloat();
        }
        // blend field f = 0.5 + 0.3·s1 + 0.2·s1·s2 of two plane waves s = sin(a·x + b·y + p),
        // each expanded as sin(a·x + p)·cos(b·y) + cos(a·x + p)·sin(b·y): no per-pixel sine.
        double[][] wx = new double[2][];
        double[][] wxc = new double[2][];
        double[][] wy = new double[2][];
        double[][] wyc = new double[2][];
        for (int w = 0; w < 2; w++) {
            double freq = (0.5 + 2.5 * rng.nextDouble()) * 2 * Math.PI / canvas;
            double angle = Math.PI * rng.nextDouble();
            double a = freq * Math.cos(angle);
            double b = freq * Math.sin(angle);
            double p = 2 * Math.PI * rng.nextDouble();
            wx[w] = new double[canvas];
            wxc[w] = new double[canvas];
            wy[w] = new double[canvas];
            wyc[w] = new double[canvas];
            for (int t = 0; t < canvas; t++) {
                wx[w][t] = Math.sin(a * t + p);
                wxc[w][t] = Math.cos(a * t + p);
                wy[w][t] = Math.cos(b * t);
                wyc[w][t] = Math.sin(b * t);
            }
        }
        int plane = canvas * canvas;
        for (int y = 0; y < canvas; y++) {
            for (int x = 0; x < canvas; x++) {
                double s1 = wx[0][x] * wy[0][y] + wxc[0][x] * wyc[0][y];
                double s2 = wx[1][x] * wy[1][y] + wxc[1][x] * wyc[1][y];
                float f = (float) (0.5 + 0.3 * s1 + 0.2 * s1 * s2);
                int p = y * canvas + x;
                image[p] = c0[0] + f * (c1[0] - c0[0]);
                image[plane + p] = c0[1] + f * (c1[1] - c0[1]);
                image[2 * plane + p] = c0[2] + f * (c1[2] - c0[2]);
            }
        }
    }

    private List<Item> layout(UniformRandomProvider rng) throws IOException {
        int n = minObjects + rng.nextInt(maxObjects - minObjects + 1);
        List<Item> items = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int src = rng.nextInt(sourceSize);
            int side = minScale + rng.nextInt(maxScale - minScale + 1);
            float[] alpha = resize(source.image(src), SIDE, side);
            int[] tight = tightBox(alpha, side, THRESHOLD);
            // draw the positions even for a skipped item, so the draws stay aligned
            int[] pos = new int[2 * TRIES];
            for (int t = 0; t < TRIES; t++) {
                pos[2 * t] = rng.nextInt(canvas - side + 1);
                pos[2 * t + 1] = rng.nextInt(canvas - side + 1);
            }
            if (tight == null) {
                continue;
            }
            for (int t = 0; t < TRIES; t++) {
                Item it =
                        new Item(
                                source.label(src),
                                src,
                                side,
                                pos[2 * t],
                                pos[2 * t + 1],
                                alpha,
                                tight);
                if (fits(it.box(), items)) {
                    items.add(it);
                    break;
                }
            }
        }
        return items;
    }

    private static boolean fits(float[] box, List<Item> earlier) {
        for (Item e : earlier) {
            float[] b = e.box();
            double iw = Math.min(box[2], b[2]) - Math.max(box[0], b[0]);
            double ih = Math.min(box[3], b[3]) - Math.max(box[1], b[1]);
            if (iw > 0 && ih > 0) {
                double area = (double) (b[2] - b[0]) * (b[3] - b[1]);
                if (iw * ih > MAX_COVER * area) {
                    return false;
                }
            }
        }
        return true;
    }

    private void paint(UniformRandomProvider rng, Item it, float[] image) {
        int plane = canvas * canvas;
        int side = it.side;
        // the mean colour under the item's frame, so that the item's colour stands out from it
        double[] under = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < side; y++) {
                int row = ch * plane + (it.y0 + y) * canvas + it.x0;
                for (int x = 0; x < side; x++) {
                    under[ch] += image[row + x];
                }
            }
            under[ch] /= (double) side * side;
        }
        float[] c = new float[3];
        double best = -1;
        for (int t = 0; t < COLOUR_TRIES; t++) {
            float[] d = {255f * rng.nextFloat(), 255f * rng.nextFloat(), 255f * rng.nextFloat()};
            double dist = 0;
            for (int ch = 0; ch < 3; ch++) {
                dist += (d[ch] - under[ch]) * (d[ch] - under[ch]);
            }
            if (dist > best) {
                best = dist;
                c = d;
            }
        }
        for (int y = 0; y < side; y++) {
            int row = (it.y0 + y) * canvas + it.x0;
            for (int x = 0; x < side; x++) {
                float a = it.alpha[y * side + x];
                if (a <= 0f) {
                    continue;
                }
                float shade = a * (0.4f + 0.6f * a);
                int p = row + x;
                for (int ch = 0; ch < 3; ch++) {
                    int q = ch * plane + p;
                    image[q] = (1f - a) * image[q] + shade * c[ch];
                }
            }
        }
    }

    /**
     * Resizes a square grey image bilinearly, sampling at pixel centres ({@code src = (dst + 0.5) ·
     * in / out − 0.5}, clamped to the edge), as {@code torch.nn.functional.interpolate(mode =
     * "bilinear", align_corners = False)}.
     *
     * @param in the {@code from × from} values, row-major
     * @param from the input side
     * @param to the output side, {@code >= 1}
     * @return the {@code to × to} values
     */
    static float[] resize(float[] in, int from, int to) {
        int[] i0 = new int[to];
        int[] i1 = new int[to];
        float[] w = new float[to];
        double scale = (double) from / to;
        for (int d = 0; d < to; d++) {
            double s = Math.max(0, (d + 0.5) * scale - 0.5);
            int lo = Math.min((int) s, from - 1);
            i0[d] = lo;
            i1[d] = Math.min(lo + 1, from - 1);
            w[d] = (float) (s - lo);
        }
        float[] out = new float[to * to];
        for (int y = 0; y < to; y++) {
            int r0 = i0[y] * from;
            int r1 = i1[y] * from;
            float wy = w[y];
            for (int x = 0; x < to; x++) {
                float wx = w[x];
                float top = in[r0 + i0[x]] + wx * (in[r0 + i1[x]] - in[r0 + i0[x]]);
                float bottom = in[r1 + i0[x]] + wx * (in[r1 + i1[x]] - in[r1 + i0[x]]);
                out[y * to + x] = top + wy * (bottom - top);
            }
        }
        return out;
    }

    /**
     * Returns the tight box of the pixels above a threshold: {@code (x1, y1, x2, y2)} with the
     * smallest and one past the largest column and row holding such a pixel, or {@code null} when
     * none does.
     *
     * @param alpha the {@code side × side} values, row-major
     * @param side the side
     * @param threshold the threshold (exclusive)
     * @return the box in pixel units, or {@code null}
     */
    static int[] tightBox(float[] alpha, int side, float threshold) {
        int x1 = side;
        int y1 = side;
        int x2 = -1;
        int y2 = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (alpha[y * side + x] > threshold) {
                    x1 = Math.min(x1, x);
                    x2 = Math.max(x2, x);
                    y1 = Math.min(y1, y);
                    y2 = Math.max(y2, y);
                }
            }
        }
        return x2 < 0 ? null : new int[] {x1, y1, x2 + 1, y2 + 1};
    }

    /** One placed item: its source, side, top-left corner, alpha mask and tight box. */
    static final class Item {
        final int label;
        final int sourceIndex;
        final int side;
        final int x0;
        final int y0;
        final float[] alpha;
        final int[] tight;

        Item(int label, int sourceIndex, int side, int x0, int y0, float[] alpha, int[] tight) {
            this.label = label;
            this.sourceIndex = sourceIndex;
            this.side = side;
            this.x0 = x0;
            this.y0 = y0;
            this.alpha = alpha;
            this.tight = tight;
        }

        float[] box() {
            return new float[] {x0 + tight[0], y0 + tight[1], x0 + tight[2], y0 + tight[3]};
        }
    }

    /** Builds a {@link FashionMnistDetection}. */
    public static final class Builder {

        private FashionMnist source;
        private int size = -1;
        private boolean sizeSet;
        private int canvas = 96;
        private int minObjects = 1;
        private int maxObjects = 4;
        private int minScale = 20;
        private int maxScale = 56;
        private long seed;

        private Builder() {}

        /**
         * Sets the Fashion-MNIST split the items are drawn from (its files are read on first use).
         *
         * @param source the split
         * @return this builder
         */
        public Builder setSource(FashionMnist source) {
            this.source = source;
            return this;
        }

        /**
         * Sets the number of canvases (default: the source's size).
         *
         * @param size {@code >= 0}
         * @return this builder
         */
        public Builder optSize(int size) {
            this.size = size;
            this.sizeSet = true;
            return this;
        }

        /**
         * Sets the canvas side in pixels.
         *
         * @param canvasSize {@code >= 1}, default 96
         * @return this builder
         */
        public Builder optCanvasSize(int canvasSize) {
            this.canvas = canvasSize;
            return this;
        }

        /**
         * Sets the range of the number of items drawn per canvas (fewer may be kept, see the class
         * documentation).
         *
         * @param min {@code >= 0}, default 1
         * @param max {@code >= max(min, 1)}, default 4
         * @return this builder
         */
        public Builder optObjects(int min, int max) {
            this.minObjects = min;
            this.maxObjects = max;
            return this;
        }

        /**
         * Sets the range of an item's side in pixels after resizing.
         *
         * @param min {@code >= 1}, default 20
         * @param max {@code >= min} and {@code <=} the canvas size, default 56
         * @return this builder
         */
        public Builder optScale(int min, int max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks the settings and reads the source's files if not yet read.
         *
         * @return the data set
         * @throws IllegalArgumentException if a setting is out of range or the source is missing or
         *     empty
         * @throws IllegalStateException if the source's files cannot be read
         */
        public FashionMnistDetection build() {
            if (source == null) {
                throw new IllegalArgumentException("source must be set with setSource, got null");
            }
            if (canvas < 1) {
                throw new IllegalArgumentException("canvasSize must be >= 1, got " + canvas);
            }
            if (minObjects < 0 || maxObjects < Math.max(minObjects, 1)) {
                throw new IllegalArgumentException(
                        "objects must satisfy 0 <= min <= max and max >= 1, got min="
                                + minObjects
                                + ", max="
                                + maxObjects);
            }
            if (minScale < 1 || maxScale < minScale || maxScale > canvas) {
                throw new IllegalArgumentException(
                        "scale must satisfy 1 <= min <= max <= canvasSize="
                                + canvas
                                + ", got min="
                                + minScale
                                + ", max="
                                + maxScale);
            }
            if (sizeSet && size < 0) {
                throw new IllegalArgumentException("size must be >= 0, got " + size);
            }
            int sourceSize = Math.toIntExact(source.size());
            if (sourceSize < 1) {
                throw new IllegalArgumentException("source must hold >= 1 image, got 0");
            }
            return new FashionMnistDetection(this, sourceSize, sizeSet ? size : sourceSize);
        }
    }
}
