"""The open case in memory: patient details and, per photo, its parsing, regions and burn.

Qt-free, so the GUI only forwards the clinician's actions here and shows the results; the case
file (burnmap/casefile/case.py) stores exactly this state.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from burnmap.body.burn import BurnMask, Patch
from burnmap.body.regions import REGION_ID, Joints, RegionMap, suggest_view, to_clinical_regions
from burnmap.body.views import view_warnings
from burnmap.chart.entry import ChartMask
from burnmap.clinical.assessment import Assessment, PhotoCounts, assess
from burnmap.clinical.fluids import DEFAULT_POLICY, POLICIES
from burnmap.clinical.joint_burns import joint_burns
from burnmap.clinical.referral import evaluate_referral
from burnmap.model.patient import Patient, PatientError, check_patient
from burnmap.parsing.base import Parsing
from burnmap.photo.imaging import Photo
from burnmap.text.messages import Listing, Message, Word


@dataclass(frozen=True)
class ParsedPhoto:
    """A parsing and what it makes of a photo (PhotoState.derive): the view it was derived for
    and the (view, view confirmed) it was derived from, the patient's pixels, regions, counts
    and the burn revision counted (None if the burn changed while it was counted)."""
    parsing: Parsing
    inputs: tuple[str, bool]
    view: str
    patient: np.ndarray | None
    regions: RegionMap
    counts: PhotoCounts
    burn_revision: int | None


class NoAssessment(Exception):
    """There is no assessment yet; the message says what is missing. `kind` ("patient",
    "age", "photo" or "person") lets a translated UI word it itself; `detail` is the patient problem."""

    def __init__(self, message: str, kind: str, detail: str = ""):
        super().__init__(message)
        self.kind, self.detail = kind, detail


@dataclass(eq=False)  # identity: two photos are never "equal" (and arrays cannot compare)
class PhotoState:
    """One photo of the case and everything derived from it."""
    photo: Photo
    view: str = "anterior"
    view_confirmed: bool = False
    parsing: Parsing | None = None
    joints: Joints = field(default_factory=Joints)
    person_index: int | None = None   # None: the largest person
    regions: RegionMap | None = None
    burn: BurnMask = None
    counts: PhotoCounts | None = None
    source: bytes | None = field(default=None, repr=False)  # the photo file's original bytes
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)  # stable across snapshots
    clothed: frozenset[str] = frozenset()   # regions the clinician marked as under clothing

    def __post_init__(self):
        if self.burn is None:
            self.burn = BurnMask(self.photo.height, self.photo.width)

    def set_parsing(self, parsing: Parsing) -> None:
        """A new parsing: suggest the view (unless confirmed), take its joints, rebuild."""
        self.adopt(self.derive(parsing))

    def derive(self, parsing: Parsing) -> ParsedPhoto:
        """What a new parsing makes of this photo (view, joints, patient, regions, counts),
        without changing it: a worker thread computes this while the window goes on, and
        `adopt` takes it on the GUI thread. Reads view and burn, which may change meanwhile:
        `adopt` checks."""
        revision, stroking = self.burn.revision, self.burn.stroking
        view = self.view
        if not self.view_confirmed:
            view = suggest_view(parsing.labels, parsing.class_names) or view
        patient = parsing.person_mask(None)
        regions = to_clinical_regions(parsing.labels, parsing.class_names, view,
                                      Joints(parsing.keypoints or {}, "pose"), patient
                                      ).with_clothed(self.clothed)
        counts = PhotoCounts.of(regions, self.burn.values, self.photo.name)
        settled = not stroking and not self.burn.stroking and revision == self.burn.revision
        return ParsedPhoto(parsing, (self.view, self.view_confirmed), view, patient, regions,
                           counts, revision if settled else None)

    def adopt(self, parsed: ParsedPhoto) -> None:
        """Take a parsing with what `derive` made of it; what changed since is made again."""
        self.parsing, self.person_index = parsed.parsing, None
        if parsed.inputs != (self.view, self.view_confirmed) or \
                parsed.regions.clothed != self.clothed:
            self.joints = Joints(parsed.parsing.keypoints or {}, "pose")
            self.rebuild()   # the view was set while the parsing was derived
            return
        self.view, self.regions, self.joints = parsed.view, parsed.regions, parsed.regions.joints
        self.burn.allowed = parsed.patient
        if parsed.burn_revision == self.burn.revision and not self.burn.stroking:
            self.counts = parsed.counts
        else:
            self.recount()   # painted while the parsing was derived

    def recount(self) -> None:
        """Counts of the burn as it is, except a stroke still open: its end records it."""
        self.counts = PhotoCounts.of(self.regions, self.burn.values, self.photo.name)
        open_stroke = self.burn.open_stroke()
        if open_stroke is not None:
            (y0, x0, y1, x1), before = open_stroke
            self.counts.update(self.regions, (y0, x0, y1, x1),
                               self.burn.values[y0:y1, x0:x1], before)

    def set_view(self, view: str) -> None:
        self.view, self.view_confirmed = view, True
        self.rebuild()

    def select_person_at(self, x: int, y: int) -> bool:
        """Make the person under (x, y) the patient; False if nobody is there."""
        if self.parsing is None:
            return False
        for i, person in enumerate(self.parsing.persons):
            x0, y0, x1, y1 = person.box
            if x0 <= x <= x1 and y0 <= y <= y1 and person.mask[y - y0, x - x0]:
                self.person_index = i
                self.rebuild()
                return True
        return False

    def move_joint(self, name: str, x: float, y: float) -> None:
        self.joints = self.joints.moved(name, x, y)
        self.rebuild()

    def rebuild(self) -> None:
        """Regions from the parsing, view, patient and joints; the patient clips the brush."""
        if self.parsing is None:
            return
        patient = self.parsing.person_mask(self.person_index)
        self.regions = to_clinical_regions(self.parsing.labels, self.parsing.class_names,
                                           self.view, self.joints, patient
                                           ).with_clothed(self.clothed)
        self.joints = self.regions.joints
        self.burn.allowed = patient
        self.recount()

    def set_clothed(self, regions) -> None:
        """Mark these regions (and no other) as under clothing on this photo: not assessed
        unless burned, as the parser would have done had it seen the clothes."""
        self.clothed = frozenset(regions) & frozenset(REGION_ID)
        if self.regions is not None:
            self.regions = self.regions.with_clothed(self.clothed)
            self.recount()

    def load_burn(self, values) -> None:
        """Replace the burn mask by stored or given depth classes (one change, not an edit)."""
        self.burn.values[:] = values
        self.burn.revision += 1
        if self.regions is not None:
            self.recount()

    def select_person(self, index: int | None) -> None:
        """Make person `index` of the parsing the patient (None: the largest)."""
        if index is not None and not 0 <= index < len(self.parsing.persons):
            raise IndexError(f"there is no person {index + 1} on this photo")
        self.person_index = index
        self.rebuild()

    def snapshot(self) -> PhotoState:
        """A copy safe to save on another thread while painting goes on: the burn values are
        copied; photo, parsing and regions are never modified in place, so they are shared."""
        return replace(self, burn=self.burn.copy())

    def record(self, patch: Patch | None, undone: bool = False) -> None:
        """Keep the counts in step with an edit (or its undo) by re-counting its box only."""
        if patch is None or self.counts is None:
            return
        old, new = (patch.new, patch.old) if undone else (patch.old, patch.new)
        self.counts.update(self.regions, patch.box, old, new)


@dataclass
class Workspace:
    patient: Patient = field(default_factory=Patient)
    photos: list[PhotoState] = field(default_factory=list)
    # The case's assessment settings (burnmap.clinical.referral.GUIDELINES,
    # burnmap.clinical.fluids.POLICIES): chosen once for the case, stored with it, so the same case
    # always gives the same numbers and report whoever opens it. `settings_chosen` is False until
    # then (see settle_settings).
    referral_guideline: str = "ANZBA"
    late_start_policy: str = DEFAULT_POLICY
    settings_chosen: bool = False
    # When what the case holds (patient, photos, burn) was last changed: stored with the case,
    # set by the window on every edit; a report is dated by it, not by when it is exported.
    edited_at: datetime | None = None
    # What was examined but not photographed, entered on the body chart (burnmap.chart.entry);
    # made on first use (its raster takes a moment), None until then.
    chart: ChartMask | None = None

    def chart_mask(self) -> ChartMask:
        """The body chart's entries, made empty on first use."""
        if self.chart is None:
            self.chart = ChartMask.blank()
        return self.chart

    def drawn(self):
        """The chart's entries for assess(), None when nothing is entered."""
        return self.chart.values if self.chart is not None and self.chart.has_entries() \
            else None

    def add_photo(self, photo: Photo, source: bytes | None = None) -> PhotoState:
        state = PhotoState(photo, source=source)
        self.photos.append(state)
        return state

    def remove_photo(self, index: int) -> None:
        del self.photos[index]

    def snapshot(self) -> Workspace:
        return Workspace(replace(self.patient), [p.snapshot() for p in self.photos],
                         referral_guideline=self.referral_guideline,
                         late_start_policy=self.late_start_policy,
                         settings_chosen=self.settings_chosen, edited_at=self.edited_at,
                         chart=None if self.chart is None else self.chart.copy())

    def settle_settings(self, referral_guideline: str, late_start_policy: str) -> bool:
        """Give a case that has no assessment settings yet (a new case, or one saved before
        cases kept them) the user's; a case that has its own keeps them. True if taken now."""
        if self.settings_chosen:
            return False
        self.referral_guideline, self.late_start_policy = referral_guideline, late_start_policy
        self.settings_chosen = True
        return True

    def assessment(self, now: datetime | None = None) -> Assessment:
        """The numbers as of `now` (default: this moment; age and hours since injury depend on
        it). Raises NoAssessment saying why there are none (age unknown, nothing parsed, or
        patient details that cannot be right, e.g. a date of birth in the future). A late-start
        policy that is not one of burnmap.clinical.fluids.POLICIES is a caller's bug (the settings loader
        gives only those): ValueError naming it."""
        if self.late_start_policy not in POLICIES:
            raise ValueError(f"unknown late-start policy {self.late_start_policy!r} "
                             f"(known: {', '.join(POLICIES)})")
        try:
            check_patient(self.patient, now)
        except PatientError as exc:
            raise NoAssessment(Message("the patient's details need correcting: {0}", exc.args[0]),
                               "patient", exc.args[0]) from None   # said in the UI's language
        age = self.patient.age(now.date() if now else None)
        counted = [p.counts for p in self.photos if p.counts is not None]
        drawn = self.drawn()
        if age is None:
            raise NoAssessment(Message("enter the patient's age or date of birth: the "
                                       "Lund-Browder shares depend on it"), "age")
        if not counted and drawn is None:
            raise NoAssessment(Message("no photo has been parsed yet"), "photo")
        if drawn is None and not any(_has_patient(c) for c in counted):
            raise NoAssessment(Message("no person was found on the photos: nothing can be "
                                       "measured"), "person")
        result = assess(counted, age, self.patient.weight_kg,
                        self.patient.hours_since_injury(now), self.patient.fluid_given_ml,
                        late_start_policy=self.late_start_policy,
                        electrical_injury=self.patient.electrical_injury, drawn=drawn)
        result.referral_guideline = self.referral_guideline
        # each guideline's own child definition (the caller's flag would override it)
        result.referral = evaluate_referral(result, age, self.referral_guideline,
                                            joint_burns(self.photos),
                                            weight_kg=self.patient.weight_kg,
                                            electrical=self.patient.electrical_injury)
        for state in self.photos:
            if state.counts is not None and not _has_patient(state.counts):
                result.warnings.append(Message("{0}: no person was found on this photo; it "
                                               "adds nothing to the assessment", state.photo.name))
            if state.regions is not None:
                result.warnings.extend(Message("{0}: {1}", state.photo.name, w)
                                       for w in state.regions.warnings)
        result.warnings.extend(self.view_warnings())
        result.caveats.extend(self.caveats())
        return result

    def view_warnings(self) -> list[Message]:
        """Photos whose view and labels disagree, or two photos of one view (burnmap.body.views):
        shown at once, with or without an assessment."""
        parsed = [(i, p) for i, p in enumerate(self.photos) if p.regions is not None]
        return view_warnings([(Message("{0} ({1} view)",
                                       p.photo.name or Message("photo {0}", i + 1),
                                       Word("view", p.view)), p.view, p.regions.head)
                              for i, p in parsed])

    def caveats(self) -> list[Message]:
        """What qualifies every total: photos parsed by a parser that cannot see clothing."""
        from burnmap.parsing.pose import PARSER_NAME  # the default parser (MediaPipe)
        blind = [p.photo.name for p in self.photos if p.parsing is not None and
                 p.parsing.model.parser == PARSER_NAME]
        if not blind:
            return []
        return [Message("the default parser does not see clothing on {0}: skin under clothes "
                        "counts as assessed unless its regions are marked as clothed",
                        Listing(blind))]


def _has_patient(counts: PhotoCounts) -> bool:
    """Whether the photo's patient has any body-region pixel (region id 0 is not the body)."""
    return bool(counts.counts[1:].any())
