"""Golden vectors for DecoupledKdLoss (Zhao et al. 2022, "Decoupled Knowledge Distillation", arXiv 2203.08679).

Run with Debian's torch 1.13: /usr/bin/python3 tricks-core/src/test/python/dkd.py
Writes tricks-core/src/test/resources/golden/dkd.json. Inputs are float32 values, seeded; the
references are computed in float64 from the paper's definitions, row by row: the binary
target/non-target distributions b = [p_t, Σ_{j≠t} p_j] of softmax(z/T), the non-target
distribution p̂ = softmax of the non-target logits alone (the target column removed), and
torch's kl_div for TCKD = KL(b^T ‖ b^S) and NCKD = KL(p̂^T ‖ p̂^S). The loss is
(α·Σ TCKD + β·Σ NCKD)·T²/N and its gradient with respect to the student's logits comes from
torch's autograd. The script also checks the paper's Eq. 4/5 on every row:
KD = TCKD + (1 − p_t^T)·NCKD.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20260705)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "dkd.json")


def f32(shape, scale=1.0):
    return (torch.randn(*shape) * scale).float().double()


def parts(s, t, labels, T):
    """Per-row TCKD and NCKD (without α, β, T²) and the teacher's p_t."""
    n, c = s.shape
    ps, pt = F.softmax(s / T, dim=1), F.softmax(t / T, dim=1)
    tckd, nckd, teacher_pt = [], [], []
    for i in range(n):
        y = int(labels[i])
        others = [j for j in range(c) if j != y]
        # 1 − p_t as the sum of the other classes' probabilities: no cancellation.
        bs = torch.stack([ps[i, y], ps[i, others].sum()])
        bt = torch.stack([pt[i, y], pt[i, others].sum()])
        tckd.append(F.kl_div(bs.log(), bt, reduction="sum"))
        hs = F.log_softmax(s[i, others] / T, dim=0)
        ht = F.softmax(t[i, others] / T, dim=0)
        nckd.append(F.kl_div(hs, ht, reduction="sum"))
        teacher_pt.append(pt[i, y])
        # Eq. 4/5: classic KD of the row is TCKD + (1 − p_t^T)·NCKD.
        kd = F.kl_div(F.log_softmax(s[i] / T, dim=0), pt[i], reduction="sum")
        assert abs(kd.item() - (tckd[-1] + (1 - pt[i, y]) * nckd[-1]).item()) < 1e-10 * max(1, kd.item())
    return torch.stack(tckd), torch.stack(nckd), torch.stack(teacher_pt)


cases = []
# (rows N, classes C, T, α, β, logit scale, boost of the teacher's target logit)
for n, c, T, alpha, beta, scale, boost in [
    (4, 10, 4.0, 1.0, 8.0, 3.0, 0.0),  # the paper's CIFAR defaults
    (8, 100, 4.0, 1.0, 8.0, 5.0, 25.0),  # CIFAR-100 sized, a confident teacher
    (5, 7, 2.0, 0.5, 2.0, 2.0, 3.0),
    (3, 2, 1.0, 1.0, 8.0, 2.0, 0.0),  # two classes: p̂ is [1], NCKD is 0
    (6, 5, 1.5, 2.0, 0.0, 4.0, 1.0),  # β = 0: TCKD alone
    (2, 6, 0.5, 0.0, 3.0, 1.0, 0.0),  # α = 0, T < 1: NCKD alone
]:
    s, t = f32((n, c), scale), f32((n, c), scale)
    labels = torch.randint(0, c, (n,))
    t[torch.arange(n), labels] += boost
    t = t.float().double()
    z = s.clone().requires_grad_(True)
    tckd, nckd, teacher_pt = parts(z, t, labels, T)
    loss = (alpha * tckd.sum() + beta * nckd.sum()) * T * T / n
    loss.backward()
    cases.append({
        "shape": [n, c],
        "temperature": T,
        "alpha": alpha,
        "beta": beta,
        "student": s.flatten().tolist(),
        "teacher": t.flatten().tolist(),
        "labels": [int(v) for v in labels],
        "tckd": tckd.detach().tolist(),
        "nckd": nckd.detach().tolist(),
        "teacherTarget": teacher_pt.tolist(),
        "loss": loss.item(),
        "grad": z.grad.flatten().tolist(),
    })

with open(OUT, "w") as f:
    json.dump({"dkd": cases}, f)
print("wrote", os.path.normpath(OUT))
