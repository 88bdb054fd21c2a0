"""Everything a report needs, gathered from a workspace: one place for the CLI and the GUI."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from core.workspace import Workspace

from .dicom import write_dicom
from core.overlay import burn_overlay

from .pdf import ReportInput, build_pdf, downscaled


class ReportError(ValueError):
    pass


def report_input(workspace: Workspace, assessed_at: datetime, assessor: str,
                 language: str = "en") -> ReportInput:
    patient = workspace.patient
    if not patient.name.strip() or not (patient.record_number.strip() or patient.date_of_birth):
        raise ReportError("the report needs two patient identifiers: the name, and the record "
                          "number or the date of birth")
    result = workspace.assessment(now=assessed_at)  # as of the report's date: reproducible
    if result is None:
        raise ReportError("no assessment to report: parse a photo and enter the patient's age")
    models = []
    for state in workspace.photos:
        if state.parsing is not None:
            m = state.parsing.model
            text = f"{m.parser}, SHA-256 {m.sha256}" if m.sha256 else m.parser
            if text not in models:
                models.append(text)
    return ReportInput(workspace.patient, result, workspace.photos, assessed_at, assessor,
                       language, models)


def export(workspace: Workspace, pdf_path: Path, assessed_at: datetime, assessor: str,
           language: str = "en", dicom_dir: Path | None = None) -> bytes:
    """Write the PDF (and DICOM files); returns the PDF bytes."""
    from core.fileio import atomic_write_bytes
    data = report_input(workspace, assessed_at, assessor, language)
    pdf = build_pdf(data)
    atomic_write_bytes(pdf_path, pdf)
    if dicom_dir is not None:
        overlays = []
        for state in workspace.photos:
            if state.parsing is not None:
                small, _, burn = downscaled(state)
                overlays.append((state.photo.name, burn_overlay(small, burn)))
        write_dicom(dicom_dir, workspace.patient, assessed_at, pdf, overlays)
    return pdf
