/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

/**
 * One metric of one ablation row, over its finished seeds.
 *
 * <p>{@code std} is the sample standard deviation {@code sqrt(Σ(x − mean)² / (n − 1))}; the
 * p-values come from Welch's two-sided t-test (unequal variances, Welch–Satterthwaite degrees of
 * freedom; Commons Statistics {@code TTest} with {@code HETEROSCEDASTIC} dispersion), and are NaN
 * when either side has fewer than two runs or both have no variance.
 *
 * @param n the number of finished runs
 * @param mean the mean over runs
 * @param std the sample standard deviation (0 for one run)
 * @param deltaBaseline {@code mean − mean(baseline)}
 * @param deltaPrevious {@code mean − mean(row above)}
 * @param pBaseline Welch t-test p-value against the baseline's runs
 * @param pPrevious Welch t-test p-value against the runs of the row above
 */
public record MetricSummary(
        int n,
        double mean,
        double std,
        double deltaBaseline,
        double deltaPrevious,
        double pBaseline,
        double pPrevious) {}
