"""A part label map given as a file (e.g. written by `parse`, or by another system) as a Parsing.

A label map has no person instances, but the patient must be chosen exactly as in the window: the
largest person, or the one the clinician names. People are therefore the connected groups of
labelled pixels, after closing gaps narrower than about 1 % of the photo (a neck line, a thin
strap) so that one person's parts stay together. People who touch each other cannot be told
apart this way; the warning says so.
"""
from __future__ import annotations

import hashlib

import cv2
import numpy as np

from burnmap.parsing.base import Instance, ModelIdentity, Parsing
from burnmap.parsing.classes import CIHP_CLASSES, PART_CLASSES
from burnmap.photo.bands import bincount

LABEL_MAP_PARSER = "label map file"
MIN_PERSON_SHARE = 0.01   # of the largest group: smaller groups are specks, not people


def label_map_parsing(labels: np.ndarray, file_bytes: bytes, file_name: str,
                      keypoints: dict | None) -> Parsing:
    """A Parsing of CIHP part ids (0..19) with one person instance per separate group."""
    identity = ModelIdentity(LABEL_MAP_PARSER, hashlib.sha256(file_bytes).hexdigest(), file_name)
    return Parsing(labels, PART_CLASSES, [], persons_from_labels(labels), identity, {},
                   keypoints)


def persons_from_labels(labels: np.ndarray) -> list[Instance]:
    """Person instances, largest first."""
    body = (labels > 0).astype(np.uint8)
    if not body.any():
        return []
    radius = max(1, round(0.01 * min(labels.shape)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    closed = cv2.morphologyEx(body, cv2.MORPH_CLOSE, kernel)
    count, groups, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    areas = bincount(groups, count, where=body > 0)   # labelled pixels per group
    largest = areas[1:].max()
    persons = []
    for i in range(1, count):
        if areas[i] < MIN_PERSON_SHARE * largest:
            continue
        x, y, w, h = (int(v) for v in stats[i, :4])
        mask = (groups[y:y + h, x:x + w] == i) & (body[y:y + h, x:x + w] > 0)
        persons.append(Instance.create(len(CIHP_CLASSES) - 1, "Human", 1.0,
                                       (x, y, x + w - 1, y + h - 1), mask))
    return sorted(persons, key=lambda p: -p.area)
