"""Inputs for the batch tests: the synthetic figure (photo, part label map, a burned face) and a
real photo, in a folder of their own, and manifests over them."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from PIL import Image

from burnmap.body.regions import REGION_ID, to_clinical_regions
from tests.helpers.figure import CLASSES, figure

HEADER = "id,case,photo,view,burn,labels,age,weight\n"


def make_inputs(folder: Path, photos_dir: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    labels, joints = figure()
    regions = to_clinical_regions(labels, CLASSES, "anterior", joints)
    photo = np.full((*labels.shape, 3), 235, np.uint8)
    photo[labels > 0] = (200, 150, 120)
    Image.fromarray(photo).save(folder / "figure.png")
    Image.fromarray(labels, mode="L").save(folder / "labels.png")
    burn = np.where(regions.ids == REGION_ID["head"], 4, 0).astype(np.uint8)
    Image.fromarray(burn, mode="L").save(folder / "burn.png")
    shutil.copy(photos_dir / "astronaut.png", folder / "astronaut.png")
    return folder


def manifest(folder: Path, lines: list[str], name: str = "manifest.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


FIGURE = "figure.png,anterior,burn.png,labels.png,40,70"    # assessed from its label map
ASTRONAUT = "astronaut.png,anterior,,,,"                     # parsed only
