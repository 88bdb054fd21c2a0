"""Long hair: hair that falls below the chin, found by its colour and its attachment to the head.

Shape alone cannot tell hair on the shoulders from the shoulders, so colour decides: a histogram
of the hair on top of the head against one of what is known not to be hair (the face, the
trunk's midline from the neck down, forearms, hands and legs). Near the head, a pixel is hair
where its colour is common on the crown and clearly likelier there than on the body, and only
when it joins the head's hair; hair falling over the chest may cover the midline. Black hair on
a black shirt is ambiguous and stays body (the lower midline tells: it is of the hair's colour):
the safe side, as the head is a small region.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from burnmap.parsing.head import Head

REACH_DOWN, REACH_ACROSS = 4.5, 2.5   # face heights below the chin, face widths from the axis
BINS = (8, 16, 16)                    # Lab: lightness coarse, colour finer
LIKELIER = 2.0                        # hair must be this much likelier than the body
COMMON = 0.9                          # hair colours: the commonest crown colours, this share
CROWN = 0.5                           # hair colour is learnt above this height (face heights)
MIN_SAMPLES = 100                     # pixels needed on either side to learn colours at all
CLOTHES_SHARE = 0.8                   # share of the lower midline of the hair's colour
GAP = 0.3                             # holes up to this many face widths are closed
# The midline strip: it starts this many face heights below the chin (hair hangs beside the
# jaw) and is this many face widths wide on either side of the neck and trunk's centre line.
MIDLINE_FROM, MIDLINE_HALF_WIDTH = 0.4, 0.25


@dataclass(frozen=True)
class Colours:
    """Per pixel: `hair`, its colour is common on the crown (the seeds high on the head) and
    clearly likelier there than on the body; `skin`, likelier on the face than on the crown;
    `body`, likelier on the body than on the crown (everywhere, when nothing was learnt)."""
    hair: np.ndarray
    skin: np.ndarray
    body: np.ndarray


def hair_colour(photo: np.ndarray, person: np.ndarray, head: Head, seeds: np.ndarray,
                other: np.ndarray) -> Colours:
    """The crown's colours against the body's (the face, the trunk's midline from the neck
    down, and `other`: pixels known not to be hair, such as forearms away from the head and
    legs). Nothing is hair when either side has too few pixels to learn from, or when the
    clothes are of the hair's colour.

    photo: RGB uint8 at the masks' size.
    """
    u, _ = head.body_frame(person.shape)
    crown = seeds & (u >= CROWN)
    midline = person & _midline(person.shape, head) & (u <= -MIDLINE_FROM)
    body = midline | other | head.face
    nothing, everywhere = np.zeros(person.shape, bool), np.ones(person.shape, bool)
    none = Colours(nothing, nothing, everywhere)
    if crown.sum() < MIN_SAMPLES or body.sum() < MIN_SAMPLES:
        return none
    bins = _bins(photo)
    # All smoothed alike: smoothing the body's more would lower its peaks until clothes the
    # hair's colour (a navy cap on a navy jacket) looked likelier as hair.
    hair_hist, body_hist = _histogram(bins, crown), _histogram(bins, body)
    likely = ((hair_hist > LIKELIER * (body_hist + 1.0 / hair_hist.size)) &
              _common(hair_hist))[bins]
    if _clothes_of_hair_colour(likely, midline, u, head):
        return none       # rather than the whole shirt
    return Colours(likely, (_histogram(bins, head.face) > hair_hist)[bins],
                   (body_hist > hair_hist)[bins])


def _clothes_of_hair_colour(likely: np.ndarray, midline: np.ndarray, u: np.ndarray,
                            head: Head) -> bool:
    """Whether nearly all the lower half of the trunk's midline is of the hair's colour. Long
    hair seldom covers it, so that colour is then the clothes' (black hair, black shirt) and
    hair is not told from the body."""
    waist = midline & (u <= _height(head, (head.midline[1] + head.midline[2]) / 2))
    return bool(waist.sum() >= MIN_SAMPLES and likely[waist].mean() > CLOTHES_SHARE)


def long_hair(person: np.ndarray, head: Head, seeds: np.ndarray, colours: Colours,
              other: np.ndarray) -> np.ndarray:
    """Person pixels near the head, outside its zone (mostly below the chin), that are hair
    joined to `seeds` (the person pixels of the head's zone, the face excepted).

    colours: hair_colour's maps; other: pixels that are never hair (legs).
    """
    u, v = head.body_frame(person.shape)
    reach = (u >= -REACH_DOWN) & (np.abs(v) <= REACH_ACROSS) & ~seeds
    allowed = person & reach & ~head.face & ~other
    candidates = cv2.morphologyEx((allowed & colours.hair).astype(np.uint8), cv2.MORPH_OPEN,
                                  np.ones((3, 3), np.uint8)).astype(bool)
    found = _joined(candidates, seeds)
    # Strands, shadows and highlights leave holes in hair found by colour: close them.
    k = 2 * max(1, int(round(GAP * head.width / 2))) + 1
    closed = cv2.morphologyEx(found.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    hair = closed.astype(bool) & allowed
    return hair | _enclosed(~(hair | seeds), allowed & ~colours.skin)


def _enclosed(gaps: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The pieces of `gaps` that hair surrounds on all sides: wholly inside `allowed` and off
    the photo's edge (a deep shadow in the hair, darker than any colour learnt on the crown;
    not the neck between two curtains of hair, as skin is not allowed)."""
    count, pieces = cv2.connectedComponents(gaps.astype(np.uint8), connectivity=4)
    open_ = np.bincount(pieces[~allowed & gaps], minlength=count) > 0
    edges = np.concatenate([pieces[0], pieces[-1], pieces[:, 0], pieces[:, -1]])
    open_[edges] = True
    open_[0] = True
    return ~open_[pieces]


def _height(head: Head, point: np.ndarray) -> float:
    """A point's height above the chin along the body axis, in face heights."""
    return float((point - head.chin) @ head.body_up) / head.height


def _midline(shape, head: Head) -> np.ndarray:
    """A strip along the neck and the trunk's centre line (chin, mid-shoulder, mid-hip). Long
    hair falls mostly beside and behind it, so its colours are mostly the body's."""
    canvas = np.zeros(shape, np.uint8)
    thickness = max(1, int(round(2 * MIDLINE_HALF_WIDTH * head.width)))
    cv2.polylines(canvas, [np.rint(head.midline).astype(np.int32)], False, 1, thickness)
    return canvas.astype(bool)


def _bins(photo: np.ndarray) -> np.ndarray:
    lab = cv2.cvtColor(photo, cv2.COLOR_RGB2LAB)
    steps = [256 // n for n in BINS]
    idx = [lab[..., i] // steps[i] for i in range(3)]
    return (idx[0].astype(np.int32) * BINS[1] + idx[1]) * BINS[2] + idx[2]


def _histogram(bins: np.ndarray, where: np.ndarray, spread: int = 1) -> np.ndarray:
    """Colour distribution of the pixels `where`, smoothed `spread` times over neighbouring
    bins."""
    hist = np.bincount(bins[where], minlength=int(np.prod(BINS))).astype(np.float64)
    for _ in range(spread):
        hist = _blur(hist)
    return hist / hist.sum()


def _common(hist: np.ndarray) -> np.ndarray:
    """The most frequent bins that together hold COMMON of the distribution."""
    order = np.argsort(hist)[::-1]
    keep = np.zeros(hist.size, bool)
    keep[order[:int(np.searchsorted(np.cumsum(hist[order]), COMMON)) + 1]] = True
    return keep


def _blur(hist: np.ndarray) -> np.ndarray:
    """Neighbouring bins share a little (lighting shifts a colour by a bin); none wraps around,
    so the darkest bins lend nothing to the lightest."""
    cube = hist.reshape(BINS).astype(np.float32)
    for axis in range(3):
        padded = np.moveaxis(np.pad(np.moveaxis(cube, axis, 0), ((1, 1), (0, 0), (0, 0))), 0, axis)
        lower = np.take(padded, range(0, cube.shape[axis]), axis=axis)
        upper = np.take(padded, range(2, cube.shape[axis] + 2), axis=axis)
        cube = (cube + 0.5 * lower + 0.5 * upper) / 2
    return cube.ravel().astype(np.float64)


def _joined(candidates: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Candidates in a connected piece that touches the seeds."""
    count, pieces = cv2.connectedComponents((candidates | seeds).astype(np.uint8), connectivity=8)
    keep = np.zeros(count, bool)
    keep[np.unique(pieces[seeds])] = True
    keep[0] = False
    return keep[pieces] & candidates
