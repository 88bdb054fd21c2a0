"""Benchmark: how well the default parser agrees with a real human parser, and how fast it is.

    .venv/bin/python -m bench.default_parser_quality DATA_DIR [--label-set lip] [--repeat 3]
        [--burns 10] [--json-out bench/results/default_parser_quality.json]

DATA_DIR holds `photos/NAME.jpg` (or .jpeg/.png) and `labels/NAME.png`: one 8-bit class id per
pixel from a human parser or a human-parsing dataset, at the photo's size. The data is never part
of this repository. The set measured so far (see the report in the commit history) is 21 photos of
one person each with the labels of SCHP (Self-Correction Human Parsing, trained on LIP):

* github.com/GoGoDuck912/Self-Correction-Human-Parsing, pull request #70 (refs/pull/70/head),
  commit ff13073add4499d036706829951355d31b89d49c: image_test/{b1..b10,g1..g10}.jp(e)g and
  visualize/lip/*.png (repository licence MIT; the photos' origin is not stated);
* the same repository's master, commit eb84c432cc697f494d99662a05f2335eb2f26095: demo/demo.jpg
  and demo/demo_lip.png (MIT).

Both label sets (theirs and ours) are reduced to five body groups; a pixel agrees when both put it
in the same group. Dress, skirt and jumpsuit pixels span torso and legs, so they count only for
the person mask. Per group: recall (share of their pixels we put in the same group) and IoU,
averaged over photos (each photo weighs the same) and pooled over all pixels. Seconds per photo
are wall-clock times of `parse` after a warm-up: the median of --repeat runs per photo, then the
median and 95th percentile over photos.

Measured (2 shared cores; the issue's "share of a real parser's pixels" is the pooled recall):

    part      pose skeleton only (2c7b8be)   Holistic: face mesh, hands, mask widths
              recall  pooled rec  IoU        recall  pooled rec  IoU
    head      0.787   0.617       0.676      0.881   0.828       0.726
    arms      0.766   0.673       0.365      0.878   0.889       0.396
    legs      0.744   0.681       0.623      0.777   0.709       0.647
    torso     0.743   0.677       0.492      0.636   0.521       0.454
    person    IoU 0.896 both (pooled 0.905); seconds per photo median 0.17 both, p95 0.23 -> 0.20

Then the head by colour near arms and hands (arms and hands give way to hair-coloured pixels,
hands drawn finger by finger, long hair over the midline unless the clothes are the hair's
colour, shadows enclosed by hair):

    part      recall  pooled rec  IoU   pooled IoU     (was: recall, pooled rec, IoU, pooled IoU)
    head      0.912   0.880       0.772 0.818          0.881  0.828  0.726  0.777
    arms      0.868   0.885       0.395 0.415          0.878  0.889  0.396  0.409
    legs, torso, person unchanged within 0.005; seconds per photo, back to back under load:
    median 0.151 -> 0.169, p95 0.174 -> 0.178 (parts 0.046 -> 0.056 s)

%TBSA on the same burns (--burns per photo): each burn is one to three brush strokes (radius 2-6 %
of the person's height, random walks from random points of the person) at a random counted
depth, kept to the pixels both parsers call the person (LIP has no class for bare torso skin: a
bare midriff is background in its labels, and a burn there would measure that, not the
assessment), painted once and assessed twice through the window's own path (PhotoState,
Workspace.assessment, adult, the view the default parser's labels suggest): with the default
parser's labels, and with the human parser's labels as a label-map parsing (burnmap.parsing.
label_map), both with the default parser's pose joints. Reported: the mean and largest
difference of the total %TBSA, and the share of the body each says was assessed. Measured on the
21 photos, 10 burns each (issue 20):

    code                           mean |diff|  p90   max    % of the body assessed (default / human)
    pixel fractions (c0e48fb)      0.79         1.69  11.25  41.5 / 12.0
    surface model (issue 20)       0.56         1.32   3.16  31.5 / 9.3

The largest before was a photo from head to mid-thigh: the default parser's few rows of leg
carried whole thighs, lower legs and feet, the human parser's skirt no leg at all (11.41 against
0.15 % TBSA; now 4.75 against 5.13). The default parser sees no clothing: it assesses three times
the surface the human parser's labels leave uncovered.

LIP counts sleeves as Upper-clothes and bare necks as background: arms drawn over sleeves (right
for burns) count against both arms' IoU and torso recall (41 % of our arm pixels are LIP torso).
Sides (arm_side): where both call a pixel an arm, 89 % agree on the person's side, so neither
convention is swapped; the rest are hands held crossed or together and profile views.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

from bench.common import add_json_out, git_commit, print_table, write_json  # noqa: E402
from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL_PARTIAL  # noqa: E402
from burnmap.body.regions import suggest_view  # noqa: E402
from burnmap.model.patient import Patient  # noqa: E402
from burnmap.model.workspace import Workspace  # noqa: E402
from burnmap.parsing.classes import CIHP_CLASSES  # noqa: E402
from burnmap.parsing.label_map import label_map_parsing  # noqa: E402
from burnmap.parsing.pose import PoseParser  # noqa: E402
from burnmap.photo.imaging import load_photo  # noqa: E402
from burnmap.system import netguard  # noqa: E402

GROUPS = ("head", "arms", "legs", "torso")
# Class names per label set, in id order; LIP's id 10 is Jumpsuits where CIHP's is Torso-skin.
LABEL_SETS = {
    "lip": ("Background", "Hat", "Hair", "Glove", "Sunglasses", "Upper-clothes", "Dress", "Coat",
            "Socks", "Pants", "Jumpsuits", "Scarf", "Skirt", "Face", "Left-arm", "Right-arm",
            "Left-leg", "Right-leg", "Left-shoe", "Right-shoe"),
    "cihp": ("Background", "Hat", "Hair", "Gloves", "Sunglasses", "UpperClothes", "Dress", "Coat",
             "Socks", "Pants", "Torso-skin", "Scarf", "Skirt", "Face", "Left-arm", "Right-arm",
             "Left-leg", "Right-leg", "Left-shoe", "Right-shoe"),
}
MEMBERS = {
    "head": ("Hat", "Hair", "Sunglasses", "Face"),
    "arms": ("Glove", "Gloves", "Left-arm", "Right-arm"),
    "legs": ("Pants", "Socks", "Left-leg", "Right-leg", "Left-shoe", "Right-shoe"),
    "torso": ("Upper-clothes", "UpperClothes", "Coat", "Scarf", "Torso-skin"),
}
AMBIGUOUS, OTHER = len(GROUPS) + 1, len(GROUPS) + 2   # codes after the groups (0 = background)


def group_lut(names) -> np.ndarray:
    """Class id -> group code (1.. in GROUPS order; AMBIGUOUS for dress-like classes)."""
    lut = np.full(256, OTHER, np.uint8)
    lut[0] = 0
    for i, name in enumerate(names):
        for code, group in enumerate(GROUPS, start=1):
            if name in MEMBERS[group]:
                lut[i] = code
        if name in ("Dress", "Skirt", "Jumpsuits"):
            lut[i] = AMBIGUOUS
    return lut


def pairs(data: Path) -> list[tuple[Path, Path]]:
    out = []
    for label in sorted((data / "labels").glob("*.png")):
        photos = [p for p in (data / "photos").glob(label.stem + ".*")]
        if len(photos) != 1:
            raise SystemExit(f"{label.name}: expected one photo named {label.stem}.*")
        out.append((photos[0], label))
    if not out:
        raise SystemExit(f"no labels/*.png in {data}")
    return out


def compare(truth: np.ndarray, ours: np.ndarray, truth_ids: np.ndarray,
            our_ids: np.ndarray) -> dict:
    """Pixel counts per group (truth, ours, both), the person masks, and left/right arm agreement."""
    counts = {}
    for code, group in enumerate(GROUPS, start=1):
        t, o = truth == code, ours == code
        counts[group] = {"truth": int(t.sum()), "ours": int((o & (truth != AMBIGUOUS)).sum()),
                         "both": int((t & o).sum())}
    tp, op = truth > 0, ours > 0
    counts["person"] = {"truth": int(tp.sum()), "ours": int(op.sum()), "both": int((tp & op).sum())}
    # The same arm, by the person's side (both label sets share ids 14 and 15 for the arms).
    same_side = sum(int(((truth_ids == c) & (our_ids == c)).sum()) for c in (14, 15))
    counts["arm_side"] = {"truth": int(np.isin(truth_ids, (14, 15)).sum()), "both": same_side}
    counts["confusion"] = {g: np.bincount(ours[truth == code], minlength=OTHER + 1).tolist()
                           for code, g in enumerate(GROUPS, start=1)}
    return counts


def scores(c: dict) -> dict:
    recall = c["both"] / c["truth"] if c["truth"] else float("nan")
    union = c["truth"] + c.get("ours", 0) - c["both"]
    return {"recall": recall, "iou": c["both"] / union if "ours" in c and union else float("nan")}


# The human parser's classes by CIHP name (LIP spells three differently; its jumpsuit is a dress)
CIHP_NAME = {"Upper-clothes": "UpperClothes", "Glove": "Gloves", "Jumpsuits": "Dress"}


def cihp_labels(truth_ids: np.ndarray, names) -> np.ndarray:
    """The human parser's label map in CIHP class ids (what `assess --labels` reads)."""
    lut = np.zeros(256, np.uint8)
    for i, name in enumerate(names):
        lut[i] = CIHP_CLASSES.index(CIHP_NAME.get(name, name))
    return lut[truth_ids]


def random_burns(rng, person: np.ndarray, count: int) -> list[np.ndarray]:
    """`count` burn masks on the photo: strokes from random points of `person`."""
    from burnmap.body.burn import BurnMask
    ys, xs = np.nonzero(person)
    height = ys.max() - ys.min() + 1
    out = []
    for _ in range(count):
        mask = BurnMask(*person.shape)
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(ys.size))
            steps = rng.normal(0, 0.04 * height, size=(4, 2))
            points = np.array([xs[i], ys[i]], float) + np.cumsum(steps, axis=0)
            depth = int(rng.choice([SUPERFICIAL_PARTIAL, DEEP_PARTIAL, FULL_THICKNESS]))
            mask.stroke(points, depth, float(rng.uniform(0.02, 0.06) * height))
        out.append(np.where(person, mask.values, 0).astype(np.uint8))
    return out


def assessed_twice(photo, parsing, human: np.ndarray, burns) -> list[dict]:
    """Each burn's total %TBSA and assessed share with either parser's labels."""
    view = suggest_view(parsing.labels, parsing.class_names) or "anterior"
    states = []
    for name, source in (("default", parsing), ("human", label_map_parsing(
            human, human.tobytes(), "labels.png", parsing.keypoints))):
        ws = Workspace(Patient(name="Bench", age_years=40.0))
        state = ws.add_photo(photo)
        state.view, state.view_confirmed = view, True
        state.set_parsing(source)
        states.append((name, ws, state))
    rows = []
    for burn in burns:
        row = {}
        for name, ws, state in states:
            state.load_burn(burn)
            result = ws.assessment()
            row[name] = {"tbsa": result.tbsa_total_percent,
                         "assessed": result.assessed_share_percent}
        rows.append(row)
    return rows


def time_parse(parser: PoseParser, pixels: np.ndarray, repeat: int):
    times, parsing = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        parsing = parser.parse(pixels)
        times.append(time.perf_counter() - start)
    return parsing, statistics.median(times)


def run(data: Path, label_set: str, repeat: int, burns: int = 10) -> dict:
    names = LABEL_SETS[label_set]
    truth_lut, our_lut = group_lut(names), group_lut(LABEL_SETS["cihp"])
    parser = PoseParser()
    start = time.perf_counter()
    parser.warm_up()
    warm_up = time.perf_counter() - start
    photos = []
    for photo_path, label_path in pairs(data):
        photo = load_photo(photo_path)
        truth_ids = np.asarray(Image.open(label_path))
        if truth_ids.shape != photo.pixels.shape[:2]:
            raise SystemExit(f"{label_path.name}: label size differs from the photo's")
        parsing, seconds = time_parse(parser, photo.pixels, repeat)
        counts = compare(truth_lut[truth_ids], our_lut[parsing.labels], truth_ids, parsing.labels)
        human = cihp_labels(truth_ids, names)
        person = (parsing.person_mask() if parsing.persons else parsing.labels > 0) & (human > 0)
        rng = np.random.default_rng(sorted(p.name for p, _ in pairs(data)).index(photo_path.name))
        tbsa = assessed_twice(photo, parsing, human, random_burns(rng, person, burns)) \
            if burns else []
        photos.append({"name": photo_path.name, "size": [photo.width, photo.height],
                       "seconds": seconds, "timings": parsing.timings, "counts": counts,
                       "tbsa": tbsa})
        print(f"  {photo_path.name:24s} {seconds:6.3f} s  " + "  ".join(
            f"{g} {scores(counts[g])['recall']:.2f}" for g in (*GROUPS, "person")), flush=True)
    return {"parser": parser.identity.parser, "model_sha256": parser.identity.sha256,
            "warm_up_s": warm_up, "photos": photos, "summary": summarise(photos)}


def summarise(photos: list[dict]) -> dict:
    out = {}
    for key in (*GROUPS, "person", "arm_side"):
        per_photo = [scores(p["counts"][key]) for p in photos if p["counts"][key]["truth"]]
        pooled = {k: sum(p["counts"][key].get(k, 0) for p in photos) for k in ("truth", "ours",
                                                                               "both")}
        if key == "arm_side":
            pooled.pop("ours")
        out[key] = {"photos": len(per_photo),
                    "recall": float(np.mean([s["recall"] for s in per_photo])),
                    "iou": float(np.nanmean([s["iou"] for s in per_photo])) if key != "arm_side"
                    else None,
                    "pooled_recall": scores(pooled)["recall"],
                    "pooled_iou": scores(pooled)["iou"] if key != "arm_side" else None}
    pairs_ = [b for p in photos for b in p.get("tbsa", [])]
    if pairs_:
        diff = [abs(b["default"]["tbsa"] - b["human"]["tbsa"]) for b in pairs_]
        out["tbsa"] = {"burns": len(diff), "mean_abs_diff": float(np.mean(diff)),
                       "max_abs_diff": float(np.max(diff)),
                       "p90_abs_diff": float(np.percentile(diff, 90)),
                       "assessed_default": float(np.mean([b["default"]["assessed"]
                                                          for b in pairs_])),
                       "assessed_human": float(np.mean([b["human"]["assessed"]
                                                        for b in pairs_]))}
    seconds = sorted(p["seconds"] for p in photos)
    out["seconds"] = {"median": statistics.median(seconds),
                      "p95": float(np.percentile(seconds, 95)), "max": seconds[-1]}
    return out


def print_summary(result: dict) -> None:
    s = result["summary"]
    print()
    print_table(f"{result['parser']}  ({len(result['photos'])} photos)",
                ["part", "photos", "recall", "IoU", "pooled recall", "pooled IoU"],
                [[key, s[key]["photos"], s[key]["recall"], s[key]["iou"], s[key]["pooled_recall"],
                  s[key]["pooled_iou"]] for key in (*GROUPS, "person", "arm_side")], digits=3)
    if "tbsa" in s:
        t = s["tbsa"]
        print_table(f"%TBSA on the same {t['burns']} burns, default vs human parser labels",
                    ["mean abs diff", "p90", "max", "assessed % (default)",
                     "assessed % (human)"],
                    [[t["mean_abs_diff"], t["p90_abs_diff"], t["max_abs_diff"],
                      t["assessed_default"], t["assessed_human"]]], digits=2)
    t = s["seconds"]
    print(f"seconds per photo: median {t['median']:.3f}, p95 {t['p95']:.3f}, max {t['max']:.3f} "
          f"(warm-up {result['warm_up_s']:.2f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="folder with photos/ and labels/")
    ap.add_argument("--label-set", choices=sorted(LABEL_SETS), default="lip")
    ap.add_argument("--repeat", type=int, default=3, help="parses per photo for the timing")
    ap.add_argument("--burns", type=int, default=10,
                    help="random burns per photo assessed with both label maps (0: none)")
    add_json_out(ap, "default_parser_quality")
    args = ap.parse_args()
    if not (args.data / "labels").is_dir():
        # The labelled photos are not part of the repository (see the docstring for the source).
        print(f"skipped: no labelled photos at {args.data} (expected {args.data}/labels/*.png "
              "and photos/)", file=sys.stderr)
        return 0
    warnings.filterwarnings("ignore", message="SymbolDatabase.GetPrototype")  # protobuf, per call
    netguard.install()   # as in the app: the models must come from the wheel, never the net
    if args.burns < 0 or args.repeat < 1:
        ap.error("--burns must be 0 or more and --repeat 1 or more")
    result = run(args.data, args.label_set, args.repeat, args.burns)
    result.update(data=str(args.data), label_set=args.label_set, repeat=args.repeat,
                  burns=args.burns,
                  machine=platform.platform(), commit=git_commit())
    print_summary(result)
    write_json(args.json_out, "default_parser_quality", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
