/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.weightdecay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.djltricks.core.engine.FillCheck;
import io.github.djltricks.core.schedule.WarmupSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No bias decay's defining identity: with the filter, the update of a bias, γ or β is the update of
 * the same optimizer with weight decay 0 and the update of a convolution or linear weight the
 * update with decay, bit for bit, momentum state and schedule included; with every parameter
 * decayed the training is the plain optimizer's, bit for bit, in {@code EasyTrain.fit}.
 */
class NoBiasDecayTest {

    private static final float WD = 0.05f;

    @BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    /** Conv (with bias) → BN → ReLU → pool → linear: every kind of parameter. */
    private static SequentialBlock net() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(16)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    private static Tracker schedule() {
        return WarmupSchedule.builder()
                .setBaseValue(0.2f)
                .setTotalSteps(12)
                .optWarmupSteps(4)
                .cosine()
                .build();
    }

    private static NoBiasDecay.OptimizerFactory sgd(Tracker lr) {
        return wd ->
                Optimizer.sgd()
                        .setLearningRateTracker(lr)
                        .optMomentum(0.9f)
                        .optWeightDecays(wd)
                        .build();
    }

    private static NoBiasDecay.OptimizerFactory adam(Tracker lr) {
        return wd -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(wd).build();
    }

    private static List<Parameter> trained(Block block) {
        List<Parameter> trained = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trained.add(p.getValue());
            }
        }
        return trained;
    }

    /**
     * Runs five steps of random gradients through the filter and through one optimizer with decay
     * and one without (each seeing every parameter, as a single optimizer would), each on its own
     * copy of the weights, and compares the copies.
     */
    private static void assertEachGroupUpdatesAsItsOwnOptimizer(NoBiasDecay.OptimizerFactory f) {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = net();
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 6, 6));
            NoBiasDecay split =
                    NoBiasDecay.builder().setOptimizer(f).setWeightDecay(WD).setBlock(net).build();
            Optimizer withDecay = f.build(WD);
            Optimizer without = f.build(0f);
            List<Parameter> trained = trained(net);
            Map<String, NDArray[]> copies = new LinkedHashMap<>();
            for (Parameter p : trained) {
                NDArray w = p.getArray();
                copies.put(p.getId(), new NDArray[] {w.duplicate(), w.duplicate(), w.duplicate()});
            }
            for (int step = 0; step < 5; step++) {
                for (Parameter p : trained) {
                    NDArray[] w = copies.get(p.getId());
                    NDArray g = manager.randomNormal(p.getArray().getShape());
                    split.update(p.getId(), w[0], g.duplicate());
                    withDecay.update(p.getId(), w[1], g.duplicate());
                    without.update(p.getId(), w[2], g.duplicate());
                }
            }
            int decayed = 0;
            for (Parameter p : trained) {
                NDArray[] w = copies.get(p.getId());
                boolean decays = p.getType() == Parameter.Type.WEIGHT;
                assertThat(split.isDecayed(p.getId())).as(p.getName()).isEqualTo(decays);
                float[] expected = (decays ? w[1] : w[2]).toFloatArray();
                assertThat(w[0].toFloatArray()).as(p.getName()).containsExactly(expected);
                // the decay made a difference, so the comparison tells the groups apart
                assertThat(w[1].toFloatArray()).as(p.getName()).isNotEqualTo(w[2].toFloatArray());
                decayed += decays ? 1 : 0;
            }
            // conv and linear weights; conv and linear biases, γ and β
            assertThat(decayed).isEqualTo(2);
            assertThat(trained).hasSize(6);
        }
    }

    @Test
    void biasesGammaAndBetaUpdateAsWithoutDecayAndWeightsAsWithDecaySgd() {
        assertEachGroupUpdatesAsItsOwnOptimizer(sgd(schedule()));
    }

    @Test
    void biasesGammaAndBetaUpdateAsWithoutDecayAndWeightsAsWithDecayAdam() {
        assertEachGroupUpdatesAsItsOwnOptimizer(adam(schedule()));
    }

    @Test
    void theReportListsTheDecayedAndUndecayedParametersAndFindsLateOnes() {
        SequentialBlock net = net();
        NoBiasDecay split =
                NoBiasDecay.builder()
                        .setOptimizer(sgd(schedule()))
                        .setWeightDecay(WD)
                        .setBlock(net)
                        .build();
        assertThat(split.weightDecay()).isEqualTo(WD);
        assertThat(split.decayedParameters()).containsExactly("01Conv2d_weight", "06Linear_weight");
        assertThat(split.undecayedParameters())
                .containsExactly(
                        "01Conv2d_bias", "02BatchNorm_gamma", "02BatchNorm_beta", "06Linear_bias");
        // a layer added after the optimizer was built is found at its first update
        Linear late = Linear.builder().setUnits(2).build();
        net.add(late);
        Parameter lateBias = late.getParameters().get("bias");
        assertThat(split.isDecayed(lateBias.getId())).isFalse();
        assertThat(split.decayedParameters()).contains("07Linear_weight");
        // a rule of one's own
        NoBiasDecay everything =
                NoBiasDecay.builder()
                        .setOptimizer(sgd(schedule()))
                        .setWeightDecay(WD)
                        .setBlock(net)
                        .optDecayed(p -> true)
                        .build();
        assertThat(everything.undecayedParameters()).isEmpty();
        assertThat(everything.decayedParameters()).hasSize(8);
    }

    /** Trains the net with EasyTrain and returns its parameters' values by name. */
    private static Map<String, float[]> train(Optimizer optimizer, Block net, String digest)
            throws Exception {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("no-bias-decay")) {
            model.setBlock(net);
            int n = 48;
            Random random = new Random(4);
            float[] x = new float[n * 36];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextInt(3);
                for (int j = 0; j < 36; j++) {
                    x[i * 36 + j] = (float) random.nextGaussian() + (j % 3 == y[i] ? 1f : 0f);
                }
            }
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.create(x, new Shape(n, 1, 6, 6)))
                            .optLabels(manager.create(y))
                            .setSampling(8, true)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(optimizer)
                            .optDevices(new Device[] {Device.cpu()});
            Map<String, float[]> values = new LinkedHashMap<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 1, 6, 6));
                EasyTrain.fit(trainer, 1, data, null);
                int arrays = model.getNDManager().getManagedArrays().size();
                EasyTrain.fit(trainer, 1, data, null);
                // a second epoch leaves no arrays behind
                assertThat(model.getNDManager().getManagedArrays()).hasSize(arrays);
                for (Pair<String, Parameter> p : net.getParameters()) {
                    float[] v = p.getValue().getArray().toFloatArray();
                    for (float f : v) {
                        assertThat(f).as(p.getKey()).isFinite();
                    }
                    values.put(p.getKey(), v);
                }
            }
            FillCheck.record(digest, net);
            return values;
        }
    }

    private static void assertSame(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name)).as(name).containsExactly(expected.get(name));
        }
    }

    @Test
    void everyParameterDecayedTrainsAsThePlainOptimizerBitForBitInEasyTrain() throws Exception {
        Tracker lr = schedule();
        Block net = net();
        Optimizer split =
                NoBiasDecay.builder()
                        .setOptimizer(sgd(lr))
                        .setWeightDecay(WD)
                        .setBlock(net)
                        .optDecayed(p -> true)
                        .build();
        Map<String, float[]> filtered = train(split, net, "NoBiasDecayTest-all-decayed");
        Map<String, float[]> plain = train(sgd(lr).build(WD), net(), "NoBiasDecayTest-plain");
        assertSame(filtered, plain);
    }

    @Test
    void withZeroDecayBothGroupsTrainAsOneOptimizerBitForBitInEasyTrain() throws Exception {
        // Both groups active, each in its own optimizer: the routing, the momentum state and the
        // update counts (the warmup schedule) must all match a single optimizer's.
        Tracker lr = schedule();
        Block net = net();
        NoBiasDecay split =
                NoBiasDecay.builder()
                        .setOptimizer(sgd(lr))
                        .setWeightDecay(0f)
                        .setBlock(net)
                        .build();
        Map<String, float[]> filtered = train(split, net, "NoBiasDecayTest-zero-decay");
        assertThat(split.decayedParameters()).hasSize(2);
        assertThat(split.undecayedParameters()).hasSize(4);
        Map<String, float[]> plain = train(sgd(lr).build(0f), net(), "NoBiasDecayTest-plain0");
        assertSame(filtered, plain);
    }

    @Test
    void withDecayTheFilterTrainsInEasyTrainUnlikeDecayingEverything() throws Exception {
        Tracker lr = schedule();
        Block net = net();
        NoBiasDecay split =
                NoBiasDecay.builder()
                        .setOptimizer(sgd(lr))
                        .setWeightDecay(WD)
                        .setBlock(net)
                        .build();
        Map<String, float[]> filtered = train(split, net, "NoBiasDecayTest-default");
        Map<String, float[]> decayedAll = train(sgd(lr).build(WD), net(), "NoBiasDecayTest-wd");
        // same seed, same data: the runs differ, as the biases, γ and β were not decayed
        assertThat(filtered.get("02BatchNorm_gamma"))
                .isNotEqualTo(decayedAll.get("02BatchNorm_gamma"));
    }

    /**
     * The snippet proposed for the README (its layout kept by the snippet markers) builds the
     * optimizer the configuration trains with.
     */
    @Test
    void theReadmeSnippetCompilesAsWritten() {
        Block net = net();
        Tracker lr = schedule();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
        // snippet:no-bias-decay
        Optimizer sgd = NoBiasDecay.builder()
                .setOptimizer(wd -> Optimizer.sgd().setLearningRateTracker(lr)
                        .optMomentum(0.9f).optWeightDecays(wd).build()) // built with λ and with 0
                .setWeightDecay(1e-4f) // on conv and linear weights; none on biases, γ, β
                .setBlock(net) // the block the trainer trains
                .build();
        config.optOptimizer(sgd);
        // end-snippet
        assertThat(config.getOptimizer()).isSameAs(sgd);
        assertThat(((NoBiasDecay) sgd).decayedParameters()).hasSize(2);
    }

    @Test
    void aGroupLeftBehindIsReportedInsteadOfRestartingItsSchedule() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = net();
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 6, 6));
            NoBiasDecay split =
                    NoBiasDecay.builder()
                            .setOptimizer(sgd(schedule()))
                            .setWeightDecay(WD)
                            .setBlock(net)
                            .build();
            Parameter weight = net.getParameters().get("01Conv2d_weight");
            Parameter bias = net.getParameters().get("01Conv2d_bias");
            for (int step = 0; step < 3; step++) {
                split.update(weight.getId(), weight.getArray(), weight.getArray().zerosLike());
            }
            assertThatThrownBy(
                            () ->
                                    split.update(
                                            bias.getId(),
                                            bias.getArray(),
                                            bias.getArray().zerosLike()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("undecayed group has had 1 updates and the other 3");
            assertThatThrownBy(
                            () ->
                                    split.update(
                                            "no-such-id",
                                            bias.getArray(),
                                            bias.getArray().zerosLike()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "parameterId must be the id of a parameter of the block given to"
                                    + " setBlock, got no-such-id");
        }
    }

    @Test
    void badInputIsRejectedByName() {
        NoBiasDecay.OptimizerFactory f = sgd(schedule());
        Block net = net();
        assertThatThrownBy(() -> NoBiasDecay.builder().setWeightDecay(-1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightDecay must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> NoBiasDecay.builder().setWeightDecay(Float.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightDecay must be finite and >= 0, got NaN");
        assertThatThrownBy(() -> NoBiasDecay.builder().setWeightDecay(Float.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weightDecay must be finite");
        assertThatThrownBy(() -> NoBiasDecay.builder().setOptimizer(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer factory must not be null");
        assertThatThrownBy(() -> NoBiasDecay.builder().setBlock(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block must not be null");
        assertThatThrownBy(() -> NoBiasDecay.builder().optDecayed(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule must not be null");
        assertThatThrownBy(() -> NoBiasDecay.builder().setWeightDecay(WD).setBlock(net).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer factory is required: call setOptimizer");
        assertThatThrownBy(() -> NoBiasDecay.builder().setOptimizer(f).setBlock(net).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightDecay is required: call setWeightDecay");
        assertThatThrownBy(() -> NoBiasDecay.builder().setOptimizer(f).setWeightDecay(WD).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block is required: call setBlock");
        Optimizer one = f.build(WD);
        assertThatThrownBy(
                        () ->
                                NoBiasDecay.builder()
                                        .setOptimizer(wd -> one)
                                        .setWeightDecay(WD)
                                        .setBlock(net)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "optimizer factory must build a new optimizer on every call");
        assertThatThrownBy(
                        () ->
                                NoBiasDecay.builder()
                                        .setOptimizer(wd -> null)
                                        .setWeightDecay(WD)
                                        .setBlock(net)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer factory returned null for weight decay 0.05");
        NoBiasDecay inner =
                NoBiasDecay.builder().setOptimizer(f).setWeightDecay(WD).setBlock(net).build();
        assertThatThrownBy(
                        () ->
                                NoBiasDecay.builder()
                                        .setOptimizer(wd -> inner)
                                        .setWeightDecay(WD)
                                        .setBlock(net)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got a NoBiasDecay");
        assertThatThrownBy(() -> inner.isDecayed("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got nope");
    }
}
