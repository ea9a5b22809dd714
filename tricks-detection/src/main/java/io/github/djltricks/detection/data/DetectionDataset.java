/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import io.github.djltricks.core.clock.TrainingClock;
import io.github.djltricks.detection.data.augment.DetectionMixer;
import io.github.djltricks.detection.data.augment.DetectionTransform;
import io.github.djltricks.detection.data.augment.Resize;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;

/**
 * A DJL {@link Dataset} of augmented detection batches for {@code EasyTrain.fit}: each epoch it
 * shuffles the {@link DetectionSource}, and for every sample draws a generator {@link
 * Seeds#of}{@code (seed, epoch, index)}, combines it with random other samples (a {@link
 * DetectionMixer} such as detection mixup, while active), runs the augmentation pipeline, resizes
 * it to the batch's square size from the {@link RandomShape} schedule and pads the batch to {@code
 * maxBoxes} boxes ({@link DetectionBatch}: data {@code [images]}, labels {@code [boxes, classIds,
 * weights, mask]}).
 *
 * <p>The iteration and epoch come from {@link #clock()}, a {@link TrainingClock} that must be added
 * to the trainer ({@code config.addTrainingListeners(dataset.clock())}), or one shared with other
 * data-side pieces ({@link Builder#optClock}). Every batch takes its size from {@code
 * schedule.sizeAt(clock.iteration())} when it is made; {@code EasyTrain.fit} makes the next batch
 * only after the previous one's {@code onTrainingBatch}, so batch {@code k} of training gets the
 * size of iteration {@code k}. A batch is made only when the iterator is asked for it (an executor
 * passed to {@code getData} is not used for prefetching), so sizes never run ahead of the clock.
 * The same seed gives the same batches, whether the samples of a batch are made one after another
 * or in parallel ({@link Builder#optParallel}).
 */
public final class DetectionDataset implements Dataset {

    private final DetectionSource source;
    private final DetectionTransform pipeline;
    private final List<DetectionMixer> mixers;
    private final RandomShape shape;
    private final int batchSize;
    private final int maxBoxes;
    private final long seed;
    private final boolean shuffle;
    private final boolean dropLast;
    private final boolean parallel;
    private final TrainingClock clock;

    private DetectionDataset(Builder b) {
        source = b.source;
        pipeline = b.pipeline;
        mixers = b.mixers;
        shape = b.shape;
        batchSize = b.batchSize;
        maxBoxes = b.maxBoxes;
        seed = b.seed;
        shuffle = b.shuffle;
        dropLast = b.dropLast;
        parallel = b.parallel;
        clock = b.clock != null ? b.clock : new TrainingClock();
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
     * Returns the clock this dataset reads its iteration and epoch from: the one given to {@link
     * Builder#optClock}, else its own; add it to the training configuration once.
     *
     * @return the clock
     */
    public TrainingClock clock() {
        return clock;
    }

    /**
     * Returns the order in which an epoch visits the source: a permutation drawn from {@link
     * Seeds#of}{@code (seed, epoch, −1)}, or the identity without shuffling.
     *
     * @param epoch the zero-based epoch
     * @return the indices in visiting order
     */
    public int[] order(int epoch) {
        int n = source.size();
        int[] order = PermutationSampler.natural(n);
        if (shuffle) {
            PermutationSampler.shuffle(Seeds.of(seed, epoch, -1), order);
        }
        return order;
    }

    /**
     * Returns sample {@code index} of the source as epoch {@code epoch} sees it before resizing:
     * combined by each active mixer, in order, with {@code sampleCount() − 1} other samples (each
     * drawn uniformly from the rest of the source, so the same one may come twice), then augmented.
     *
     * @param epoch the zero-based epoch
     * @param index the sample's index in the source
     * @return the augmented sample
     * @throws IOException if a sample cannot be read
     */
    public DetectionSample augmented(int epoch, int index) throws IOException {
        UniformRandomProvider rng = Seeds.of(seed, epoch, index);
        DetectionSample s = source.get(index);
        int n = source.size();
        for (DetectionMixer mixer : mixers) {
            if (!mixer.isActive(epoch) || n < 2) {
                continue;
            }
            List<DetectionSample> samples = new ArrayList<>(mixer.sampleCount());
            samples.add(s);
            for (int k = 1; k < mixer.sampleCount(); k++) {
                int other = rng.nextInt(n - 1);
                if (other >= index) {
                    other++;
                }
                samples.add(source.get(other));
            }
            s = mixer.mix(samples, rng);
        }
        return pipeline.apply(s, rng);
    }

    /**
     * Returns the batch of the given source indices at the given square size.
     *
     * @param epoch the zero-based epoch
     * @param indices the source indices
     * @param size the square image size
     * @return the padded batch
     * @throws IOException if a sample cannot be read
     */
    public DetectionBatch batch(int epoch, int[] indices, int size) throws IOException {
        DetectionSample[] samples = new DetectionSample[indices.length];
        IntStream range = IntStream.range(0, indices.length);
        try {
            (parallel ? range.parallel() : range)
                    .forEach(
                            i -> {
                                try {
                                    samples[i] =
                                            Resize.resize(augmented(epoch, indices[i]), size, size);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return DetectionBatch.pad(List.of(samples), maxBoxes);
    }

    /**
     * Returns the number of batches per epoch.
     *
     * @return the batch count
     */
    public int batchCount() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int epoch = clock.epoch();
        int[] order = order(epoch);
        int batches = batchCount();
        return () ->
                new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < batches;
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int from = next * batchSize;
                        int to = Math.min(order.length, from + batchSize);
                        int[] indices = java.util.Arrays.copyOfRange(order, from, to);
                        int size = shape.sizeAt(clock.iteration());
                        next++;
                        try {
                            return batch(epoch, indices, size).toBatch(manager, next, batches);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // The source reads lazily; nothing to prepare.
    }

    /** Builds a {@link DetectionDataset}. */
    public static final class Builder {

        private DetectionSource source;
        private DetectionTransform pipeline = (s, rng) -> s;
        private List<DetectionMixer> mixers = List.of();
        private TrainingClock clock;
        private RandomShape shape;
        private int batchSize;
        private int maxBoxes = 100;
        private long seed;
        private boolean shuffle = true;
        private boolean dropLast;
        private boolean parallel;

        private Builder() {}

        /**
         * Sets the raw samples.
         *
         * @param source the source
         * @return this builder
         */
        public Builder setSource(DetectionSource source) {
            this.source = source;
            return this;
        }

        /**
         * Sets the number of samples per batch.
         *
         * @param batchSize {@code >= 1}
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the square size schedule; {@link RandomShape#fixed} for one size.
         *
         * @param shape the schedule
         * @return this builder
         */
        public Builder setShape(RandomShape shape) {
            this.shape = shape;
            return this;
        }

        /**
         * Sets the augmentation applied after the mixer and before resizing.
         *
         * @param pipeline the augmentation, default none
         * @return this builder
         */
        public Builder optPipeline(DetectionTransform pipeline) {
            this.pipeline = pipeline;
            return this;
        }

        /**
         * Sets the multi-sample augmentations applied in order before the pipeline, each to the
         * result of the one before and its own draws of other samples: detection mixup, or a {@code
         * Mosaic} then mixup.
         *
         * @param mixers the mixers, default none
         * @return this builder
         * @throws IllegalArgumentException if a mixer is null or combines fewer than 2 samples
         */
        public Builder optMixer(DetectionMixer... mixers) {
            for (int i = 0; i < mixers.length; i++) {
                if (mixers[i] == null || mixers[i].sampleCount() < 2) {
                    throw new IllegalArgumentException(
                            "mixers["
                                    + i
                                    + "] must combine at least 2 samples, got "
                                    + (mixers[i] == null
                                            ? "null"
                                            : "sampleCount()=" + mixers[i].sampleCount()));
                }
            }
            this.mixers = List.of(mixers);
            return this;
        }

        /**
         * Sets the clock the dataset reads its iteration and epoch from, to share one clock with
         * other data-side pieces; add it to the training configuration once.
         *
         * @param clock the clock, default (or null) a new one of the dataset's own ({@link
         *     DetectionDataset#clock()})
         * @return this builder
         */
        public Builder optClock(TrainingClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the padded box count of a batch.
         *
         * @param maxBoxes {@code >= 1}, default 100 (mixup adds the boxes of two images)
         * @return this builder
         */
        public Builder optMaxBoxes(int maxBoxes) {
            this.maxBoxes = maxBoxes;
            return this;
        }

        /**
         * Sets the seed of shuffling, mixing and augmentation.
         *
         * @param seed the seed, default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether each epoch visits the samples in a new random order.
         *
         * @param shuffle default {@code true}
         * @return this builder
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Sets whether an incomplete last batch is dropped.
         *
         * @param dropLast default {@code false}
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Sets whether the samples of a batch are made in parallel on the common fork-join pool.
         * The batches are the same either way: every sample has its own generator.
         *
         * @param parallel default {@code false}
         * @return this builder
         */
        public Builder optParallel(boolean parallel) {
            this.parallel = parallel;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         * @throws IllegalArgumentException if the source, shape or pipeline is missing or a count
         *     is below 1
         */
        public DetectionDataset build() {
            if (source == null || shape == null || pipeline == null) {
                throw new IllegalArgumentException(
                        "source, shape and pipeline must be set, got source="
                                + source
                                + ", shape="
                                + shape
                                + ", pipeline="
                                + pipeline);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (maxBoxes < 1) {
                throw new IllegalArgumentException("maxBoxes must be >= 1, got " + maxBoxes);
            }
            return new DetectionDataset(this);
        }
    }
}
