/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's SyncBN snippet (compiled as {@code SyncBnSnippet} in tricks-examples, which {@code
 * ReadmeSnippetsTest} keeps equal to the README) and its claim: after training, "back to BatchNorm
 * for export" leaves the trained network with BatchNorm layers only and its trained values, so its
 * saved parameters load into a plain network that computes the same outputs; the per-shard baseline
 * is a tree of its own.
 */
class SyncBnReadmeSnippetTest {

    @BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    private static List<Block> layers(Block block, List<Block> into) {
        into.add(block);
        for (Block child : block.getChildren().values()) {
            layers(child, into);
        }
        return into;
    }

    private static float[] infer(NDManager manager, Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void backToBatchNormForExportGivesTheTrainedNetWithBatchNormOnly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("snippet")) {
            Block net = SyncTrainTest.cnn();
            ArrayDataset trainSet = SyncTrainTest.dataset(manager, 24, 8, 5);
            int epochs = 2;

            // the snippet
            model.setBlock(BatchNormConverter.toSyncInPlace(net));
            try (Trainer trainer =
                    SyncTrainTest.trainer(model, new SyncTrainTest.CountingTracker())) {
                trainer.initialize(new Shape(8, 1, 8, 8));
                SyncTrain.fit(trainer, epochs, trainSet, null, 4);
            }
            List<Pair<String, float[]>> trained = SyncTrainTest.values(net);
            NDArray x = manager.randomNormal(new Shape(5, 1, 8, 8));
            float[] trainedOutput = infer(manager, net, x);
            BatchNormConverter.toBatchNormInPlace(net);
            Block baseline = BatchNormConverter.toPerShardInPlace(SyncTrainTest.cnn());

            // net is the network that was trained, now with BatchNorm layers and no SyncBatchNorm
            assertThat(model.getBlock()).isSameAs(net);
            List<Block> all = layers(net, new ArrayList<>());
            assertThat(all).filteredOn(b -> b instanceof BatchNorm).hasSize(2);
            assertThat(all).noneMatch(b -> b instanceof SyncBatchNorm);
            // with the trained values, which are not the initial ones
            assertThat(SyncTrainTest.values(net)).usingRecursiveComparison().isEqualTo(trained);
            assertThat(infer(manager, net, x)).containsExactly(trainedOutput);
            // exported, they load into a plain network built anew, which computes the same
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            net.saveParameters(new DataOutputStream(bytes));
            Block exported = SyncTrainTest.cnn();
            exported.initialize(manager, DataType.FLOAT32, new Shape(5, 1, 8, 8));
            float[] untrained = infer(manager, exported, x);
            assertThat(untrained).isNotEqualTo(trainedOutput);
            exported.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(infer(manager, exported, x)).containsExactly(trainedOutput);
            // the baseline is another tree, of unsynchronised layers, and net kept its BatchNorm
            assertThat(baseline).isNotSameAs(net);
            assertThat(layers(baseline, new ArrayList<>()))
                    .filteredOn(b -> b instanceof SyncBatchNorm)
                    .hasSize(2)
                    .allMatch(b -> !((SyncBatchNorm) b).isSynchronized());
            assertThat(layers(net, new ArrayList<>())).noneMatch(b -> b instanceof SyncBatchNorm);
        }
    }
}
