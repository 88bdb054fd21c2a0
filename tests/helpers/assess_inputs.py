"""Inputs of `main.py assess` shared by its tests and the case-race tests: the synthetic figure
with a burned face."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from burnmap.body.regions import REGION_ID, to_clinical_regions
from tests.helpers.figure import CLASSES, figure


def assess_inputs(tmp_path: Path) -> dict[str, Path]:
    """A photo of the figure, its label map and a full-thickness burn of the anterior head
    (3.5 % TBSA), and where the JSON goes."""
    labels, joints = figure()
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints)
    photo = np.full((*labels.shape, 3), 235, np.uint8)
    photo[labels > 0] = (200, 150, 120)
    burn = np.where(rm.ids == REGION_ID["head"], 4, 0).astype(np.uint8)
    paths = {"photo": tmp_path / "figure.png", "labels": tmp_path / "labels.png",
             "burn": tmp_path / "burn.png", "json": tmp_path / "out.json"}
    Image.fromarray(photo).save(paths["photo"])
    Image.fromarray(labels, mode="L").save(paths["labels"])
    Image.fromarray(burn, mode="L").save(paths["burn"])
    return paths


def assess_args(p, *extra):
    return ["--photo", str(p["photo"]), "--labels", str(p["labels"]), "--burn", str(p["burn"]),
            "--view", "anterior", "--age", "40", "--json-out", str(p["json"]), *extra]


def assess_args(p, *extra):
    return ["--photo", str(p["photo"]), "--labels", str(p["labels"]), "--burn", str(p["burn"]),
            "--view", "anterior", "--age", "40", "--json-out", str(p["json"]), *extra]
