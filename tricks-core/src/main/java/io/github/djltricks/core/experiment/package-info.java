/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Experiment tooling for the method of Zhang et al. 2019 (arXiv 1902.04103): change one thing at a
 * time, repeat over seeds, judge each gain against the seed-to-seed noise, know where on the
 * accuracy-versus-compute curve a model sits, and check that it converged.
 *
 * <ul>
 *   <li>{@link io.github.djltricks.core.experiment.AblationRunner}: a baseline and named variants
 *       (cumulative, as in the paper's tables, or one change at a time) over several seeds,
 *       recorded to a resumable JSON file and summarized as a Markdown table (mean ± std, deltas,
 *       Welch t-test p-values).
 *   <li>{@link io.github.djltricks.core.experiment.MarginalUtility}: a sweep of a model family's
 *       width multiplier, the metric against MACs and the gain per doubling of compute.
 *   <li>{@link io.github.djltricks.core.experiment.ConvergenceListener}: a training listener that
 *       says whether the loss was still falling at the end of training.
 * </ul>
 */
package io.github.djltricks.core.experiment;
