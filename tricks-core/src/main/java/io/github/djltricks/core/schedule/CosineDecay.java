/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * Cosine decay (Loshchilov and Hutter, "SGDR", arXiv 1608.03983; the Bag of Freebies schedule of He
 * et al., arXiv 1812.01187, §3.3): half a cosine from the base to the final value, {@code f + (b −
 * f)·½(1 + cos(π·p))} with {@code p = s/D}. PyTorch's {@code CosineAnnealingLR(T_max = D, eta_min =
 * f)}.
 */
final class CosineDecay implements Decay {

    @Override
    public double value(long s, Span span) {
        return halfCosine(span.base(), span.finalValue(), span.progress(s));
    }

    /**
     * Half a cosine from {@code peak} at {@code p = 0} down to {@code end} at {@code p = 1}.
     *
     * @param peak the value at {@code p = 0}
     * @param end the value at {@code p = 1}
     * @param p the progress, in {@code [0, 1]}
     * @return {@code end + (peak − end)·½(1 + cos(π·p))}
     */
    static double halfCosine(double peak, double end, double p) {
        return peak - (peak - end) * (1 - Math.cos(Math.PI * p)) / 2;
    }

    @Override
    public String name() {
        return "cosine";
    }
}
