/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import io.github.djltricks.core.loss.LabelSmoothingCrossEntropyLoss;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The dataset wrapper mixes every batch exactly as the mixer would, and leaks no native memory. */
class MixupDatasetTest {

    private static ArrayDataset dataset(NDManager manager, int size, int batch) {
        NDArray data = manager.randomUniform(0, 1, new Shape(size, 1, 6, 6));
        NDArray labels = manager.arange(size).mod(3);
        return new ArrayDataset.Builder()
                .setData(data)
                .optLabels(labels)
                .setSampling(batch, false)
                .build();
    }

    private static Mixup mixup(long seed) {
        return Mixup.builder()
                .setNumClasses(3)
                .optMixupAlpha(1.0)
                .optCutMixAlpha(1.0)
                .optMode(MixMode.SAMPLE)
                .optSeed(seed)
                .build();
    }

    @Test
    void batchesAreThoseOfTheMixerInOrder() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset plain = dataset(manager, 21, 4);
            MixupDataset mixed = new MixupDataset(plain, mixup(5));
            Mixup twin = mixup(5);
            Iterator<Batch> expected = plain.getData(manager).iterator();
            int count = 0;
            for (Batch batch : mixed.getData(manager)) {
                Batch raw = expected.next();
                MixedBatch want = twin.mix(raw.getData().head(), raw.getLabels().head());
                assertThat(batch.getSize()).isEqualTo(raw.getSize());
                assertThat(batch.getLabels().head().getShape())
                        .isEqualTo(new Shape(raw.getSize(), 3));
                assertThat(batch.getData().head().toFloatArray())
                        .containsExactly(want.data().toFloatArray());
                assertThat(batch.getLabels().head().toFloatArray())
                        .containsExactly(want.targets().toFloatArray());
                // Splitting across devices still works on the mixed batch.
                assertThat(batch.split(new ai.djl.Device[] {manager.getDevice()}, false))
                        .hasSize(1);
                raw.close();
                batch.close();
                count++;
            }
            assertThat(expected.hasNext()).isFalse();
            assertThat(count).isEqualTo(6); // 21 samples in batches of 4, the last one of 1
        }
    }

    @Test
    void liveArrayCountStaysFlatOver2000MixedBatches() throws Exception {
        LabelSmoothingCrossEntropyLoss loss = LabelSmoothingCrossEntropyLoss.builder().build();
        try (NDManager manager = NDManager.newBaseManager()) {
            MixupDataset mixed = new MixupDataset(dataset(manager, 8000, 4), mixup(9));
            int seen = 0;
            int after100 = -1;
            for (Batch batch : mixed.getData(manager)) {
                // Stand-in for a forward pass: logits made from the batch, in the batch's manager.
                NDArray logits = batch.getData().head().reshape(4, 36).get(":, :3");
                NDList labels = batch.getLabels();
                assertThat(loss.evaluate(labels, new NDList(logits)).getFloat()).isFinite();
                batch.close();
                seen++;
                if (seen == 100) {
                    after100 = manager.getManagedArrays().size();
                }
            }
            assertThat(seen).isEqualTo(2000);
            assertThat(manager.getManagedArrays()).hasSize(after100);
        }
    }
}
