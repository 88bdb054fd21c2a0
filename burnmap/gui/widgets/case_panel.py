"""Patient details and the case's photos (thumbnails with their view); add, drop, remove.

The time of injury is a date and a time of day in two fields: it is stored only when both are
given (a date alone is not a time of injury), as local time; a time the clocks skipped is refused
and one they showed twice is asked about (daylight saving)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QRegularExpression, QSize, Signal
from PySide6.QtGui import QIcon, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from burnmap.body.regions import VIEWS
from burnmap.gui.utils.names import said, sex_name, view_name
from burnmap.gui.utils.qimage import rgb_to_pixmap
from burnmap.gui.widgets.fields import DateField, NumberField
from burnmap.model.patient import (
    AGE_MAX,
    EARLIEST_DATE,
    FLUID_MAX_ML,
    NAME_MAX,
    RECORD_MAX,
    WEIGHT_MAX_KG,
    AmbiguousTime,
    Patient,
    PatientError,
    check_patient,
    local_time,
)

THUMB = 96
MAX_HOURS_AGO = 24 * 365   # the quick entry: up to a year back


class CasePanel(QWidget):
    patient_changed = Signal()
    photo_selected = Signal(int)
    view_changed = Signal(int, str)
    add_requested = Signal()
    remove_requested = Signal(int)
    files_dropped = Signal(list)

    def __init__(self, patient: Patient, parent=None):
        super().__init__(parent)
        self.patient = patient
        self.setAcceptDrops(True)
        self.field_problems: dict[str, str] = {}   # what a field holds that is not taken
        self._fields()
        form = QFormLayout()
        for label, widget in ((self.tr("&Name"), self.name),
                              (self.tr("&Record number"), self.record),
                              (self.tr("Date of &birth"), self.dob), (self.tr("A&ge"), self.age),
                              (self.tr("Se&x"), self.sex), (self.tr("&Weight"), self.weight),
                              (self.tr("&Time of injury"), self._injury_fields()),
                              (self.tr("&Fluid given"), self.given), ("", self.electrical)):
            form.addRow(label, widget)
        form.addRow(self.problem)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._photo_list(), 1)
        self.load_patient()
        self._connect_fields()

    def _fields(self) -> None:
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.record = QLineEdit()
        self.record.setMaxLength(RECORD_MAX)
        self.dob = DateField(EARLIEST_DATE)
        self.age = NumberField(0, AGE_MAX, 1, self.tr("years"))
        self.sex = QComboBox()
        self.sex_keys = ["", "female", "male", "other"]
        self.sex.addItems([sex_name(k) for k in self.sex_keys])   # burnmap.text.vocabulary's words
        self.weight = NumberField(0, WEIGHT_MAX_KG, 1, self.tr("kg"))
        self.given = NumberField(0, FLUID_MAX_ML, 0, self.tr("mL"))
        self.electrical = QCheckBox(self.tr("Electrical injury (consensus 4 mL/kg/% TBSA)"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#a40000;")

    def _photo_list(self) -> QVBoxLayout:
        self.photos = QListWidget()
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.currentRowChanged.connect(self.photo_selected)
        self.view = QComboBox()
        self.view.addItems([view_name(v) for v in VIEWS])
        self.view.activated.connect(lambda i: self.view_changed.emit(self.photos.currentRow(),
                                                                     VIEWS[i]))
        # a parsed photo's view is asked here, beside the photo, not in a window of its own
        # that would take the keyboard from the canvas
        self.view_prompt = QLabel()
        self.view_prompt.setWordWrap(True)
        self.view_prompt.setStyleSheet("background:#fff3c4;color:#3a2f00;padding:4px;")
        self.confirm_view = QPushButton(self.tr("&Confirm this view"))
        self.confirm_view.clicked.connect(lambda: self.view_changed.emit(
            self.photos.currentRow(), VIEWS[self.view.currentIndex()]))
        self.add_button = QPushButton(self.tr("Add photo…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(
            lambda: self.remove_requested.emit(self.photos.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        column = QVBoxLayout()
        column.addWidget(self.photos, 1)
        column.addWidget(self.view_prompt)
        view_row = QHBoxLayout()
        view_row.addWidget(self.view, 1)
        view_row.addWidget(self.confirm_view)
        column.addLayout(view_row)
        column.addLayout(buttons)
        return column

    def _connect_fields(self) -> None:
        # Each field writes only its own value: a value the widget cannot show (an old case's
        # impossible date) is never replaced because another field was edited.
        for signal, field in ((self.name.textEdited, "name"), (self.record.textEdited, "record"),
                              (self.dob.edited, "dob"), (self.age.edited, "age"),
                              (self.sex.activated, "sex"), (self.weight.edited, "weight"),
                              (self.injury.edited, "injury"),
                              (self.injury_clock.textEdited, "injury"),
                              (self.injury_ago.returnPressed, "hours ago"),
                              (self.injury_ago.editingFinished, "hours ago"),
                              (self.given.edited, "given"),
                              (self.electrical.toggled, "electrical")):
            signal.connect(lambda *_, f=field: self._store(f))

    def focus_chain(self) -> list[QWidget]:
        """The fields, then the photo list and its controls, in the order Tab visits them."""
        return [self.name, self.record, self.dob.edit, self.dob.pick, self.age.edit, self.sex,
                self.weight.edit, self.injury.edit, self.injury.pick, self.injury_clock,
                self.injury_ago, self.given.edit, self.electrical, self.photos, self.view,
                self.add_button, self.remove_button]

    def _injury_fields(self) -> QWidget:
        """The date of injury and, beside it, its time of day (empty until known); or how many
        hours ago, which fills both (the quick entry of Mersey Burns)."""
        self.injury = DateField(EARLIEST_DATE)
        self.injury_clock = QLineEdit()
        self.injury_clock.setPlaceholderText(self.tr("HH：MM"))
        self.injury_clock.setMaxLength(5)
        # a Chinese input method types the full-width colon: both are read alike
        self.injury_clock.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"([01]?[0-9]|2[0-3])[:：][0-5][0-9]"), self.injury_clock))
        self.injury_ago = QLineEdit()
        self.injury_ago.setPlaceholderText(self.tr("or: how many hours ago"))
        self.injury_ago.setToolTip(self.tr("Type how many hours ago the injury was and press "
                                           "Enter: the date and time are filled in"))
        self.injury_ago.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9]{1,4}([.,][0-9])?"), self.injury_ago))
        self.injury_problem = ""
        # a widget, not a bare layout: the form's label takes it as its buddy (Alt+T)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.injury, 0, 0)
        grid.addWidget(self.injury_clock, 0, 1)
        grid.addWidget(self.injury_ago, 1, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        holder.setFocusProxy(self.injury)
        return holder

    def load_patient(self) -> None:
        """Show the Patient's values (another case, or the window rebuilt for a language),
        with signals blocked so that showing never writes back (convention 5). A stored value
        outside a field's range is shown as it is and named under the form."""
        p = self.patient
        fields = (self.name, self.record, self.dob, self.age, self.sex, self.weight,
                  self.injury, self.injury_clock, self.injury_ago, self.given, self.electrical)
        for widget in fields:
            widget.blockSignals(True)
        try:
            self._show_values(p)
        finally:
            for widget in fields:
                widget.blockSignals(False)
        self._show_age_source()

    def _show_values(self, p: Patient) -> None:
        self.name.setText(p.name)
        self.record.setText(p.record_number)
        self.dob.set_value(p.date_of_birth)
        self.age.set_value(p.age_years)
        self.sex.setCurrentIndex(self.sex_keys.index(p.sex) if p.sex in self.sex_keys else 0)
        self.weight.set_value(p.weight_kg)
        wall = _wall_clock(p.injury_time) if p.injury_time is not None else None
        self.injury.set_value(wall.date() if wall is not None else None)
        self.injury_clock.setText(wall.strftime("%H:%M") if wall is not None else "")
        self.injury_ago.clear()
        self.injury_problem = ""
        self.field_problems = {}
        self.given.set_value(p.fluid_given_ml)
        self.electrical.setChecked(p.electrical_injury)

    def _store(self, field: str) -> None:
        """Copy one edited field into the Patient; what is not (yet) a valid value is taken as
        unknown (None, never 0) and named under the form."""
        p = self.patient
        if field == "name":
            p.name = self.name.text()
        elif field == "record":
            p.record_number = self.record.text()
        elif field in ("dob", "age"):
            self._store_age(field)
        elif field == "sex":
            p.sex = self.sex_keys[self.sex.currentIndex()]
        elif field == "weight":
            p.weight_kg = self._number(self.weight, "weight", self.tr("weight"))
        elif field == "hours ago":
            if not self._hours_ago():
                return
            p.injury_time, self.injury_problem = self._injury_time()
        elif field == "injury":
            p.injury_time, self.injury_problem = self._injury_time()
        elif field == "given":
            p.fluid_given_ml = self._number(self.given, "given", self.tr("fluid given"))
        elif field == "electrical":
            p.electrical_injury = self.electrical.isChecked()
        self._show_age_source()
        self.patient_changed.emit()

    def _store_age(self, field: str) -> None:
        """One source for the age: the date of birth when known, else the age field."""
        p = self.patient
        if field == "dob":
            p.date_of_birth = self.dob.value()
            self._note(self.dob.problem(), "dob", self.tr(
                "date of birth: type it as YYYY-MM-DD, from 1900 to today"))
        entered = None if p.date_of_birth else self._number(self.age, "age", self.tr("age"))
        p.set_age(p.date_of_birth, entered)

    def _number(self, field: NumberField, key: str, what: str) -> float | None:
        self._note(field.problem(), key, self.tr("{0}: a number from {1:g} to {2:g}").format(
            what, field.low, field.high))
        return field.value()

    def _note(self, wrong: bool, key: str, text: str) -> None:
        if wrong:
            self.field_problems[key] = text
        else:
            self.field_problems.pop(key, None)

    def _hours_ago(self) -> bool:
        """Fill the date and time of injury from 'N hours ago' (False: nothing to take)."""
        text = self.injury_ago.text().strip().replace(",", ".")
        if not text:
            return False
        hours = float(text)
        if hours > MAX_HOURS_AGO:
            self._note(True, "ago", self.tr("hours ago: at most {0}").format(MAX_HOURS_AGO))
            return True
        self._note(False, "ago", "")
        wall = (datetime.now() - timedelta(hours=hours)).replace(second=0, microsecond=0)
        self.injury.set_value(wall.date())
        self.injury_clock.setText(wall.strftime("%H:%M"))
        self.injury_ago.clear()
        return True

    def _show_age_source(self) -> None:
        """With a date of birth the age field shows the age it gives and cannot be edited;
        any value that cannot be right is named under the form."""
        p = self.patient
        self.age.setEnabled(p.date_of_birth is None)
        if p.date_of_birth is not None:
            self.age.set_value(max(0.0, p.age() or 0.0))
        problems = list(self.field_problems.values())
        problems += [self.injury_problem] if self.injury_problem else []
        try:
            check_patient(p)
        except PatientError as exc:
            problems.append(said(exc.args[0]))
        self.problem.setText(self.tr("Check the patient's details: {0}").format(
            "; ".join(problems)) if problems else "")

    def _injury_time(self) -> tuple[datetime | None, str]:
        """The time of injury the two fields give (None until both are), and what is missing
        or wrong, in words."""
        day, clock = self.injury.value(), self.injury_clock.text()
        if self.injury.problem():
            return None, self.tr("date of injury: type it as YYYY-MM-DD, from 1900 to today")
        if day is None:
            return None, (self.tr("enter the date of injury too") if clock else "")
        if not self.injury_clock.hasAcceptableInput():
            return None, self.tr("enter the time of day of the injury (HH:MM): a date alone is "
                                 "not a time of injury")
        hours, minutes = map(int, clock.replace("：", ":").split(":"))
        try:
            return local_time(datetime.combine(day, time(hours, minutes))), ""
        except AmbiguousTime as exc:
            chosen = self._which_time(exc)
            return chosen, ("" if chosen is not None else said(exc.args[0]))
        except PatientError as exc:
            return None, said(exc.args[0])

    def _which_time(self, exc: AmbiguousTime) -> datetime | None:
        """Ask which of the two readings of a local time was meant (None: neither chosen)."""
        first, second = exc.choices
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Time of injury"),
                          self.tr("The clocks went back that night: {0} happened twice. "
                                  "Which was it?").format(first.strftime("%Y-%m-%d %H:%M")),
                          QMessageBox.StandardButton.Cancel, self)
        buttons = {box.addButton(self.tr("The first (UTC{0})").format(_offset(first)),
                                 QMessageBox.ButtonRole.AcceptRole): first,
                   box.addButton(self.tr("The second (UTC{0})").format(_offset(second)),
                                 QMessageBox.ButtonRole.AcceptRole): second}
        box.exec()
        return buttons.get(box.clickedButton())

    def set_photos(self, states, current: int) -> None:
        self.photos.blockSignals(True)
        self.photos.clear()
        for state in states:
            step = max(1, max(state.photo.pixels.shape[:2]) // (2 * THUMB))
            view = view_name(state.view) if not _view_asked(state) else \
                self.tr("{0}? (view to confirm)").format(view_name(state.view))
            item = QListWidgetItem(QIcon(rgb_to_pixmap(state.photo.pixels[::step, ::step].copy())),
                                   f"{state.photo.name}\n{view}")
            self.photos.addItem(item)
        self.photos.setCurrentRow(current)
        self.photos.blockSignals(False)
        shown = states[current] if 0 <= current < len(states) else None
        if shown is not None:
            self.view.setCurrentIndex(VIEWS.index(shown.view))
        asked = shown is not None and _view_asked(shown)
        self.view_prompt.setVisible(asked)
        self.confirm_view.setVisible(asked)
        if asked:
            self.view_prompt.setText(self.tr(
                "Which view is {0}? The head suggests {1}: choose the view below and confirm "
                "it.").format(shown.photo.name, view_name(shown.view)))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)


def _wall_clock(moment: datetime) -> datetime:
    """A stored time of injury as this workstation's wall clock shows it (a time too old to
    convert, e.g. year 1 in a damaged case, is shown as stored)."""
    try:
        return moment.astimezone() if moment.tzinfo else moment
    except (OverflowError, OSError, ValueError):
        return moment


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _view_asked(state) -> bool:
    """A parsed photo showing someone whose view nobody has confirmed (never taken silently)."""
    return not state.view_confirmed and state.parsing is not None and bool(state.parsing.persons)
