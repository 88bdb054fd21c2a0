"""Export the report: a preview of the first page, then the PDF (and DICOM) on disk."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QHBoxLayout, QLabel, QScrollArea, QVBoxLayout)

from core.outputs import OutputRefused, case_family
from core.storage import cases_dir
from reports.build import ReportError, render, write_report

from .errors import show_note, show_problem
from .qimage import rgb_to_pixmap


def first_page_rgb(pdf: bytes, width: int = 700) -> np.ndarray:
    """The first page as an RGB array (pdfium, bundled in the pypdfium2 wheel)."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()
    return np.asarray(image)


class ExportDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle(self.tr("Export report"))
        self.resize(780, 900)
        self.language = QComboBox()
        self.language.addItems(["English", "简体中文"])
        self.language.currentIndexChanged.connect(self.refresh)
        self.dicom = QCheckBox(self.tr("Also write DICOM files (Encapsulated PDF, overlays)"))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Language")))
        row.addWidget(self.language)
        row.addWidget(self.dicom, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.when = datetime.now().astimezone()
        self.files = None
        self.refresh()

    @property
    def lang(self) -> str:
        return ("en", "zh_CN")[self.language.currentIndex()]

    def refresh(self) -> None:
        """Render the report (with its DICOM files): what is previewed is what is saved."""
        self.files = render(self.window.workspace, self.when, self.window.session.who,
                            self.lang, dicom=True)
        self.preview.setPixmap(rgb_to_pixmap(first_page_rgb(self.files.pdf)))

    def save(self) -> None:
        name = "".join(c for c in self.window.workspace.patient.record_number
                       if c.isalnum() or c in "-_") or "report"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"),
                                              str(cases_dir() / f"{name}.pdf"), "PDF (*.pdf)")
        if not path:
            return
        path = Path(path)
        dicom_dir = path.with_name(path.stem + "_dicom") if self.dicom.isChecked() else None
        files = self.files if dicom_dir else type(self.files)(self.files.pdf)
        case = self.window.session.path
        protected = {f"the open case ({m.name})": m for m in case_family(case)} if case else {}
        try:
            write_report(files, path, dicom_dir, protected)
        except (OutputRefused, OSError) as exc:
            show_problem(self, self.tr("Report not saved"), str(exc))
            return
        self.saved_path = str(path)
        self.accept()


def open_export(window) -> ExportDialog | None:
    try:
        dialog = ExportDialog(window)
    except ReportError as exc:
        show_note(window, QCoreApplication.translate("ExportDialog", "No report"), str(exc))
        return None
    dialog.show()
    return dialog
