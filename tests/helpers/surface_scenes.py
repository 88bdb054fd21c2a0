"""The mannequin's four clinical views (tests/helpers/mannequin.py) through the real region map and
assessment, with the truth integrated on its surface; shared by the surface-model tests."""
from __future__ import annotations

import numpy as np

from burnmap.body.regions import Joints, to_clinical_regions
from burnmap.clinical.assessment import PhotoCounts, assess
from tests.helpers import mannequin as mq

A, P = "anterior", "posterior"


class Scene:
    def __init__(self, solids):
        self.solids = solids
        self.photos = {v: mq.render(solids, v) for v in mq.VIEWS}
        self.maps = {v: region_map(p) for v, p in self.photos.items()}
        self.defining = [(self.photos[v], self.maps[v].ids) for v in (A, P)]

    def assess(self, views, sectors, painted=None, age=30.0):
        counts = []
        for v in views:
            photo = self.photos[v]
            burn = mq.burn_mask(photo, self.solids, sectors) if painted is None or v in painted \
                else np.zeros(photo.labels.shape, np.uint8)
            counts.append(PhotoCounts.of(self.maps[v], burn, f"{v}.png"))
        result = assess(counts, age)
        truth = mq.truth(self.solids, [self.photos[v] for v in views], sectors, age,
                         None if painted is None else [self.photos[v] for v in painted],
                         self.defining)
        return result, truth


def region_map(photo):
    return to_clinical_regions(photo.labels, mq.CLASSES, photo.view, Joints(photo.joints, "pose"))
