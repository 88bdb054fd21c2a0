"""The main window: wires the case panel, the canvas, the tools and the results; owns no logic."""
from __future__ import annotations

import getpass
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QSplitter)

from core.demo import demo_workspace, paint_demo_burn
from core.imaging import PHOTO_SUFFIXES, PhotoError, read_photo_file
from core.parsing.provider import ParserProvider
from core.paths import app_dir
from core.session import CaseSession
from core.settings import config_dir, load_settings
from core.workspace import NoAssessment, Workspace

from .actions import build_actions
from .canvas import Canvas
from .case_actions import CaseController
from .case_panel import CasePanel
from .progress import ProgressStrip
from .results_panel import ResultsPanel
from .tool_bar import ToolsPanel
from .tool_state import ToolState
from .worker import Job, Worker

log = logging.getLogger(__name__)


def window_settings() -> QSettings:
    """Window geometry and recent photos, in the per-user folder (tests use a temporary one)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(self, photo_paths: list[str] | None = None, workspace: Workspace | None = None,
                 provider: ParserProvider | None = None, session: CaseSession | None = None):
        super().__init__()
        self.workspace = workspace or Workspace()
        self.session = session or CaseSession(getpass.getuser())
        self.cases = CaseController(self)
        self.provider = provider or ParserProvider(load_settings().model_dir, app_dir())
        self.worker = Worker(self)
        self.queue: list[int] = []
        self._job_state = None
        self.current = -1
        self.demo = False
        self.tools = ToolState()
        self.canvas = Canvas(self.tools)
        self.case_panel = CasePanel(self.workspace.patient)
        self.tools_panel = ToolsPanel(self.tools)
        self.results = ResultsPanel()
        self.progress = ProgressStrip()
        self.banner = self._banner()
        self.parser_label = QLabel()
        self._layout()
        self._connect()
        build_actions(self)
        self.cases.update_title()
        self._restore_geometry()
        self._show_parser(None)
        self._warm_up()
        self.case_panel.set_photos(self.workspace.photos, self.current)
        if photo_paths is not None and not self.workspace.photos:
            self.open_paths(photo_paths) if photo_paths else self.open_demo()
        elif self.workspace.photos:
            self.select_photo(0)
            for i, state in enumerate(self.workspace.photos):
                if state.parsing is None:
                    self.parse(i)

    # --- layout -----------------------------------------------------------------------------------
    def _banner(self) -> QLabel:
        banner = QLabel(self.tr(
            "M2FP is not installed: the built-in default parser (MediaPipe Pose) is used; it cannot "
            "see clothing or several people. To install M2FP, put its configuration.json and "
            "pytorch_model.pt in {0} or set BURNMAP_MODEL_DIR, then restart.").format(
            app_dir() / "models" / "m2fp"))
        banner.setWordWrap(True)
        banner.setStyleSheet("background:#fff3c4;color:#3a2f00;padding:6px;")
        banner.setVisible(not self.provider.m2fp_available)
        return banner

    def _layout(self) -> None:
        central = QSplitter(Qt.Orientation.Vertical)
        central.addWidget(self.banner)
        central.addWidget(self.canvas)
        central.setStretchFactor(1, 1)
        self.setCentralWidget(central)
        for title, widget, area in ((self.tr("Case"), self.case_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                                    (self.tr("Tools"), self.tools_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                                    (self.tr("Results"), self.results, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{title}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
        self.statusBar().addWidget(self.parser_label, 1)
        self.statusBar().addPermanentWidget(self.progress)

    def _connect(self) -> None:
        cp = self.case_panel
        cp.patient_changed.connect(self.update_results)
        cp.photo_selected.connect(self.select_photo)
        cp.view_changed.connect(self.set_view)
        cp.add_requested.connect(self.choose_photos)
        cp.remove_requested.connect(self.remove_photo)
        cp.files_dropped.connect(self.open_paths)
        for signal in (self.canvas.edited, self.canvas.patient_selected, self.canvas.joints_moved):
            signal.connect(self.update_results)
            signal.connect(self.cases.changed)
        cp.patient_changed.connect(self.cases.changed)
        self.tools.changed.connect(lambda: self.canvas.set_brush_radius(self.tools.radius))
        self.tools_panel.burn_toggled.connect(self.canvas.set_burn_visible)
        self.progress.cancel_requested.connect(self.worker.cancel)

    # --- photos -------------------------------------------------------------------------------------
    def choose_photos(self) -> None:
        patterns = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add photos"), "",
                                                self.tr("Photos ({0})").format(patterns))
        self.open_paths(paths)

    def open_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.open_photo(path)

    def open_demo(self) -> None:
        """The demo case (core.demo), shown at once; its first parse gets a sample burn."""
        try:
            demo = demo_workspace(self.tr("Demo patient"))
        except PhotoError as exc:
            QMessageBox.warning(self, self.tr("Photo not opened"), str(exc))
            return
        self.demo = True
        self.workspace.patient = demo.patient
        self.case_panel.patient = demo.patient
        self.case_panel.load_patient()
        self.workspace.photos.extend(demo.photos)
        self.cases.changed()
        self.select_photo(0)
        self.parse(0)

    def open_photo(self, path: str) -> bool:
        """Add a photo to the case and parse it; on failure say why and change nothing."""
        try:
            photo, source = read_photo_file(path)
        except PhotoError as exc:
            log.warning("photo not opened: %s", exc.reason)
            QMessageBox.warning(self, self.tr("Photo not opened"), str(exc))
            return False
        self.workspace.add_photo(photo, source)
        self.cases.changed()
        index = len(self.workspace.photos) - 1
        self.select_photo(index)
        self.parse(index)
        return True

    def remove_photo(self, index: int) -> None:
        if not 0 <= index < len(self.workspace.photos):
            return
        if self.worker.busy and self._job_state is self.workspace.photos[index]:
            self.worker.cancel()
        self.workspace.remove_photo(index)
        self.cases.changed()
        self.queue = [i - (i > index) for i in self.queue if i != index]
        self.select_photo(min(index, len(self.workspace.photos) - 1))

    def select_photo(self, index: int) -> None:
        self.current = index
        state = self.workspace.photos[index] if 0 <= index < len(self.workspace.photos) else None
        self.canvas.show_state(state)
        self.case_panel.set_photos(self.workspace.photos, index)
        self._show_parser(state)
        self.update_results()

    def set_view(self, index: int, view: str) -> None:
        if 0 <= index < len(self.workspace.photos):
            self.workspace.photos[index].set_view(view)
            self.cases.changed()
            self.select_photo(index)

    @property
    def state(self):
        return self.workspace.photos[self.current] if 0 <= self.current < len(
            self.workspace.photos) else None

    # --- parsing in the background ---------------------------------------------------------------
    def parse(self, index: int | None = None) -> None:
        index = self.current if index is None else index
        if index < 0 or index in self.queue:
            return
        self.queue.append(index)
        self._next_job()

    def _warm_up(self) -> None:
        """Start the parsers' runtime in the background before the first parse."""
        job = Job(self.provider.warm_up)
        job.finished.connect(self._warmed_up)
        job.failed.connect(self._warmed_up)
        self.worker.start(job)

    def _warmed_up(self, *_):
        self.worker.thread.wait()
        QTimer.singleShot(0, self._next_job)

    def _next_job(self) -> None:
        if self.worker.busy or not self.queue:
            return
        index = self.queue.pop(0)
        # The result goes to this photo even if others are added or removed meanwhile.
        self._job_state = self.workspace.photos[index]
        pixels = self._job_state.photo.pixels
        job = Job(lambda progress, cancelled: self.provider.parse(pixels, progress, cancelled))
        # Bound methods of GUI-thread objects: Qt queues these calls to the GUI thread (a lambda
        # would run on the worker thread and touch widgets there).
        job.progress.connect(self.progress.show_progress)
        job.finished.connect(self._parsed)
        job.failed.connect(self._parse_failed)
        job.cancelled.connect(self._parse_cancelled)
        self.progress.start(self.tr("Parsing {0}").format(self.workspace.photos[index].photo.name))
        self.worker.start(job)

    def _job_done(self) -> None:
        self.progress.stop()
        self.worker.thread.wait()
        QTimer.singleShot(0, self._next_job)

    def _parsed(self, parsing) -> None:
        self._job_done()
        state = self._job_state
        if state not in self.workspace.photos:
            return  # removed while it was being parsed
        index = self.workspace.photos.index(state)
        state.set_parsing(parsing)
        self.cases.changed()
        if index == self.current:
            self.select_photo(index)
        if self.demo and index == 0 and paint_demo_burn(state) is not None:
            self.select_photo(self.current)

    def _parse_failed(self, message: str) -> None:
        self._job_done()
        QMessageBox.warning(self, self.tr("Parsing failed"), self.tr(
            "The body parts could not be labelled: {0}\nThe photo is kept; you can paint on it "
            "and try parsing again (Tools > Parse).").format(message))

    def _parse_cancelled(self) -> None:
        self._job_done()
        self.statusBar().showMessage(self.tr("Parsing cancelled"), 5000)

    def _show_parser(self, state) -> None:
        if state is None or state.parsing is None:
            self.parser_label.setText(self.tr("Segmentation: not yet run"))
            return
        model = state.parsing.model
        digest = f" (SHA-256 {model.sha256[:12]}…)" if model.sha256 else ""
        self.parser_label.setText(self.tr("Segmentation: {0}{1}").format(model.parser, digest))

    # --- results ------------------------------------------------------------------------------------
    def update_results(self) -> None:
        try:
            self.results.show_assessment(self.workspace.assessment())
        except NoAssessment as exc:
            self.results.show_assessment(None, self.no_assessment_text(exc))

    def no_assessment_text(self, exc: NoAssessment) -> str:
        return {"age": self.tr("Enter the patient's age or date of birth: the Lund-Browder "
                               "shares depend on it."),
                "photo": self.tr("No assessment yet: add a photo and let it be parsed."),
                "patient": self.tr("Check the patient's details: {0}").format(exc.detail),
                }[exc.kind]

    def replace_workspace(self, workspace: Workspace) -> None:
        """Show another case (opened, recovered or new) in this window."""
        self.queue.clear()
        self.worker.shutdown()
        self.workspace = workspace
        self.case_panel.patient = workspace.patient
        self.case_panel.load_patient()
        self.select_photo(0 if workspace.photos else -1)
        for i, state in enumerate(workspace.photos):
            if state.parsing is None:
                self.parse(i)

    def refresh_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        for path in self.cases.recent():
            menu.addAction(Path(path).name, lambda p=path: self.cases.open(Path(p)))
        menu.setEnabled(bool(menu.actions()))

    # --- window -------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = window_settings()
        geometry = settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 850)
        state = settings.value("state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        self.worker.shutdown()
        self.cases.close()
        settings = window_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState())
        super().closeEvent(event)
