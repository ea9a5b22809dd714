/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent generators keyed by a tuple such as {@code (seed, epoch, index)}: the data pipeline
 * gives every sample its own generator, so a sample's augmentation depends only on the seed and its
 * key, not on the order or thread in which samples are made.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * Returns a generator determined by the key: the key's values are hashed one after another
     * through SplitMix64 and the hash seeds a {@code XO_RO_SHI_RO_128_PP} generator.
     *
     * @param key the key, e.g. {@code seed, epoch, index}
     * @return a new generator
     */
    public static UniformRandomProvider of(long... key) {
        long h = 0x6A09E667F3BCC909L;
        for (long k : key) {
            h = RandomSource.SPLIT_MIX_64.create(h ^ k).nextLong();
        }
        UniformRandomProvider mix = RandomSource.SPLIT_MIX_64.create(h);
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix.nextLong(), mix.nextLong()});
    }
}
