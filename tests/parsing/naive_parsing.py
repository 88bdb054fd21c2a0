"""A deliberately plain version of M2FP's `parsing_on` post-processing, for cross-checking.

It follows the description in ../shared/m2fp/README.md literally: upsample every mask to the padded
input, crop, resize to the photo, score, paste per class in ascending score order, argmax. It holds
every query's full-resolution map at once, so it is only usable on small photos, which is all a
test needs.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def naive_parsing(logits, masks, padded, valid, out_size, num_parsing=20, thr=0.5):
    full = F.interpolate(masks[None].float(), size=padded, mode="bilinear", align_corners=False)
    full = full[:, :, :valid[0], :valid[1]]
    full = F.interpolate(full, size=out_size, mode="bilinear", align_corners=False)[0]
    probs = logits.softmax(-1)[:, :-1]
    n_classes = probs.shape[1]
    scores, flat = probs.flatten().topk(100)
    labels, queries = flat % n_classes, flat // n_classes
    # Per query, one full-resolution map at a time: the hundred chosen maps and their
    # foregrounds at once took 1.1 GB for a 700 x 950 photo.
    area = torch.stack([(full[q] > 0).sum() for q in queries.tolist()]).float()
    inside = torch.stack([(full[q].sigmoid() * (full[q] > 0)).sum() for q in queries.tolist()])
    mask_score = inside / (area + 1e-6)
    final = scores * mask_score
    semantic = torch.zeros(num_parsing, *out_size)
    for cls in range(num_parsing):
        total = torch.zeros(out_size)
        times = torch.zeros(out_size)
        idx = torch.nonzero(labels == cls).flatten()
        for k in idx[final[idx].argsort()]:
            if final[k] < thr:
                continue
            p = full[queries[k]].sigmoid() * final[k]
            total = torch.where(p > 0.5, p + total, total)
            times += (p > 0.5).float()
        semantic[cls] = total / times.clamp(min=1)
    parts = [(int(labels[k]), float(final[k]), int(area[k]))
             for k in range(len(labels))
             if labels[k] not in (0, num_parsing) and final[k] >= 0.1]
    persons = [(int(labels[k]), float(final[k]), int(area[k]))
               for k in range(len(labels)) if labels[k] == num_parsing and final[k] > 0.1]
    return semantic.argmax(0).numpy().astype(np.uint8), parts, persons
