"""The batch manifest: what is refused for the whole manifest, with a message naming the line or
column, and what a good one becomes (absolute paths, ids)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from burnmap.batch.manifest import ManifestError, read_manifest


def _write(tmp_path: Path, text: str | bytes, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_paths_are_relative_to_the_manifest_and_ids_are_made_from_case_and_photo(tmp_path):
    (tmp_path / "sub").mkdir()
    path = _write(tmp_path / "sub", "\ufeffCase, Photo ,VIEW,burn\n\n"
                  "A 1,photos/front.jpg,anterior,\nB,/abs/back.png,posterior,b.png\n")
    rows = read_manifest(path)
    assert [(r.line, r.id) for r in rows] == [(3, "A_1-front"), (4, "B-back")]
    assert rows[0].get("photo") == str(tmp_path / "sub" / "photos" / "front.jpg")
    assert rows[0].get("burn") is None
    assert rows[1].get("photo") == "/abs/back.png"
    assert rows[1].get("burn") == str(tmp_path / "sub" / "b.png")


def test_an_explicit_id_names_the_row(tmp_path):
    rows = read_manifest(_write(tmp_path, "id,case,photo,view\nrow-7.a,c,p.png,left\n"))
    assert rows[0].id == "row-7.a"


@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty"),
    ("case,photo,view\n", "no rows"),
    ("case,photo\nc,p.png\n", "lacks the column(s) view"),
    ("case,photo,view,colour\nc,p,anterior,red\n", "unknown manifest column(s) 'colour'"),
    ("case;photo;view\nc;p;anterior\n", "not ';'"),
    ("case,photo,view,photo\nc,p,anterior,q\n", "column(s) photo twice"),
    ("case,photo,view\nc,p.png,anterior\nc,p.png,posterior\n", "lines 2 and 3 have the same id"),
    ("id,case,photo,view\nA,c,p,anterior\na,d,q,anterior\n", "same id"),
    ("id,case,photo,view\n../up,c,p,anterior\n", "id '../up' must be"),
    ("id,case,photo,view\nsummary.csv,c,p,anterior\n", "id 'summary.csv'"),
    ("case,photo,view\nc,p,anterior,extra\n", "line 2 has 4 fields"),
    ("case,photo,view\nc,\"p,anterior\n", "not a readable CSV"),
])
def test_bad_manifests_are_refused(tmp_path, text, message):
    with pytest.raises(ManifestError, match=None) as caught:
        read_manifest(_write(tmp_path, text))
    assert message in str(caught.value)


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("case,photo,view\nc,caf\xe9.png,anterior\n".encode("latin-1"), "not UTF-8"),
])
def test_binary_and_foreign_encodings_are_refused(tmp_path, data, message):
    with pytest.raises(ManifestError) as caught:
        read_manifest(_write(tmp_path, data))
    assert message in str(caught.value)


def test_missing_folder_and_fifo_manifests_are_refused_without_blocking(tmp_path):
    with pytest.raises(ManifestError, match="does not exist"):
        read_manifest(tmp_path / "none.csv")
    with pytest.raises(ManifestError, match="not a regular file"):
        read_manifest(tmp_path)
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(ManifestError, match="not a regular file"):
        read_manifest(tmp_path / "pipe.csv")
