"""What a report needs, gathered from a workspace, and writing its files: one place for the
command line and the window.

`render` makes every file in memory; `write_report` checks the output paths against what must not
be overwritten and writes all the files or none of them. A report is dated by the assessment it
shows (`assessment_time`), never by when it is exported: an unchanged case gives the same bytes.
Refusals are burnmap.text.messages sentences, so the window says them in its language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from burnmap.body.burn import BURN_ALPHA, DEPTH_RGB
from burnmap.casefile.outputs import OutputRefused, StagedOutputs, check_outputs
from burnmap.model.patient import PatientError, check_patient, printable
from burnmap.model.workspace import NoAssessment, Workspace
from burnmap.photo.overlay import tint
from burnmap.reports.dicom import dicom_files
from burnmap.reports.pdf import ReportInput, build_pdf, preview
from burnmap.text import vocabulary as vocab
from burnmap.text.messages import Message, reason


class ReportError(ValueError):
    pass


def assessment_time(workspace: Workspace, saved: list[dict] | None = None) -> datetime:
    """When the assessment a report shows was made: the last change to the case's content
    (`Workspace.edited_at`), or the last assessment saved with the case if it came after that
    change (it was saved of the same content). In the local time zone."""
    times = [workspace.edited_at] if workspace.edited_at is not None else []
    times += [datetime.fromisoformat(row["assessed_at"]) for row in saved or []]
    if not times:
        raise ReportError(Message("the case has no saved or edited content to report"))
    return max(times).astimezone()


def saved_assessor(workspace: Workspace, saved: list[dict] | None = None) -> str:
    """Who made the assessment the report shows, when it was saved with an assessor's name and
    nothing was changed since; else "" (a report then says "not given")."""
    if not saved:
        return ""
    last = max(saved, key=lambda row: (row["assessed_at"], row["id"]))
    changed_since = workspace.edited_at is not None and \
        workspace.edited_at > datetime.fromisoformat(last["assessed_at"])
    return "" if changed_since else (last.get("assessor") or "")


@dataclass
class ReportFiles:
    pdf: bytes
    dicom: dict[str, bytes] = field(default_factory=dict)   # file name -> bytes


def report_input(workspace: Workspace, assessed_at: datetime, assessor: str,
                 language: str = "en") -> ReportInput:
    language = vocab.language_code(language)   # "zh" and "zh_CN" name one report
    patient = workspace.patient
    if not printable(patient.name) or not (printable(patient.record_number)
                                           or patient.date_of_birth):
        raise ReportError(Message("the report needs two patient identifiers: the name, and the "
                                  "record number or the date of birth"))
    try:
        check_patient(patient, assessed_at)
        result = workspace.assessment(now=assessed_at)  # as of the report's date: reproducible
    except PatientError as exc:
        raise ReportError(Message("the patient's details need correcting before a report: {0}",
                                  reason(exc))) from None
    except NoAssessment as exc:
        raise ReportError(Message("no assessment to report: {0}", reason(exc))) from None
    models = []
    for state in workspace.photos:
        model = state.parsing.model if state.parsing is not None else None
        name = vocab.model_name(model.parser, model.sha256, language) if model else None
        if name is not None and name not in models:
            models.append(name)
    previews = [preview(state) for state in workspace.photos if state.parsing is not None]
    return ReportInput(patient, result, previews, assessed_at, assessor, language, models)


def render(workspace: Workspace, assessed_at: datetime, assessor: str, language: str = "en",
           dicom: bool = False) -> ReportFiles:
    """The PDF (and the DICOM files) in memory; nothing is written."""
    data = report_input(workspace, assessed_at, assessor, language)
    pdf = build_pdf(data)
    if not dicom:
        return ReportFiles(pdf)
    overlays = [(p.name, tint(p.pixels, p.burn, DEPTH_RGB, BURN_ALPHA)) for p in data.previews]
    return ReportFiles(pdf, dicom_files(workspace.patient, assessed_at, pdf, overlays))


def write_report(files: ReportFiles, pdf_path: Path, dicom_dir: Path | None = None,
                 protected: dict[str, Path | None] | None = None) -> None:
    """Write the PDF and the DICOM files, all of them or none (OutputRefused, OSError)."""
    targets = [Path(pdf_path)] + ([Path(dicom_dir) / name for name in files.dicom]
                                  if dicom_dir is not None else [])
    if dicom_dir is not None:
        _check_dicom_dir(Path(dicom_dir))
    # Files in a DICOM folder that does not exist yet are new: only the folder's place is checked.
    existing = [t for t in targets if t.parent.exists()]
    check_outputs(existing, protected or {})
    with StagedOutputs() as out:
        if dicom_dir is not None:
            out.make_dir(Path(dicom_dir))
        for target, data in zip(targets, [files.pdf, *files.dicom.values()], strict=False):
            out.add(target, data)
        out.commit()


def _check_dicom_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(Message("the DICOM folder {0} is a file, not a folder", str(folder)))
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputRefused(Message("the folder for the DICOM folder {0} does not exist",
                                    str(folder)))


def export(workspace: Workspace, pdf_path: Path, assessed_at: datetime, assessor: str,
           language: str = "en", dicom_dir: Path | None = None,
           protected: dict[str, Path | None] | None = None) -> bytes:
    """Render and write the report; returns the PDF bytes."""
    files = render(workspace, assessed_at, assessor, language, dicom_dir is not None)
    write_report(files, pdf_path, dicom_dir, protected)
    return files.pdf

