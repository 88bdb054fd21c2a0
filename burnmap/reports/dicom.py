"""DICOM export for the hospital archive: the report as Encapsulated PDF and each photo's burn
overlay as Secondary Capture, all in one study (pydicom; no Qt)."""
from __future__ import annotations

import io
from datetime import datetime

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from burnmap.model.patient import Patient, printable
from burnmap.system.version import __version__

ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"


PN_COMPONENT_MAX = 64   # DICOM PS3.5: a person name's component group holds 64 characters
LO_MAX = 64


def _person_name(name: str) -> str:
    """DICOM PN: family^given; '^', '=' and '\\' are separators and control characters are not
    allowed, so they are removed from the text (the PDF inside prints the name in full)."""
    cleaned = printable(name).replace("^", " ").replace("=", " ").replace("\\", " ").strip()
    parts = cleaned.rsplit(" ", 1)
    value = f"{parts[1]}^{parts[0]}" if len(parts) == 2 else cleaned
    return value[:PN_COMPONENT_MAX]


def _base(patient: Patient, when: datetime, study_uid: str, series_uid: str, sop_class: str,
          number: int) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8: names are kept as typed
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.PatientName = _person_name(patient.name)
    ds.PatientID = printable(patient.record_number).replace("\\", " ")[:LO_MAX]
    ds.PatientBirthDate = patient.date_of_birth.strftime("%Y%m%d") if patient.date_of_birth else ""
    ds.PatientSex = {"female": "F", "male": "M", "other": "O"}.get(patient.sex, "")
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.TimezoneOffsetFromUTC = when.strftime("%z")
    ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "1", number, 1
    ds.Manufacturer, ds.SoftwareVersions = "BurnMap", __version__
    ds.StudyDescription = "Burn assessment"
    return ds


def _encode(ds: Dataset) -> bytes:
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def dicom_files(patient: Patient, when: datetime, pdf: bytes,
                overlays: list[tuple[str, np.ndarray]]) -> dict[str, bytes]:
    """{file name: bytes}: report.dcm (Encapsulated PDF) and one Secondary Capture
    (overlay_N.dcm) per (name, RGB overlay), all in one study. Nothing is written here: the
    caller writes all of them or none."""
    study = generate_uid()
    ds = _base(patient, when, study, generate_uid(), ENCAPSULATED_PDF, 1)
    ds.Modality = "DOC"
    ds.DocumentTitle = "BurnMap burn assessment report"
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    ds.BurnedInAnnotation = "YES"
    ds.EncapsulatedDocument = pdf + (b"\0" if len(pdf) % 2 else b"")
    ds.ConceptNameCodeSequence = []
    files = {"report.dcm": _encode(ds)}
    for i, (name, rgb) in enumerate(overlays, start=1):
        sc = _base(patient, when, study, generate_uid(), SECONDARY_CAPTURE, 1 + i)
        sc.Modality, sc.ConversionType = "OT", "WSD"
        sc.SeriesDescription = f"Burn overlay: {printable(name)}"[:LO_MAX]
        sc.Rows, sc.Columns = rgb.shape[:2]
        sc.SamplesPerPixel, sc.PhotometricInterpretation, sc.PlanarConfiguration = 3, "RGB", 0
        sc.BitsAllocated = sc.BitsStored = 8
        sc.HighBit, sc.PixelRepresentation = 7, 0
        sc.PixelData = np.ascontiguousarray(rgb, dtype=np.uint8).tobytes()
        files[f"overlay_{i}.dcm"] = _encode(sc)
    return files

