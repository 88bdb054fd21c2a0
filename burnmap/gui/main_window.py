"""The main window: wires the case, the canvas, the tools, the parse queue and the results;
owns no logic (the case lives in CaseController, parsing in ParseQueue, the demo in burnmap.model.demo)."""
from __future__ import annotations

import getpass
import itertools
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QSplitter, QWidget

from burnmap.casefile.session import CaseSession
from burnmap.gui.actions import build_actions
from burnmap.gui.canvas.canvas import Canvas
from burnmap.gui.canvas.tool_state import ToolState
from burnmap.gui.case_actions import CaseController
from burnmap.gui.dialogs.errors import confirm, no_assessment_text, show_problem
from burnmap.gui.dialogs.photo_dialogs import ClothedDialog, ViewDialog, regions_shown
from burnmap.gui.parse_queue import ParseQueue
from burnmap.gui.utils.names import model_name, said, unbroken_path
from burnmap.gui.utils.signals import call
from burnmap.gui.utils.window_fit import scrolling
from burnmap.gui.utils.window_settings import recent_cases, remember_window, restore_window
from burnmap.gui.widgets.case_panel import CasePanel
from burnmap.gui.widgets.chart_painting import attach as attach_chart_painting
from burnmap.gui.widgets.progress import ProgressStrip
from burnmap.gui.widgets.results_panel import ResultsPanel
from burnmap.gui.widgets.tool_bar import ToolsPanel
from burnmap.model.demo import demo_workspace, paint_demo_burn
from burnmap.model.workspace import NoAssessment, PhotoState, Workspace
from burnmap.parsing.provider import ParserProvider
from burnmap.photo.imaging import PHOTO_SUFFIXES, PhotoError, read_photo_file
from burnmap.system.paths import app_dir
from burnmap.system.settings import load_settings

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(self, photo_paths: list[str] | None = None, workspace: Workspace | None = None,
                 provider: ParserProvider | None = None, session: CaseSession | None = None):
        super().__init__()
        self.cases = CaseController(session or CaseSession(getpass.getuser()),
                                    workspace or Workspace(), self)
        self.provider = provider or ParserProvider(load_settings().model_dir, app_dir())
        self.parse_queue = ParseQueue(self.provider, self)
        self.current = -1
        self._demo_photo: PhotoState | None = None   # awaits its sample burn once parsed
        # A child of the window: it is deleted with it, and so is its connection to a lambda
        # that holds the window (a parentless sender kept the closed window alive, photos and all).
        self.tools = ToolState(self)
        self.canvas = Canvas(self.tools)
        self.case_panel = CasePanel(self.workspace.patient)
        self.tools_panel = ToolsPanel(self.tools)
        self.results = ResultsPanel()
        self.progress = ProgressStrip()
        self.banner = self._banner()
        self.parser_label = QLabel()
        self._layout()
        self._connect()
        attach_chart_painting(self)    # the body chart: a second place to paint
        build_actions(self)
        self._tab_order()
        self.cases.update_title()
        restore_window(self, self.docks["case"], self.docks["results"])
        self._show_parser(None)
        self.parse_queue.warm_up()
        self.case_panel.set_photos(self.workspace.photos, self.current)
        if photo_paths is not None and not self.workspace.photos:
            self.open_paths(photo_paths) if photo_paths else self.open_demo()
        elif self.workspace.photos:
            self.show_workspace()

    @property
    def workspace(self) -> Workspace:
        return self.cases.workspace

    @property
    def session(self) -> CaseSession:
        return self.cases.session

    # --- layout -----------------------------------------------------------------------------------
    def _banner(self) -> QLabel:
        banner = QLabel(self.tr(
            "M2FP is not installed: the built-in default parser (MediaPipe Holistic) is used; it cannot "
            "see clothing or several people. To install M2FP, put its configuration.json and "
            "pytorch_model.pt in {0} or set BURNMAP_MODEL_DIR, then restart.").format(
            unbroken_path(app_dir() / "models" / "m2fp")))   # rich text: breaks at separators
        banner.setWordWrap(True)
        banner.setTextFormat(Qt.TextFormat.RichText)
        banner.setStyleSheet("background:#fff3c4;color:#3a2f00;padding:6px;")
        banner.setVisible(not self.provider.m2fp_available)
        return banner

    def _layout(self) -> None:
        central = QSplitter(Qt.Orientation.Vertical)
        central.addWidget(self.banner)
        central.addWidget(self.canvas)
        central.setStretchFactor(1, 1)
        self.setCentralWidget(central)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.docks = {}
        tools = self.addToolBar(self.tr("Tools"))
        tools.setObjectName("toolbar_tools")
        tools.addWidget(self.tools_panel)
        for name, title, widget, area in (("case", self.tr("Case"), self.case_panel, left),
                                          ("results", self.tr("Results"), self.results, right)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{name}")   # not the title: it is translated
            dock.setWidget(scrolling(widget))
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.statusBar().addWidget(self.parser_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        # A message and the segmentation label share the bar's left side. QStatusBar hides the
        # label only if it is visible when the message comes, so a message given before the
        # window shows (a language switch rebuilds it) was drawn over the label: say it here.
        self.statusBar().messageChanged.connect(
            lambda text: self.parser_label.setVisible(not text))

    def _tab_order(self) -> None:
        """Tab walks the window as it is read: the patient, the photos, the tools, the photo
        views and opacity, the results (the canvas takes the tool keys when it has focus)."""
        chain = self.case_panel.focus_chain() + self.tools_panel.focus_chain() + \
            [self.canvas.left.view, self.canvas.right.view, self.canvas.alpha] + \
            self.results.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

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
        self.canvas.patient_selected.connect(self._say_patient)
        self.canvas.no_person_here.connect(self._say_no_person_here)
        self.tools.changed.connect(lambda: self.canvas.set_brush_radius(self.tools.radius))
        self.tools_panel.burn_toggled.connect(self.canvas.set_burn_visible)
        # chart <-> photo: a region clicked on the chart is striped in both views; the region
        # under the pointer on the photo is outlined on the chart
        self.results.chart.region_clicked.connect(lambda region, _: self.canvas.highlight_region(
            region or None))
        self.canvas.region_hovered.connect(lambda region, surface: self.results.chart.highlight(
            region or None, surface or None))
        self.canvas.pixel_hovered.connect(lambda x, y: self.results.chart.mark_photo_point(
            self.state.regions if self.state else None, x, y))   # that point on the chart
        self._connect_cases()
        self._connect_parse_queue()

    def _connect_cases(self) -> None:
        cases = self.cases
        cases.workspace_replaced.connect(self.show_workspace)
        cases.title_changed.connect(self.setWindowTitle)
        cases.status.connect(self.statusBar().showMessage)
        cases.recent_changed.connect(self.refresh_recent_menu)

    def _connect_parse_queue(self) -> None:
        queue = self.parse_queue
        queue.started.connect(self._parse_started)
        queue.progress.connect(self.progress.show_progress)
        queue.parsed.connect(self._parsed)
        queue.failed.connect(self._parse_failed)
        queue.cancelled.connect(self._parse_cancelled)
        self.progress.cancel_requested.connect(queue.cancel)

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
        """The demo case (burnmap.model.demo), shown at once; its first parse gets a sample burn."""
        try:
            demo = demo_workspace(self.tr("Demo patient"))
        except PhotoError as exc:
            show_problem(self, self.tr("Photo not opened"), said(exc))
            return
        self._demo_photo = demo.photos[0]
        self.cases.show_demo(demo)

    def open_photo(self, path: str) -> bool:
        """Add a photo to the case and parse it; on failure say why and change nothing."""
        try:
            photo, source = read_photo_file(path)
        except PhotoError as exc:
            log.warning("photo not opened: %s", exc.reason)
            show_problem(self, self.tr("Photo not opened"), said(exc))
            return False
        state = self.workspace.add_photo(photo, source)
        self.cases.changed()
        self.select_photo(len(self.workspace.photos) - 1)
        self.parse_queue.parse(state)
        return True

    def remove_photo(self, index: int) -> None:
        """Remove a photo with its parsing and burn, after the clinician confirms it."""
        if not 0 <= index < len(self.workspace.photos):
            return
        state = self.workspace.photos[index]
        painted = self.tr(" and the burn painted on it") if state.burn.values.any() else ""
        if not confirm(self, self.tr("Remove photo"), self.tr(
                "Remove {0}{1} from the case? This cannot be undone.").format(
                state.photo.name, painted)):
            return
        self.parse_queue.discard(state)
        self.workspace.remove_photo(index)
        self.cases.changed()
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

    # --- parsing in the background (ParseQueue) ------------------------------------------------
    def parse(self, index: int | None = None) -> None:
        index = self.current if index is None else index
        if 0 <= index < len(self.workspace.photos):
            self.parse_queue.parse(self.workspace.photos[index])

    def _parse_started(self, state: PhotoState) -> None:
        self.progress.start(self.tr("Parsing {0}").format(state.photo.name))

    def _parsed(self, state: PhotoState, parsed) -> None:
        """Adopt what the worker made (parse_queue.Parsed); the photo and burn layers stay."""
        self.progress.stop()
        if state not in self.workspace.photos:
            return  # removed, or another case shown, while it was being parsed
        state.adopt(parsed.photo)   # the layer shows the largest person, as adopting chooses
        sample = None
        if state is self._demo_photo:
            self._demo_photo = None
            sample = paint_demo_burn(state)
        if self.cases.demo and not self.cases.dirty:
            self.cases.touched()   # the demo's own parse and sample burn are not the clinician's
        else:
            self.cases.changed()
        index = self.workspace.photos.index(state)
        if not state.parsing.persons:
            self.statusBar().showMessage(self.tr("No person was found on {0}: it adds nothing to "
                                                 "the assessment.").format(state.photo.name), 15000)
        if index == self.current:
            self.canvas.show_parsing(state, parsed.layer)
            if sample is not None:
                self.canvas.refresh_burn(sample.box)
            self.case_panel.set_photos(self.workspace.photos, index)
            self._show_parser(state)
            self.update_results()
        if not state.view_confirmed and state.parsing.persons:
            # never a view by default: the case panel asks beside the photo (nobody on it:
            # nothing to ask)
            self.case_panel.set_photos(self.workspace.photos, self.current)
            self.statusBar().showMessage(self.tr("Confirm the view of {0} in the case panel.")
                                         .format(state.photo.name), 15000)

    def ask_view(self, state: PhotoState) -> ViewDialog:
        """Ask which view a photo is, the one its head suggests preselected (not modal)."""
        dialog = ViewDialog(state.photo.name, state.view, self)
        dialog.chosen.connect(lambda view: self.set_view(self.workspace.photos.index(state), view)
                              if state in self.workspace.photos else None)
        dialog.show()
        self.view_dialog = dialog
        return dialog

    def mark_clothed(self) -> ClothedDialog | None:
        """Let the clinician mark the current photo's regions under clothing (not modal)."""
        state = self.state
        if state is None or state.regions is None:
            return None
        dialog = ClothedDialog(state.photo.name, regions_shown(state.regions), state.clothed, self)

        def chosen(regions):
            if state in self.workspace.photos:
                state.set_clothed(regions)
                self.cases.changed()
                self.update_results()
        dialog.chosen.connect(chosen)
        dialog.show()
        self.clothed_dialog = dialog
        return dialog

    def _say_patient(self) -> None:
        state = self.state
        if state is not None and state.parsing is not None and state.person_index is not None:
            self.statusBar().showMessage(self.tr("Patient: person {0} of {1} on this photo").format(
                state.person_index + 1, len(state.parsing.persons)), 8000)

    def _say_no_person_here(self) -> None:
        state = self.state
        if state is None or state.parsing is None:
            text = self.tr("Select patient: parse the photo first.")
        else:
            text = self.tr("Nobody was found at that point: the segmentation found {0} person(s) "
                           "on this photo ({1}).").format(len(state.parsing.persons),
                                                          state.parsing.model.describe(short=True))
        self.statusBar().showMessage(text, 10000)

    def _parse_failed(self, state: PhotoState, message: str) -> None:
        self.progress.stop()
        if state not in self.workspace.photos:
            return
        show_problem(self, self.tr("Parsing failed"), self.tr(
            "The body parts of {0} could not be labelled: {1}\nThe photo is kept; you can paint "
            "on it and try parsing again (Tools > Parse).").format(state.photo.name, message))

    def _parse_cancelled(self, state: PhotoState) -> None:
        self.progress.stop()
        self.statusBar().showMessage(self.tr("Parsing cancelled"), 5000)

    def _show_parser(self, state) -> None:
        if state is None or state.parsing is None:
            self.parser_label.setText(self.tr("Segmentation: not yet run"))
            return
        self.parser_label.setText(self.tr("Segmentation: {0}").format(
            model_name(state.parsing.model, short=True)))

    # --- results and the case shown ---------------------------------------------------------------
    def update_results(self) -> None:
        result = None
        try:
            result = self.workspace.assessment()
            self.results.show_assessment(result)
        except NoAssessment as exc:
            self.results.show_assessment(None, no_assessment_text(exc))
        self.chart_painting.follow(result)
        checks = self.workspace.view_warnings()   # at once, with or without an assessment
        if checks:
            self.statusBar().showMessage("; ".join(said(w) for w in checks), 20000)

    def show_workspace(self) -> None:
        """Show the case's workspace (opened, recovered, new or the demo) and parse what has not
        been parsed; nothing queued for the case shown before goes on."""
        workspace = self.workspace
        self.parse_queue.clear()
        if self._demo_photo not in workspace.photos:
            self._demo_photo = None
        self.case_panel.patient = workspace.patient
        self.case_panel.load_patient()
        self.select_photo(0 if workspace.photos else -1)
        for state in workspace.photos:
            if state.parsing is None:
                self.parse_queue.parse(state)

    def refresh_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        for path in recent_cases():
            # the folder too: two cases may share a file name; '&' would be a mnemonic
            label = f"{Path(path).name}   ({Path(path).parent})".replace("&", "&&")
            action = menu.addAction(label)
            action.triggered.connect(call(self.cases.open, Path(path)))
        menu.setEnabled(bool(menu.actions()))

    # --- window -------------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if not self.cases.confirm_discard():
            event.ignore()
            return
        self.parse_queue.shutdown()
        self.cases.close()
        remember_window(self)
        super().closeEvent(event)
