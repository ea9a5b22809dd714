"""Golden vectors for LabelSmoothingCrossEntropyLoss, from torch.nn.functional.cross_entropy.

Run with Debian's torch 1.13: /usr/bin/python3 tricks-core/src/test/python/label_smoothing.py
Writes tricks-core/src/test/resources/golden/label_smoothing.json. Everything is float64 and seeded.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20260417)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "label_smoothing.json")

cases = []


def add(name, logits, target, eps, weight, smoothing, dense):
    """One case: torch's loss and its gradient with respect to the logits."""
    z = logits.clone().requires_grad_(True)
    if smoothing == "UNIFORM":
        loss = F.cross_entropy(z, target, weight=weight, label_smoothing=eps)
    else:
        # The Bag-of-Tricks convention, which torch lacks: pass its smoothed target as dense
        # probabilities with no further smoothing.
        k = logits.shape[-1]
        y = F.one_hot(target, k).double() if not dense else target
        q = (1 - eps) * y + eps / (k - 1) * (1 - y)
        if weight is not None and not dense:
            # Class indices with weights: normalised by the weight of each row's class, as torch
            # does for indices (its dense path divides by the row count instead).
            loss = F.cross_entropy(z, q, weight=weight, reduction="sum") / weight[target].sum()
        else:
            loss = F.cross_entropy(z, q, weight=weight, label_smoothing=0.0)
    loss.backward()
    cases.append({
        "name": name,
        "epsilon": eps,
        "smoothing": smoothing,
        "dense": dense,
        "shape": list(logits.shape),
        "logits": logits.flatten().tolist(),
        "labels": target.flatten().tolist() if dense else [int(v) for v in target.flatten()],
        "weights": None if weight is None else weight.tolist(),
        "loss": loss.item(),
        "grad": z.grad.flatten().tolist(),
    })


for n, k in [(1, 2), (3, 2), (7, 5), (16, 10)]:
    for eps in [0.0, 0.1, 0.3, 0.9]:
        for weighted in [False, True]:
            logits = torch.randn(n, k, dtype=torch.float64) * 3
            index = torch.randint(0, k, (n,))
            soft = torch.softmax(torch.randn(n, k, dtype=torch.float64) * 2, dim=1)
            weight = torch.rand(k, dtype=torch.float64) + 0.25 if weighted else None
            tag = f"n{n}_k{k}_eps{eps}_{'w' if weighted else 'nw'}"
            add("index_uniform_" + tag, logits, index, eps, weight, "UNIFORM", False)
            add("dense_uniform_" + tag, logits, soft, eps, weight, "UNIFORM", True)
            add("index_others_" + tag, logits, index, eps, weight, "OTHER_CLASSES", False)
            add("dense_others_" + tag, logits, soft, eps, weight, "OTHER_CLASSES", True)

# Large logits: the log-softmax must stay finite.
big = torch.tensor([[1000.0, -1000.0, 0.0], [-500.0, 800.0, 799.0]], dtype=torch.float64)
add("index_uniform_large_logits", big, torch.tensor([1, 2]), 0.1, None, "UNIFORM", False)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {OUT}")
