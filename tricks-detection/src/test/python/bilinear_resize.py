"""Golden vectors for Resize: torch.nn.functional.interpolate, bilinear, align_corners=False.

Run with /usr/bin/python3 (torch 1.13) from the module root; writes
src/test/resources/golden/bilinear_resize.json.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(2026)
cases = []
for (c, h, w, oh, ow) in [(3, 7, 9, 5, 13), (3, 11, 4, 16, 16), (1, 1, 5, 3, 2), (3, 20, 30, 8, 8)]:
    x = torch.rand(c, h, w, dtype=torch.float64) * 255
    y = F.interpolate(x[None], size=(oh, ow), mode="bilinear", align_corners=False)[0]
    cases.append({
        "channels": c, "height": h, "width": w, "outHeight": oh, "outWidth": ow,
        "input": x.flatten().tolist(), "output": y.flatten().tolist(),
    })
with open("src/test/resources/golden/bilinear_resize.json", "w") as f:
    json.dump({"generator": "torch " + torch.__version__, "cases": cases}, f)
