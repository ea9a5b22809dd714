/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Converting BatchNorm ↔ SyncBatchNorm reaches every layer and keeps every value and option. */
class BatchNormConverterTest {

    /** A custom block that keeps its layers in a field and in a list, as user blocks do. */
    static final class Holder extends AbstractBlock {
        private final Block norm;
        private final List<Block> extra = new ArrayList<>();

        Holder(Block norm, Block second) {
            this.norm = addChildBlock("norm", norm);
            extra.add(addChildBlock("second", second));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            return extra.get(0).forward(ps, norm.forward(ps, inputs, training, p), training, p);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
            norm.initialize(manager, type, shapes);
            extra.get(0).initialize(manager, type, shapes);
        }
    }

    /** A custom block whose field has the concrete type and so cannot take the other layer. */
    static final class Typed extends AbstractBlock {
        private final BatchNorm bn;

        Typed() {
            bn = addChildBlock("bn", BatchNorm.builder().build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            return bn.forward(ps, inputs, training, p);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    static Block tree() {
        Block branchA =
                new SequentialBlock()
                        .add(BatchNorm.builder().optEpsilon(1e-3f).optCenter(false).build());
        Block branchB =
                new Holder(
                        BatchNorm.builder().optMomentum(0.5f).build(),
                        BatchNorm.builder().optScale(false).build());
        return new SequentialBlock()
                .add(BatchNorm.builder().optMomentum(0.8f).build())
                .add(
                        new ParallelBlock(
                                list -> new NDList(NDArrays.concat(flatten(list), 1)),
                                List.of(branchA, branchB)));
    }

    static NDList flatten(List<NDList> lists) {
        NDList out = new NDList();
        lists.forEach(out::addAll);
        return out;
    }

    static void randomize(NDManager manager, Block block, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (Parameter p : block.getParameters().values()) {
            float[] v = new float[(int) p.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.2f + rng.nextFloat();
            }
            manager.create(v, p.getArray().getShape()).copyTo(p.getArray());
        }
    }

    static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    static List<Block> layers(Block block, List<Block> into) {
        into.add(block);
        for (Block child : block.getChildren().values()) {
            layers(child, into);
        }
        return into;
    }

    static float[] infer(NDManager manager, Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    static Object option(BatchNorm bn, String name) throws ReflectiveOperationException {
        Field f = BatchNorm.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(bn);
    }

    @Test
    void swapsEveryLayerKeepingValuesOptionsAndOutputsAndSwapsBack() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block root = tree();
            root.initialize(manager, DataType.FLOAT32, new Shape(5, 4));
            randomize(manager, root, 1);
            Map<String, float[]> before = values(root);
            NDArray x = manager.randomNormal(new Shape(5, 4));
            float[] out = infer(manager, root, x);

            assertThat(BatchNormConverter.toSyncInPlace(root)).isSameAs(root);
            List<Block> all = layers(root, new ArrayList<>());
            assertThat(all).noneMatch(b -> b instanceof BatchNorm);
            assertThat(all).filteredOn(b -> b instanceof SyncBatchNorm).hasSize(4);
            assertThat(values(root)).usingRecursiveComparison().isEqualTo(before);
            Holder holder =
                    (Holder) all.stream().filter(b -> b instanceof Holder).findFirst().get();
            assertThat(holder.norm)
                    .isInstanceOf(SyncBatchNorm.class)
                    .isSameAs(holder.getChildren().valueAt(0));
            assertThat(holder.extra.get(0)).isSameAs(holder.getChildren().valueAt(1));
            assertThat(((SyncBatchNorm) holder.norm).getMomentum()).isEqualTo(0.5f);
            assertThat(((SyncBatchNorm) holder.extra.get(0)).isScale()).isFalse();
            SyncBatchNorm first = (SyncBatchNorm) root.getChildren().valueAt(0);
            assertThat(first.getMomentum()).isEqualTo(0.8f);
            SyncBatchNorm inA =
                    (SyncBatchNorm)
                            root.getChildren()
                                    .valueAt(1)
                                    .getChildren()
                                    .valueAt(0)
                                    .getChildren()
                                    .valueAt(0);
            assertThat(inA.getEpsilon()).isEqualTo(1e-3f);
            assertThat(inA.isCenter()).isFalse();
            assertThat(infer(manager, root, x)).containsExactly(out);

            assertThat(BatchNormConverter.toBatchNormInPlace(root)).isSameAs(root);
            all = layers(root, new ArrayList<>());
            assertThat(all).noneMatch(b -> b instanceof SyncBatchNorm);
            assertThat(values(root)).usingRecursiveComparison().isEqualTo(before);
            assertThat(infer(manager, root, x)).containsExactly(out);
            BatchNorm back =
                    (BatchNorm)
                            ((Holder)
                                            all.stream()
                                                    .filter(b -> b instanceof Holder)
                                                    .findFirst()
                                                    .get())
                                    .norm;
            assertThat(option(back, "momentum")).isEqualTo(0.5f);
            BatchNorm backA =
                    (BatchNorm)
                            root.getChildren()
                                    .valueAt(1)
                                    .getChildren()
                                    .valueAt(0)
                                    .getChildren()
                                    .valueAt(0);
            assertThat(option(backA, "epsilon")).isEqualTo(1e-3f);
            assertThat(option(backA, "center")).isEqualTo(false);
            assertThat(option(backA, "axis")).isEqualTo(1);
        }
    }

    @Test
    void aWrappedBatchNormBecomesASyncBatchNormWithItsValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block bn = BatchNorm.builder().build();
            SequentialBlock root = new SequentialBlock().add(bn);
            root.initialize(manager, DataType.FLOAT32, new Shape(3, 2, 4, 4));
            randomize(manager, root, 2);
            Map<String, float[]> before = values(bn);
            SequentialBlock same = BatchNormConverter.toSyncInPlace(root);
            assertThat(same).isSameAs(root);
            Block sync = root.getChildren().valueAt(0);
            assertThat(sync).isInstanceOf(SyncBatchNorm.class);
            assertThat(values(sync)).usingRecursiveComparison().isEqualTo(before);
            assertThat(sync.getInputShapes()).containsExactly(new Shape(3, 2, 4, 4));
        }
    }

    @Test
    void aRootThatIsItselfTheLayerIsRefusedAsItCannotBeReplacedInPlace() {
        Block bn = BatchNorm.builder().build();
        assertThatThrownBy(() -> BatchNormConverter.toSyncInPlace(bn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root must be a tree that holds the layers, not a BatchNorm")
                .hasMessageContaining("got root=BatchNorm")
                .hasMessageContaining("wrap the layer in a SequentialBlock");
        assertThatThrownBy(() -> BatchNormConverter.toPerShardInPlace(bn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root=BatchNorm");
        Block sync = SyncBatchNorm.builder().build();
        assertThatThrownBy(() -> BatchNormConverter.toBatchNormInPlace(sync))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SyncBatchNorm itself")
                .hasMessageContaining("root=SyncBatchNorm");
        assertThatThrownBy(() -> BatchNormConverter.toSyncInPlace(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root=null");
    }

    @Test
    void toPerShardGivesUnsynchronisedLayersWithTheValuesAndToSyncSynchronisedOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block bn = BatchNorm.builder().optMomentum(0.7f).build();
            SequentialBlock root = new SequentialBlock().add(bn);
            root.initialize(manager, DataType.FLOAT32, new Shape(3, 2, 4, 4));
            randomize(manager, root, 3);
            Map<String, float[]> before = values(bn);
            Block local = BatchNormConverter.toPerShardInPlace(root).getChildren().valueAt(0);
            assertThat(local).isInstanceOf(SyncBatchNorm.class);
            assertThat(((SyncBatchNorm) local).isSynchronized()).isFalse();
            assertThat(((SyncBatchNorm) local).getMomentum()).isEqualTo(0.7f);
            assertThat(values(local)).usingRecursiveComparison().isEqualTo(before);
            Block plain = new SequentialBlock().add(BatchNorm.builder().build());
            BatchNormConverter.toSyncInPlace(plain);
            assertThat(((SyncBatchNorm) plain.getChildren().valueAt(0)).isSynchronized()).isTrue();
        }
    }

    @Test
    void savedBatchNormWeightsLoadIntoTheConvertedTree() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block plain = tree();
            plain.initialize(manager, DataType.FLOAT32, new Shape(5, 4));
            randomize(manager, plain, 3);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            plain.saveParameters(new DataOutputStream(bytes));

            Block sync = BatchNormConverter.toSyncInPlace(tree());
            sync.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(values(sync)).usingRecursiveComparison().isEqualTo(values(plain));
        }
    }

    @Test
    void anUninitializedTreeConvertsAndInitializesLater() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block root = BatchNormConverter.toSyncInPlace(tree());
            root.initialize(manager, DataType.FLOAT32, new Shape(5, 4));
            assertThat(root.getParameters().size()).isEqualTo(16);
            assertThat(infer(manager, root, manager.ones(new Shape(5, 4)))).hasSize(5 * 8);
        }
    }

    @Test
    void aFieldOfTheConcreteTypeIsReportedAndNothingChanges() {
        Typed typed = new Typed();
        assertThatThrownBy(() -> BatchNormConverter.toSyncInPlace(new SequentialBlock().add(typed)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Typed.bn is declared BatchNorm")
                .hasMessageContaining("declare it as Block");
        assertThat(typed.getChildren().valueAt(0)).isSameAs(typed.bn);
    }
}
