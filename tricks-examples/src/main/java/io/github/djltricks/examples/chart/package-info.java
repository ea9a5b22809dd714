/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The PNG charts the example commands write, drawn with XChart from the results of the library's
 * experiment tooling, which itself draws nothing: {@link
 * io.github.djltricks.examples.chart.AblationChart} for an ablation's bars, {@link
 * io.github.djltricks.examples.chart.UtilityChart} for a marginal-utility curve and {@link
 * io.github.djltricks.examples.chart.TrainingCurveChart} for the training curves of an experiment.
 */
package io.github.djltricks.examples.chart;
