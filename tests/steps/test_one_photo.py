"""One photo's steps (burnmap/steps/one_photo.py), as `assess` and every batch row take them: a
label map given with the photo is read once, and identified by the bytes it was read from."""
from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest
from PIL import Image

from burnmap.parsing.provider import ParserProvider
from burnmap.photo.imaging import read_photo_file
from burnmap.photo.index_maps import MapError
from burnmap.steps.one_photo import parsing_of
from tests.helpers.assess_inputs import assess_inputs
from tests.helpers.openings import counting, times_opened


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The default parser's provider: its pose landmarks give the joints beside a label map."""
    return ParserProvider(None, tmp_path_factory.mktemp("app"), choice="default")


def test_the_label_map_is_read_once_and_identified_by_those_bytes(tmp_path, provider):
    """It was decoded through the guarded reader, then read again with read_bytes() for its
    SHA-256: a file replaced in between gave the parts of one file the identity of another, and
    a FIFO put there then was waited on for ever."""
    paths = assess_inputs(tmp_path)
    photo, _ = read_photo_file(paths["photo"])
    with counting() as opened:
        parsing = parsing_of(provider, photo, paths["labels"])
    assert times_opened(opened, paths["labels"]) == 1
    assert np.array_equal(parsing.labels, np.asarray(Image.open(paths["labels"])))
    assert parsing.model.sha256 == hashlib.sha256(paths["labels"].read_bytes()).hexdigest()
    assert parsing.model.source == "labels.png"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.timeout(10)
def test_a_fifo_as_the_label_map_is_refused_not_waited_on(tmp_path, provider):
    paths = assess_inputs(tmp_path)
    photo, _ = read_photo_file(paths["photo"])
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(MapError, match="not a regular file"):
        parsing_of(provider, photo, tmp_path / "pipe.png")
