/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.ema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.djltricks.core.norm.BatchNormConverter;
import io.github.djltricks.core.norm.SyncTrain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shadow follows its defining recursion θ_ema ← d_t θ_ema + (1 − d_t) θ once per optimizer
 * step, batch-norm statistics included, in EasyTrain and in the sharded step; applying it writes
 * the shadow and restores the trained weights bit for bit.
 */
class ModelEmaTest {

    @BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    private static Block net() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(6).build())
                .add(BatchNorm.builder().optMomentum(0.8f).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build());
    }

    private static ArrayDataset data(NDManager manager, int n, int batch) {
        float[] x = new float[n * 4];
        float[] y = new float[n];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 4)))
                .optLabels(manager.create(y))
                .setSampling(batch, false)
                .build();
    }

    /**
     * Copies every floating-point parameter at each batch (after its forward and backward passes,
     * before its step) and at the end: the weights before step j and the statistics after forward
     * j.
     */
    private static final class Recorder extends TrainingListenerAdapter {
        final List<Map<String, double[]>> atBatch = new ArrayList<>();
        Map<String, double[]> atEnd;
        private final Block block;

        Recorder(Block block) {
            this.block = block;
        }

        private Map<String, double[]> record() {
            Map<String, double[]> state = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                state.put(p.getKey(), d);
            }
            return state;
        }

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            atBatch.add(record());
        }

        @Override
        public void onTrainingEnd(Trainer trainer) {
            atEnd = record();
        }

        /**
         * The states the shadow averages: the start (weights before step 1, statistics after
         * forward 1), then per step t the weights after step t and the statistics after forward t.
         */
        List<Map<String, double[]>> states() {
            List<Map<String, double[]>> out = new ArrayList<>();
            out.add(atBatch.get(0));
            for (int t = 1; t <= atBatch.size(); t++) {
                Map<String, double[]> weights = t < atBatch.size() ? atBatch.get(t) : atEnd;
                Map<String, double[]> state = new LinkedHashMap<>();
                for (String k : weights.keySet()) {
                    boolean statistic = k.contains("running");
                    state.put(k, statistic ? atBatch.get(t - 1).get(k) : weights.get(k));
                }
                out.add(state);
            }
            return out;
        }
    }

    /** The recursion in float64 over the recorded states. */
    private static Map<String, double[]> expected(
            ModelEma ema, List<Map<String, double[]>> states) {
        Map<String, double[]> s = new LinkedHashMap<>();
        states.get(0).forEach((k, v) -> s.put(k, v.clone()));
        for (int t = 1; t < states.size(); t++) {
            double d = (float) ema.decayAt(t);
            for (Map.Entry<String, double[]> e : s.entrySet()) {
                double[] live = states.get(t).get(e.getKey());
                double[] v = e.getValue();
                for (int i = 0; i < v.length; i++) {
                    v[i] = d * v[i] + (1 - d) * live[i];
                }
            }
        }
        return s;
    }

    private static void assertShadow(
            ModelEma ema, Map<String, double[]> expected, NDManager manager) {
        boolean sawRunningStatistics = false;
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            NDArray shadow = ema.getShadow(e.getKey(), manager);
            assertThat(shadow.hasGradient()).as(e.getKey()).isFalse();
            float[] got = shadow.toFloatArray();
            double[] want = e.getValue();
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i])
                        .as(e.getKey() + "[" + i + "]")
                        .isCloseTo(
                                want[i],
                                org.assertj.core.data.Offset.offset(
                                        2e-6 + 1e-5 * Math.abs(want[i])));
            }
            sawRunningStatistics |=
                    e.getKey().toLowerCase(java.util.Locale.ROOT).contains("running");
        }
        assertThat(sawRunningStatistics).as("batch-norm running statistics are averaged").isTrue();
    }

    private static DefaultTrainingConfig config(float lr, TrainingListener... listeners) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(
                        Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed(lr))
                                .optMomentum(0.9f)
                                .build())
                .optDevices(new Device[] {Device.cpu()})
                .addTrainingListeners(listeners);
    }

    /**
     * Trains {@code block} with the EMA as a listener, through EasyTrain ({@code shards} 0) or the
     * sharded step, and checks the shadow against the recursion over the recorded states.
     */
    private static void assertFollowsTheRecursion(
            ModelEma ema, Block block, int samples, int epochs, int shards, int steps)
            throws Exception {
        assertFollowsTheRecursion(ema, block, samples, epochs, shards, steps, b -> {});
    }

    /**
     * As above, with {@code prepare} run on the initialised block before training and {@code after}
     * listening after the EMA.
     */
    private static void assertFollowsTheRecursion(
            ModelEma ema,
            Block block,
            int samples,
            int epochs,
            int shards,
            int steps,
            java.util.function.Consumer<Block> prepare,
            TrainingListener... after)
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("ema")) {
            model.setBlock(block);
            Recorder recorder = new Recorder(block);
            List<TrainingListener> listeners = new ArrayList<>(List.of(recorder, ema));
            listeners.addAll(List.of(after));
            try (Trainer trainer =
                    model.newTrainer(config(0.2f, listeners.toArray(new TrainingListener[0])))) {
                trainer.initialize(new Shape(8, 4));
                prepare.accept(block);
                ArrayDataset data = data(manager, samples, 8);
                if (shards == 0) {
                    EasyTrain.fit(trainer, epochs, data, null);
                } else {
                    SyncTrain.fit(trainer, epochs, data, null, shards);
                }
            }
            List<Map<String, double[]>> states = recorder.states();
            // the initial weights and one state per step
            assertThat(states).hasSize(steps + 1);
            assertThat(ema.getUpdates()).isEqualTo(steps);
            assertShadow(ema, expected(ema, states), manager);
        }
        ema.close();
    }

    @Test
    void theShadowFollowsTheRecursionOncePerStepWithBatchNormStatistics() throws Exception {
        Engine.getInstance().setRandomSeed(7);
        ModelEma ema = ModelEma.builder().optDecay(0.9).optRampUpdates(3).build();
        // 2 epochs of 4 batches
        assertFollowsTheRecursion(ema, net(), 32, 2, 0, 8);
    }

    /**
     * A weight frozen when the averaging starts is a weight, not a batch-norm statistic: once
     * unfrozen (here after the first epoch) the shadow averages it as it stands after each step,
     * where a statistic is taken one step earlier, after the forward pass, and copied at every
     * batch.
     */
    @Test
    void aWeightFrozenAtTheStartIsAveragedAsAWeightOnceUnfrozen() throws Exception {
        Engine.getInstance().setRandomSeed(9);
        ModelEma ema = ModelEma.builder().optDecay(0.5).optRampUpdates(0).build();
        Block block = net();
        TrainingListener unfreeze =
                new TrainingListenerAdapter() {
                    @Override
                    public void onEpoch(Trainer trainer) {
                        firstWeight(block).freeze(false);
                    }
                };
        // 2 epochs of 4 batches; the first Linear's weight frozen for the first
        assertFollowsTheRecursion(
                ema, block, 32, 2, 0, 8, b -> firstWeight(b).freeze(true), unfreeze);
    }

    private static Parameter firstWeight(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith("Linear_weight")) {
                return p.getValue();
            }
        }
        throw new AssertionError("no Linear weight in " + block.getParameters().keys());
    }

    @Test
    void theShardedStepGetsOneUpdatePerStep() throws Exception {
        Engine.getInstance().setRandomSeed(8);
        ModelEma ema = ModelEma.builder().optDecay(0.5).optRampUpdates(0).build();
        // 3 epochs of 2 batches, each in 2 shards
        assertFollowsTheRecursion(ema, BatchNormConverter.toSyncInPlace(net()), 16, 3, 2, 6);
    }

    @Test
    void applyingWritesTheShadowAndClosingRestoresTheTrainedWeightsBitForBit() throws Exception {
        Engine.getInstance().setRandomSeed(9);
        ModelEma ema = ModelEma.builder().optDecay(0.99).optRampUpdates(0).build();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("apply")) {
            model.setBlock(net());
            DefaultTrainingConfig config = config(0.5f, ema);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 4));
                EasyTrain.fit(trainer, 1, data(manager, 32, 8), null);
                Map<String, float[]> trained = new LinkedHashMap<>();
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    trained.put(p.getKey(), p.getValue().getArray().toFloatArray());
                }
                try (ModelEma.Applied applied = ema.apply(model.getBlock())) {
                    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                        assertThat(p.getValue().getArray().toFloatArray())
                                .as(p.getKey())
                                .containsExactly(ema.getShadow(p.getKey(), manager).toFloatArray());
                    }
                    // 4 steps at d = 0.99 keep the shadow near the initial weights, far from the
                    // trained ones
                    float[] w =
                            model.getBlock()
                                    .getParameters()
                                    .get(0)
                                    .getValue()
                                    .getArray()
                                    .toFloatArray();
                    assertThat(w).isNotEqualTo(trained.values().iterator().next());
                }
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    assertThat(p.getValue().getArray().toFloatArray())
                            .as(p.getKey())
                            .containsExactly(trained.get(p.getKey()));
                }
                // training goes on after an evaluation with the shadow
                EasyTrain.fit(trainer, 1, data(manager, 32, 8), null);
                assertThat(ema.getUpdates()).isEqualTo(8);
            }
            ema.close();
        }
    }

    @Test
    void zeroDecayKeepsTheLatestWeights() {
        ModelEma ema = ModelEma.builder().optDecay(0).build();
        try (Model model = Model.newInstance("zero")) {
            model.setBlock(net());
            model.getBlock()
                    .initialize(
                            model.getNDManager(),
                            ai.djl.ndarray.types.DataType.FLOAT32,
                            new Shape(2, 4));
            ema.update(model.getBlock());
            Parameter w = model.getBlock().getParameters().get(0).getValue();
            w.getArray().set(new float[(int) w.getArray().size()]);
            ema.update(model.getBlock());
            assertThat(
                            ema.getShadow(
                                            model.getBlock().getParameters().get(0).getKey(),
                                            model.getNDManager())
                                    .toFloatArray())
                    .containsOnly(0f);
            ema.close();
        }
    }

    @Property(tries = 200)
    void theRampedDecayRisesFromZeroTowardsTheDecay(
            @ForAll @DoubleRange(min = 0, max = 0.99999) @net.jqwik.api.constraints.Scale(6)
                    double d,
            @ForAll @DoubleRange(min = 0.5, max = 1e5) @net.jqwik.api.constraints.Scale(3)
                    double tau,
            @ForAll @LongRange(min = 1, max = 1_000_000) long t) {
        ModelEma ema = ModelEma.builder().optDecay(d).optRampUpdates(tau).build();
        double dt = ema.decayAt(t);
        assertThat(dt).isBetween(0.0, d);
        assertThat(ema.decayAt(t + 1)).isGreaterThanOrEqualTo(dt);
        assertThat(dt)
                .isCloseTo(
                        d * (1 - Math.exp(-t / tau)), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(ModelEma.builder().optDecay(d).optRampUpdates(0).build().decayAt(t))
                .isEqualTo(d);
    }

    @Test
    void badSettingsAndMisuseAreRejectedByName() {
        assertThatThrownBy(() -> ModelEma.builder().optDecay(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decay must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> ModelEma.builder().optDecay(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decay must be in [0, 1), got NaN");
        assertThatThrownBy(() -> ModelEma.builder().optRampUpdates(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tau (the ramp in updates) must be finite and >= 0, got -1.0");
        ModelEma ema = ModelEma.builder().build();
        try (Model model = Model.newInstance("misuse")) {
            model.setBlock(net());
            assertThatThrownBy(() -> ema.apply(model.getBlock()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ema.update(model.getBlock()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "block must have initialised floating-point parameters");
            model.getBlock()
                    .initialize(
                            model.getNDManager(),
                            ai.djl.ndarray.types.DataType.FLOAT32,
                            new Shape(2, 4));
            ema.update(model.getBlock());
            Block other = net();
            other.initialize(
                    model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 4));
            assertThatThrownBy(() -> ema.update(other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("block must be the averaged block");
            assertThatThrownBy(() -> ema.getShadow("nope", model.getNDManager()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name must be a parameter of the averaged block, got \"nope\"");
            ema.close();
        }
    }
}
