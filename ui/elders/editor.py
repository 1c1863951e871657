"""The elder form: register a new elder or edit one, with every problem shown in place.

Loading and saving run through the task runner; on a validation failure each
message appears under its field (and all of them in a summary at the top), the
focus goes to the first one, and everything typed stays as it was.

The form listens to the change feed: when another seat saves the elder it shows who
and when at once (ui.widgets.record_notice), and a save made on the older copy is
refused by the service and said the same way; the form is never reloaded unasked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import Conflict, FieldError, ValidationError
from app.idcard import IdNumberError, parse_id_number
from app.registry import age_on, today
from app.registry.areas import AreaRef, list_communities
from app.registry.elders import (
    ContactInput,
    ElderDetail,
    ElderInput,
    PhoneInput,
    create_elder,
    get_elder,
    update_elder,
    validate_elder,
)
from app.registry.firms import FirmRow, LastSave, StaleRecord, last_save, search_firms
from ui import labels
from ui.context import UiContext
from ui.widgets.date_field import DateField, DateFormatError
from ui.widgets.field_errors import FieldErrors
from ui.widgets.form import add_field, reveal_in
from ui.widgets.record_notice import ChangedElsewhere
from ui.widgets.rows_editor import RowColumn, RowsEditor
from ui.widgets.searchable_combo import SearchableCombo
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The order fields appear in the form: errors are listed and focused in this order.
FIELD_ORDER = (
    "name",
    "sex",
    "id_number",
    "birth_date",
    "community_id",
    "address",
    "building",
    "unit",
    "floor",
    "door",
    "subsidy_category",
    "care_level",
    "status",
    "enrolled_on",
    "preferred_firm_id",
    "daily_checkin",
    "checkin_hour",
    "groups",
    "phones",
    "contacts",
    "medical_notes",
    "allergies",
    "medicines",
)


def _order_key(err: FieldError) -> tuple[int, str]:
    base = err.field.split("[", 1)[0]
    position = FIELD_ORDER.index(base) if base in FIELD_ORDER else len(FIELD_ORDER)
    return position, err.field


def merge_errors(client: list[FieldError], server: list[FieldError]) -> list[FieldError]:
    """Client checks (a date that is not a date) win over what the server made of them."""
    mine = {e.field for e in client}
    return sorted(client + [e for e in server if e.field not in mine], key=_order_key)


@dataclass(frozen=True)
class EditorChoices:
    communities: list[AreaRef]
    firms: list[FirmRow]
    detail: ElderDetail | None


def load_choices(session: Session, elder_id: int | None) -> EditorChoices:
    communities = list_communities(session)
    # A centre has about a hundred firms; the form offers every one not yet exited.
    firms = [f for f in search_firms(session, "", limit=1000) if f.status != "exited"]
    detail = get_elder(session, elder_id) if elder_id is not None else None
    return EditorChoices(communities, firms, detail)


def stored_version(session: Session, elder_id: int) -> tuple[int, LastSave | None]:
    """The version stored now and the save that made it (for the changed-elsewhere line)."""
    return get_elder(session, elder_id).version, last_save(session, "elder", elder_id)


def _community_entries(communities: list[AreaRef]) -> list[tuple[int, str, str]]:
    from app.pinyin import initials

    entries = []
    for a in communities:
        parts = a.path.split(" › ")
        street = parts[-2] if len(parts) >= 2 else ""
        text = f"{a.name}（{street}）" if street else a.name
        entries.append((a.id, text, f"{a.path} {initials(a.name)} {a.code}"))
    return entries


class ElderEditor(QDialog):
    saved = Signal(int, bool)  # elder id, True when newly registered
    ready = Signal()

    def __init__(self, ctx: UiContext, elder_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.elder_id = elder_id
        self.version: int | None = None
        self.loaded = False
        self.saving = False
        self._pristine: tuple[Any, ...] = ()
        self.setObjectName("elder-editor")
        self.setWindowTitle(self.tr("New elder") if elder_id is None else self.tr("Edit elder"))
        self.resize(1240, 840)
        self._build()
        self.notice.follow(
            ctx,
            "elder.changed",
            record_id=lambda: self.elder_id,
            version=lambda: self.version,
            listening=self._listening,
            stored=stored_version,
        )
        self._load()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.errors = FieldErrors(self.summary)
        self.status_line = QLabel(self.tr("Loading…"), self)
        self.status_line.setProperty("role", "hint")
        self.notice = ChangedElsewhere(self)
        self.notice.reload_requested.connect(self.reload)
        outer.addWidget(self.summary)
        outer.addWidget(self.status_line)
        outer.addWidget(self.notice)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        body = QWidget(self.scroll)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.errors.reveal = reveal_in(self.scroll)  # type: ignore[assignment]

        # Person
        person = QGroupBox(self.tr("Person"), body)
        form = QFormLayout(person)
        self.name = QLineEdit(person)
        self.name.setMaxLength(60)
        add_field(form, self.errors, "name", self.tr("&Name"), self.name)
        self.sex = QComboBox(person)
        self.sex.addItem(self.tr("From the ID number"), "")
        for code, text in labels.sexes().items():
            self.sex.addItem(text, code)
        add_field(form, self.errors, "sex", self.tr("Se&x"), self.sex)
        self.id_number = QLineEdit(person)
        self.id_number.setPlaceholderText(self.tr("18 characters, the last may be X"))
        self.id_hint = QLabel(person)
        self.id_hint.setProperty("role", "hint")
        self.id_hint.hide()
        add_field(
            form, self.errors, "id_number", self.tr("&ID number"), self.id_number, hint=self.id_hint
        )
        self.birth_date = DateField(person, optional=True)
        self.birth_date.setPlaceholderText(self.tr("From the ID number if empty"))
        add_field(form, self.errors, "birth_date", self.tr("&Birth date"), self.birth_date)
        left.addWidget(person)

        # Address
        where = QGroupBox(self.tr("Address"), body)
        form = QFormLayout(where)
        self.community = SearchableCombo(where, empty_label="")
        add_field(form, self.errors, "community_id", self.tr("Co&mmunity"), self.community)
        self.address = QLineEdit(where)
        add_field(form, self.errors, "address", self.tr("A&ddress"), self.address)
        # Building, unit, floor and door are short: one row, one error line under it.
        self.building, self.unit, self.floor, self.door = (QLineEdit(where) for _ in range(4))
        parts = QWidget(where)
        parts_row = QHBoxLayout(parts)
        parts_row.setContentsMargins(0, 0, 0, 0)
        parts_error = self.errors.field_label_widget(where)
        for widget, field, text in (
            (self.building, "building", self.tr("&Building")),
            (self.unit, "unit", self.tr("&Unit")),
            (self.floor, "floor", self.tr("Fl&oor")),
            (self.door, "door", self.tr("Doo&r")),
        ):
            label = QLabel(text, parts)
            label.setBuddy(widget)
            widget.setMaximumWidth(90)
            parts_row.addWidget(label)
            parts_row.addWidget(widget)
            self.errors.register(field, widget, parts_error)
        parts_row.addStretch(1)
        form.addRow(parts)
        form.addRow(parts_error)
        left.addWidget(where)

        # Care
        care = QGroupBox(self.tr("Care"), body)
        form = QFormLayout(care)
        self.subsidy = self._combo(care, labels.subsidy_categories())
        add_field(form, self.errors, "subsidy_category", self.tr("Subsidy &category"), self.subsidy)
        self.care_level = self._combo(care, labels.care_levels())
        add_field(form, self.errors, "care_level", self.tr("Care &level"), self.care_level)
        self.status = self._combo(care, labels.elder_statuses())
        add_field(form, self.errors, "status", self.tr("S&tatus"), self.status)
        self.enrolled_on = DateField(care, optional=True)
        self.enrolled_on.setPlaceholderText(self.tr("Today if empty"))
        add_field(form, self.errors, "enrolled_on", self.tr("&Enrolled on"), self.enrolled_on)
        self.preferred_firm = SearchableCombo(
            care, empty_label=self.tr("None — route by the usual rule")
        )
        add_field(
            form, self.errors, "preferred_firm_id", self.tr("Preferred &firm"), self.preferred_firm
        )
        self.daily_checkin = QCheckBox(self.tr("Call every day"), care)
        add_field(form, self.errors, "daily_checkin", self.tr("Daily check-in"), self.daily_checkin)
        self.checkin_hour = QSpinBox(care)
        self.checkin_hour.setRange(-1, 23)
        self.checkin_hour.setSpecialValueText(self.tr("Not set"))
        self.checkin_hour.setSuffix(self.tr(" o'clock"))
        add_field(form, self.errors, "checkin_hour", self.tr("Check-in &hour"), self.checkin_hour)
        left.addWidget(care)

        left.addStretch(1)

        # Phones
        phones_box = QGroupBox(self.tr("Phones"), body)
        column = QVBoxLayout(phones_box)
        self.phones = RowsEditor(
            [
                RowColumn("kind", self.tr("Kind"), labels.phone_kinds(), default="mobile"),
                RowColumn("number", self.tr("Number"), stretch=True),
            ],
            add_text=self.tr("Add &phone"),
            parent=phones_box,
        )
        self.phones.table.setMaximumHeight(124)
        column.addWidget(self.phones)
        phones_error = self.errors.field_label_widget(phones_box)
        column.addWidget(phones_error)
        self.errors.register_table(
            "phones", self.phones.table, {"kind": 0, "number": 1}, phones_error
        )
        right.addWidget(phones_box)

        contacts_box = QGroupBox(self.tr("Emergency contacts (in calling order)"), body)
        column = QVBoxLayout(contacts_box)
        self.contacts = RowsEditor(
            [
                RowColumn("name", self.tr("Name"), stretch=True),
                RowColumn("relation", self.tr("Relation")),
                RowColumn("phone", self.tr("Phone"), stretch=True),
            ],
            add_text=self.tr("Add c&ontact"),
            movable=True,
            parent=contacts_box,
        )
        self.contacts.table.setMaximumHeight(140)
        column.addWidget(self.contacts)
        contacts_error = self.errors.field_label_widget(contacts_box)
        column.addWidget(contacts_error)
        self.errors.register_table(
            "contacts",
            self.contacts.table,
            {"name": 0, "relation": 1, "phone": 2},
            contacts_error,
        )
        right.addWidget(contacts_box)

        groups_box = QGroupBox(self.tr("Special groups"), body)
        grid = QGridLayout(groups_box)
        self.group_boxes: dict[str, QCheckBox] = {}
        for i, (code, text) in enumerate(labels.special_groups().items()):
            box = QCheckBox(text, groups_box)
            self.group_boxes[code] = box
            grid.addWidget(box, i // 2, i % 2)
        groups_error = self.errors.field_label_widget(groups_box)
        grid.addWidget(groups_error, 4, 0, 1, 2)
        self.errors.register("groups", groups_box, groups_error)
        right.addWidget(groups_box)

        health = QGroupBox(self.tr("Health"), body)
        form = QFormLayout(health)
        self.medical_notes = QPlainTextEdit(health)
        # Tab must move on, not indent: this is a form, not a text editor.
        self.medical_notes.setTabChangesFocus(True)
        self.medical_notes.setFixedHeight(90)
        add_field(form, self.errors, "medical_notes", self.tr("Medical &notes"), self.medical_notes)
        self.allergies = QLineEdit(health)
        add_field(form, self.errors, "allergies", self.tr("&Allergies"), self.allergies)
        self.medicines = QLineEdit(health)
        add_field(form, self.errors, "medicines", self.tr("Medi&cines"), self.medicines)
        right.addWidget(health)
        right.addStretch(1)

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)

        self.id_number.textChanged.connect(self._update_id_hint)
        self.daily_checkin.toggled.connect(self._checkin_toggled)
        self.scroll.setEnabled(False)
        self.save_button.setEnabled(False)

    @staticmethod
    def _combo(parent: QWidget, choices: dict[str, str]) -> QComboBox:
        combo = QComboBox(parent)
        for code, text in choices.items():
            combo.addItem(text, code)
        return combo

    # -- loading ---------------------------------------------------------------------

    def _load(self) -> None:
        elder_id = self.elder_id
        self.ctx.read(
            lambda session: load_choices(session, elder_id),
            on_success=self._loaded,
            on_failure=self._load_failed,
            owner=self,
        )

    def _load_failed(self, _exc: BaseException) -> None:
        self.status_line.setText(self.tr("The record could not be loaded."))

    def _loaded(self, choices: EditorChoices) -> None:
        self.community.set_entries(_community_entries(choices.communities))
        firms = [(f.id, f.name, f.licence_no) for f in choices.firms]
        self.preferred_firm.set_entries(firms)
        if choices.detail is not None:
            if choices.detail.preferred_firm_id is not None and all(
                f.id != choices.detail.preferred_firm_id for f in choices.firms
            ):
                firms.append(
                    (choices.detail.preferred_firm_id, choices.detail.preferred_firm_name, "")
                )
                self.preferred_firm.set_entries(firms)
            self.fill(choices.detail.to_input())
            self.version = choices.detail.version
            self.status_line.setText(
                self.tr("Editing %1 (#%2)")
                .replace("%1", choices.detail.name)
                .replace("%2", str(choices.detail.id))
            )
        else:
            self.fill(ElderInput(phones=[PhoneInput("mobile", "")]))
            self.status_line.setText(
                self.tr("New registration. Sex and birth date are read from the ID number.")
            )
        self.loaded = True
        self.scroll.setEnabled(True)
        self.save_button.setEnabled(True)
        self.name.setFocus()
        self.ready.emit()

    def fill(self, data: ElderInput) -> None:
        self.name.setText(data.name)
        self.sex.setCurrentIndex(max(self.sex.findData(data.sex or ""), 0))
        self.id_number.setText(data.id_number)
        # A birth date that the ID number already says is left empty, so correcting a
        # mistyped ID number does not leave a stale date behind to contradict it.
        self.birth_date.set_date(
            None if self._id_says(data.id_number, data.birth_date) else data.birth_date
        )
        self.community.set_current_id(data.community_id)
        self.address.setText(data.address)
        self.building.setText(data.building)
        self.unit.setText(data.unit)
        self.floor.setText(data.floor)
        self.door.setText(data.door)
        for combo, code in (
            (self.subsidy, data.subsidy_category),
            (self.care_level, data.care_level),
            (self.status, data.status),
        ):
            combo.setCurrentIndex(max(combo.findData(code), 0))
        self.enrolled_on.set_date(data.enrolled_on)
        self.preferred_firm.set_current_id(data.preferred_firm_id)
        self.daily_checkin.setChecked(data.daily_checkin)
        self.checkin_hour.setValue(data.checkin_hour if data.checkin_hour is not None else -1)
        self._checkin_toggled(data.daily_checkin)
        for code, box in self.group_boxes.items():
            box.setChecked(code in data.groups)
        self.phones.set_rows([{"kind": p.kind, "number": p.number} for p in data.phones])
        self.contacts.set_rows(
            [{"name": c.name, "relation": c.relation, "phone": c.phone} for c in data.contacts]
        )
        self.medical_notes.setPlainText(data.medical_notes)
        self.allergies.setText(data.allergies)
        self.medicines.setText(data.medicines)
        self._pristine = self._raw_state()

    # -- reading the form ------------------------------------------------------------

    def collect(self) -> tuple[ElderInput, list[FieldError]]:
        """The form as service input, plus what is wrong before a service is asked."""
        problems: list[FieldError] = []

        def date_of(field: str, widget: DateField) -> date | None:
            try:
                return widget.date()
            except DateFormatError:
                problems.append(
                    FieldError(
                        field,
                        "date_format",
                        f"{widget.text()!r} is not a date",
                        {"text": widget.text()},
                    )
                )
                return None

        community_id = self.community.current_id()
        if community_id is None and self.community.typed_text():
            problems.append(
                FieldError(
                    "community_id",
                    "community_not_chosen",
                    "not a community on the list",
                    {"text": self.community.typed_text()},
                )
            )
        firm_id = self.preferred_firm.current_id()
        typed_firm = self.preferred_firm.typed_text()
        if firm_id is None and typed_firm and typed_firm != self.preferred_firm.itemText(0):
            problems.append(
                FieldError(
                    "preferred_firm_id",
                    "firm_not_chosen",
                    "not a firm on the list",
                    {"text": typed_firm},
                )
            )
        hour = self.checkin_hour.value()
        data = ElderInput(
            name=self.name.text(),
            sex=str(self.sex.currentData() or ""),
            id_number=self.id_number.text(),
            birth_date=date_of("birth_date", self.birth_date),
            community_id=community_id,
            address=self.address.text(),
            building=self.building.text(),
            unit=self.unit.text(),
            floor=self.floor.text(),
            door=self.door.text(),
            subsidy_category=str(self.subsidy.currentData()),
            care_level=str(self.care_level.currentData()),
            status=str(self.status.currentData()),
            phones=[
                PhoneInput(row["kind"] or "mobile", row["number"]) for row in self.phones.rows()
            ],
            contacts=[
                ContactInput(row["name"], row["relation"], row["phone"])
                for row in self.contacts.rows()
            ],
            groups={code for code, box in self.group_boxes.items() if box.isChecked()},
            medical_notes=self.medical_notes.toPlainText(),
            allergies=self.allergies.text(),
            medicines=self.medicines.text(),
            preferred_firm_id=firm_id,
            daily_checkin=self.daily_checkin.isChecked(),
            checkin_hour=None if hour < 0 else hour,
            enrolled_on=date_of("enrolled_on", self.enrolled_on),
        )
        return data, problems

    def _raw_state(self) -> tuple[Any, ...]:
        """Everything typed, as typed: to tell whether closing would lose anything."""
        return (
            tuple(
                w.text()
                for w in (
                    self.name,
                    self.id_number,
                    self.birth_date,
                    self.address,
                    self.building,
                    self.unit,
                    self.floor,
                    self.door,
                    self.enrolled_on,
                    self.allergies,
                    self.medicines,
                )
            ),
            tuple(
                c.currentText()
                for c in (
                    self.sex,
                    self.community,
                    self.subsidy,
                    self.care_level,
                    self.status,
                    self.preferred_firm,
                )
            ),
            self.daily_checkin.isChecked(),
            self.checkin_hour.value(),
            tuple(b.isChecked() for b in self.group_boxes.values()),
            tuple(tuple(r.items()) for r in self.phones.rows()),
            tuple(tuple(r.items()) for r in self.contacts.rows()),
            self.medical_notes.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.loaded and self._raw_state() != self._pristine

    # -- saving ----------------------------------------------------------------------

    def save(self) -> None:
        if not self.loaded or self.saving:
            return
        data, problems = self.collect()
        elder_id, version, operator = self.elder_id, self.version, self.ctx.operator
        self._set_saving(True)
        if problems:
            # Still ask the service, so every problem is listed at once.
            self.ctx.read(
                lambda session: validate_elder(session, data, elder_id=elder_id),
                on_success=lambda server: self._show_errors(merge_errors(problems, server)),
                on_failure=self._save_failed,
                owner=self,
            )
            return
        if elder_id is None:
            self.ctx.write(
                lambda session: create_elder(
                    session, data, actor=operator.actor, user_id=operator.user_id
                ),
                on_success=lambda new_id: self._saved(int(new_id), created=True),
                on_failure=self._save_failed,
                owner=self,
            )
        else:
            assert version is not None
            self.ctx.write(
                lambda session: update_elder(
                    session,
                    elder_id,
                    data,
                    expected_version=version,
                    actor=operator.actor,
                    user_id=operator.user_id,
                ),
                on_success=lambda _none: self._saved(elder_id, created=False),
                on_failure=self._save_failed,
                owner=self,
            )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(self.tr("Saving…") if saving else self.tr("&Save"))

    def _show_errors(self, errors: list[FieldError]) -> None:
        self._set_saving(False)
        if not errors:
            self.errors.clear()
            return
        self.errors.show(errors)
        self.errors.focus_first()

    def _saved(self, elder_id: int, *, created: bool) -> None:
        self._set_saving(False)
        self.errors.clear()
        self._pristine = self._raw_state()
        self.saved.emit(elder_id, created)
        self.accept()

    def _save_failed(self, exc: BaseException) -> bool:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self._show_errors(sorted(exc.errors, key=_order_key))
            return True
        if isinstance(exc, Conflict):
            # Not a box: the form stays as typed and usable, the line offers the reload.
            self.notice.refused(exc.last if isinstance(exc, StaleRecord) else None)
            return True
        return False

    def reload(self) -> None:
        self.loaded = False
        self.scroll.setEnabled(False)
        self.save_button.setEnabled(False)
        self.errors.clear()
        self.notice.hide()
        self.status_line.setText(self.tr("Loading…"))
        self._load()

    # -- another seat ----------------------------------------------------------------

    def _listening(self) -> bool:
        # While saving, the change heard may be this save's own; a stale one is refused.
        return self.loaded and not self.saving and self.version is not None and self.isVisible()

    # -- small behaviours ------------------------------------------------------------

    def _update_id_hint(self, text: str) -> None:
        try:
            _number, born, sex = parse_id_number(text)
        except IdNumberError:
            self.id_hint.clear()
            self.id_hint.hide()
            return
        self.id_hint.show()
        self.id_hint.setText(
            self.tr("Born %1 · %2 · %3 years")
            .replace("%1", born.isoformat())
            .replace("%2", labels.label(labels.sexes(), sex))
            .replace("%3", str(age_on(born, today())))
        )

    @staticmethod
    def _id_says(id_number: str, born: date | None) -> bool:
        try:
            return born is None or parse_id_number(id_number)[1] == born
        except IdNumberError:
            return False

    def _checkin_toggled(self, on: bool) -> None:
        self.checkin_hour.setEnabled(on)
        if on and self.checkin_hour.value() < 0:
            self.checkin_hour.setValue(9)

    def reject(self) -> None:
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard changes?"),
            self.tr("You have changes that are not saved. Close the form and lose them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
