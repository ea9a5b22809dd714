/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.djltricks.core.clock.TrainingClock;
import io.github.djltricks.detection.data.augment.AugmentationPipeline;
import io.github.djltricks.detection.data.augment.DetectionMixer;
import io.github.djltricks.detection.data.mixup.DetectionMixup;
import io.github.djltricks.detection.data.multiscale.RandomShape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class DetectionDatasetTest {

    private static List<DetectionSample> samples(int n) {
        List<DetectionSample> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(Samples.random(100 + i, 20 + 3 * i, 30 - i, i % 4));
        }
        return list;
    }

    private static DetectionDataset.Builder builder(long seed) {
        return DetectionDataset.builder()
                .setSource(DetectionSource.of(samples(10)))
                .setBatchSize(4)
                .setShape(RandomShape.builder().optSizes(24, 32, 40).optInterval(2).build())
                .optPipeline(AugmentationPipeline.bagOfFreebies())
                .optMixer(DetectionMixup.builder().optOffForLastEpochs(2, 1).build())
                .optMaxBoxes(8)
                .optSeed(seed);
    }

    @Test
    void sameSeedSameBatchesAndDifferentSeedDifferentBatches() throws Exception {
        DetectionDataset a = builder(3).build();
        DetectionDataset b = builder(3).build();
        DetectionDataset c = builder(4).build();
        int[] order = a.order(0);
        assertThat(b.order(0)).containsExactly(order);
        int[] first = {order[0], order[1], order[2], order[3]};
        DetectionBatch ba = a.batch(0, first, 32);
        DetectionBatch bb = b.batch(0, first, 32);
        DetectionBatch bc = c.batch(0, first, 32);
        assertThat(ba.images()).containsExactly(bb.images());
        assertThat(ba.boxes()).containsExactly(bb.boxes());
        assertThat(ba.weights()).containsExactly(bb.weights());
        assertThat(ba.images()).isNotEqualTo(bc.images());
        DetectionBatch parallel = builder(3).optParallel(true).build().batch(0, first, 32);
        assertThat(parallel.images()).containsExactly(ba.images());
        assertThat(parallel.boxes()).containsExactly(ba.boxes());
        // an epoch visits every sample once
        assertThat(new HashSet<>(toList(order))).hasSize(10);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    @Test
    void batchIsPaddedWithAMask() throws Exception {
        DetectionSample s0 = Samples.random(1, 8, 8, 2);
        DetectionSample s1 = Samples.random(2, 8, 8, 0);
        DetectionBatch batch = DetectionBatch.pad(List.of(s0, s1), 3);
        assertThat(batch.mask()).containsExactly(1, 1, 0, 0, 0, 0);
        assertThat(batch.classIds())
                .containsExactly(s0.classIds()[0], s0.classIds()[1], -1, -1, -1, -1);
        assertThat(batch.weights()).containsExactly(1, 1, 0, 0, 0, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            try (Batch djl = batch.toBatch(manager, 1, 1)) {
                assertThat(djl.getData().head().getShape()).isEqualTo(new Shape(2, 3, 8, 8));
                NDList labels = djl.getLabels();
                assertThat(labels.get(DetectionBatch.BOXES).getShape())
                        .isEqualTo(new Shape(2, 3, 4));
                assertThat(labels.get(DetectionBatch.MASK).toFloatArray())
                        .containsExactly(batch.mask());
                assertThat(labels.get(DetectionBatch.BOXES).toFloatArray()[4])
                        .isEqualTo(s0.boxes()[1][0]);
            }
        }
    }

    /** Records what each training batch looked like and what reached the loss. */
    private static final class Probe extends Loss {
        final List<Long> sizes = new ArrayList<>();
        final List<float[]> weights = new ArrayList<>();

        Probe() {
            super("probe");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            weights.add(labels.get(DetectionBatch.WEIGHTS).toFloatArray());
            return predictions.singletonOrThrow().square().mean();
        }
    }

    @Test
    void trainsWithEasyTrainFitAtOneSizePerBatchChangingAtIntervals() throws Exception {
        RandomShape shape = RandomShape.builder().optSizes(24, 32, 40).optInterval(2).build();
        DetectionDataset data = builder(9).setShape(shape).build();
        Probe probe = new Probe();
        List<Long> sizes = new ArrayList<>();
        SequentialBlock net =
                new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                        .add(Activation::relu)
                        .add(Pool.globalAvgPool2dBlock())
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("probe")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(probe)
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.01f))
                                            .build())
                            .addTrainingListeners(
                                    data.clock(),
                                    new TrainingListenerAdapter() {
                                        @Override
                                        public void onTrainingBatch(
                                                Trainer trainer, BatchData batchData) {
                                            Shape s =
                                                    batchData
                                                            .getBatch()
                                                            .getData()
                                                            .head()
                                                            .getShape();
                                            assertThat(s.get(2)).isEqualTo(s.get(3));
                                            sizes.add(s.get(2));
                                        }
                                    });
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, 24, 24));
                EasyTrain.fit(trainer, 2, data, null);
            }
        }
        // 10 samples, batch 4: 3 batches per epoch, 6 iterations over 2 epochs.
        assertThat(sizes).hasSize(6);
        assertThat(data.clock().iteration()).isEqualTo(6);
        assertThat(data.clock().epoch()).isEqualTo(2);
        for (int it = 0; it < sizes.size(); it++) {
            assertThat(sizes.get(it)).isEqualTo((long) shape.sizeAt(it));
        }
        // Epoch 0 mixes (weights strictly between 0 and 1 reach the loss); epoch 1 does not.
        Set<Float> epoch0 = new HashSet<>();
        Set<Float> epoch1 = new HashSet<>();
        for (int i = 0; i < probe.weights.size(); i++) {
            for (float w : probe.weights.get(i)) {
                (i < 3 ? epoch0 : epoch1).add(w);
            }
        }
        assertThat(epoch0).anyMatch(w -> w > 0 && w < 1);
        assertThat(epoch1).allMatch(w -> w == 0 || w == 1);
    }

    /** A four-sample mixer that records what it is given and returns the drawn sample. */
    private static class RecordingMixer implements DetectionMixer {
        final List<List<DetectionSample>> calls = new ArrayList<>();

        @Override
        public int sampleCount() {
            return 4;
        }

        @Override
        public boolean isActive(int epoch) {
            return epoch == 0;
        }

        @Override
        public synchronized DetectionSample mix(
                List<DetectionSample> samples, UniformRandomProvider rng) {
            calls.add(List.copyOf(samples));
            return samples.get(0);
        }
    }

    @Test
    void aMultiSampleMixerGetsTheDrawnSampleFirstAndOthersFromTheRestWhileActive()
            throws Exception {
        List<DetectionSample> all = samples(10);
        RecordingMixer mixer = new RecordingMixer();
        DetectionDataset data =
                DetectionDataset.builder()
                        .setSource(DetectionSource.of(all))
                        .setBatchSize(4)
                        .setShape(RandomShape.fixed(32))
                        .optMixer(mixer)
                        .optSeed(5)
                        .build();
        for (int index = 0; index < all.size(); index++) {
            data.augmented(0, index);
            List<DetectionSample> call = mixer.calls.get(index);
            assertThat(call).hasSize(4);
            assertThat(call.get(0)).isSameAs(all.get(index));
            for (DetectionSample other : call.subList(1, 4)) {
                assertThat(all).contains(other);
                assertThat(other).isNotSameAs(all.get(index));
            }
        }
        // the others come from the sample's own generator: drawn again, the same
        data.augmented(0, 3);
        assertThat(mixer.calls.get(10)).containsExactlyElementsOf(mixer.calls.get(3));
        data.augmented(1, 3); // inactive epoch: not called
        assertThat(mixer.calls).hasSize(11);
        assertThatThrownBy(
                        () ->
                                DetectionDataset.builder()
                                        .optMixer(
                                                new RecordingMixer() {
                                                    @Override
                                                    public int sampleCount() {
                                                        return 1;
                                                    }
                                                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampleCount")
                .hasMessageContaining("1");
    }

    @Test
    void mixersRunInOrderEachOnTheResultOfTheOneBefore() throws Exception {
        List<DetectionSample> all = samples(10);
        RecordingMixer first =
                new RecordingMixer() {
                    @Override
                    public synchronized DetectionSample mix(
                            List<DetectionSample> samples, UniformRandomProvider rng) {
                        super.mix(samples, rng);
                        return samples.get(1);
                    }
                };
        RecordingMixer second = new RecordingMixer();
        DetectionDataset data =
                DetectionDataset.builder()
                        .setSource(DetectionSource.of(all))
                        .setBatchSize(4)
                        .setShape(RandomShape.fixed(32))
                        .optMixer(first, second)
                        .optSeed(5)
                        .build();
        DetectionSample out = data.augmented(0, 2);
        assertThat(second.calls.get(0).get(0)).isSameAs(first.calls.get(0).get(1));
        assertThat(out).isSameAs(first.calls.get(0).get(1));
    }

    @Test
    void readsTheSharedClockItIsGiven() {
        TrainingClock clock = new TrainingClock();
        DetectionDataset data = builder(3).optClock(clock).build();
        assertThat(data.clock()).isSameAs(clock);
        assertThat(builder(3).optClock(null).build().clock()).isNotNull().isNotSameAs(clock);
    }
}
