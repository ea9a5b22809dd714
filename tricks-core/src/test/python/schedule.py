#!/usr/bin/python3
# Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
"""Golden learning-rate sequences from PyTorch's schedulers for WarmupScheduleGoldenTest.

Run with Debian's torch 1.13:  /usr/bin/python3 tricks-core/src/test/python/schedule.py
Writes tricks-core/src/test/resources/golden/schedule.json.

Mapping to WarmupSchedule (stated once, relied on by the test):
- PyTorch's lr before any scheduler.step() is the lr of the first optimizer.step(); after k calls of
  scheduler.step() it is the lr of step k (counted from 0). We record lr[k] for k = 0..T and compare
  it with WarmupSchedule.value(k), which DJL reads at update number k + 1.
- Linear warmup from `begin` to `base` over W steps = LinearLR(start_factor=begin/base,
  end_factor=1, total_iters=W); the decay after it starts at step W = SequentialLR(..., milestones=[W]),
  which restarts the second scheduler at its epoch 0 (step(0), closed form) at step W.
  LinearLR needs start_factor > 0 (its recursive form divides by total_iters*start_factor), so
  begin > 0 in every warmup case here.
- Constant warmup = ConstantLR(factor=begin/base, total_iters=W).
- Cosine to `final` over T - W steps = CosineAnnealingLR(T_max=T-W, eta_min=final). PyTorch's
  cosine keeps going up after T_max; WarmupSchedule stays at `final` for t >= T, so only k <= T
  is recorded.
- Multistep = MultiStepLR(milestones, gamma) with milestones counted from the end of warmup.
- Step = StepLR(step_size, gamma); polynomial to 0 = PolynomialLR(total_iters=T-W, power).
- Restarts = CosineAnnealingWarmRestarts(T_0, T_mult, eta_min) (no per-cycle decay in PyTorch).
  PyTorch restarts at base at the end of the last cycle, where WarmupSchedule ends at `final`, so
  only k < T is recorded for it.
Every input is rounded to float32 first, so the Java test builds the schedule from exactly the
same numbers.
"""
import json
import os
import random
import struct
import warnings

import numpy
import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import (
    ConstantLR,
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    LinearLR,
    MultiStepLR,
    PolynomialLR,
    SequentialLR,
    StepLR,
)

random.seed(0)
numpy.random.seed(0)
torch.manual_seed(0)
warnings.filterwarnings("ignore")  # the epoch-argument deprecation warning of SequentialLR


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def optimizer(base):
    return SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)


def run(opt, scheduler, steps):
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


def warmup(opt, mode, base, begin, w):
    if mode == "linear":
        return LinearLR(opt, start_factor=begin / base, end_factor=1.0, total_iters=w)
    return ConstantLR(opt, factor=begin / base, total_iters=w)


def decay(opt, cfg):
    d = cfg["totalSteps"] - cfg["warmupSteps"]
    shape = cfg["shape"]
    if shape == "cosine":
        return CosineAnnealingLR(opt, T_max=d, eta_min=cfg["final"])
    if shape == "multistep":
        return MultiStepLR(opt, milestones=cfg["milestones"], gamma=cfg["factor"])
    if shape == "step":
        return StepLR(opt, step_size=cfg["stepSize"], gamma=cfg["factor"])
    if shape == "polynomial":
        return PolynomialLR(opt, total_iters=d, power=cfg["power"])
    if shape == "restarts":
        return CosineAnnealingWarmRestarts(
            opt, T_0=cfg["cycle"], T_mult=cfg["cycleMultiplier"], eta_min=cfg["final"]
        )
    raise ValueError(shape)


def case(name, **cfg):
    for key in ("base", "begin", "final", "factor", "power"):
        if key in cfg:
            cfg[key] = f32(cfg[key])
    cfg.setdefault("begin", 0.0)
    cfg.setdefault("final", 0.0)
    cfg.setdefault("warmupSteps", 0)
    cfg.setdefault("warmupMode", "linear")
    opt = optimizer(cfg["base"])
    w = cfg["warmupSteps"]
    main = decay(opt, cfg)
    if w > 0:
        # Build the warmup on a fresh optimizer state: SequentialLR resets lr to initial_lr and
        # re-runs only the first scheduler's initial step.
        first = warmup(opt, cfg["warmupMode"], cfg["base"], cfg["begin"], w)
        scheduler = SequentialLR(opt, schedulers=[first, main], milestones=[w])
        torch_name = "SequentialLR([%s, %s], milestones=[%d])" % (
            type(first).__name__,
            type(main).__name__,
            w,
        )
    else:
        scheduler = main
        torch_name = type(main).__name__
    steps = cfg["totalSteps"] + (0 if cfg["shape"] == "restarts" else 1)
    lrs = run(opt, scheduler, steps)
    return {"name": name, "torch": torch_name, "config": cfg, "lr": lrs}


cases = [
    case("bof-cosine", shape="cosine", base=0.1, begin=0.001, warmupSteps=5, totalSteps=60),
    case(
        "cosine-final",
        shape="cosine",
        base=0.4,
        begin=0.04,
        final=0.004,
        warmupSteps=10,
        totalSteps=47,
    ),
    case("cosine-long", shape="cosine", base=0.8, begin=0.05, warmupSteps=200, totalSteps=1500),
    case("cosine-no-warmup", shape="cosine", base=0.25, final=0.01, totalSteps=33),
    case(
        "cosine-constant-warmup",
        shape="cosine",
        base=0.2,
        begin=0.02,
        warmupMode="constant",
        warmupSteps=7,
        totalSteps=40,
    ),
    case("multistep", shape="multistep", base=0.1, factor=0.1, milestones=[30, 80], totalSteps=100),
    case(
        "multistep-warmup",
        shape="multistep",
        base=0.5,
        begin=0.05,
        factor=0.2,
        milestones=[3, 10, 11, 25],
        warmupSteps=6,
        totalSteps=40,
    ),
    case("step", shape="step", base=0.3, factor=0.5, stepSize=7, warmupSteps=4, begin=0.03,
         totalSteps=50),
    case("polynomial", shape="polynomial", base=0.6, power=2.0, begin=0.06, warmupSteps=5,
         totalSteps=45),
    case("polynomial-sqrt", shape="polynomial", base=0.1, power=0.5, totalSteps=30),
    case(
        "restarts",
        shape="restarts",
        base=0.3,
        final=0.003,
        cycle=5,
        cycleMultiplier=2,
        begin=0.03,
        warmupSteps=4,
        totalSteps=4 + 5 + 10 + 20,
    ),
    case("restarts-equal", shape="restarts", base=0.1, cycle=8, cycleMultiplier=1, totalSteps=32),
]

out = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "schedule.json"
)
with open(out, "w") as f:
    json.dump(
        {"generator": "tricks-core/src/test/python/schedule.py", "torch": torch.__version__,
         "cases": cases},
        f,
        indent=1,
    )
print("wrote", os.path.normpath(out), len(cases), "cases")
