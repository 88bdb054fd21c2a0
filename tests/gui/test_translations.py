"""The Simplified Chinese translation is complete and loads."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from burnmap.system.paths import resources_dir
from burnmap.text import vocabulary as vocab

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_is_translated():
    ts = ET.parse(resources_dir() / "translations" / "burnmap_zh_CN.ts").getroot()
    messages = list(ts.iter("message"))
    assert len(messages) > 80
    for message in messages:
        translation = message.find("translation")
        assert translation.get("type") is None, message.find("source").text
        assert translation.text
        assert translation.text.strip()


def test_the_translation_table_holds_only_words_the_window_shows():
    """Region, part and depth names are burnmap.text.vocabulary's; the Qt table must not repeat them."""
    folder = resources_dir() / "translations"
    table = json.loads((folder / "zh_CN.json").read_text(encoding="utf-8"))
    sources = {m.find("source").text for m in ET.parse(folder / "burnmap_zh_CN.ts").iter("message")}
    assert set(table) <= sources, sorted(set(table) - sources)
    assert not set(table) & {name for name, _ in vocab.REGIONS.values()}


def test_compiled_translation_loads_and_translates(qapp):
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "burnmap_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("ToolsPanel", "Burn depth") == "烧伤深度"
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        # strings that moved out of the window translate in their own classes' contexts
        assert QCoreApplication.translate("CaseController", "Case not opened") != \
            "Case not opened"
        assert QCoreApplication.translate("_Funnel", "Unexpected error") == "意外错误"
        assert QCoreApplication.translate("ExportDialog", "No report") != "No report"
    finally:
        QCoreApplication.removeTranslator(translator)


# --- Chinese, completely ------------------------------------------------------------------------

def test_qt_own_buttons_and_dialogs_are_translated(qapp):
    """OK, Cancel, Save, Yes, No and the file dialog are Qt's own words: its zh_CN translation
    (qtbase_zh_CN.qm, shipped with PySide6 and bundled by pyinstaller.spec) is installed too."""
    from PySide6.QtWidgets import QDialogButtonBox

    from burnmap.gui.app import install_language, qt_translation
    assert qt_translation("zh_CN") is not None
    install_language(qapp, "zh_CN")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                               QDialogButtonBox.StandardButton.Cancel |
                               QDialogButtonBox.StandardButton.Save |
                               QDialogButtonBox.StandardButton.Yes |
                               QDialogButtonBox.StandardButton.No)
        texts = {b.text().replace("&", "") for b in box.buttons()}
    finally:
        install_language(qapp, "en")
    assert not english_words(" ".join(texts)), texts
    assert {"取消", "保存"} <= {t.split("(")[0] for t in texts}, texts


def test_the_packaged_app_bundles_qt_translations():
    """pyinstaller.spec copies qtbase_zh_CN.qm where burnmap.gui.app.qt_translation looks first."""
    from pathlib import Path

    from burnmap.gui.app import QT_TRANSLATIONS
    spec = (ROOT / "pyinstaller.spec").read_text()
    code = spec[spec.index("def qt_translation_files"):spec.index("datas = list(")]
    namespace = {"Path": Path}
    exec(code, namespace)
    files = list(namespace["qt_translation_files"]())
    assert files
    assert all(Path(src).is_file() for src, _ in files)
    assert {dest for _, dest in files} == {str(Path("resources") / QT_TRANSLATIONS)}
    assert "qtbase_zh_CN.qm" in {Path(src).name for src, _ in files}


def _zh_strings() -> dict[str, str]:
    """Every Chinese string BurnMap ships: the UI table, the core's sentences, the report's
    wording and the clinical vocabulary."""
    from burnmap.reports.i18n import ZH
    folder = resources_dir() / "translations"
    found = {}
    for path in sorted(folder.glob("*.json")):
        found.update({f"{path.name}: {k}": v
                      for k, v in json.loads(path.read_text(encoding="utf-8")).items()})
    found.update({f"burnmap.reports.i18n: {k}": v for k, v in ZH.items()})
    for name in ("REGIONS", "SURFACES", "VIEWS", "DEPTHS", "DEPTH_SHORT", "AGE_BANDS", "SEXES",
                 "PARSERS", "GUIDELINE_SOURCES", "FLUID_FORMULAS", "PARTS"):
        found.update({f"vocabulary.{name}: {k}": pair[1]
                      for k, pair in getattr(vocab, name).items()})
    return found


def _ascii_punctuation(text: str) -> list[str]:
    """ASCII , : ; ! ? ( ) in Chinese text, except where Qt or a notation needs them: menu
    accelerators "(&F)", file-dialog filters "(*.jpg)", the chart's "(n)"; placeholders, their
    format specs and rich-text tags are not text."""
    text = re.sub(r"\{[^{}]*\}", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\(&?[A-Z]\)|\(\*[^()]*\)|\(n\)", "", text)
    return re.findall(r"[,:;!?()]|[\u3400-\u9fff]\.(?:\s|$)", text)


def test_chinese_strings_take_full_width_punctuation():
    strings = _zh_strings()
    assert len(strings) > 300
    filters = {"Photos ({0})", "BurnMap cases (*{0})"}   # Qt parses the parentheses
    bad = {k: v for k, v in strings.items()
           if k.split(": ", 1)[1] not in filters and _ascii_punctuation(v)}
    assert not bad, bad


# Words a Chinese reader may meet in Latin letters: guideline, formula, model and format names,
# units, key names, the language's own name in the Language menu and the export dialog.
ALLOWED = {"BurnMap", "TBSA", "ANZBA", "EMSB", "ABA", "ABLS", "Lund", "Browder", "Parkland",
           "Holliday", "Segar", "MediaPipe", "Holistic", "Pose", "Face", "Mesh", "Hands", "M2FP",
           "SHA", "DICOM", "PDF", "UTC", "mL", "kg", "h", "Ctrl", "Shift", "Space", "English"}


def english_words(text: str) -> list[str]:
    """Latin-letter words left in `text` once file names, paths, digests, environment names
    and allowed words are taken out."""
    text = re.sub(r"\S*[/\\]\S*", " ", text)                          # paths
    text = re.sub(r"[\w.*-]+\.(png|jpg|jpeg|json|pt|pdf|burncase|qm)\b", " ", text)  # files
    text = re.sub(r"\b[0-9a-f]{12,}\b|\b[A-Z0-9]+(?:_[A-Z0-9]+)+\b", " ", text)  # SHA, env
    text = re.sub(r"\d{4}-\d\d-\d\dT[\d:.+-]+", " ", text)                 # ISO times
    text = text.replace("(n)", " ")   # the body chart's notation for a superficial-only number
    text = text.replace("LundBrowder", " ")   # pdftotext joins "Lund-" at a line's end
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
            if w not in ALLOWED and not re.fullmatch(r"[A-Z]|F[0-9]{1,2}", w)]   # keys


def _plain(text: str) -> str:
    from PySide6.QtGui import QTextDocumentFragment
    return QTextDocumentFragment.fromHtml(text).toPlainText() if "<" in text else text


def widget_texts(root) -> list[str]:
    """Everything a person can read on `root` and its visible children."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDockWidget,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTableWidget,
        QTabWidget,
        QTextEdit,
        QWidget,
    )
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            texts.append(_plain(w.text()))
        elif isinstance(w, QAbstractButton):
            texts.append(w.text().replace("&", ""))
        elif isinstance(w, QLineEdit):
            texts += [w.placeholderText()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QDockWidget):
            texts.append(w.windowTitle())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QTableWidget):
            texts += _table_texts(w)
        texts.append(w.toolTip())
    return [t for t in texts if t]


def _table_texts(table) -> list[str]:
    heads = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    cells = [table.item(r, c) for r in range(table.rowCount()) for c in range(table.columnCount())]
    return [i.text() for i in heads + cells if i is not None]


def menu_texts(menu_bar) -> list[str]:
    texts = []
    for action in menu_bar.actions():
        texts.append(action.text().replace("&", ""))
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def modal_texts(trigger) -> list[str]:
    """Run `trigger`, which opens a modal dialog (a message box): read it, then close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    seen: list[str] = []

    def read():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, read)
            return
        seen.extend(widget_texts(dialog))
        dialog.done(0)
    QTimer.singleShot(0, read)
    trigger()
    assert seen, "no dialog opened"
    return seen


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    import subprocess
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _check(texts, where: str, entered: tuple[str, ...] = ()) -> None:
    """No English word, and no ASCII punctuation against a Chinese character, in what BurnMap
    wrote (`entered`: what the user typed, printed as typed)."""
    for text in texts:
        for value in entered:
            text = text.replace(value, " ")
        assert not english_words(text), (where, text, english_words(text))
        mixed = re.findall(r"[\u3400-\u9fff][,:;!?()]|[(][\u3400-\u9fff]",
                           re.sub(r"\(&?[A-Z]\)|\(n\)", "", text))
        assert not mixed, (where, text, mixed)


def _file_dialog_texts(parent, folder, save: bool) -> list[str]:
    """Qt's own file dialog (not the system's), as File > Add photos or Save report shows it."""
    from PySide6.QtWidgets import QFileDialog
    dialog = QFileDialog(parent, "", str(folder), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    texts = widget_texts(dialog)
    dialog.close()
    return texts


def _message_box_texts(parent) -> list[str]:
    from PySide6.QtWidgets import QInputDialog, QMessageBox
    box = QMessageBox(parent)
    for button in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
                   QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                   QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Ok):
        box.addButton(button)
    box.show()
    texts = widget_texts(box)
    box.close()
    asking = QInputDialog(parent)   # Save assessment asks the assessor's name with it
    asking.show()
    texts += widget_texts(asking)
    asking.close()
    return texts


def _history_texts(window, tmp_path) -> list[str]:
    """The history dialog over a real saved case with two assessments."""
    from datetime import datetime

    from burnmap.casefile.case import CaseFile
    from burnmap.gui.dialogs.history_dialog import HistoryDialog
    from burnmap.model.record import assessment_record
    workspace = window.workspace
    case = CaseFile.create(tmp_path / "history.burncase", "test")
    case.save(workspace, "test")
    for hour in (9, 10):
        when = datetime(2026, 11, 23, hour, tzinfo=UTC)
        case.save_assessment(assessment_record(workspace, workspace.assessment(when), when),
                             "张医生")
    dialog = HistoryDialog(case.assessments(), window)
    case.close()
    dialog.show()
    dialog.dates.selectAll()
    dialog.compare_selected()
    texts = widget_texts(dialog)
    dialog.close()
    return texts


def test_nothing_is_left_in_english_in_the_chinese_window_and_report(qapp, qtbot, tmp_path):
    """With zh_CN: every visible text of the main window (menus, docks, status bar, results),
    every dialog (export, history, shortcuts, about, Qt's file dialogs, message boxes' and input
    dialogs' buttons) and every line of the report as pdftotext reads it."""
    from burnmap.gui.actions import show_about, show_shortcuts
    from burnmap.gui.app import install_language
    from burnmap.gui.dialogs.export_dialog import open_export
    from burnmap.gui.main_window import MainWindow
    from burnmap.parsing.provider import ParserProvider
    from burnmap.reports.build import export
    from tests.helpers.sample_case import make_workspace
    install_language(qapp, "zh_CN")
    try:
        window = MainWindow([], provider=ParserProvider(None, tmp_path))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.state is not None and window.state.parsing is not None,
                        timeout=180_000)
        window.update_results()
        assert window.results.table.rowCount() > 0
        assert window.banner.isVisible()
        _check(widget_texts(window) + menu_texts(window.menuBar()), "main window")
        _check(modal_texts(lambda: show_shortcuts(window)), "shortcuts")
        _check(modal_texts(lambda: show_about(window)), "about")
        _check(_history_texts(window, tmp_path), "history")
        _check(_message_box_texts(window), "message box")
        for save in (False, True):
            texts = _file_dialog_texts(window, tmp_path, save)
            assert not [w for t in texts for w in english_words(t)], texts
        dialog = open_export(window)
        assert dialog.lang == "zh_CN"   # the export follows the window's language
        dialog.assessor.setText("张医生")
        dialog.refresh()
        _check(widget_texts(dialog), "export dialog")
        demo_pdf = dialog.files.pdf
        dialog.close()
        window.close()
    finally:
        install_language(qapp, "en")
    fuller = make_workspace()          # weight, time of injury, sex, unseen regions: every part
    fuller.patient.sex = "female"
    fuller.patient.name = "王芳"
    path = tmp_path / "full.pdf"
    export(fuller, path, fuller.patient.injury_time.replace(hour=10), "", "zh_CN")
    for name, pdf in (("demo.pdf", demo_pdf), ("full.pdf", path.read_bytes())):
        lines = [line for line in _pdf_text(pdf, tmp_path, name).splitlines() if line.strip()]
        assert len(lines) > 60
        _check(lines, name, entered=("MRN-1", "DEMO-0001"))
