"""Export the report: a preview of the first page, then the PDF (and DICOM) on disk."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
)

from burnmap.casefile.outputs import OutputRefused, case_family
from burnmap.gui.dialogs.errors import show_note, show_problem
from burnmap.gui.utils.names import said, ui_language
from burnmap.gui.utils.qimage import rgb_to_pixmap
from burnmap.gui.utils.window_settings import export_folder, remember_export_folder
from burnmap.model.patient import NAME_MAX, printable
from burnmap.reports.build import ReportError, assessment_time, render, saved_assessor, write_report
from burnmap.text.vocabulary import LANGUAGES


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
    """The report in the UI's language (or the other), dated by the assessment it shows (not by
    now), signed by the assessor the clinician names: never the computer's account."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle(self.tr("Export report"))
        self.resize(780, 900)
        case = window.session.case
        saved = case.assessments() if case is not None else []
        self.when = assessment_time(window.workspace, saved)
        self.language = QComboBox()
        self.language.addItems(["English", "简体中文"])
        self.language.setCurrentIndex(LANGUAGES.index(ui_language()))
        self.language.currentIndexChanged.connect(self.refresh)
        self.assessor = QLineEdit(saved_assessor(window.workspace, saved))
        self.assessor.setPlaceholderText(self.tr("Name of the clinician who assessed the burn"))
        self.assessor.setMaxLength(NAME_MAX)
        self.assessor.textChanged.connect(self._enable_save)
        self.assessor.editingFinished.connect(self.refresh)
        self.dicom = QCheckBox(self.tr("Also write DICOM files (Encapsulated PDF, overlays)"))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._options())
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.files, self.rendered = None, None
        self._enable_save()
        self.refresh()

    def _options(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Assessor")), 0, 0)
        grid.addWidget(self.assessor, 0, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("Language")), 1, 0)
        grid.addWidget(self.language, 1, 1)
        grid.addWidget(self.dicom, 1, 2)
        grid.setColumnStretch(2, 1)
        return grid

    @property
    def lang(self) -> str:
        return LANGUAGES[self.language.currentIndex()]

    def _enable_save(self) -> None:
        """An assessment without the name of who made it cannot be signed off: Save waits."""
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(printable(self.assessor.text())))

    def refresh(self) -> None:
        """Render the report (with its DICOM files): what is previewed is what is saved."""
        key = (printable(self.assessor.text()), self.lang)
        if key == self.rendered:
            return
        self.files = render(self.window.workspace, self.when, key[0], key[1], dicom=True)
        self.rendered = key
        self.preview.setPixmap(rgb_to_pixmap(first_page_rgb(self.files.pdf)))

    def save(self) -> None:
        if not printable(self.assessor.text()):
            return
        self.refresh()   # the name as typed, even if the field still has the focus
        name = "".join(c for c in self.window.workspace.patient.record_number
                       if c.isalnum() or c in "-_") or "report"
        suffix = "" if self.lang == "en" else f"_{self.lang}"   # both languages side by side
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"),
                                              str(export_folder() / f"{name}{suffix}.pdf"),
                                              "PDF (*.pdf)")
        if not path:
            return
        path = Path(path)
        dicom_dir = path.with_name(path.stem + "_dicom") if self.dicom.isChecked() else None
        files = self.files if dicom_dir else type(self.files)(self.files.pdf)
        case = self.window.session.path
        protected = {self.tr("the open case ({0})").format(m.name): m
                     for m in case_family(case)} if case else {}
        try:
            write_report(files, path, dicom_dir, protected)
        except (OutputRefused, OSError) as exc:
            show_problem(self, self.tr("Report not saved"), said(exc))
            return
        self.saved_path = str(path)
        remember_export_folder(path.parent)
        self.accept()
        written = self.tr("The report was saved as {0}.").format(path)
        if dicom_dir is not None:
            written += "\n" + self.tr("DICOM files: {0}").format(dicom_dir)
        show_note(self.window, self.tr("Report saved"), written)


def open_export(window) -> ExportDialog | None:
    try:
        dialog = ExportDialog(window)
    except ReportError as exc:
        show_note(window, QCoreApplication.translate("ExportDialog", "No report"), said(exc))
        return None
    dialog.show()
    return dialog
