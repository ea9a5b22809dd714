"""Golden vectors for io.github.djltricks.core.distill (run with Debian's /usr/bin/python3, torch 1.13).

Writes ../resources/golden/distill.json. Inputs are float32 values; references are computed in
float64 with PyTorch's own kl_div and the reference formulas of RKD (Park et al. 2019, code of
lenscloth/RKD) and of Overhaul (Heo et al. 2019, code of clovaai/overhaul-distillation).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20260611)


def f32(shape, scale=1.0):
    return (torch.randn(*shape) * scale).float().double()


def kd(s, t, T):
    return (F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction="batchmean") * T * T).item()


def pdist(e, squared=False, eps=1e-12):
    e_square = e.pow(2).sum(dim=1)
    prod = e @ e.t()
    res = (e_square.unsqueeze(1) + e_square.unsqueeze(0) - 2 * prod).clamp(min=eps)
    if not squared:
        res = res.sqrt()
    res = res.clone()
    res[range(len(e)), range(len(e))] = 0
    return res


def rkd_distance(student, teacher):
    t_d = pdist(teacher)
    t_d = t_d / t_d[t_d > 0].mean()
    d = pdist(student)
    d = d / d[d > 0].mean()
    return F.smooth_l1_loss(d, t_d, reduction="mean").item()


def rkd_angle(student, teacher):
    td = teacher.unsqueeze(0) - teacher.unsqueeze(1)
    norm_td = F.normalize(td, p=2, dim=2)
    t_angle = torch.bmm(norm_td, norm_td.transpose(1, 2)).view(-1)
    sd = student.unsqueeze(0) - student.unsqueeze(1)
    norm_sd = F.normalize(sd, p=2, dim=2)
    s_angle = torch.bmm(norm_sd, norm_sd.transpose(1, 2)).view(-1)
    return F.smooth_l1_loss(s_angle, t_angle, reduction="mean").item()


def margin_from_bn(gamma, beta):
    normal = torch.distributions.Normal(0.0, 1.0)
    margins = []
    for g, b in zip(gamma.tolist(), beta.tolist()):
        s = abs(g)
        m = b
        cdf = normal.cdf(torch.tensor(-m / s, dtype=torch.float64)).item()
        if cdf > 0.001:
            margins.append(-s * math.exp(-((m / s) ** 2) / 2) / math.sqrt(2 * math.pi) / cdf + m)
        else:
            margins.append(-3 * s)
    return margins


def overhaul(student, teacher, margin):
    target = torch.max(teacher, torch.tensor(margin, dtype=torch.float64).view(1, -1, 1, 1))
    loss = F.mse_loss(student, target, reduction="none")
    loss = loss * ((student > target) | (target > 0)).double()
    return (loss.sum() / student.shape[0]).item()


out = {"kd": [], "rkd": [], "overhaul": []}
for n, c, T, scale in [(4, 10, 1.0, 1.0), (8, 10, 4.0, 3.0), (5, 7, 2.5, 5.0), (1, 3, 0.5, 2.0)]:
    s, t = f32((n, c), scale), f32((n, c), scale)
    out["kd"].append({"shape": [n, c], "temperature": T, "student": s.flatten().tolist(),
                      "teacher": t.flatten().tolist(), "loss": kd(s, t, T)})
for n, ds, dt in [(6, 5, 5), (8, 3, 12), (10, 16, 4)]:
    s, t = f32((n, ds)), f32((n, dt), 2.0)
    out["rkd"].append({"n": n, "studentDim": ds, "teacherDim": dt, "student": s.flatten().tolist(),
                       "teacher": t.flatten().tolist(), "distance": rkd_distance(s, t),
                       "angle": rkd_angle(s, t)})
for n, c, h in [(2, 4, 3), (3, 6, 2)]:
    gamma = f32((c,))
    beta = f32((c,))
    beta[0] = 4.0 * abs(gamma[0].item())  # Φ(−μ/σ) ≤ 0.001: the −3σ branch
    margin = margin_from_bn(gamma, beta)
    s, t = f32((n, c, h, h)), f32((n, c, h, h))
    out["overhaul"].append({"shape": [n, c, h, h], "gamma": gamma.tolist(), "beta": beta.tolist(),
                            "margin": margin, "student": s.flatten().tolist(),
                            "teacher": t.flatten().tolist(), "loss": overhaul(s, t, margin)})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "distill.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
