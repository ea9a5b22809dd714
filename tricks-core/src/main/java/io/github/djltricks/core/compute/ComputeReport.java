/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.compute;

import java.util.List;
import java.util.Locale;

/**
 * The compute of a network, layer by layer, as counted by {@link ComputeCounter}.
 *
 * <p>Totals follow the convention of the papers' "mult-adds": {@link #macs()} sums the
 * multiply-accumulates of convolutions and linear layers only; batch norm, activations and pooling
 * are summed apart in {@link #elementOps()}. {@link #params()} counts learnable parameters (what
 * PyTorch's {@code parameters()} yields); batch-norm running statistics are buffers, summed in
 * {@link #buffers()}.
 */
public final class ComputeReport {

    private final List<LayerCost> layers;

    ComputeReport(List<LayerCost> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * Returns the layers in forward order (depth first through the block tree).
     *
     * @return the layers
     */
    public List<LayerCost> layers() {
        return layers;
    }

    /**
     * Returns the total multiply-accumulates of the weighted layers, {@code Σ macs}.
     *
     * @return the total MACs for the counted input batch
     */
    public long macs() {
        return layers.stream().mapToLong(LayerCost::macs).sum();
    }

    /**
     * Returns the total element-wise operations (batch norm, activations, pooling).
     *
     * @return the total element-wise operations
     */
    public long elementOps() {
        return layers.stream().mapToLong(LayerCost::elementOps).sum();
    }

    /**
     * Returns the total learnable parameters (batch-norm running statistics excluded).
     *
     * @return the parameter count
     */
    public long params() {
        return layers.stream().mapToLong(LayerCost::params).sum();
    }

    /**
     * Returns the total batch-norm running statistics (mean and variance elements).
     *
     * @return the buffer count
     */
    public long buffers() {
        return layers.stream().mapToLong(LayerCost::buffers).sum();
    }

    /**
     * Returns the layers whose kind the counter does not know (their MACs are reported as zero).
     *
     * @return the uncounted layers, empty when every layer was counted
     */
    public List<LayerCost> uncounted() {
        return layers.stream().filter(l -> !l.counted()).toList();
    }

    /**
     * Formats the report as a plain-text table: one line per layer with its kind, output shape,
     * parameters, MACs and element-wise operations, then the totals.
     *
     * @return the table
     */
    public String toTable() {
        int pathWidth = "layer".length();
        for (LayerCost layer : layers) {
            pathWidth = Math.max(pathWidth, layer.path().length());
        }
        String format = "%-" + pathWidth + "s  %-12s  %-22s  %12s  %15s  %13s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "layer",
                        "kind",
                        "output",
                        "params",
                        "MACs",
                        "element ops"));
        for (LayerCost layer : layers) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            format,
                            layer.path(),
                            layer.kind(),
                            layer.outputShape(),
                            group(layer.params()),
                            layer.counted() ? group(layer.macs()) : "?",
                            group(layer.elementOps())));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "total",
                        "",
                        "",
                        group(params()),
                        group(macs()),
                        group(elementOps())));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%.3f G MACs, %.3f M parameters (+ %s BN running statistics)%n",
                        macs() / 1e9,
                        params() / 1e6,
                        group(buffers())));
        if (!uncounted().isEmpty()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%d layer(s) of unknown kind, MACs not counted (marked ?)%n",
                            uncounted().size()));
        }
        return sb.toString();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return toTable();
    }

    private static String group(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
