/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;
import io.github.djltricks.core.autograd.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A training step for {@link SyncBatchNorm}: the counterpart of {@link EasyTrain} that splits each
 * batch into k shards, runs their forwards concurrently so that every SyncBatchNorm layer
 * normalises with the statistics of the whole batch, and does one backward and one optimizer step.
 *
 * <p>With several trainer devices there is one shard per device; with one device the k shards are
 * virtual shards on it (DJL has a single CPU device). Shard sizes differ by at most one, the larger
 * first. The shard losses are combined as {@code L = Σ (n_i / N) L_i}, which for a loss that
 * averages over its examples (as DJL's losses do) is the loss of the whole batch, so the one
 * backward gives the full-batch gradient.
 *
 * <p>{@link EasyTrain#trainBatch} cannot carry synchronized statistics: it runs forward, loss and
 * backward shard by shard. Listeners see the same {@link BatchData} as with EasyTrain: labels and
 * predictions per device (the shards of one device concatenated).
 *
 * <p>With k virtual shards on one device the optimizer's update counter advances once per step.
 * With several devices, DJL's parameter server still calls the optimizer once per device copy.
 */
public final class SyncTrain {

    private SyncTrain() {}

    /**
     * Trains {@code numEpoch} epochs as {@link EasyTrain#fit} does, each batch through {@link
     * #trainBatch(Trainer, Batch, int)}.
     *
     * @param trainer the trainer
     * @param numEpoch the number of epochs
     * @param trainingDataset the training data
     * @param validateDataset the validation data, or null for none
     * @param shards the number of shards k: the number of devices, or any k ≥ 1 on one device
     * @throws IOException if the dataset cannot be read
     * @throws TranslateException if the dataset cannot be processed
     */
    public static void fit(
            Trainer trainer,
            int numEpoch,
            Dataset trainingDataset,
            Dataset validateDataset,
            int shards)
            throws IOException, TranslateException {
        for (int epoch = 0; epoch < numEpoch; epoch++) {
            for (Batch batch : trainer.iterateDataset(trainingDataset)) {
                trainBatch(trainer, batch, shards);
                trainer.step();
                batch.close();
            }
            EasyTrain.evaluateDataset(trainer, validateDataset);
            trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
    }

    /**
     * Runs forward and backward of one batch split into {@code shards} shards with synchronized
     * batch statistics; call {@link Trainer#step()} afterwards, as with {@link
     * EasyTrain#trainBatch}.
     *
     * @param trainer the trainer
     * @param batch the batch
     * @param shards the number of shards k: the number of devices, or any k ≥ 1 on one device
     * @throws IllegalArgumentException if the batch is on another engine, if {@code shards} is less
     *     than 1, differs from the number of devices when there are several, or exceeds the batch
     *     size
     */
    public static void trainBatch(Trainer trainer, Batch batch, int shards) {
        if (trainer.getManager().getEngine() != batch.getManager().getEngine()) {
            throw new IllegalArgumentException(
                    "The data must be on the same engine as the trainer; got "
                            + batch.getManager().getEngine().getEngineName()
                            + " and "
                            + trainer.getManager().getEngine().getEngineName());
        }
        Device[] devices = trainer.getDevices();
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
        if (devices.length > 1 && shards != devices.length) {
            throw new IllegalArgumentException(
                    "shards must equal the number of trainer devices ("
                            + devices.length
                            + ") when there are several, got "
                            + shards);
        }
        long size = batch.getData().head().getShape().get(0);
        if (size < shards) {
            throw new IllegalArgumentException(
                    "batch size "
                            + size
                            + " is smaller than shards "
                            + shards
                            + "; every shard needs at least one example");
        }
        long[] sizes = sizes(size, shards);
        Device[] shardDevices = new Device[shards];
        Arrays.setAll(shardDevices, i -> devices.length > 1 ? devices[i] : devices[0]);
        NDList[] data = split(batch.getData(), sizes, shardDevices);
        NDList[] labels = split(batch.getLabels(), sizes, shardDevices);

        BatchData batchData =
                new BatchData(batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        try (GradientCollector collector = trainer.newGradientCollector()) {
            List<ShardResult> results =
                    ShardGroup.run(
                            shards,
                            i -> {
                                NDList preds = trainer.forward(data[i], labels[i]);
                                NDArray loss = trainer.getLoss().evaluate(labels[i], preds);
                                return new ShardResult(preds, loss);
                            });
            long time = System.nanoTime();
            NDArray total = combine(results, sizes, size, shardDevices[0]);
            collector.backward(total);
            trainer.addMetric("backward", time);
            time = System.nanoTime();
            record(batchData, shardDevices, labels, results);
            trainer.addMetric("training-metrics", time);
        }
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    }

    /**
     * Returns {@code L = Σ (n_i / N) L_i}, built on a fresh thread. PyTorch numbers autograd nodes
     * with a per-thread counter and the backward pass orders ready nodes by those numbers; built on
     * the caller's thread, whose counter carries its history, the nodes made the first sharded run
     * of a JVM sum the shards' gradients in another order than the runs after it (the last bits
     * differed). The factors are engine-owned scalars: DJL's {@code x.mul(Number)} wraps a Java
     * buffer that autograd keeps past its release.
     */
    private static NDArray combine(
            List<ShardResult> results, long[] sizes, long size, Device device) {
        return ShardGroup.run(
                        1,
                        unused -> {
                            NDArray sum = null;
                            for (int i = 0; i < sizes.length; i++) {
                                NDArray loss = results.get(i).loss().toDevice(device, false);
                                NDArray term =
                                        loss.mul(Scalar.like(loss, (double) sizes[i] / size));
                                sum = sum == null ? term : sum.add(term);
                            }
                            return sum;
                        })
                .get(0);
    }

    /**
     * Returns the sizes of k shards of a batch of n: as equal as possible, the larger first.
     *
     * @param n the batch size
     * @param k the number of shards, 1 ≤ k ≤ n
     * @return k sizes summing to n
     */
    static long[] sizes(long n, int k) {
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            sizes[i] = n / k + (i < n % k ? 1 : 0);
        }
        return sizes;
    }

    private static NDList[] split(NDList list, long[] sizes, Device[] devices) {
        NDList[] out = new NDList[sizes.length];
        Arrays.setAll(out, i -> new NDList(list.size()));
        long[] cuts = new long[sizes.length - 1];
        for (int i = 0, at = 0; i < cuts.length; i++) {
            at += (int) sizes[i];
            cuts[i] = at;
        }
        for (NDArray array : list) {
            NDList parts = cuts.length == 0 ? new NDList(array) : array.split(cuts);
            for (int i = 0; i < sizes.length; i++) {
                NDArray part = parts.get(i).toDevice(devices[i], false);
                part.setName(array.getName());
                out[i].add(part);
            }
        }
        return out;
    }

    private static void record(
            BatchData batchData, Device[] devices, NDList[] labels, List<ShardResult> results) {
        Map<Device, List<Integer>> byDevice = new LinkedHashMap<>();
        for (int i = 0; i < devices.length; i++) {
            byDevice.computeIfAbsent(devices[i], d -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Device, List<Integer>> entry : byDevice.entrySet()) {
            List<Integer> shards = entry.getValue();
            List<NDList> shardLabels = new ArrayList<>();
            List<NDList> shardPreds = new ArrayList<>();
            for (int i : shards) {
                shardLabels.add(labels[i]);
                shardPreds.add(results.get(i).predictions());
            }
            batchData.getLabels().put(entry.getKey(), concat(shardLabels));
            batchData.getPredictions().put(entry.getKey(), concat(shardPreds));
        }
    }

    private static NDList concat(List<NDList> lists) {
        if (lists.size() == 1) {
            return lists.get(0);
        }
        NDList out = new NDList();
        for (int j = 0; j < lists.get(0).size(); j++) {
            NDList parts = new NDList();
            for (NDList list : lists) {
                parts.add(list.get(j));
            }
            NDArray joined = NDArrays.concat(parts);
            joined.setName(lists.get(0).get(j).getName());
            out.add(joined);
        }
        return out;
    }

    private record ShardResult(NDList predictions, NDArray loss) {}
}
