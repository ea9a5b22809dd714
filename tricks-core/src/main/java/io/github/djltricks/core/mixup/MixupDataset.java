/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.mixup;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorOptions;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;

/**
 * A training {@link Dataset} whose batches are mixed by a {@link Mixup}: pass it as the training
 * dataset of {@code EasyTrain.fit} and the plain dataset as the validation one, which stays
 * untouched. No custom training loop is needed.
 *
 * <p>Each batch of the wrapped dataset is mixed on the training thread as the trainer takes it, in
 * order, so a seeded {@link Mixup} over the same batches gives the same mixed batches. The first
 * entry of the batch's data and labels is mixed (labels become dense rows {@code [B, K]}); further
 * data entries pass through. The mixed batch lives in the original batch's manager and is freed
 * with it when the trainer closes the batch. Mixed batches are split across devices with {@link
 * Batchifier#STACK}.
 */
public final class MixupDataset implements Dataset {

    private final Dataset dataset;
    private final Mixup mixup;

    /**
     * Wraps a training dataset.
     *
     * @param dataset the training dataset whose batches to mix
     * @param mixup the mixer
     */
    public MixupDataset(Dataset dataset, Mixup mixup) {
        if (dataset == null || mixup == null) {
            throw new IllegalArgumentException(
                    "dataset and mixup must not be null, got dataset="
                            + dataset
                            + ", mixup="
                            + mixup);
        }
        this.dataset = dataset;
        this.mixup = mixup;
    }

    /**
     * Returns the mixer.
     *
     * @return the mixer
     */
    public Mixup getMixup() {
        return mixup;
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        return mixed(dataset.getData(manager));
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService)
            throws IOException, TranslateException {
        return mixed(dataset.getData(manager, executorService));
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        dataset.prepare(progress);
    }

    /** {@inheritDoc} */
    @Override
    public TranslatorOptions matchingTranslatorOptions() {
        return dataset.matchingTranslatorOptions();
    }

    private Iterable<Batch> mixed(Iterable<Batch> batches) {
        return () -> {
            Iterator<Batch> it = batches.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Batch next() {
                    return mix(it.next());
                }
            };
        };
    }

    private Batch mix(Batch batch) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        MixedBatch mixed = mixup.mix(data.head(), labels.head());
        NDList newData = new NDList(data.size());
        newData.add(mixed.data());
        for (int i = 1; i < data.size(); i++) {
            newData.add(data.get(i));
        }
        NDList newLabels = new NDList(labels.size());
        newLabels.add(mixed.targets());
        for (int i = 1; i < labels.size(); i++) {
            newLabels.add(labels.get(i));
        }
        return new Batch(
                batch.getManager(),
                newData,
                newLabels,
                batch.getSize(),
                Batchifier.STACK,
                Batchifier.STACK,
                batch.getProgress(),
                batch.getProgressTotal(),
                batch.getIndices());
    }
}
