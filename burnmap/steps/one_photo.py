"""One photo from its files to its assessment record: the steps `assess` and every `batch` row
take, kept in one place so that both write the same JSON for the same inputs."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from burnmap.model.record import assessment_record
from burnmap.model.workspace import PhotoState, Workspace
from burnmap.parsing.base import Parsing
from burnmap.parsing.classes import PART_CLASSES
from burnmap.parsing.label_map import label_map_parsing
from burnmap.photo.imaging import Photo
from burnmap.photo.index_maps import load_index_map, read_index_map

DEPTH_MAX = 4


class NoSuchPerson(ValueError):
    """The patient was named by a rank the parsing does not have."""


def load_burn(path: Path, photo: Photo) -> np.ndarray:
    """The burn mask's depth classes (0..4) at the photo's size, or MapError."""
    return load_index_map(path, "burn mask", DEPTH_MAX, (photo.width, photo.height))


def parsing_of(provider, photo: Photo, labels: Path | None) -> Parsing:
    """The photo's parts: from a label map file when given (joints still from the pose
    landmarks), else from the parser."""
    if labels is None:
        return provider.parse(photo.pixels)
    # One reading: the identity (SHA-256) is of the bytes the labels were decoded from.
    values, data = read_index_map(labels, "label map", len(PART_CLASSES) - 1,
                                  (photo.width, photo.height))
    return label_map_parsing(values, data, Path(labels).name, provider.joints(photo.pixels))


def photo_state(photo: Photo, source: bytes | None, parsing: Parsing, view: str,
                burn: np.ndarray, person: int | None = None) -> PhotoState:
    """The photo as the window would hold it: parsed, view confirmed, patient chosen (1 = the
    largest person), burn loaded."""
    state = PhotoState(photo, view=view, view_confirmed=True, source=source)
    state.set_parsing(parsing)
    if person is not None:
        if not 1 <= person <= len(parsing.persons):
            raise NoSuchPerson(f"person {person} was asked for; the photo shows "
                               f"{len(parsing.persons)} person(s)")
        state.select_person(person - 1)
    state.load_burn(burn)
    return state


def assess_record(workspace: Workspace, now: datetime, assessor: str):
    """(assessment, the JSON-ready record `assess --json-out` writes)."""
    result = workspace.assessment(now)
    return result, assessment_record(workspace, result, now, assessor)
