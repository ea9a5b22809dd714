/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.schedule;

/**
 * Linear decay from the base to the final value, {@code b − (b − f)·p} with {@code p = s/D}, as in
 * BERT (Devlin et al., arXiv 1810.04805, after its warmup): {@link PolynomialDecay} with power 1,
 * computed by its formula so that the two agree to the bit.
 */
final class LinearDecay implements Decay {

    @Override
    public double value(long s, Span span) {
        return PolynomialDecay.curve(span, span.progress(s), 1.0);
    }

    @Override
    public String name() {
        return "linear";
    }
}
