"""The assessment as a record: what `assess --json-out` writes and what a case keeps when an
assessment is saved, from the window or the command line alike (one shape, one builder).

Every number carries its unit in `units` and every figure its provenance: the age and where it
came from, the Lund-Browder band, each photo's view and the parser that labelled it.
"""
from __future__ import annotations

from datetime import datetime

from burnmap.clinical.assessment import Assessment, assessment_to_dict
from burnmap.model.workspace import Workspace
from burnmap.system.version import __version__

UNITS = {"percent_of_region": "% of the region-surface's assessed skin (surface, not pixels)",
         "assessed_percent": "% of the region-surface that the photos measured",
         "percent_of_surface": "% of the region-surface measured on that photo",
         "angles_degrees": "sectors around the region's axis: 0 front, 90 the patient's left, "
                           "180 back, 270 right",
         "along_axis": "stretch of the region's axis, 0..1 between its landmarks",
         "tbsa_percent": "% of total body surface area (Lund-Browder share x fraction)",
         "drawn_on_chart_percent": "% of the region-surface examined and entered on the body "
                                   "chart (not measured from a photo)",
         "assessed_on_chart_percent": "% of the body surface entered on the body chart",
         "age_years": "years", "weight_kg": "kg", "volumes": "mL", "rates": "mL/h"}


def assessment_record(workspace: Workspace, result: Assessment, now: datetime,
                      assessor: str | None = None) -> dict:
    """The JSON-ready record of `result`, computed from `workspace` as of `now`; signed by
    `assessor` when given (the window, `assess` and batch sign it through here alike)."""
    patient = workspace.patient
    age = patient.age(now.date())
    signed = {} if assessor is None else {"assessor": assessor}
    return {
        "software": {"name": "BurnMap", "version": __version__},
        "assessed_at": now.isoformat(timespec="seconds"),
        "age_years": round(age, 2),
        "age_source": "date of birth" if patient.date_of_birth else "age as entered",
        "weight_kg": patient.weight_kg,
        "units": UNITS,
        "photos": [_photo(state) for state in workspace.photos],
        **assessment_to_dict(result),
        **signed,
    }


def _photo(state) -> dict:
    parsing = state.parsing
    return {
        "photo": state.photo.name,
        "size": {"width": state.photo.width, "height": state.photo.height},
        "view": state.view,
        "parser": None if parsing is None else parsing.model.as_json(),
        "person_index": state.person_index,
        "joints": {"source": state.joints.source,
                   "points": {k: [round(v, 2) for v in p]
                              for k, p in sorted(state.joints.points.items())}},
        "marked_clothed": sorted(state.clothed),
        "cut_by_the_edge": [] if state.regions is None or state.regions.surface is None else
        sorted(state.regions.surface.cut),
    }
