"""The built-in default parser (MediaPipe Holistic: pose, face mesh, hands) on real photographs:
a person, a head made of the face oval and the hair above it, hands where the hand model puts
them, and a model identity that covers every model file."""
from __future__ import annotations

import gc
import hashlib
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import cv2
import numpy as np
import pytest

from burnmap.body.regions import REGION_ID, Joints, suggest_view, to_clinical_regions
from burnmap.parsing.base import ParseCancelled
from burnmap.parsing.body_parts import parts_from_landmarks
from burnmap.parsing.landmarks import CHIN, FACE_OVAL, FOREHEAD, HAND_WRIST, POSE, BodyLandmarks
from burnmap.parsing.pose import MODEL_FILES, PARSER_NAME, PoseParser, model_digest, model_dir
from burnmap.photo.imaging import load_photo

ROOT = Path(__file__).resolve().parents[2]
CLASS = {"Face": 13, "Hair": 2, "left": 14, "right": 15}   # CIHP ids; arms by the person's side


@pytest.fixture(scope="module")
def pose():
    return PoseParser()


def _centroid(mask):
    ys, xs = np.nonzero(mask)
    return xs.mean(), ys.mean()


@pytest.mark.parametrize("name", ["astronaut.png", "grace_hopper.jpg"])
def test_finds_the_person_with_a_sensible_head_and_trunk(pose, photos_dir, name):
    photo = load_photo(photos_dir / name)
    parsing = pose.parse(photo.pixels)
    h, w = parsing.labels.shape
    assert (w, h) == (photo.width, photo.height)
    assert parsing.model.parser == PARSER_NAME
    assert PARSER_NAME.startswith("default parser")
    assert len(parsing.model.sha256) == 64
    assert len(parsing.persons) == 1
    assert parsing.persons[0].area > 0.25 * h * w
    joints = Joints(parsing.keypoints, "pose")
    assert joints.get("left", "shoulder") is not None
    assert joints.get("right", "shoulder") is not None
    regions = to_clinical_regions(parsing.labels, parsing.class_names, "anterior", joints)
    head = regions.ids == REGION_ID["head"]
    trunk = regions.ids == REGION_ID["trunk"]
    assert head.sum() > 0.03 * h * w
    assert trunk.sum() > head.sum()
    hx, hy = _centroid(head)
    tx, ty = _centroid(trunk)
    shoulders_y = (joints.get("left", "shoulder")[1] + joints.get("right", "shoulder")[1]) / 2
    assert hy < shoulders_y < ty + 0.1 * h      # head above the shoulders, trunk below them
    assert hy < 0.45 * h
    assert abs(hx - tx) < 0.2 * w
    assert abs(hx - w / 2) < 0.25 * w


@pytest.mark.parametrize("name", ["astronaut.png", "grace_hopper.jpg"])
def test_the_head_is_the_face_mesh_oval_and_the_hair_above_it(pose, photos_dir, name):
    pixels = load_photo(photos_dir / name).pixels
    body = pose.observe(pixels)
    parsing = pose.parse(pixels)
    assert body is not None
    assert body.face is not None
    assert body.face.shape == (468, 2)
    labels, person = parsing.labels, parsing.person_mask()
    oval = np.zeros(labels.shape, np.uint8)
    cv2.fillPoly(oval, [np.rint(body.face[list(FACE_OVAL)]).astype(np.int32)], 1)
    oval = oval.astype(bool) & person
    assert (labels[oval] == CLASS["Face"]).mean() > 0.95
    # The person's pixels straight above the oval's top, up to the top of the head, are hair.
    x, y = np.rint(body.face[FOREHEAD]).astype(int)
    above = np.zeros_like(person)
    above[:y - 2, x - 3:x + 4] = True
    above &= person & ~oval
    assert above.sum() > 20
    assert (labels[above] == CLASS["Hair"]).mean() > 0.9
    regions = to_clinical_regions(labels, parsing.class_names, "anterior",
                                  Joints(parsing.keypoints, "pose"))
    assert (regions.ids[oval | above] == REGION_ID["head"]).mean() > 0.95
    assert suggest_view(labels, parsing.class_names) == "anterior"


def _hand_at(body: BodyLandmarks, side: str, box) -> BodyLandmarks:
    """`body` with a hand of 21 landmarks spread over box (x0, y0, x1, y1), wrist at the bottom,
    and that side's elbow unseen, so that only the hand is drawn."""
    x0, y0, x1, y1 = box
    grid = np.array([(x, y) for y in np.linspace(y1, y0, 7) for x in np.linspace(x0, x1, 3)])
    hand = np.vstack([[((x0 + x1) / 2, y1)], grid[1:]])      # 0 = wrist, 9 = mid-hand
    pose = body.pose.copy()
    pose[POSE[f"{side}_elbow"], 2] = 0.0
    return BodyLandmarks(pose, body.face, {**body.hands, side: hand}, body.person)


def test_a_hand_over_the_hair_covers_only_what_is_not_hair(pose, photos_dir):
    """Hand landmarks (a hull around them) also span fingers hidden in the hair: the hull's
    pixels of the hair's colour stay hair, while a hand on the cheek still covers the face."""
    pixels = load_photo(photos_dir / "astronaut.png").pixels
    body = pose.observe(pixels)
    assert body is not None
    assert body.face is not None
    assert not body.hands
    forehead, chin = body.face[FOREHEAD], body.face[CHIN]
    height = float(chin[1] - forehead[1])
    # In her hair above the right of the forehead, and on her left cheek (the person's sides).
    hair_box = (forehead[0] + 0.1 * height, forehead[1] - 0.35 * height,
                forehead[0] + 0.45 * height, forehead[1] - 0.1 * height)
    cheek_box = (forehead[0] - 0.3 * height, forehead[1] + 0.45 * height,
                 forehead[0] - 0.1 * height, forehead[1] + 0.7 * height)
    body = _hand_at(_hand_at(body, "left", hair_box), "right", cheek_box)
    person = cv2.resize(body.person, pixels.shape[1::-1]) > 0.5
    labels = parts_from_landmarks(pixels, person, body)
    for box, wanted in ((hair_box, CLASS["Hair"]), (cheek_box, CLASS["right"])):
        x0, y0, x1, y1 = np.rint(box).astype(int)
        inside = labels[y0:y1, x0:x1][person[y0:y1, x0:x1]]
        assert inside.size > 100, (wanted, np.bincount(inside))
        assert (inside == wanted).mean() > 0.8, (wanted, np.bincount(inside))


def test_hands_and_wrists_come_from_the_hand_landmarks(pose, photos_dir):
    pixels = load_photo(photos_dir / "two_people.jpg").pixels
    body = pose.observe(pixels)
    parsing = pose.parse(pixels)
    assert body is not None, "the hand model should find the pointing hand"
    assert body.hands, "the hand model should find the pointing hand"
    person = parsing.person_mask()
    regions = to_clinical_regions(parsing.labels, parsing.class_names, "anterior",
                                  Joints(parsing.keypoints, "pose"))
    hands = (regions.ids == REGION_ID["hand_left"]) | (regions.ids == REGION_ID["hand_right"])
    for side, hand in body.hands.items():
        assert hand.shape == (21, 2)
        assert parsing.keypoints[f"{side}_wrist"] == pytest.approx(tuple(hand[HAND_WRIST]))
        hull = np.zeros(person.shape, np.uint8)
        cv2.fillConvexPoly(hull, cv2.convexHull(np.rint(hand).astype(np.int32)), 1)
        on_hand = hull.astype(bool) & person
        assert on_hand.sum() > 200
        assert (parsing.labels[on_hand] == CLASS[side]).mean() > 0.9   # hands are arm pixels
        # Regions cut the hand off at that wrist: the hand's pixels are the hand region.
        assert hands[on_hand].mean() > 0.8


def test_the_identity_covers_every_model_file(pose, tmp_path):
    folder = model_dir()
    digests = b"".join(hashlib.sha256((folder / f).read_bytes()).digest() for f in MODEL_FILES)
    assert pose.identity.sha256 == hashlib.sha256(digests).hexdigest()
    for changed in MODEL_FILES:                     # altering any one file changes the identity
        copy = tmp_path / changed.replace("/", "_")
        for name in MODEL_FILES:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name == changed:
                target.write_bytes((folder / name).read_bytes() + b"\0")
            else:
                target.symlink_to(folder / name)
        assert model_digest(copy) != pose.identity.sha256, changed


def test_face_oval_is_mediapipes_outline():
    from mediapipe.python.solutions.face_mesh_connections import FACEMESH_FACE_OVAL
    loop = {frozenset((a, b)) for a, b in zip(FACE_OVAL, FACE_OVAL[1:] + FACE_OVAL[:1], strict=False)}
    assert loop == {frozenset(edge) for edge in FACEMESH_FACE_OVAL}


def test_progress_is_staged_and_cancel_stops_between_stages(pose, photos_dir):
    pixels = load_photo(photos_dir / "grace_hopper.jpg").pixels
    messages = []
    pose.parse(pixels, progress=lambda f, m: messages.append((f, m)))
    assert [m for _, m in messages] == ["landmarks", "parts", "instances", "done"]
    assert [f for f, _ in messages] == sorted(f for f, _ in messages)
    calls = []

    def cancel_second_time():
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(ParseCancelled, match="parts"):
        pose.parse(pixels, cancelled=cancel_second_time)


def test_a_photo_parses_the_same_whatever_was_parsed_before(pose, photos_dir):
    first = load_photo(photos_dir / "astronaut.png").pixels
    other = load_photo(photos_dir / "two_people.jpg").pixels
    before = pose.parse(first)
    twice = pose.parse(first)         # MediaPipe's video tracking would reuse the last regions
    pose.parse(other)
    again = pose.parse(first)
    for later in (twice, again):
        assert np.array_equal(before.labels, later.labels)
        assert before.keypoints == later.keypoints


def test_parses_from_two_threads_at_once_give_the_same_result(photos_dir):
    parser = PoseParser()
    pixels = load_photo(photos_dir / "astronaut.png").pixels
    results = [None, None]

    def run(i):
        results[i] = parser.parse(pixels).labels

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] is not None
    assert np.array_equal(results[0], results[1])


def test_no_person_gives_an_empty_parsing(pose):
    blank = np.full((240, 320, 3), 128, np.uint8)
    parsing = pose.parse(blank)
    assert not parsing.labels.any()
    assert parsing.persons == []
    assert parsing.keypoints is None


@pytest.mark.slow
def test_with_m2fp_the_joints_take_the_wrists_from_the_hand_model(model_seed0, photos_dir,
                                                                   tmp_path, pose):
    from burnmap.parsing.provider import ParserProvider
    pixels = load_photo(photos_dir / "two_people.jpg").pixels[::2, ::2].copy()   # 640 x 360
    provider = ParserProvider(str(model_seed0), tmp_path, engine="eager")   # joints, not engines
    assert provider.m2fp_available
    body = pose.observe(pixels)
    assert body is not None
    assert body.hands
    keypoints = provider.parse(pixels).keypoints
    for side, hand in body.hands.items():
        assert keypoints[f"{side}_wrist"] == pytest.approx(tuple(hand[HAND_WRIST]))


def test_a_parser_that_goes_takes_its_graph_with_it():
    """MediaPipe's graph holds itself through its callbacks: without closing it, every parser
    ever made kept its graph (about 200 MB) for the life of the process."""
    parser = PoseParser()
    parser.warm_up()
    graph = weakref.ref(parser._holistic)
    del parser
    gc.collect()
    assert graph() is None


def test_a_closed_parser_parses_again_with_a_new_graph(photos_dir):
    parser = PoseParser()
    pixels = load_photo(photos_dir / "astronaut.png").pixels
    first = parser.parse(pixels).labels
    old = weakref.ref(parser._holistic)
    parser.close()
    gc.collect()
    assert old() is None
    assert parser._holistic is None
    assert np.array_equal(parser.parse(pixels).labels, first)
    parser.close()
    parser.close()          # closing twice is harmless


EXITS = """
import sys
from burnmap.parsing.pose import PoseParser
kept = PoseParser()       # alive until the interpreter's last collection
kept.warm_up()
gone = PoseParser()
gone.warm_up()
del gone
print("done", flush=True)
"""


def test_a_process_holding_a_parser_exits():
    """Closing a graph in the interpreter's final collection waited forever (the app and every
    process that parsed hung on exit)."""
    run = subprocess.run([sys.executable, "-c", EXITS.format(root=str(ROOT))],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "done", run.stderr[-2000:]


def test_mediapipe_keeps_no_traceback_of_its_imports():
    """A traceback kept in a module global holds the frames that imported it, with their
    locals (the first parse's photo and models), for the life of the process."""
    model_dir()                    # imports MediaPipe
    kept = [f"{name}.{key}" for name, module in list(sys.modules.items())
            if name.startswith("mediapipe") and module is not None
            for key, value in vars(module).items()
            if isinstance(value, BaseException) and value.__traceback__ is not None]
    assert kept == []
