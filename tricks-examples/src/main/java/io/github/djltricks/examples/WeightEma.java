/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;
import io.github.djltricks.core.distill.DistillationBlock;
import io.github.djltricks.core.ema.ModelEma;
import java.util.List;

/**
 * The {@code + EMA} row's extra: a weight EMA over a run ({@link ModelEma}, Polyak averaging),
 * {@code θ_ema ← d_t · θ_ema + (1 − d_t) · θ} after every step, {@code d_t = d · (1 − exp(−t /
 * τ))}. It averages what trains: the network, or a {@code DistillationBlock}'s student, never the
 * frozen teacher ({@link #averaged}). The run's test figures come from the averaged weights, and
 * the trained weights are written back afterwards. Its switch is {@value #KEY}.
 *
 * <p>{@link #sizedByRun()} sets d and τ from the run's length ({@link #over}); {@link #of} fixes
 * them, as bof-detection's row does, {@code of(0.995, 200)}: YOLOv5's 0.9999 with a 2,000-update
 * ramp is made for runs of 10⁵ steps and more, and on that ablation's runs of 1,500 steps its
 * shadow would be the last few steps' weights; 0.995 averages over about the last 200 steps.
 *
 * <p>A row switches it on through its key; a detection run in a child JVM, which gets only the
 * configuration, finds it there again among bof-detection's rows ({@link DetectorRecipe}).
 */
public final class WeightEma implements TrialExtra {

    /** The configuration switch of the weight EMA. */
    public static final String KEY = "ema";

    /**
     * The share of a run the EMA averages over: its horizon {@code 1 / (1 − d)} is about an eighth
     * of the run, as bof-detection's 0.995 over 1,500 steps ({@link BofDetectionCommand#ROWS}).
     */
    static final double HORIZON_SHARE = 1.0 / 8;

    private final double decay;
    private final double rampUpdates;

    private WeightEma(double decay, double rampUpdates) {
        this.decay = decay;
        this.rampUpdates = rampUpdates;
    }

    /**
     * Returns the EMA whose decay and ramp each run sets from its length ({@link #over}).
     *
     * @return the EMA
     */
    public static WeightEma sizedByRun() {
        return new WeightEma(Double.NaN, Double.NaN);
    }

    /**
     * Returns an EMA with a fixed decay and ramp.
     *
     * @param decay the decay d, in [0, 1)
     * @param rampUpdates the ramp τ in updates, 0 for none
     * @return the EMA
     */
    public static WeightEma of(double decay, double rampUpdates) {
        return new WeightEma(decay, rampUpdates);
    }

    /**
     * Returns the EMA for a run of a given length: the horizon {@code 1 / (1 − d) = 1 + s/8} for
     * {@code s} updates, so {@code d = s / (s + 8)}, and the ramp τ = s/8, the horizon again.
     *
     * <p>Why: YOLOv5's and timm's d = 0.9999 with τ = 2,000 are made for runs of 10⁵ steps and
     * more, and average over their last 10⁴; on bof-classification's runs the ramp would keep d_t
     * below 0.47 (full form) or 0.07 (quick form) to the end, a shadow of the last few steps'
     * weights. Its two forms differ tenfold in length, so no one pair suits both: the detection
     * ablation's 0.995 with τ = 200, about right for the full form, would on the quick form's 128
     * updates never let d_t reach 0.48 either, and a decay sized for the quick form would average
     * the full form over about 1 % of its steps. Sized by the run, the full form (10,000 images × 8
     * epochs / batch 64, 1,256 updates) gets d = 0.9937 and τ = 157, a shadow of about its last
     * epoch; the quick form (2,000 × 4 / 64, 128 updates) d = 0.941 and τ = 16, about its last
     * half-epoch. With τ equal to the horizon the shadow follows the fast early changes and is
     * within 0.1 % of its full decay over the run's last eighth (1 − e⁻⁷ &gt; 0.999).
     *
     * @param updates the run's updates, one per training batch
     * @return the EMA
     * @throws IllegalArgumentException if there is no update
     */
    public static WeightEma over(long updates) {
        if (updates < 1) {
            throw new IllegalArgumentException("updates must be >= 1, got " + updates);
        }
        double horizonLess1 = updates * HORIZON_SHARE;
        return new WeightEma(horizonLess1 / (1 + horizonLess1), horizonLess1);
    }

    /**
     * Returns the decay.
     *
     * @return d, NaN when {@link #sizedByRun()}
     */
    public double decay() {
        return decay;
    }

    /**
     * Returns the ramp.
     *
     * @return τ in updates, NaN when {@link #sizedByRun()}
     */
    public double rampUpdates() {
        return rampUpdates;
    }

    /**
     * Returns what a run's weight EMA averages: the trained parameters and their batch-norm
     * statistics, so a {@code DistillationBlock}'s student. The teacher is left out: {@link
     * ModelEma} averages every floating-point parameter, and takes the frozen teacher's, which have
     * no gradient, for batch-norm statistics: it would copy all of them at every batch (the teacher
     * is several times the student), and while the shadow is applied the teacher that every seed's
     * distillation runs share would hold their average, {@code d·θ + (1 − d)·θ}, which rounding can
     * move off θ (closing the handle writes θ back).
     *
     * @param block the run's network
     * @return the student of a {@code DistillationBlock}, else the block itself
     */
    static Block averaged(Block block) {
        return block instanceof DistillationBlock d ? d.getStudent() : block;
    }

    /** {@inheritDoc} */
    @Override
    public String key() {
        return KEY;
    }

    /** {@inheritDoc} */
    @Override
    public Attached attach(Block block, long updates) {
        WeightEma sized = Double.isNaN(decay) ? over(updates) : this;
        Block averaged = averaged(block);
        ModelEma ema =
                ModelEma.builder()
                        .optBlock(averaged)
                        .optDecay(sized.decay)
                        .optRampUpdates(sized.rampUpdates)
                        .build();
        return new Attached() {

            @Override
            public List<TrainingListener> listeners() {
                return List.of(ema);
            }

            @Override
            public Restore beforeTest() {
                return ema.apply(averaged)::close;
            }

            @Override
            public void close() {
                ema.close();
            }
        };
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof WeightEma e
                && Double.compare(decay, e.decay) == 0
                && Double.compare(rampUpdates, e.rampUpdates) == 0;
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Double.hashCode(decay) * 31 + Double.hashCode(rampUpdates);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return Double.isNaN(decay)
                ? "WeightEma[sized by run]"
                : "WeightEma[decay=" + decay + ", rampUpdates=" + rampUpdates + "]";
    }
}
