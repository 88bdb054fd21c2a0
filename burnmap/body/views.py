"""What a photo's labels say about its view: a suggestion for the clinician to confirm, and
warnings when the view given and the photo disagree (or two photos claim one view).

Read from the head: an anterior photo shows a face, a posterior one hair; on a side photo the
face lies to the front of the head, which is the photo's left on a left lateral view (the camera
at the patient's left, the patient upright) and its right on a right lateral view. The numbers
are taken at the face's own rows, so long hair hanging to one side does not move them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from burnmap.text.messages import Listing, Message, Word

FACE_SHOWN = 0.25        # face share of the head at the face's rows: a face is seen
NO_FACE = 0.10           # below this share an anterior photo shows no face
PROFILE = 0.15           # face centre this far (head widths) from the head's: a side view
MIN_HEAD = 100           # pixels: a smaller head says nothing


@dataclass(frozen=True)
class HeadSeen:
    face: int            # face pixels
    head: int            # head pixels (face, hair, hat) at the face's rows, or all if no face
    offset: float        # face centre minus head centre, in head widths (+: the photo's right)


def head_seen(labels: np.ndarray, class_names) -> HeadSeen:
    names = list(class_names)
    ids = [names.index(n) for n in ("Face", "Hair", "Hat", "Sunglasses") if n in names]
    head = np.isin(labels, ids)
    face = labels == names.index("Face") if "Face" in names else np.zeros(labels.shape, bool)
    rows = np.flatnonzero(face.any(1))
    if rows.size:
        head, face = head[rows[0]:rows[-1] + 1], face[rows[0]:rows[-1] + 1]
    n_head, n_face = int(np.count_nonzero(head)), int(np.count_nonzero(face))
    if not n_face or not n_head:
        return HeadSeen(n_face, n_head, 0.0)
    cols = np.arange(labels.shape[1])
    per_col_head, per_col_face = head.sum(0), face.sum(0)
    span = np.flatnonzero(per_col_head)
    width = max(span[-1] - span[0] + 1, 1)
    offset = (per_col_face @ cols / n_face - per_col_head @ cols / n_head) / width
    return HeadSeen(n_face, n_head, float(offset))


def suggest(seen: HeadSeen) -> str | None:
    """The view the head suggests: hair only posterior, a face to one side lateral, else
    anterior; no head, no suggestion."""
    if seen.head < MIN_HEAD and seen.face < MIN_HEAD:
        return None if not seen.face + seen.head else \
            ("anterior" if seen.face >= FACE_SHOWN * max(seen.head, 1) else "posterior")
    if seen.face < FACE_SHOWN * seen.head:
        return "posterior"
    if abs(seen.offset) >= PROFILE:
        return "left" if seen.offset < 0 else "right"
    return "anterior"


def view_warnings(photos: list[tuple[Message, str, HeadSeen | None]]) -> list[Message]:
    """(label, view, head) per parsed photo -> the warnings to show at once."""
    out = [w for label, view, seen in photos if seen is not None
           for w in _one(label, view, seen)]
    by_view: dict[str, list[Message]] = {}
    for label, view, _ in photos:
        by_view.setdefault(view, []).append(label)
    for view, labels in by_view.items():
        if len(labels) > 1:
            out.append(Message("{0} are all {1} views: each part of the body is measured on one "
                               "of them only (the one that shows it larger); check that the "
                               "views are right", Listing(labels, " and "),
                               Word("view", view)))
    return out


def _one(label: Message, view: str, seen: HeadSeen) -> list[Message]:
    if seen.head < MIN_HEAD:
        return []
    face_share = seen.face / seen.head
    if view == "posterior" and face_share >= FACE_SHOWN:
        return [Message("{0} is marked posterior but shows a face: check its view", label)]
    if view == "anterior" and face_share < NO_FACE:
        return [Message("{0} is marked anterior but shows no face: check its view", label)]
    if view in ("left", "right") and face_share >= FACE_SHOWN and abs(seen.offset) >= PROFILE:
        looks = "left" if seen.offset < 0 else "right"
        if looks != view and looks == "left":
            return [Message("{0} is marked {1} but the face is to the photo's left, as on a {2} "
                            "view: check its view", label, Word("view", view),
                            Word("view", looks))]
        if looks != view:
            return [Message("{0} is marked {1} but the face is to the photo's right, as on a "
                            "{2} view: check its view", label, Word("view", view),
                            Word("view", looks))]
    return []
