/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replaced child keeps its name and every field that held it holds the replacement; a removed
 * child is gone unless a field still refers to it, in which case nothing changes.
 */
class BlockRewriteTest {

    /** A custom block that keeps its children in a field, a list, an array and a map. */
    static final class Holder extends AbstractBlock {
        private final Block first;
        private final List<Block> list;
        private final Block[] array;
        private final Map<String, Block> map;

        Holder(Block a, Block b, Block c, Block d) {
            first = addChildBlock("a", a);
            list = new java.util.ArrayList<>(List.of(addChildBlock("b", b)));
            array = new Block[] {addChildBlock("c", c)};
            map = new java.util.HashMap<>(Map.of("d", addChildBlock("d", d)));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void aReplacedChildKeepsItsNameInTheListAndEveryField() {
        Block[] old = {Blocks.identityBlock(), Blocks.identityBlock(), Blocks.identityBlock()};
        Block d = Blocks.identityBlock();
        Holder holder = new Holder(old[0], old[1], old[2], d);
        Block[] fresh = {Activation.reluBlock(), Activation.reluBlock(), Activation.reluBlock()};
        for (int i = 0; i < 3; i++) {
            BlockRewrite.replaceChild(holder, i, fresh[i]);
        }
        BlockRewrite.replaceChild(holder, 3, fresh[0]);
        assertThat(holder.getChildren().keys()).containsExactly("01a", "02b", "03c", "04d");
        assertThat(holder.getChildren().values())
                .containsExactly(fresh[0], fresh[1], fresh[2], fresh[0]);
        assertThat(holder.first).isSameAs(fresh[0]);
        assertThat(holder.list).containsExactly(fresh[1]);
        assertThat(holder.array).containsExactly(fresh[2]);
        assertThat(holder.map).containsEntry("d", fresh[0]);
    }

    @Test
    void aRemovedChildIsGoneAndTheOthersKeepTheirNames() {
        Block a = Blocks.identityBlock();
        Block b = Activation.reluBlock();
        Block c = Blocks.identityBlock();
        SequentialBlock sequence = new SequentialBlock().add(a).add(b).add(c);
        BlockRewrite.removeChild(sequence, 1);
        assertThat(sequence.getChildren().keys()).containsExactly("01LambdaBlock", "03LambdaBlock");
        assertThat(sequence.getChildren().values()).containsExactly(a, c);
    }

    @Test
    void aChildAFieldStillHoldsIsNotRemovedAndNothingChanges() {
        for (int i = 0; i < 4; i++) {
            Holder holder =
                    new Holder(
                            Blocks.identityBlock(),
                            Blocks.identityBlock(),
                            Blocks.identityBlock(),
                            Blocks.identityBlock());
            int index = i;
            assertThatThrownBy(() -> BlockRewrite.removeChild(holder, index))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still refers to it");
            assertThat(holder.getChildren().size()).isEqualTo(4);
        }
    }

    @Test
    void badArgumentsAreRejectedByName() {
        SequentialBlock sequence = new SequentialBlock().add(Blocks.identityBlock());
        assertThatThrownBy(() -> BlockRewrite.removeChild(sequence, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index must be in [0, 1)")
                .hasMessageContaining("index=1");
        assertThatThrownBy(() -> BlockRewrite.replaceChild(sequence, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replacement must be a block");
        assertThatThrownBy(() -> BlockRewrite.removeChild(null, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only AbstractBlock parents");
    }
}
