#!/usr/bin/python3
# Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
"""Reference mAP for MeanAveragePrecisionGoldenTest.

An independent, per-detection implementation of the PASCAL VOC devkit protocol (VOC07 11-point and
all-point AP, "difficult" objects ignored, IoU > 0.5 against the most overlapping object) and of
pycocotools' COCOeval bbox protocol (greedy matching per IoU threshold 0.50:0.95, ignored objects
last, area ranges, maxDets per image and class, 101 recall points), written from the protocols'
descriptions, with continuous coordinates (no +1). Scores are distinct, so no tie rule is involved.

Run once with /usr/bin/python3; writes ../resources/golden/map_reference.json.
"""
import json
import os

import numpy as np

AREAS = [(0.0, float("inf")), (0.0, 32.0 ** 2), (32.0 ** 2, 96.0 ** 2), (96.0 ** 2, float("inf"))]
IOUS = np.linspace(0.5, 0.95, 10)
REC_THRS = np.linspace(0.0, 1.0, 101)


def iou(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def area(b):
    return (b[2] - b[0]) * (b[3] - b[1])


def voc_class(images, c):
    dets = [(d["score"], i, d["box"]) for i, im in enumerate(images) for d in im["dets"] if d["label"] == c]
    gts = [[g for g in im["gts"] if g["label"] == c] for im in images]
    npos = sum(1 for im in gts for g in im if not g["difficult"])
    if npos == 0:
        return None
    dets.sort(key=lambda t: -t[0])
    used = [[False] * len(g) for g in gts]
    tp = np.zeros(len(dets))
    fp = np.zeros(len(dets))
    for k, (_, i, box) in enumerate(dets):
        ovmax, jmax = -np.inf, -1
        for j, g in enumerate(gts[i]):
            o = iou(box, g["box"])
            if o > ovmax:
                ovmax, jmax = o, j
        if ovmax > 0.5:
            if gts[i][jmax]["difficult"]:
                continue
            if not used[i][jmax]:
                used[i][jmax] = True
                tp[k] = 1
            else:
                fp[k] = 1
        else:
            fp[k] = 1
    ctp, cfp = np.cumsum(tp), np.cumsum(fp)
    rec = ctp / npos
    prec = ctp / np.maximum(ctp + cfp, np.finfo(np.float64).eps)
    ap07 = 0.0
    for t in np.arange(0.0, 1.1, 0.1):
        p = np.max(prec[rec >= t]) if np.sum(rec >= t) > 0 else 0.0
        ap07 += p / 11.0
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for k in range(len(mpre) - 1, 0, -1):
        mpre[k - 1] = max(mpre[k - 1], mpre[k])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    ap_all = float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))
    recall = float(rec[-1]) if len(rec) else 0.0
    return float(ap07), ap_all, recall


def coco_image(dets, gts, rng, max_dets):
    """Per IoU threshold: (scores, matched, ignored) of the kept detections; number of counted objects."""
    ignore = [g["difficult"] or area(g["box"]) < rng[0] or area(g["box"]) > rng[1] for g in gts]
    gorder = sorted(range(len(gts)), key=lambda j: ignore[j])  # stable: counted first
    dets = sorted(dets, key=lambda d: -d["score"])[:max_dets]
    T = len(IOUS)
    dtm = np.zeros((T, len(dets)), dtype=bool)
    dtig = np.zeros((T, len(dets)), dtype=bool)
    for t, thr in enumerate(IOUS):
        gtm = [False] * len(gts)
        for k, d in enumerate(dets):
            best, m = min(thr, 1 - 1e-10), -1
            for j in gorder:
                if gtm[j]:
                    continue
                if m > -1 and not ignore[m] and ignore[j]:
                    break
                o = iou(d["box"], gts[j]["box"])
                if o < best:
                    continue
                best, m = o, j
            if m == -1:
                continue
            dtm[t, k] = True
            dtig[t, k] = ignore[m]
            gtm[m] = True
    outside = np.array([area(d["box"]) < rng[0] or area(d["box"]) > rng[1] for d in dets], dtype=bool)
    dtig = np.logical_or(dtig, np.logical_and(~dtm, outside[None, :]))
    return [d["score"] for d in dets], dtm, dtig, sum(1 for x in ignore if not x)


def coco_class(images, c, rng, max_dets):
    scores, dtms, dtigs, npig = [], [], [], 0
    for im in images:
        dets = [d for d in im["dets"] if d["label"] == c]
        gts = [g for g in im["gts"] if g["label"] == c]
        if not dets and not gts:
            continue
        s, m, ig, n = coco_image(dets, gts, rng, max_dets)
        scores += s
        dtms.append(m)
        dtigs.append(ig)
        npig += n
    if npig == 0:
        return None
    T = len(IOUS)
    order = np.argsort(-np.array(scores), kind="mergesort")
    dtm = np.concatenate(dtms, axis=1)[:, order] if scores else np.zeros((T, 0), dtype=bool)
    dtig = np.concatenate(dtigs, axis=1)[:, order] if scores else np.zeros((T, 0), dtype=bool)
    aps, recalls = [], []
    for t in range(T):
        tps = np.cumsum(np.logical_and(dtm[t], ~dtig[t])).astype(float)
        fps = np.cumsum(np.logical_and(~dtm[t], ~dtig[t])).astype(float)
        rc = tps / npig
        pr = tps / (fps + tps + np.spacing(1))
        recalls.append(float(rc[-1]) if len(rc) else 0.0)
        pr = list(pr)
        for k in range(len(pr) - 1, 0, -1):
            if pr[k] > pr[k - 1]:
                pr[k - 1] = pr[k]
        inds = np.searchsorted(rc, REC_THRS, side="left")
        q = [pr[pi] if pi < len(pr) else 0.0 for pi in inds]
        aps.append(float(np.mean(q)))
    return aps, recalls


def mean(xs):
    xs = [x for x in xs if x is not None]
    return float(np.mean(xs)) if xs else -1.0


def evaluate(images, classes, max_dets):
    per = []
    for c in range(classes):
        v = voc_class(images, c)
        co = [coco_class(images, c, rng, max_dets) for rng in AREAS]
        per.append({
            "label": c,
            "voc07": v[0] if v else None,
            "vocAllPoint": v[1] if v else None,
            "vocRecall": v[2] if v else None,
            "coco": float(np.mean(co[0][0])) if co[0] else None,
            "ap50": co[0][0][0] if co[0] else None,
            "ap75": co[0][0][5] if co[0] else None,
            "apSmall": float(np.mean(co[1][0])) if co[1] else None,
            "apMedium": float(np.mean(co[2][0])) if co[2] else None,
            "apLarge": float(np.mean(co[3][0])) if co[3] else None,
            "recall": float(np.mean(co[0][1])) if co[0] else None,
        })
    out = {k: mean([p[k] for p in per]) for k in per[0] if k != "label"}
    for p in per:
        for k in p:
            if p[k] is None:
                p[k] = -1.0
    out["perClass"] = per
    return out


def scene(rs, n_images, classes, max_gts, max_dets):
    images = []
    for _ in range(n_images):
        gts, dets = [], []
        for _ in range(rs.randint(0, max_gts + 1)):
            w, h = np.exp(rs.uniform(np.log(2), np.log(200), size=2))
            x, y = rs.uniform(0, 300, size=2)
            gts.append({"box": [x, y, x + w, y + h], "label": int(rs.randint(classes)),
                        "difficult": bool(rs.rand() < 0.1)})
        for g in gts:
            for _ in range(rs.randint(0, 3)):
                b = g["box"]
                w, h = b[2] - b[0], b[3] - b[1]
                j = rs.uniform(-0.15, 0.15, size=4)
                x1, y1 = b[0] + j[0] * w, b[1] + j[1] * h
                x2, y2 = max(x1, b[2] + j[2] * w), max(y1, b[3] + j[3] * h)
                lab = g["label"] if rs.rand() < 0.9 else int(rs.randint(classes))
                dets.append({"box": [x1, y1, x2, y2], "score": float(rs.rand()), "label": lab})
        for _ in range(rs.randint(0, max_dets + 1)):
            w, h = np.exp(rs.uniform(np.log(2), np.log(200), size=2))
            x, y = rs.uniform(0, 300, size=2)
            dets.append({"box": [x, y, x + w, y + h], "score": float(rs.rand()),
                         "label": int(rs.randint(classes))})
        images.append({"dets": dets, "gts": gts})
    return images


def main():
    rs = np.random.RandomState(20260701)
    cases = []
    for k, (n_images, classes, max_gts, max_dets, cap) in enumerate([
        (20, 3, 6, 8, 100), (40, 4, 10, 15, 100), (30, 2, 8, 12, 3), (10, 5, 3, 4, 100),
        (25, 3, 12, 30, 10),
    ]):
        images = scene(rs, n_images, classes, max_gts, max_dets)
        for im in images:
            for d in im["dets"]:
                d["box"] = [float(v) for v in d["box"]]
            for g in im["gts"]:
                g["box"] = [float(v) for v in g["box"]]
        cases.append({"name": "case%d" % k, "maxDetections": cap, "images": images,
                      "expected": evaluate(images, classes, cap)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden",
                        "map_reference.json")
    with open(path, "w") as f:
        json.dump({"generator": "src/test/python/map_reference.py", "cases": cases}, f)


if __name__ == "__main__":
    main()
