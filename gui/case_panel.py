"""Patient details and the case's photos (thumbnails with their view); add, drop, remove.

The time of injury is a date and a time of day in two fields: it is stored only when both are
given (a date alone is not a time of injury), as local time; a time the clocks skipped is refused
and one they showed twice is asked about (daylight saving)."""
from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate, QRegularExpression, QSize, Signal
from PySide6.QtGui import QIcon, QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from core.regions import VIEWS
from core.patient import (AGE_MAX, FLUID_MAX_ML, NAME_MAX, RECORD_MAX, WEIGHT_MAX_KG,
                          AmbiguousTime, Patient, PatientError, check_patient, local_time)

from .names import said, sex_name, view_name
from .qimage import rgb_to_pixmap

THUMB = 96
# "unknown" is shown for the day before the earliest date accepted (1900-01-01).
UNKNOWN_DATE = QDate(1899, 12, 31)


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
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.record = QLineEdit()
        self.record.setMaxLength(RECORD_MAX)
        self.dob = QDateEdit()
        self.dob.setCalendarPopup(True)
        self.dob.setSpecialValueText(self.tr("unknown"))
        self.dob.setDateRange(UNKNOWN_DATE, QDate.currentDate())
        self.dob.setDate(UNKNOWN_DATE)
        self.age = self._spin(0, AGE_MAX, self.tr(" years"), decimals=1)
        self.sex = QComboBox()
        self.sex_keys = ["", "female", "male", "other"]
        self.sex.addItems([sex_name(k) for k in self.sex_keys])   # core.vocabulary's words
        self.weight = self._spin(0, WEIGHT_MAX_KG, self.tr(" kg"), decimals=1)
        injury = self._injury_fields()
        self.given = self._spin(0, FLUID_MAX_ML, self.tr(" mL"), decimals=0)
        self.electrical = QCheckBox(self.tr("Electrical injury (consensus 4 mL/kg/% TBSA)"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#a40000;")
        for label, widget in ((self.tr("Name"), self.name), (self.tr("Record number"), self.record),
                              (self.tr("Date of birth"), self.dob), (self.tr("Age"), self.age),
                              (self.tr("Sex"), self.sex), (self.tr("Weight"), self.weight),
                              (self.tr("Time of injury"), injury),
                              (self.tr("Fluid given"), self.given), ("", self.electrical)):
            form.addRow(label, widget)
        form.addRow(self.problem)
        self.photos = QListWidget()
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.currentRowChanged.connect(self.photo_selected)
        self.view = QComboBox()
        self.view.addItems([view_name(v) for v in VIEWS])
        self.view.activated.connect(lambda i: self.view_changed.emit(self.photos.currentRow(),
                                                                     VIEWS[i]))
        buttons = QHBoxLayout()
        add, remove = QPushButton(self.tr("Add photo…")), QPushButton(self.tr("Remove"))
        add.clicked.connect(self.add_requested)
        remove.clicked.connect(lambda: self.remove_requested.emit(self.photos.currentRow()))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.photos, 1)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.load_patient()
        # Each field writes only its own value: a value the widget cannot show (an old case's
        # impossible date) is never replaced because another field was edited.
        for signal, field in ((self.name.textEdited, "name"), (self.record.textEdited, "record"),
                              (self.dob.dateChanged, "dob"), (self.age.valueChanged, "age"),
                              (self.sex.currentIndexChanged, "sex"),
                              (self.weight.valueChanged, "weight"),
                              (self.injury.dateChanged, "injury"),
                              (self.injury_clock.textEdited, "injury"),
                              (self.given.valueChanged, "given"),
                              (self.electrical.toggled, "electrical")):
            signal.connect(lambda *_, f=field: self._store(f))

    def _injury_fields(self) -> QHBoxLayout:
        """The date of injury and, beside it, its time of day (empty until known)."""
        self.injury = QDateEdit()
        self.injury.setCalendarPopup(True)
        self.injury.setSpecialValueText(self.tr("unknown"))
        self.injury.setDateRange(UNKNOWN_DATE, QDate.currentDate())
        self.injury.setDate(UNKNOWN_DATE)
        self.injury_clock = QLineEdit()
        self.injury_clock.setPlaceholderText(self.tr("HH:MM"))
        self.injury_clock.setMaxLength(5)
        # a Chinese input method types the full-width colon: both are read alike
        self.injury_clock.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"([01]?[0-9]|2[0-3])[:：][0-5][0-9]"), self.injury_clock))
        self.injury_problem = ""
        row = QHBoxLayout()
        row.addWidget(self.injury, 2)
        row.addWidget(self.injury_clock, 1)
        return row

    def load_patient(self) -> None:
        """Show the Patient's values (another case, or the window rebuilt for a language),
        with signals blocked so that showing never writes back (convention 5). A stored value
        outside a field's range is shown as it is and named under the form."""
        p = self.patient
        fields = (self.name, self.record, self.dob, self.age, self.sex, self.weight,
                  self.injury, self.injury_clock, self.given, self.electrical)
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
        dob = QDate(p.date_of_birth) if p.date_of_birth else UNKNOWN_DATE
        self.dob.setDateRange(min(UNKNOWN_DATE, dob), max(QDate.currentDate(), dob))
        self.dob.setDate(dob)
        self.age.setValue(p.age_years or 0)
        self.sex.setCurrentIndex(self.sex_keys.index(p.sex) if p.sex in self.sex_keys else 0)
        self.weight.setValue(p.weight_kg or 0)
        wall = _wall_clock(p.injury_time) if p.injury_time is not None else None
        day = QDate(wall.date()) if wall is not None else UNKNOWN_DATE
        self.injury.setDateRange(min(UNKNOWN_DATE, day), max(QDate.currentDate(), day))
        self.injury.setDate(day)
        self.injury_clock.setText(wall.strftime("%H:%M") if wall is not None else "")
        self.injury_problem = ""
        self.given.setValue(p.fluid_given_ml)
        self.electrical.setChecked(p.electrical_injury)

    def _spin(self, low, high, suffix, decimals) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSuffix(suffix)
        spin.setSpecialValueText(self.tr("unknown"))
        return spin

    def _store(self, field: str) -> None:
        """Copy one edited field into the Patient; 'unknown' values stay None, never 0."""
        p = self.patient
        if field == "name":
            p.name = self.name.text()
        elif field == "record":
            p.record_number = self.record.text()
        elif field == "dob":
            dob = self.dob.date()
            p.date_of_birth = None if dob == UNKNOWN_DATE else dob.toPython()
            # One source for the age: the date of birth when known, else the age field.
            p.age_years = None if p.date_of_birth else (self.age.value() or None)
        elif field == "age":
            p.age_years = None if p.date_of_birth else (self.age.value() or None)
        elif field == "sex":
            p.sex = self.sex_keys[self.sex.currentIndex()]
        elif field == "weight":
            p.weight_kg = self.weight.value() or None
        elif field == "injury":
            p.injury_time, self.injury_problem = self._injury_time()
        elif field == "given":
            p.fluid_given_ml = self.given.value()
        elif field == "electrical":
            p.electrical_injury = self.electrical.isChecked()
        self._show_age_source()
        self.patient_changed.emit()

    def _show_age_source(self) -> None:
        """With a date of birth the age field shows the age it gives and cannot be edited;
        any value that cannot be right is named under the form."""
        p = self.patient
        self.age.setEnabled(p.date_of_birth is None)
        if p.date_of_birth is not None:
            self.age.blockSignals(True)
            self.age.setValue(max(0.0, p.age() or 0.0))
            self.age.blockSignals(False)
        problems = [self.injury_problem] if self.injury_problem else []
        try:
            check_patient(p)
        except PatientError as exc:
            problems.append(said(exc.args[0]))
        self.problem.setText(self.tr("Check the patient's details: {0}").format(
            "; ".join(problems)) if problems else "")

    def _injury_time(self) -> tuple[datetime | None, str]:
        """The time of injury the two fields give (None until both are), and what is missing
        or wrong, in words."""
        day, clock = self.injury.date(), self.injury_clock.text()
        if day == UNKNOWN_DATE:
            return None, (self.tr("enter the date of injury too") if clock else "")
        if not self.injury_clock.hasAcceptableInput():
            return None, self.tr("enter the time of day of the injury (HH:MM): a date alone is "
                                 "not a time of injury")
        hours, minutes = map(int, clock.replace("：", ":").split(":"))
        try:
            return local_time(datetime.combine(day.toPython(), time(hours, minutes))), ""
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
            item = QListWidgetItem(QIcon(rgb_to_pixmap(state.photo.pixels[::step, ::step].copy())),
                                   f"{state.photo.name}\n{view_name(state.view)}")
            self.photos.addItem(item)
        self.photos.setCurrentRow(current)
        self.photos.blockSignals(False)
        if 0 <= current < len(states):
            self.view.setCurrentIndex(VIEWS.index(states[current].view))

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
