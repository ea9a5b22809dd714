/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.zerogamma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.djltricks.core.norm.BatchNormConverter;
import io.github.djltricks.core.norm.SyncBatchNorm;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero-γ's defining identity: after it, a residual block's output is what its shortcut alone gives
 * (the identity for an identity shortcut), in training and inference mode, on random input; and it
 * finds one batch norm per residual block in DJL's ResNets, and none elsewhere.
 */
class ZeroGammaTest {

    @BeforeAll
    static void oneDnnOff() {
        io.github.djltricks.core.engine.OneDnn.setEnabled(false);
    }

    private static SequentialBlock resnet(Shape image, int layers) {
        return ResNetV1.builder().setImageShape(image).setNumLayers(layers).setOutSize(10).build();
    }

    private static Block conv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }

    private static NDArray forward(NDManager manager, Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow();
    }

    @Test
    void findsOneBatchNormPerResidualBlockInDjlsResNets() {
        // CIFAR layout (3 stages of (n − 2) / 6 basic or (n − 2) / 9 bottleneck blocks) and the
        // ImageNet layout (4 stages, 18: 2-2-2-2 basic, 50: 3-4-6-3 bottleneck)
        assertThat(ZeroGamma.find(resnet(new Shape(1, 28, 28), 20))).hasSize(9);
        assertThat(ZeroGamma.find(resnet(new Shape(1, 28, 28), 56))).hasSize(27);
        assertThat(ZeroGamma.find(resnet(new Shape(1, 28, 28), 164))).hasSize(54);
        assertThat(ZeroGamma.find(resnet(new Shape(3, 224, 224), 18))).hasSize(8);
        assertThat(ZeroGamma.find(resnet(new Shape(3, 224, 224), 50))).hasSize(16);
        SequentialBlock r50 = resnet(new Shape(3, 224, 224), 50);
        assertThat(ZeroGamma.apply(r50)).isEqualTo(16);
        // every one of them the last layer of its unit's first branch, never of the shortcut
        int units = 0;
        for (Block child : r50.getChildren().values()) {
            if (child instanceof ParallelBlock) {
                units++;
                List<Block> found = ZeroGamma.find(child);
                Block branch = child.getChildren().valueAt(0);
                assertThat(found)
                        .containsExactly(
                                branch.getChildren().valueAt(branch.getChildren().size() - 1));
            }
        }
        assertThat(units).isEqualTo(16);
        // the same net with SyncBatchNorm layers
        Block sync = BatchNormConverter.toSyncInPlace(resnet(new Shape(1, 28, 28), 20));
        List<Block> found = ZeroGamma.find(sync);
        assertThat(found).hasSize(9).allMatch(b -> b instanceof SyncBatchNorm);
    }

    /**
     * Checks a residual unit of DJL's ResNetV1 (join: relu(branch + shortcut)) after zero-γ: its
     * output is relu(shortcut(x)) in training and inference mode.
     */
    private static void assertUnitIsItsShortcut(
            NDManager manager, Block unit, Shape input, boolean identity) {
        assertThat(ZeroGamma.apply(unit)).isEqualTo(1);
        unit.initialize(manager, DataType.FLOAT32, input);
        Block shortcut = unit.getChildren().valueAt(1);
        for (boolean training : new boolean[] {true, false}) {
            NDArray x = manager.randomNormal(input);
            NDArray out = forward(manager, unit, x, training);
            NDArray expected = forward(manager, shortcut, x, training).getNDArrayInternal().relu();
            if (identity) {
                assertThat(expected.toFloatArray())
                        .containsExactly(x.getNDArrayInternal().relu().toFloatArray());
            }
            assertThat(out.toFloatArray())
                    .as("training " + training)
                    .containsExactly(expected.toFloatArray());
        }
    }

    @Test
    void afterZeroGammaDjlsResidualUnitsGiveTheirShortcutInTrainingAndInference() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape one = new Shape(1, 1);
            Shape two = new Shape(2, 2);
            assertUnitIsItsShortcut(
                    manager,
                    ResNetV1.residualUnit(16, one, true, false, 0.9f),
                    new Shape(4, 16, 6, 6),
                    true);
            assertUnitIsItsShortcut(
                    manager,
                    ResNetV1.residualUnit(32, two, false, false, 0.9f),
                    new Shape(4, 16, 6, 6),
                    false);
            assertUnitIsItsShortcut(
                    manager,
                    ResNetV1.residualUnit(64, one, true, true, 0.9f),
                    new Shape(4, 64, 6, 6),
                    true);
            assertUnitIsItsShortcut(
                    manager,
                    ResNetV1.residualUnit(64, two, false, true, 0.9f),
                    new Shape(4, 32, 6, 6),
                    false);
            // without zero-γ the branch contributes
            Block plain = ResNetV1.residualUnit(16, one, true, false, 0.9f);
            plain.initialize(manager, DataType.FLOAT32, new Shape(4, 16, 6, 6));
            NDArray x = manager.randomNormal(new Shape(4, 16, 6, 6));
            assertThat(forward(manager, plain, x, true).toFloatArray())
                    .isNotEqualTo(x.getNDArrayInternal().relu().toFloatArray());
        }
    }

    @Test
    void onAnInitializedNetItWritesZerosIntoTheBranchesGammaOnly() {
        Engine.getInstance().setRandomSeed(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = resnet(new Shape(1, 28, 28), 20);
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            List<Block> found = ZeroGamma.find(net);
            assertThat(ZeroGamma.apply(net)).isEqualTo(9);
            int zero = 0;
            int one = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().getType() != Parameter.Type.GAMMA) {
                    continue;
                }
                float[] v = p.getValue().getArray().toFloatArray();
                boolean branchEnd =
                        found.stream()
                                .anyMatch(
                                        b ->
                                                b.getDirectParameters()
                                                        .values()
                                                        .contains(p.getValue()));
                for (float f : v) {
                    assertThat(f).as(p.getKey()).isEqualTo(branchEnd ? 0f : 1f);
                }
                if (branchEnd) {
                    zero++;
                } else {
                    one++;
                }
            }
            // 9 branch ends; the first norm of every branch and 3 projection shortcuts (the CIFAR
            // stem has no norm)
            assertThat(zero).isEqualTo(9);
            assertThat(one).isEqualTo(9 + 3);
            // the net still runs, and its residual units give their shortcut
            NDArray out =
                    forward(manager, net, manager.randomNormal(new Shape(2, 1, 28, 28)), true);
            assertThat(out.getShape()).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void aHandBuiltResidualBlockWithALayerNormOrNestedBranchIsFound() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            // join by addition, the branch's last layer nested two sequential blocks down
            SequentialBlock branch =
                    new SequentialBlock()
                            .add(conv(16))
                            .add(
                                    new SequentialBlock()
                                            .add(Activation.reluBlock())
                                            .add(conv(16))
                                            .add(LayerNorm.builder().build()));
            ParallelBlock block =
                    new ParallelBlock(
                            l -> new NDList(l.get(0).head().add(l.get(1).head())),
                            List.of(Blocks.identityBlock(), branch));
            assertThat(ZeroGamma.apply(block)).isEqualTo(1);
            Shape input = new Shape(3, 16, 5, 5);
            block.initialize(manager, DataType.FLOAT32, input);
            for (boolean training : new boolean[] {true, false}) {
                NDArray x = manager.randomNormal(input);
                assertThat(forward(manager, block, x, training).toFloatArray())
                        .containsExactly(x.toFloatArray());
            }
        }
    }

    @Test
    void blocksThatAreNotResidualBranchesEndingInANormAreLeftAlone() {
        // a branch that ends in an activation after its norm (Darknet's residual units)
        Block activated =
                new ParallelBlock(
                        l -> new NDList(l.get(0).head().add(l.get(1).head())),
                        List.of(
                                new SequentialBlock()
                                        .add(conv(16))
                                        .add(BatchNorm.builder().build())
                                        .add(Activation.reluBlock()),
                                Blocks.identityBlock()));
        // two branches as deep as each other (an Inception-like block)
        Block even =
                new ParallelBlock(
                        l -> new NDList(l.get(0).head().add(l.get(1).head())),
                        List.of(
                                new SequentialBlock().add(conv(8)).add(BatchNorm.builder().build()),
                                new SequentialBlock()
                                        .add(conv(8))
                                        .add(BatchNorm.builder().build())));
        // three branches
        Block three =
                new ParallelBlock(
                        l -> l.get(0),
                        List.of(
                                new SequentialBlock()
                                        .add(conv(8))
                                        .add(conv(8))
                                        .add(BatchNorm.builder().build()),
                                Blocks.identityBlock(),
                                Blocks.identityBlock()));
        // a plain CNN
        Block plain =
                new SequentialBlock()
                        .add(conv(8))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        for (Block block : new Block[] {activated, even, three, plain}) {
            assertThat(ZeroGamma.find(block)).isEmpty();
            assertThat(ZeroGamma.apply(block)).isZero();
        }
    }

    /**
     * The snippet proposed for the README (its layout kept by the snippet markers), between {@code
     * newTrainer} and {@code initialize}: γ starts at 0 in each of ResNet-20's nine residual
     * branches.
     */
    @Test
    void theReadmeSnippetStartsEveryBranchAtZero() {
        Engine.getInstance().setRandomSeed(8);
        try (Model model = Model.newInstance("zero-gamma")) {
            model.setBlock(resnet(new Shape(1, 28, 28), 20));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optDevices(new Device[] {Device.cpu()});
            Shape inputShape = new Shape(2, 1, 28, 28);
            // snippet:zero-gamma
            Trainer trainer = model.newTrainer(config);
            int zeroed = ZeroGamma.apply(model.getBlock()); // γ = 0 ending each residual branch
            trainer.initialize(inputShape); // every residual block starts as its shortcut
            // end-snippet
            try (trainer) {
                assertThat(zeroed).isEqualTo(9);
                for (Block bn : ZeroGamma.find(model.getBlock())) {
                    assertThat(bn.getParameters().get("gamma").getArray().toFloatArray())
                            .containsOnly(0f);
                }
            }
        }
    }

    @Test
    void badInputIsRejectedByName() {
        assertThatThrownBy(() -> ZeroGamma.apply(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network must not be null");
        assertThatThrownBy(() -> ZeroGamma.find(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network must not be null");
        SequentialBlock net =
                new SequentialBlock()
                        .add(
                                new ParallelBlock(
                                        l -> new NDList(l.get(0).head().add(l.get(1).head())),
                                        List.of(
                                                new SequentialBlock()
                                                        .add(conv(16))
                                                        .add(
                                                                BatchNorm.builder()
                                                                        .optScale(false)
                                                                        .build()),
                                                Blocks.identityBlock())));
        assertThatThrownBy(() -> ZeroGamma.apply(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("01ParallelBlock_01SequentialBlock_02BatchNorm_gamma")
                .hasMessageContaining("is not trained");
    }
}
