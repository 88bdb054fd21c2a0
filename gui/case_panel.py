"""Patient details and the case's photos (thumbnails with their view); add, drop, remove."""
from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDateTimeEdit, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from core.regions import VIEWS
from core.patient import (AGE_MAX, FLUID_MAX_ML, NAME_MAX, RECORD_MAX, WEIGHT_MAX_KG, Patient,
                          PatientError, check_patient)

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
        self.injury = QDateTimeEdit()
        self.injury.setCalendarPopup(True)
        self.injury.setSpecialValueText(self.tr("unknown"))
        self.injury.setDateTimeRange(QDateTime(UNKNOWN_DATE, self.injury.time()),
                                     QDateTime.currentDateTime())
        self.injury.setDateTime(self.injury.minimumDateTime())
        self.given = self._spin(0, FLUID_MAX_ML, self.tr(" mL"), decimals=0)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#a40000;")
        for label, widget in ((self.tr("Name"), self.name), (self.tr("Record number"), self.record),
                              (self.tr("Date of birth"), self.dob), (self.tr("Age"), self.age),
                              (self.tr("Sex"), self.sex), (self.tr("Weight"), self.weight),
                              (self.tr("Time of injury"), self.injury),
                              (self.tr("Fluid given"), self.given)):
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
                              (self.injury.dateTimeChanged, "injury"),
                              (self.given.valueChanged, "given")):
            signal.connect(lambda *_, f=field: self._store(f))

    def load_patient(self) -> None:
        """Show the Patient's values (another case, or the window rebuilt for a language),
        with signals blocked so that showing never writes back (convention 5). A stored value
        outside a field's range is shown as it is and named under the form."""
        p = self.patient
        fields = (self.name, self.record, self.dob, self.age, self.sex, self.weight,
                  self.injury, self.given)
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
        injury = QDateTime(p.injury_time) if p.injury_time is not None else None
        low = QDateTime(UNKNOWN_DATE, self.injury.time())
        self.injury.setDateTimeRange(min(low, injury or low),
                                     max(QDateTime.currentDateTime(), injury or low))
        self.injury.setDateTime(injury or self.injury.minimumDateTime())
        self.given.setValue(p.fluid_given_ml)

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
            injury = self.injury.dateTime()
            p.injury_time = None if injury == self.injury.minimumDateTime() else \
                injury.toPython().astimezone()
        elif field == "given":
            p.fluid_given_ml = self.given.value()
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
        try:
            check_patient(p)
            self.problem.setText("")
        except PatientError as exc:
            self.problem.setText(self.tr("Check the patient's details: {0}").format(
                said(exc.args[0])))

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
