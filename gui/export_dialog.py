"""Export the report: a preview of the first page, then the PDF (and DICOM) on disk."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QHBoxLayout, QLabel, QMessageBox, QScrollArea, QVBoxLayout)

from core.fileio import atomic_write_bytes
from core.storage import cases_dir
from reports.build import ReportError, report_input
from reports.pdf import build_pdf

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
        self.pdf = b""
        self.refresh()

    @property
    def lang(self) -> str:
        return ("en", "zh")[self.language.currentIndex()]

    def refresh(self) -> None:
        data = report_input(self.window.workspace, self.when, self.window.session.who, self.lang)
        self.pdf = build_pdf(data)
        self.preview.setPixmap(rgb_to_pixmap(first_page_rgb(self.pdf)))

    def save(self) -> None:
        name = self.window.workspace.patient.record_number or "report"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"),
                                              str(cases_dir() / f"{name}.pdf"), "PDF (*.pdf)")
        if not path:
            return
        try:
            atomic_write_bytes(path, self.pdf)
            if self.dicom.isChecked():
                from reports.build import export
                export(self.window.workspace, Path(path), self.when, self.window.session.who,
                       self.lang, Path(path).with_suffix("").with_name(Path(path).stem + "_dicom"))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Report not saved"), str(exc))
            return
        self.saved_path = path
        self.accept()


def open_export(window) -> ExportDialog | None:
    try:
        dialog = ExportDialog(window)
    except ReportError as exc:
        QMessageBox.information(window, window.tr("No report"), str(exc))
        return None
    dialog.show()
    return dialog
