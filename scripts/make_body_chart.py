#!/usr/bin/env python3
"""Generate burnmap/resources/body_chart.json: the Lund-Browder body chart as vector shapes.

    .venv/bin/python scripts/make_body_chart.py [--preview out.png]

The figure is designed once, as the viewer's right half of a standing person (arms slightly
away from the body, palms forward, centre line x = 0, y down), from a few hand-placed control
points joined by Catmull-Rom splines. Every boundary between two regions is ONE chain of points
used by both regions (reversed by one of them), so the shapes of a figure tile the silhouette
exactly: no gaps, no overlaps, no T-junctions. The left half is the mirror image. The anterior
and posterior figures share the silhouette and differ only in their inner boundaries (genitalia
in front; buttocks and the iliac line behind). The output is committed; rerun after any change.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_W, FIGURE_H, GAP = 200, 500, 30
CENTRE = {"anterior": FIGURE_W / 2, "posterior": FIGURE_W + GAP + FIGURE_W / 2}
STEP = 2.0   # chart units between generated points: smooth at any size the chart is drawn

# Control points, viewer's right half (x >= 0). Names mark points other chains start or end at.
HEAD = [(0, 8), (13, 10), (20.5, 18), (23.5, 30), (23, 44), (20, 55), ("J", 12, 64.5),
        (6, 68.5), (0, 69.5)]
UPPER = [("J", 12, 64.5), (11, 73), (12.5, 81), ("NB", 18, 86.5), (29, 90), (39, 93.5),
         ("A", 47, 97.5), (55, 100), (61.5, 106), (65, 116), (66.5, 130), (70.5, 157),
         (74, 182), ("EO", 76.5, 203), (80.5, 223), (83.5, 253), ("WO", 87, 288),
         # the hand, palm forward: thumb out to the side, its tip, the web, the fingers
         (90.8, 294.5), (94.2, 301), (96.7, 308), (98.5, 315), (99.4, 321), (99, 325.5),
         (97.2, 327.8), (95.2, 326.6), (94.1, 322.5), (93.1, 317.5), (92.3, 313.8),
         (92.9, 322), (92.6, 332), (91.3, 341), (88.6, 347.8), (84.8, 350.6), (80.8, 348.6), (77.8, 341), (75.6, 329), (74.3, 315), (74, 302),
         ("WI", 74.5, 291.5), (67, 257), (60, 227), ("EI", 57.5, 207), (53, 185), (47.5, 161),
         ("AX", 41, 131)]
LOWER = [("AX", 41, 131), (40.5, 150), (38.5, 175), (35.5, 200), (34, 216), ("IL", 37.5, 242),
         (41, 256), ("HL", 43, 268), (44, 285), ("FL", 43.5, 306), (41.5, 330), (38.5, 358),
         (35.5, 382), ("KO", 34.5, 398), (36, 418), (35, 440), (31.5, 458), ("AO", 30.5, 467),
         (33, 477), (38, 485), (41.5, 491), (39.5, 495.5), (32, 497), (24, 496.5),
         (19.5, 492), (19.5, 482), ("AI", 20.5, 467), (17.5, 447), (14, 422), ("KI", 15, 398),
         (12.5, 375), (8, 350), (3.5, 330), ("C", 0, 318)]
# Inner boundaries (each shared by the two regions it separates).
INNER = {
    "nape": [("J", 12, 64.5), (6, 66.2), (0, 66.8)],     # back of the head: no chin
    "neck_trunk": [("NB", 18, 86.5), (9, 90), (0, 91.5)],
    "shoulder": [("A", 47, 97.5), (45.5, 108), (43.5, 120), ("AX", 41, 131)],
    "elbow": [("EO",), ("EI",)],
    "wrist": [("WO",), ("WI",)],
    "knee": [("KO",), ("KI",)],
    "ankle": [("AO",), ("AI",)],
    "inguinal": [("HL", 43, 268), (31, 280), (18, 291.5), ("G1", 9, 297)],
    "pubic": [("G1", 9, 297), (4.5, 295.6), (0, 295.2)],
    "genital_side": [("G1", 9, 297), (9.5, 305), (6.5, 313), ("C", 0, 318)],
    "iliac": [("IL", 37.5, 242), (19, 249), (0, 251)],
    "fold": [("FL", 43.5, 306), (33, 318), (19, 324), (8, 323), ("C", 0, 318)],
    "cleft": [(0, 251), ("C", 0, 318)],
}
# Text positions of regions too small to carry their number (a leader joins them), right half.
LABELS = {"hand": (84, 364), "foot": (56, 484), "neck": (34, 74), "genitalia": (0, 405)}


def catmull_rom(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A centripetal Catmull-Rom spline through `points`, about STEP apart; the control points
    themselves are kept exactly (chains meet at them)."""
    pts = [points[0], *points, points[-1]]
    pts[0] = _extend(points[1], points[0])
    pts[-1] = _extend(points[-2], points[-1])
    out = [points[0]]
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        n = max(1, math.ceil(math.dist(p1, p2) / STEP))
        out += [_cr_point(p0, p1, p2, p3, k / n) for k in range(1, n)] + [p2]
    return out


def _extend(a, b):
    return (2 * b[0] - a[0], 2 * b[1] - a[1])


def _cr_point(p0, p1, p2, p3, t):
    """Barry-Goldman evaluation with centripetal knots (no cusps or loops)."""
    def knot(ti, a, b):
        return ti + max(math.dist(a, b), 1e-6) ** 0.5
    t0, t1 = 0.0, knot(0.0, p0, p1)
    t2, t3 = knot(t1, p1, p2), knot(knot(t1, p1, p2), p2, p3)
    tt = t1 + t * (t2 - t1)

    def lerp(a, b, ta, tb):
        w = (tt - ta) / (tb - ta)
        return (a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1]))
    a1, a2, a3 = lerp(p0, p1, t0, t1), lerp(p1, p2, t1, t2), lerp(p2, p3, t2, t3)
    b1, b2 = lerp(a1, a2, t0, t2), lerp(a2, a3, t1, t3)
    return lerp(b1, b2, t1, t2)


def named_chain(spec) -> tuple[list, dict[str, int]]:
    """Dense points of a control list and the index of each named control point."""
    controls, names = [], {}
    for item in spec:
        if isinstance(item[0], str):
            names[item[0]] = len(controls)
            item = item[1:]
        controls.append(tuple(map(float, item)))
    dense = catmull_rom(controls)
    index, marks = 0, {}
    for i, p in enumerate(dense):     # control points appear in order in the dense chain
        if index < len(controls) and p == controls[index]:
            for name, k in names.items():
                if k == index:
                    marks[name] = i
            index += 1
    return dense, marks


def half_figure() -> dict[str, list]:
    """Every chain of the viewer's right half, keyed by name; each point (x >= 0, y)."""
    head, _ = named_chain(HEAD)
    upper, um = named_chain(UPPER)
    lower, lm = named_chain(LOWER)
    marks = {**{k: upper[v] for k, v in um.items()}, **{k: lower[v] for k, v in lm.items()}}
    c = {"head": head[: head.index(marks["J"]) + 1], "chin": head[head.index(marks["J"]):]}
    for name, a, b in (("neck_side", "J", "NB"), ("shoulder_top", "NB", "A"),
                       ("arm_outer", "A", "EO"), ("forearm_outer", "EO", "WO"),
                       ("hand", "WO", "WI"), ("forearm_inner", "WI", "EI"),
                       ("arm_inner", "EI", "AX")):
        c[name] = upper[um[a]: um[b] + 1]
    for name, a, b in (("side_waist", "AX", "IL"), ("side_hip", "IL", "HL"),
                       ("side_buttock", "HL", "FL"), ("thigh_outer", "FL", "KO"),
                       ("leg_outer", "KO", "AO"), ("foot", "AO", "AI"), ("leg_inner", "AI", "KI"),
                       ("thigh_inner", "KI", "C")):
        c[name] = lower[lm[a]: lm[b] + 1]
    for name, spec in INNER.items():
        # A named point is the outline's own point (chains meet exactly there).
        points = [marks[s[0]] if isinstance(s[0], str) and s[0] in marks else
                  tuple(map(float, s[1:] if isinstance(s[0], str) else s)) for s in spec]
        c[name] = catmull_rom(points) if len(points) > 2 else points
    return c


def region_rings(c: dict[str, list], surface: str) -> dict[str, list]:
    """Each region's ring in the right-half frame: 'limb' keys are the right half only,
    'mid' keys (head, neck, trunk, genitalia) are whole, built from the half and its mirror."""
    rev = lambda chain: chain[::-1]  # noqa: E731
    limbs = {
        "upper_arm": [c["arm_outer"], c["elbow"], c["arm_inner"], rev(c["shoulder"])],
        "forearm": [c["forearm_outer"], c["wrist"], c["forearm_inner"], rev(c["elbow"])],
        "hand": [c["hand"], rev(c["wrist"])],
        "lower_leg": [c["leg_outer"], c["ankle"], c["leg_inner"], rev(c["knee"])],
        "foot": [c["foot"], rev(c["ankle"])],
    }
    if surface == "anterior":
        limbs["thigh"] = [c["side_buttock"], c["thigh_outer"], c["knee"], c["thigh_inner"],
                          rev(c["genital_side"]), rev(c["inguinal"])]
        trunk_half = [c["neck_trunk"][::-1], c["shoulder_top"], c["shoulder"],
                      c["side_waist"], c["side_hip"], c["inguinal"], c["pubic"]]
        mids = {"trunk": trunk_half, "genitalia": [rev(c["pubic"]), c["genital_side"]]}
    else:
        limbs["thigh"] = [c["thigh_outer"], c["knee"], c["thigh_inner"], rev(c["fold"])]
        limbs["buttock"] = [rev(c["iliac"]), c["side_hip"], c["side_buttock"], c["fold"],
                            rev(c["cleft"])]
        trunk_half = [c["neck_trunk"][::-1], c["shoulder_top"], c["shoulder"],
                      c["side_waist"], c["iliac"]]
        mids = {"trunk": trunk_half}
    jaw = c["chin"] if surface == "anterior" else c["nape"]
    mids["head"] = [c["head"], jaw]
    mids["neck"] = [rev(jaw), c["neck_side"], c["neck_trunk"]]
    rings = {k: _join(v) for k, v in limbs.items()}
    rings.update({k: _mirror_whole(_join(v)) for k, v in mids.items()})
    return rings


def _join(chains: list[list]) -> list:
    ring = []
    for chain in chains:
        for p in chain:
            if not ring or ring[-1] != p:
                ring.append(p)
    if ring[0] == ring[-1]:
        ring.pop()
    return ring


def _mirror_whole(half: list) -> list:
    """A midline region from its right half (which starts and ends on x = 0)."""
    assert half[0][0] == 0, half[:1]
    assert half[-1][0] == 0, half[-1:]
    return half + [(-x, y) for x, y in half[-2:0:-1]]


def figure_shapes(surface: str) -> list[dict]:
    """The chart entries of one figure, in chart coordinates."""
    rings = region_rings(half_figure(), surface)
    cx = CENTRE[surface]
    # Anterior: the viewer's right is the patient's left; posterior: the patient's right.
    right_side = "left" if surface == "anterior" else "right"
    left_side = "right" if surface == "anterior" else "left"
    entries = []
    for name, ring in rings.items():
        if name in ("head", "neck", "trunk", "genitalia"):
            entries.append(_entry(name, surface, ring, cx, LABELS.get(name)))
            continue
        label = LABELS.get(name)
        entries.append(_entry(f"{name}_{right_side}", surface, ring, cx, label))
        entries.append(_entry(f"{name}_{left_side}", surface, [(-x, y) for x, y in ring], cx,
                              label and (-label[0], label[1])))
    return entries


def _entry(region, surface, ring, cx, label) -> dict:
    pts = [[round(cx + round(x, 2), 2), round(y, 2)] for x, y in ring]
    if _signed_area(pts) < 0:    # one orientation for all: clockwise on screen (y down)
        pts.reverse()
    entry = {"region": region, "surface": surface, "polygons": [[*pts, pts[0]]]}
    if label:
        entry["label"] = [round(cx + label[0], 2), round(label[1], 2)]
    return entry


def _signed_area(pts) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))


def chart() -> dict:
    """The whole chart as JSON-ready data, shapes in the Lund-Browder table's order."""
    with open(ROOT / "burnmap" / "resources" / "lund_browder.csv", encoding="utf-8") as fh:
        order = [line.split(",")[0] for line in fh if line[0] not in "#r"]
    entries = figure_shapes("anterior") + figure_shapes("posterior")
    entries.sort(key=lambda e: (e["surface"] != "anterior", order.index(e["region"])))
    return {
        "format": "burnmap-body-chart", "version": 1,
        "description": "Lund-Browder chart: anterior figure left, posterior right; y down. "
                       "Anterior: the patient's left is on the viewer's right; posterior: on "
                       "the viewer's left. Generated by scripts/make_body_chart.py.",
        "size": [2 * FIGURE_W + GAP, FIGURE_H],
        "figures": {s: {"box": [CENTRE[s] - FIGURE_W / 2, 0, FIGURE_W, FIGURE_H]}
                    for s in ("anterior", "posterior")},
        "shapes": entries,
    }


def preview(data: dict, path: Path, scale: int = 3) -> None:
    """A quick raster look at the shapes (each region a different grey)."""
    from PIL import Image, ImageDraw
    w, h = data["size"]
    img = Image.new("RGB", (w * scale, h * scale), "white")
    draw = ImageDraw.Draw(img)
    for i, e in enumerate(data["shapes"]):
        tone = 150 + (i * 37) % 100
        for poly in e["polygons"]:
            draw.polygon([(x * scale, y * scale) for x, y in poly], fill=(tone, tone, 255 - i),
                         outline="black")
    img.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", type=Path, help="also write a PNG preview")
    args = parser.parse_args()
    data = chart()
    out = ROOT / "burnmap" / "resources" / "body_chart.json"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text.replace('{"region"', '\n{"region"') + "\n", encoding="utf-8")
    if args.preview:
        preview(data, args.preview)
    print(f"{out.relative_to(ROOT)}: {len(data['shapes'])} shapes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
