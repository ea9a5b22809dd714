/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.djltricks.core.engine.FillCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sharded step with SyncBatchNorm trains a CNN exactly as BatchNorm does on the full batch, and
 * advances the optimizer's update counter once per step.
 */
class SyncTrainTest {

    @org.junit.jupiter.api.BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    private static final Shape IMAGE = new Shape(1, 8, 8);

    /** Records the largest update number the optimizer asked for. */
    static final class CountingTracker implements Tracker {
        final AtomicInteger maxUpdate = new AtomicInteger();

        @Override
        public float getNewValue(int numUpdate) {
            maxUpdate.accumulateAndGet(numUpdate, Math::max);
            return 0.1f;
        }
    }

    static Block cnn() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(4)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(BatchNorm.builder().optMomentum(0.7f).build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    static Trainer trainer(Model model, CountingTracker tracker) {
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(
                                Optimizer.sgd()
                                        .setLearningRateTracker(tracker)
                                        .optMomentum(0.9f)
                                        .build())
                        .optDevices(new Device[] {Device.cpu()});
        return model.newTrainer(config);
    }

    static ArrayDataset dataset(NDManager manager, int size, int batch, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] x = new float[(int) (size * IMAGE.size())];
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = rng.nextInt(3);
            for (int j = 0; j < IMAGE.size(); j++) {
                x[(int) (i * IMAGE.size() + j)] = (float) (gauss.sample() + 0.5 * y[i]);
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(size, 1, 8, 8)))
                .optLabels(manager.create(y))
                .setSampling(batch, false)
                .build();
    }

    static List<Pair<String, float[]>> values(Block block) {
        List<Pair<String, float[]>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(new Pair<>(p.getKey(), p.getValue().getArray().toFloatArray()));
        }
        return out;
    }

    /**
     * Twenty steps of 2, 3 and 4 shards, one of them a one-example shard, end where BatchNorm on
     * the full batch does: every parameter within 1e-5 of its tensor's largest magnitude. The two
     * convolution biases are the exception that proves the rule: a batch norm follows each, so
     * their exact gradient is zero and both runs must leave them at zero up to rounding.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void twentyStepsWithShardsEqualBatchNormOnTheFullBatch(int shards) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model plain = Model.newInstance("plain");
                Model sync = Model.newInstance("sync")) {
            Engine.getInstance().setRandomSeed(11);
            plain.setBlock(cnn());
            CountingTracker plainTracker = new CountingTracker();
            CountingTracker syncTracker = new CountingTracker();
            // 47 examples in batches of 10: four full batches and a last one of 7, five epochs of
            // which four are run = 20 steps, including uneven shards.
            ArrayDataset data = dataset(manager, 47, 10, 7);
            try (Trainer a = trainer(plain, plainTracker)) {
                a.initialize(new Shape(10, 1, 8, 8));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                plain.getBlock().saveParameters(new DataOutputStream(bytes));

                Block converted = BatchNormConverter.toSyncInPlace(cnn());
                converted.loadParameters(
                        sync.getNDManager(),
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                sync.setBlock(converted);
                assertThat(values(converted))
                        .usingRecursiveComparison()
                        .isEqualTo(values(plain.getBlock()));
                try (Trainer b = trainer(sync, syncTracker)) {
                    b.initialize(new Shape(10, 1, 8, 8));
                    EasyTrain.fit(a, 4, data, null);
                    SyncTrain.fit(b, 4, data, null, shards);
                }
            }
            assertThat(plainTracker.maxUpdate.get()).isEqualTo(20);
            assertThat(syncTracker.maxUpdate.get()).isEqualTo(20);
            List<Pair<String, float[]>> expected = values(plain.getBlock());
            List<Pair<String, float[]>> actual = values(sync.getBlock());
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                String name = expected.get(i).getKey();
                assertThat(actual.get(i).getKey()).isEqualTo(name);
                float[] e = expected.get(i).getValue();
                float[] g = actual.get(i).getValue();
                if (name.endsWith("Conv2d_bias")) {
                    assertThat(maxAbs(e)).as("%s, full batch", name).isLessThan(1e-6);
                    assertThat(maxAbs(g)).as("%s, %d shards", name, shards).isLessThan(1e-6);
                    continue;
                }
                double scale = maxAbs(e);
                for (int j = 0; j < e.length; j++) {
                    assertThat((double) Math.abs(g[j] - e[j]))
                            .as("%s[%d] with %d shards: %s vs %s", name, j, shards, g[j], e[j])
                            .isLessThanOrEqualTo(1e-5 * scale);
                }
            }
            FillCheck.record("SyncTrainTest-" + shards + "-shards", sync.getBlock());
            // training moved the parameters: the comparison is not between two untouched models
            assertThat(expected.get(0).getValue())
                    .isNotEqualTo(values(cnn0(manager)).get(0).getValue());
        }
    }

    /**
     * Same start, same result: runs of 20 sharded steps from the same parameters end bit-identical,
     * the first run of the JVM included. Two histories used to leak into the order in which the
     * backward pass summed the shards' gradients, both through PyTorch's per-thread numbering of
     * autograd nodes: long-lived pool threads (every run drifted from the one before), and the
     * caller's thread, where the shard losses were combined (the first run in a JVM, whose caller
     * had numbered few nodes yet, differed from the later ones in the last bits). Unsynchronised
     * ({@link BatchNormConverter#toPerShardInPlace}) too, running statistics included: plain
     * BatchNorm layers in concurrent shards all write them at once and fail this.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theSameStartGivesBitIdenticalParameters(boolean synchronize) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data = dataset(manager, 47, 10, 7);
            Engine.getInstance().setRandomSeed(12);
            Block initial = cnn0(manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            initial.saveParameters(new DataOutputStream(bytes));
            List<List<Pair<String, float[]>>> runs = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                try (Model model = Model.newInstance("run" + run)) {
                    Block block =
                            synchronize
                                    ? BatchNormConverter.toSyncInPlace(cnn())
                                    : BatchNormConverter.toPerShardInPlace(cnn());
                    block.loadParameters(
                            model.getNDManager(),
                            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                    model.setBlock(block);
                    try (Trainer trainer = trainer(model, new CountingTracker())) {
                        trainer.initialize(new Shape(10, 1, 8, 8));
                        SyncTrain.fit(trainer, 4, data, null, 4);
                    }
                    runs.add(values(block));
                    if (run == 0) {
                        FillCheck.record("SyncTrainTest-same-start-" + synchronize, block);
                    }
                }
            }
            assertThat(runs.get(0).get(0).getValue())
                    .as("training moved the parameters")
                    .isNotEqualTo(values(initial).get(0).getValue());
            for (int run = 1; run < runs.size(); run++) {
                for (int i = 0; i < runs.get(0).size(); i++) {
                    assertThat(runs.get(run).get(i).getValue())
                            .as(
                                    "run %d, %s, synchronised %s",
                                    run, runs.get(0).get(i).getKey(), synchronize)
                            .isEqualTo(runs.get(0).get(i).getValue());
                }
            }
        }
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static Block cnn0(NDManager manager) {
        Block block = cnn();
        block.initialize(manager, DataType.FLOAT32, new Shape(10, 1, 8, 8));
        return block;
    }

    @Test
    void listenersSeeTheWholeBatchAndTheLossOfTheWholeBatch() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("sync")) {
            model.setBlock(BatchNormConverter.toSyncInPlace(cnn()));
            AtomicReference<BatchData> seen = new AtomicReference<>();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optDevices(new Device[] {Device.cpu()})
                            .addTrainingListeners(
                                    new TrainingListenerAdapter() {
                                        @Override
                                        public void onTrainingBatch(
                                                Trainer trainer, BatchData batchData) {
                                            seen.set(batchData);
                                            NDList preds =
                                                    batchData.getPredictions().get(Device.cpu());
                                            NDList labels = batchData.getLabels().get(Device.cpu());
                                            assertThat(preds.head().getShape())
                                                    .isEqualTo(new Shape(7, 3));
                                            assertThat(labels.head().getShape())
                                                    .isEqualTo(new Shape(7));
                                            // the whole-batch loss of the predictions the listener
                                            // sees
                                            float loss =
                                                    trainer.getLoss()
                                                            .evaluate(labels, preds)
                                                            .getFloat();
                                            assertThat(loss).isFinite().isPositive();
                                        }
                                    });
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(7, 1, 8, 8));
                for (Batch batch : trainer.iterateDataset(dataset(manager, 7, 7, 1))) {
                    SyncTrain.trainBatch(trainer, batch, 3);
                    trainer.step();
                    batch.close();
                }
            }
            assertThat(seen.get()).isNotNull();
            assertThat(seen.get().getPredictions()).containsOnlyKeys(Device.cpu());
        }
    }

    @Test
    void aBatchSmallerThanTheShardCountIsRejected() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("sync")) {
            model.setBlock(BatchNormConverter.toSyncInPlace(cnn()));
            try (Trainer trainer = trainer(model, new CountingTracker())) {
                trainer.initialize(new Shape(2, 1, 8, 8));
                Batch batch = trainer.iterateDataset(dataset(manager, 2, 2, 1)).iterator().next();
                assertThatThrownBy(() -> SyncTrain.trainBatch(trainer, batch, 3))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("batch size 2 is smaller than shards 3");
                assertThatThrownBy(() -> SyncTrain.trainBatch(trainer, batch, 0))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("shards must be >= 1, got 0");
                batch.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aShardThatThrowsReleasesTheOthersAndTheExceptionReachesTheCaller() throws Exception {
        IllegalStateException boom = new IllegalStateException("the shard of 2 failed");
        Block failing =
                new SequentialBlock()
                        .add(
                                new LambdaBlock(
                                        list -> {
                                            if (list.head().getShape().get(0) == 2) {
                                                throw boom;
                                            }
                                            return list;
                                        }))
                        .add(BatchNormConverter.toSyncInPlace(cnn()));
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("sync")) {
            model.setBlock(failing);
            try (Trainer trainer = trainer(model, new CountingTracker())) {
                trainer.initialize(new Shape(8, 1, 8, 8));
                Batch batch = trainer.iterateDataset(dataset(manager, 8, 8, 1)).iterator().next();
                // 8 into 3 shards: 3, 3, 2; the last throws before the first layer the others wait
                // at
                assertThatThrownBy(() -> SyncTrain.trainBatch(trainer, batch, 3)).isSameAs(boom);
                batch.close();
            }
            // the gradient collector was closed: a new one can open
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                assertThat(gc).isNotNull();
            }
        }
    }

    @Test
    void shardSizesDifferByAtMostOneLargerFirst() {
        assertThat(SyncTrain.sizes(10, 3)).containsExactly(4, 3, 3);
        assertThat(SyncTrain.sizes(5, 4)).containsExactly(2, 1, 1, 1);
        assertThat(SyncTrain.sizes(8, 2)).containsExactly(4, 4);
        assertThat(SyncTrain.sizes(3, 1)).containsExactly(3);
    }
}
