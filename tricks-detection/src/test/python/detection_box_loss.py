#!/usr/bin/python3
"""Golden vectors for io.github.djltricks.detection.{box,loss}.

Run once with Debian's torch 1.13 / torchvision 0.14:
    /usr/bin/python3 tricks-detection/src/test/python/detection_box_loss.py
It writes tricks-detection/src/test/resources/golden/detection_box_loss.json. Every tensor is
float32; values are written as the exact doubles of those float32 numbers.
"""
import json
import os

import torch
import torch.nn.functional as F
import torchvision
from torchvision import ops

torch.manual_seed(20260523)
torch.set_num_threads(1)


def rand_boxes(n, size=100.0, min_wh=1.0, max_wh=40.0, quantum=None):
    xy = torch.rand(n, 2) * size
    wh = min_wh + torch.rand(n, 2) * (max_wh - min_wh)
    if quantum is not None:
        xy = torch.round(xy / quantum) * quantum
        wh = torch.clamp(torch.round(wh / quantum) * quantum, min=quantum)
    return torch.cat([xy, xy + wh], dim=1).float()


def jitter(boxes, scale=6.0):
    return (boxes + (torch.rand_like(boxes) - 0.5) * scale).float()


def fix(boxes):
    """Makes x2 >= x1 and y2 >= y1 after jitter."""
    x1 = torch.minimum(boxes[:, 0], boxes[:, 2])
    x2 = torch.maximum(boxes[:, 0], boxes[:, 2])
    y1 = torch.minimum(boxes[:, 1], boxes[:, 3])
    y2 = torch.maximum(boxes[:, 1], boxes[:, 3])
    return torch.stack([x1, y1, x2, y2], dim=1)


def t(x):
    return x.detach().double().tolist()


out = {"torch": torch.__version__, "torchvision": torchvision.__version__}

# Pairwise IoU and GIoU matrices.
a = rand_boxes(9)
b = torch.cat([rand_boxes(5), a[:2].clone(), torch.tensor([[500.0, 500.0, 510.0, 520.0]])])
out["pairwise"] = {
    "boxes1": t(a),
    "boxes2": t(b),
    "iou": t(ops.box_iou(a, b)),
    "giou": t(ops.generalized_box_iou(a, b)),
}

# IoU-family losses on paired boxes: random overlapping pairs, an identical pair, a disjoint pair,
# a pair that touches at an edge and one box inside the other.
p = rand_boxes(12)
g = fix(jitter(p, 12.0))
extra_p = torch.tensor(
    [[10.0, 10.0, 20.0, 30.0], [0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0]]
)
extra_g = torch.tensor(
    [[10.0, 10.0, 20.0, 30.0], [40.0, 50.0, 60.0, 55.0], [10.0, 0.0, 20.0, 10.0], [2.0, 3.0, 5.0, 7.0]]
)
p = torch.cat([p, extra_p])
g = torch.cat([g, extra_g])
losses = {"pred": t(p), "target": t(g)}
for red in ["none", "sum", "mean"]:
    losses["giou_" + red] = t(ops.generalized_box_iou_loss(p, g, reduction=red))
    losses["diou_" + red] = t(ops.distance_box_iou_loss(p, g, reduction=red))
    losses["ciou_" + red] = t(ops.complete_box_iou_loss(p, g, reduction=red))
    # The same float32 inputs evaluated in float64: a float32 sum of size 20 has an ulp of 2e-6,
    # so these pin the formulas at 1e-6 absolute where float32 cannot.
    p64, g64 = p.double(), g.double()
    losses["giou64_" + red] = t(ops.generalized_box_iou_loss(p64, g64, reduction=red))
    losses["diou64_" + red] = t(ops.distance_box_iou_loss(p64, g64, reduction=red))
    losses["ciou64_" + red] = t(ops.complete_box_iou_loss(p64, g64, reduction=red))
    losses["smoothl1_b1_" + red] = t(F.smooth_l1_loss(p, g, reduction=red, beta=1.0))
    losses["smoothl1_b0.5_" + red] = t(F.smooth_l1_loss(p, g, reduction=red, beta=0.5))
out["box_losses"] = losses

# Sigmoid focal loss: logits in a wide range including saturated ones, binary and soft targets.
logits = torch.randn(6, 5) * 4
logits[0, 0] = 30.0
logits[0, 1] = -30.0
logits[1, 0] = 0.0
targets = (torch.rand(6, 5) < 0.3).float()
targets[0, 0] = 1.0
targets[0, 1] = 0.0
soft = targets.clone()
soft[5] = torch.rand(5)
focal = {"logits": t(logits), "targets": t(targets), "soft_targets": t(soft), "cases": []}
for alpha, gamma in [(0.25, 2.0), (-1.0, 0.0), (0.5, 1.5), (0.75, 1.0), (0.0, 3.0), (1.0, 2.0)]:
    for red in ["none", "sum", "mean"]:
        for name, tg in [("binary", targets), ("soft", soft)]:
            focal["cases"].append(
                {
                    "alpha": alpha,
                    "gamma": gamma,
                    "reduction": red,
                    "targets": name,
                    "loss": t(ops.sigmoid_focal_loss(logits, tg, alpha=alpha, gamma=gamma, reduction=red)),
                    "loss64": t(
                        ops.sigmoid_focal_loss(
                            logits.double(), tg.double(), alpha=alpha, gamma=gamma, reduction=red
                        )
                    ),
                }
            )
out["focal"] = focal

# NMS: quantised boxes and scores so that equal scores and exact duplicates occur.
nms_cases = []
for n, thr in [(200, 0.5), (200, 0.3), (300, 0.7), (60, 0.0), (120, 0.95)]:
    bx = rand_boxes(n, size=60.0, quantum=1.0)
    sc = torch.round(torch.rand(n) * 20) / 20
    bx[5] = bx[3]
    sc[5] = sc[3]
    keep = ops.nms(bx, sc, thr)
    nms_cases.append({"boxes": t(bx), "scores": t(sc), "iou_threshold": thr, "keep": keep.tolist()})
out["nms"] = nms_cases

# Batched NMS: below 4000 numbers torchvision shifts boxes per class (coordinate trick), above it
# runs NMS per class and sorts the union by score: both paths are covered.
bnms_cases = []
for n, classes, thr in [(300, 4, 0.5), (1500, 6, 0.5), (80, 3, 0.3)]:
    bx = rand_boxes(n, size=80.0, quantum=1.0)
    sc = torch.round(torch.rand(n) * 50) / 50
    cl = torch.randint(0, classes, (n,))
    keep = ops.batched_nms(bx, sc, cl, thr)
    bnms_cases.append(
        {
            "boxes": t(bx),
            "scores": t(sc),
            "classes": cl.tolist(),
            "iou_threshold": thr,
            "keep": keep.tolist(),
            # Above 4000 numbers torchvision orders the kept boxes with an unstable sort: the
            # order within a run of equal scores is its sort's, not a rule.
            "ties_unordered": bx.numel() > 4000,
        }
    )
# The per-class path again with distinct scores, where the order is fully determined.
bx = rand_boxes(1500, size=80.0, quantum=1.0)
sc = torch.rand(1500)
cl = torch.randint(0, 6, (1500,))
keep = ops.batched_nms(bx, sc, cl, 0.5)
assert len(set(sc.tolist())) == 1500
bnms_cases.append(
    {
        "boxes": t(bx),
        "scores": t(sc),
        "classes": cl.tolist(),
        "iou_threshold": 0.5,
        "keep": keep.tolist(),
        "ties_unordered": False,
    }
)
out["batched_nms"] = bnms_cases

here = os.path.dirname(os.path.abspath(__file__))
dest = os.path.join(here, "..", "resources", "golden", "detection_box_loss.json")
with open(dest, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(dest))
