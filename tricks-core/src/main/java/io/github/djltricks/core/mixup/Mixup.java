/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.github.djltricks.core.clock.TrainingClock;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Mixes a batch with mixup (Zhang et al. 2018, arXiv 1710.09412) or CutMix (Yun et al. 2019, arXiv
 * 1905.04899), seeded.
 *
 * <p>Over a random pairing {@code j = π(i)} of the batch (a uniform random permutation):
 *
 * <ul>
 *   <li>mixup draws {@code λ ~ Beta(α, α)} and emits {@code x̃_i = λ·x_i + (1 − λ)·x_j}, {@code ỹ_i
 *       = λ·y_i + (1 − λ)·y_j};
 *   <li>CutMix draws {@code λ ~ Beta(α_c, α_c)}, cuts a box of side ratio {@code √(1 − λ)} at a
 *       uniform random centre (clipped to the image), pastes that box of {@code x_j} into {@code
 *       x_i}, and corrects λ to the area actually kept: {@code λ = 1 − boxArea/(H·W)}, so {@code
 *       ỹ_i = λ·y_i + (1 − λ)·y_j} weighs {@code y_j} by exactly the pasted fraction.
 * </ul>
 *
 * <p>With probability {@code probability} a batch (or, in {@link MixMode#SAMPLE}, a sample) is
 * mixed at all; when CutMix is enabled, a mixed batch uses CutMix with probability {@code
 * switchProbability} and mixup otherwise. From epoch {@code offEpoch} of its {@link #clock()} on (a
 * {@link TrainingClock} added to the training configuration) nothing is mixed, as GluonCV's
 * "no-mixup epochs" let the network finish on clean data. A batch of one sample is never mixed.
 *
 * <p>Targets are always dense rows {@code [B, K]} summing to 1, also when nothing was mixed, so the
 * loss sees one label form in training. Mixup does not smooth them: label smoothing is the loss's
 * job ({@link io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss} smooths dense rows).
 *
 * <p>Data are floating point with the batch on axis 0; CutMix takes the last two axes as height and
 * width ({@code NCHW} or {@code NHW}). λ is drawn with Apache Commons RNG's {@link
 * ChengBetaSampler}; one seeded generator drives every draw, so the same seed and the same input
 * batches give the same mixed batches.
 */
public final class Mixup {

    private final int numClasses;
    private final double mixupAlpha;
    private final double cutMixAlpha;
    private final double switchProbability;
    private final double probability;
    private final MixMode mode;
    private final int offEpoch;
    private final UniformRandomProvider rng;
    private final ContinuousSampler mixupBeta;
    private final ContinuousSampler cutMixBeta;
    private final TrainingClock clock;

    private Mixup(Builder builder) {
        this.numClasses = builder.numClasses;
        this.mixupAlpha = builder.mixupAlpha;
        this.cutMixAlpha = builder.cutMixAlpha;
        this.switchProbability = cutMixAlpha > 0 ? builder.switchProbability : 0;
        this.probability = builder.probability;
        this.mode = builder.mode;
        this.offEpoch = builder.offEpoch;
        this.clock = builder.clock != null ? builder.clock : new TrainingClock();
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(builder.seed);
        this.mixupBeta = ChengBetaSampler.of(rng, mixupAlpha, mixupAlpha);
        this.cutMixBeta =
                cutMixAlpha > 0 ? ChengBetaSampler.of(rng, cutMixAlpha, cutMixAlpha) : null;
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
     * Returns the number of classes {@code K} of the target rows.
     *
     * @return {@code K}
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the mixup α of {@code Beta(α, α)}.
     *
     * @return the mixup α
     */
    public double getMixupAlpha() {
        return mixupAlpha;
    }

    /**
     * Returns the CutMix α of {@code Beta(α, α)}, or 0 when CutMix is off.
     *
     * @return the CutMix α, or 0
     */
    public double getCutMixAlpha() {
        return cutMixAlpha;
    }

    /**
     * Returns the clock this mixer reads its epoch from: the one given to {@link Builder#optClock},
     * else its own, which must then be added to the training configuration ({@code
     * config.addTrainingListeners(mixup.clock())}).
     *
     * @return the clock
     */
    public TrainingClock clock() {
        return clock;
    }

    /**
     * Returns the current epoch of the {@link #clock()}, counted from 0.
     *
     * @return the epoch
     */
    public int getEpoch() {
        return clock.epoch();
    }

    /**
     * Returns whether mixing is on in the current epoch, that is {@code epoch < offEpoch}.
     *
     * @return whether batches are mixed now
     */
    public boolean isActive() {
        return clock.epoch() < offEpoch;
    }

    /**
     * Mixes one batch. The outputs are attached to the manager of {@code data}; intermediate arrays
     * are freed before returning. When nothing is mixed the returned data is {@code data} itself.
     *
     * @param data the batch, floating point, batch on axis 0 (for CutMix {@code [B, ..., H, W]})
     * @param labels class indices ({@code [B]} or {@code [B, 1]}, each in {@code [0, K)}) or dense
     *     target rows {@code [B, K]}
     * @return the mixed data, dense targets and the record of what was done
     * @throws IllegalArgumentException if the labels do not match the batch or the classes, or the
     *     data cannot be mixed
     */
    public synchronized MixedBatch mix(NDArray data, NDArray labels) {
        Shape shape = data.getShape();
        if (shape.dimension() < 1 || !data.getDataType().isFloating()) {
            throw new IllegalArgumentException(
                    "data must be a floating-point batch [B, ...], got "
                            + data.getDataType()
                            + " of shape "
                            + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        if (cutMixAlpha > 0 && shape.dimension() < 3) {
            throw new IllegalArgumentException(
                    "CutMix needs data [B, ..., H, W] of rank >= 3, got shape " + shape);
        }
        NDManager parent = data.getManager();
        DataType type = data.getDataType();
        try (NDManager scope = parent.newSubManager()) {
            data.tempAttach(scope);
            labels.tempAttach(scope);
            boolean dense = isDense(labels.getShape(), batch);
            long[] indices = dense ? null : classIndices(labels);

            MixKind[] kinds = new MixKind[batch];
            float[] lambdas = new float[batch];
            int[] partners = PermutationSampler.natural(batch);
            int[][] boxes = new int[batch][];
            Arrays.fill(kinds, MixKind.NONE);
            Arrays.fill(lambdas, 1f);
            if (batch > 1 && isActive()) {
                PermutationSampler.shuffle(rng, partners);
                draw(shape, kinds, lambdas, boxes);
            }
            boolean any = Arrays.stream(kinds).anyMatch(k -> k != MixKind.NONE);
            if (!any) {
                Arrays.setAll(partners, i -> i);
            }
            NDArray targets;
            if (dense && !any) {
                targets = labels.toType(type, false);
            } else {
                double[] rows =
                        dense
                                ? labels.toType(DataType.FLOAT64, false).toDoubleArray()
                                : oneHot(indices);
                targets = create(scope, mixRows(rows, lambdas, partners), batch, numClasses, type);
            }
            if (targets != labels) {
                targets.attach(parent);
            }
            if (!any) {
                return new MixedBatch(data, targets, lambdas, partners, kinds, boxes);
            }
            NDArray mixed = mixData(scope, data, kinds, lambdas, partners, boxes);
            mixed.attach(parent);
            return new MixedBatch(mixed, targets, lambdas, partners, kinds, boxes);
        }
    }

    /**
     * The mixed data: in {@link MixMode#BATCH} one λ or one box for all samples (mixup {@code λ·x +
     * (1 − λ)·x_π}, CutMix a copy of {@code x} with the box of {@code x_π} pasted), otherwise
     * per-sample weights {@code keep·x + (1 − keep)·x_π} with {@code keep} λ for mixup, 0 inside a
     * CutMix box and 1 elsewhere.
     */
    private NDArray mixData(
            NDManager scope,
            NDArray data,
            MixKind[] kinds,
            float[] lambdas,
            int[] partners,
            int[][] boxes) {
        Shape shape = data.getShape();
        NDArray order = scope.create(Arrays.stream(partners).asLongStream().toArray());
        if (mode == MixMode.BATCH && kinds[0] == MixKind.CUTMIX) {
            NDArray mixed = data.duplicate();
            int[] box = boxes[0];
            if (box[1] > box[0] && box[3] > box[2]) {
                NDIndex region =
                        new NDIndex()
                                .addAllDim(shape.dimension() - 2)
                                .addSliceDim(box[0], box[1])
                                .addSliceDim(box[2], box[3]);
                mixed.set(region, rows(data.get(region), order));
            }
            return mixed;
        }
        NDArray other = rows(data, order);
        if (mode == MixMode.BATCH) {
            float lambda = lambdas[0];
            return other.muli(1 - lambda).addi(data.mul(lambda));
        }
        NDArray keep = keepWeights(scope, shape, kinds, lambdas, boxes, false, data.getDataType());
        NDArray paste = keepWeights(scope, shape, kinds, lambdas, boxes, true, data.getDataType());
        return other.muli(paste).addi(data.mul(keep));
    }

    /**
     * {@code x[order]} along axis 0. Gathers whole rows with {@code torch.embedding} (an index
     * select), several times faster on the CPU than indexing with an array.
     */
    private static NDArray rows(NDArray x, NDArray order) {
        Shape shape = x.getShape();
        long samples = shape.get(0);
        NDArray flat = x.reshape(samples, samples == 0 ? 0 : x.size() / samples);
        return Embedding.embedding(order, flat, SparseFormat.DENSE)
                .singletonOrThrow()
                .reshape(shape);
    }

    /** Target rows {@code λ_i·r_i + (1 − λ_i)·r_π(i)} of dense rows {@code r}, {@code [B·K]}. */
    private double[] mixRows(double[] rows, float[] lambdas, int[] partners) {
        double[] mixed = new double[rows.length];
        for (int i = 0; i < partners.length; i++) {
            double lambda = lambdas[i];
            int own = i * numClasses;
            int other = partners[i] * numClasses;
            for (int k = 0; k < numClasses; k++) {
                mixed[own + k] = lambda * rows[own + k] + (1 - lambda) * rows[other + k];
            }
        }
        return mixed;
    }

    private double[] oneHot(long[] indices) {
        double[] rows = new double[indices.length * numClasses];
        for (int i = 0; i < indices.length; i++) {
            rows[i * numClasses + (int) indices[i]] = 1;
        }
        return rows;
    }

    private static NDArray create(
            NDManager manager, double[] values, int batch, int classes, DataType type) {
        Shape shape = new Shape(batch, classes);
        if (type == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return manager.create(floats, shape).toType(type, false);
    }

    /** Draws kind, λ and box per sample (or once for the whole batch). */
    private void draw(Shape shape, MixKind[] kinds, float[] lambdas, int[][] boxes) {
        int draws = mode == MixMode.BATCH ? 1 : kinds.length;
        for (int d = 0; d < draws; d++) {
            if (rng.nextDouble() >= probability) {
                continue;
            }
            MixKind kind;
            float lambda;
            int[] box = null;
            if (switchProbability > 0 && rng.nextDouble() < switchProbability) {
                kind = MixKind.CUTMIX;
                box = cutBox(shape, cutMixBeta.sample());
                long height = shape.get(shape.dimension() - 2);
                long width = shape.get(shape.dimension() - 1);
                double pasted = (double) (box[1] - box[0]) * (box[3] - box[2]) / (height * width);
                lambda = (float) (1 - pasted);
            } else {
                kind = MixKind.MIXUP;
                lambda = (float) mixupBeta.sample();
            }
            if (mode == MixMode.BATCH) {
                Arrays.fill(kinds, kind);
                Arrays.fill(lambdas, lambda);
                Arrays.fill(boxes, box);
            } else {
                kinds[d] = kind;
                lambdas[d] = lambda;
                boxes[d] = box;
            }
        }
    }

    /** A box {top, bottom, left, right} of side ratio √(1 − λ) at a uniform centre, clipped. */
    private int[] cutBox(Shape shape, double lambda) {
        int height = Math.toIntExact(shape.get(shape.dimension() - 2));
        int width = Math.toIntExact(shape.get(shape.dimension() - 1));
        double ratio = Math.sqrt(1 - lambda);
        int cutH = (int) Math.round(height * ratio);
        int cutW = (int) Math.round(width * ratio);
        int cy = rng.nextInt(height);
        int cx = rng.nextInt(width);
        int top = Math.max(0, cy - cutH / 2);
        int bottom = Math.min(height, cy - cutH / 2 + cutH);
        int left = Math.max(0, cx - cutW / 2);
        int right = Math.min(width, cx - cutW / 2 + cutW);
        return new int[] {top, Math.max(top, bottom), left, Math.max(left, right)};
    }

    /**
     * Per-sample weight of the sample's own pixels ({@code paste = false}: λ for mixup, 0 inside a
     * CutMix box, 1 elsewhere) or of its partner's ({@code paste = true}: one minus that).
     */
    private static NDArray keepWeights(
            NDManager manager,
            Shape shape,
            MixKind[] kinds,
            float[] lambdas,
            int[][] boxes,
            boolean paste,
            DataType type) {
        int batch = kinds.length;
        int rank = shape.dimension();
        boolean cut = Arrays.stream(kinds).anyMatch(k -> k == MixKind.CUTMIX);
        long[] dims = new long[rank];
        Arrays.fill(dims, 1);
        dims[0] = batch;
        if (!cut) {
            float[] keep = new float[batch];
            for (int i = 0; i < batch; i++) {
                keep[i] = paste ? 1 - lambdas[i] : lambdas[i];
            }
            return manager.create(keep, new Shape(dims)).toType(type, false);
        }
        int height = Math.toIntExact(shape.get(rank - 2));
        int width = Math.toIntExact(shape.get(rank - 1));
        dims[rank - 2] = height;
        dims[rank - 1] = width;
        float inside = paste ? 1f : 0f;
        float[] keep = new float[batch * height * width];
        for (int i = 0; i < batch; i++) {
            int base = i * height * width;
            if (kinds[i] == MixKind.CUTMIX) {
                Arrays.fill(keep, base, base + height * width, 1 - inside);
                int[] box = boxes[i];
                for (int y = box[0]; y < box[1]; y++) {
                    Arrays.fill(keep, base + y * width + box[2], base + y * width + box[3], inside);
                }
            } else {
                float own = paste ? 1 - lambdas[i] : lambdas[i];
                Arrays.fill(keep, base, base + height * width, own);
            }
        }
        return manager.create(keep, new Shape(dims)).toType(type, false);
    }

    /** Whether the labels are dense rows {@code [B, K]} (else class indices {@code [B]}). */
    private boolean isDense(Shape shape, int batch) {
        if (shape.equals(new Shape(batch, numClasses))) {
            return true;
        }
        if (shape.equals(new Shape(batch)) || shape.equals(new Shape(batch, 1))) {
            return false;
        }
        throw new IllegalArgumentException(
                "labels of shape "
                        + shape
                        + " match neither class indices ("
                        + batch
                        + ") nor dense targets ("
                        + batch
                        + ", numClasses="
                        + numClasses
                        + ") for a batch of "
                        + batch);
    }

    /** The class indices on the host (one copy), each checked to lie in {@code [0, K)}. */
    private long[] classIndices(NDArray labels) {
        long[] indices = labels.toType(DataType.INT64, false).toLongArray();
        for (long value : indices) {
            if (value < 0 || value >= numClasses) {
                throw new IllegalArgumentException(
                        "label "
                                + value
                                + " is not a class index in [0, numClasses="
                                + numClasses
                                + ")");
            }
        }
        return indices;
    }

    /** Builds a {@link Mixup}; validated in {@link #build()}. */
    public static final class Builder {

        private int numClasses;
        private double mixupAlpha = 0.2;
        private double cutMixAlpha;
        private boolean cutMix;
        private double switchProbability = 0.5;
        private double probability = 1.0;
        private MixMode mode = MixMode.BATCH;
        private int offEpoch = Integer.MAX_VALUE;
        private TrainingClock clock;
        private long seed = RandomSource.createLong();

        private Builder() {}

        /**
         * Sets the number of classes {@code K} of the target rows (required).
         *
         * @param numClasses {@code K >= 2}
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets mixup's α: λ is drawn from {@code Beta(α, α)}.
         *
         * @param alpha {@code α > 0}, default 0.2 (the Bag-of-Tricks paper's value on ImageNet)
         * @return this builder
         */
        public Builder optMixupAlpha(double alpha) {
            this.mixupAlpha = alpha;
            return this;
        }

        /**
         * Enables CutMix with λ drawn from {@code Beta(α, α)}; once enabled, a mixed batch uses
         * CutMix with the switch probability and mixup otherwise.
         *
         * @param alpha {@code α > 0}, typically 1.0 (Yun et al. 2019)
         * @return this builder
         */
        public Builder optCutMixAlpha(double alpha) {
            this.cutMixAlpha = alpha;
            this.cutMix = true;
            return this;
        }

        /**
         * Sets the probability that a mixed batch (or sample) uses CutMix instead of mixup; only
         * used when CutMix is enabled, 1 for CutMix alone.
         *
         * @param switchProbability in {@code [0, 1]}, default 0.5 (as timm)
         * @return this builder
         */
        public Builder optSwitchProbability(double switchProbability) {
            this.switchProbability = switchProbability;
            return this;
        }

        /**
         * Sets the probability that a batch (or sample) is mixed at all.
         *
         * @param probability in {@code [0, 1]}, default 1
         * @return this builder
         */
        public Builder optProbability(double probability) {
            this.probability = probability;
            return this;
        }

        /**
         * Sets whether the random choices are drawn once per batch or once per sample.
         *
         * @param mode the mode, default {@link MixMode#BATCH}
         * @return this builder
         */
        public Builder optMode(MixMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the first epoch (0-based) in which nothing is mixed: with 200 epochs and {@code
         * offEpoch = 190} the last 10 epochs train on clean data.
         *
         * @param offEpoch {@code >= 0}, default never
         * @return this builder
         */
        public Builder optOffEpoch(int offEpoch) {
            this.offEpoch = offEpoch;
            return this;
        }

        /**
         * Sets the clock the mixer reads its epoch from, to share one clock with other data-side
         * pieces; add it to the training configuration once.
         *
         * @param clock the clock, default (or null) a new one of the mixer's own ({@link
         *     Mixup#clock()})
         * @return this builder
         */
        public Builder optClock(TrainingClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the seed of the random generator behind every draw.
         *
         * @param seed the seed, default a fresh random seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the mixer.
         *
         * @return the mixer
         * @throws IllegalArgumentException if a parameter is outside its range
         */
        public Mixup build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException(
                        "numClasses must be >= 2, got numClasses=" + numClasses);
            }
            requirePositive("mixupAlpha", mixupAlpha);
            if (cutMix) {
                requirePositive("cutMixAlpha", cutMixAlpha);
            }
            requireProbability("switchProbability", switchProbability);
            requireProbability("probability", probability);
            if (mode == null) {
                throw new IllegalArgumentException("mode must be BATCH or SAMPLE, got null");
            }
            if (offEpoch < 0) {
                throw new IllegalArgumentException(
                        "offEpoch must be >= 0, got offEpoch=" + offEpoch);
            }
            return new Mixup(this);
        }

        private static void requirePositive(String name, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(
                        name + " must be finite and > 0, got " + name + "=" + value);
            }
        }

        private static void requireProbability(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(
                        name + " must be in [0, 1], got " + name + "=" + value);
            }
        }
    }
}
