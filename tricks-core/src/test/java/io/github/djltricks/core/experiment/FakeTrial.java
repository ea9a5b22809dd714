/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A fake training run with known means and Gaussian noise: top1 = 0.70 + 0.010 [cosine] + 0.020
 * [smoothing > 0] + N(0, 0.004²); loss = 1.0 − 0.05 [cosine] + N(0, 0.01²). The noise depends on
 * the configuration and seed only, so the same run gives the same values.
 */
final class FakeTrial {

    static final double TOP1_SD = 0.004;
    static final double LOSS_SD = 0.01;

    private FakeTrial() {}

    static Map<String, Double> metrics(Configuration c, long seed) {
        UniformRandomProvider rng =
                RandomSource.XO_RO_SHI_RO_128_PP.create(
                        seed * 1_000_003L + new TreeMap<>(c.asMap()).toString().hashCode());
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        boolean cosine = c.getString("schedule").equals("cosine");
        double top1 =
                0.70
                        + (cosine ? 0.010 : 0)
                        + (c.getDouble("smoothing") > 0 ? 0.020 : 0)
                        + TOP1_SD * gauss.sample();
        double loss = 1.0 - (cosine ? 0.05 : 0) + LOSS_SD * gauss.sample();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("top1", top1);
        out.put("loss", loss);
        return out;
    }

    /** The ablation of the tests: a baseline and three cumulative variants. */
    static AblationRunner.Builder ablation(Path results, Trial trial, long... seeds) {
        return AblationRunner.builder()
                .setBaseline(Map.of("schedule", "step", "smoothing", 0.0, "batch", 128))
                .addVariant("+ cosine", Map.of("schedule", "cosine"))
                .addVariant("+ label smoothing", Map.of("smoothing", 0.1))
                .addVariant("+ batch 256", Map.of("batch", 256))
                .setSeeds(seeds)
                .setTrial(trial)
                .optHeadline("top1")
                .setResultsFile(results);
    }
}
