"""What a report needs, gathered from a workspace, and writing its files: one place for the
command line and the window.

`render` makes every file in memory; `write_report` checks the output paths against what must not
be overwritten and writes all the files or none of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.outputs import OutputRefused, StagedOutputs, check_outputs
from core import vocabulary as vocab
from core.burn import BURN_ALPHA, DEPTH_RGB
from core.overlay import tint
from core.patient import PatientError, check_patient, printable
from core.workspace import NoAssessment, Workspace

from .dicom import dicom_files
from .pdf import ReportInput, build_pdf, preview


class ReportError(ValueError):
    pass


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
        raise ReportError("the report needs two patient identifiers: the name, and the record "
                          "number or the date of birth")
    try:
        check_patient(patient, assessed_at)
        result = workspace.assessment(now=assessed_at)  # as of the report's date: reproducible
    except PatientError as exc:
        raise ReportError(f"the patient's details need correcting before a report: {exc}") \
            from None
    except NoAssessment as exc:
        raise ReportError(f"no assessment to report: {exc}") from None
    models = []
    for state in workspace.photos:
        if state.parsing is not None and state.parsing.model.describe() not in models:
            models.append(state.parsing.model.describe())
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
        for target, data in zip(targets, [files.pdf, *files.dicom.values()]):
            out.add(target, data)
        out.commit()


def _check_dicom_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"the DICOM folder {folder} is a file, not a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputRefused(f"the folder for the DICOM folder {folder} does not exist")


def export(workspace: Workspace, pdf_path: Path, assessed_at: datetime, assessor: str,
           language: str = "en", dicom_dir: Path | None = None,
           protected: dict[str, Path | None] | None = None) -> bytes:
    """Render and write the report; returns the PDF bytes."""
    files = render(workspace, assessed_at, assessor, language, dicom_dir is not None)
    write_report(files, pdf_path, dicom_dir, protected)
    return files.pdf

