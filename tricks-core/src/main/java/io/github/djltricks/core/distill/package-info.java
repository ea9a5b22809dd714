/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Knowledge distillation: a small student network learns from a larger, frozen teacher.
 *
 * <ul>
 *   <li>Response distillation (Hinton et al. 2015, arXiv 1503.02531): {@link
 *       io.github.djltricks.core.distill.SoftTargetLoss}, T²·KL between the tempered softmax of
 *       teacher and student logits; decoupled (DKD, Zhao et al. 2022, arXiv 2203.08679): {@link
 *       io.github.djltricks.core.distill.DecoupledKdLoss}, its target-class and non-target-class
 *       terms weighted apart.
 *   <li>Feature distillation: {@link io.github.djltricks.core.distill.HintLoss} (FitNets, Romero et
 *       al. 2015, arXiv 1412.6550) and {@link io.github.djltricks.core.distill.OverhaulLoss} (Heo
 *       et al. 2019, arXiv 1904.01866), with the student feature passed through a learned {@link
 *       io.github.djltricks.core.distill.Connector}.
 *   <li>Relation distillation: {@link io.github.djltricks.core.distill.RelationalLoss} (RKD, Park
 *       et al. 2019, arXiv 1904.05068), distance-wise and angle-wise.
 * </ul>
 *
 * <p>{@link io.github.djltricks.core.distill.DistillationBlock} holds the student and the frozen
 * teacher and taps features of both at named {@link io.github.djltricks.core.distill.TapPoint}s;
 * {@link io.github.djltricks.core.distill.DistillationLoss} adds the weighted distillation terms to
 * the task loss and falls back to the task loss alone on validation batches.
 */
package io.github.djltricks.core.distill;
