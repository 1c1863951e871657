"""The firm form: contract, contacts, the communities it covers and the items it offers.

Like the elder form it follows the change feed: another seat's save of this firm is
said at once (who, when) without touching the form, and a save made on the older copy
is refused by the service (the firm's version) and said the same way, text kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import Conflict, FieldError, ValidationError
from app.registry.areas import AreaRef, list_communities
from app.registry.catalogue import ItemRow, search_items
from app.registry.firms import (
    FirmDetail,
    FirmInput,
    LastSave,
    StaleRecord,
    create_firm,
    get_firm,
    last_save,
    update_firm,
    validate_firm,
)
from ui import labels
from ui.context import UiContext
from ui.widgets.checklist import Checklist
from ui.widgets.date_field import DateField, DateFormatError
from ui.widgets.field_errors import FieldErrors
from ui.widgets.form import add_field, reveal_in
from ui.widgets.record_notice import ChangedElsewhere
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIELD_ORDER = (
    "name",
    "licence_no",
    "legal_rep",
    "contact_name",
    "contact_phone",
    "address",
    "contract_start",
    "contract_end",
    "status",
    "notes",
    "area_ids",
    "item_ids",
)


def _order_key(err: FieldError) -> int:
    return FIELD_ORDER.index(err.field) if err.field in FIELD_ORDER else len(FIELD_ORDER)


@dataclass(frozen=True)
class FirmChoices:
    communities: list[tuple[int, str, str]]
    items: list[tuple[int, str, str]]
    detail: FirmDetail | None


def load_choices(session: Session, firm_id: int | None) -> FirmChoices:
    from app.pinyin import initials

    def community(a: AreaRef) -> tuple[int, str, str]:
        parts = a.path.split(" › ")
        street = parts[-2] if len(parts) >= 2 else ""
        text = f"{a.name}（{street}）" if street else a.name
        return a.id, text, f"{a.path} {initials(a.name)} {a.code}"

    def item(i: ItemRow) -> tuple[int, str, str]:
        return i.id, f"{i.name}  ·  {i.category_name}  ·  {i.code}", initials(i.name)

    # Include inactive items: a firm may still be contracted for one being phased out.
    items = search_items(session, "", active_only=False, limit=10_000)
    detail = get_firm(session, firm_id) if firm_id is not None else None
    return FirmChoices(
        [community(a) for a in list_communities(session)], [item(i) for i in items], detail
    )


def stored_version(session: Session, firm_id: int) -> tuple[int, LastSave | None]:
    """The version stored now and the save that made it (for the changed-elsewhere line).

    A staff change announces the firm too but leaves its version: the form is not stale.
    """
    return get_firm(session, firm_id).version, last_save(session, "firm", firm_id)


class FirmEditor(QDialog):
    saved = Signal(int, bool)  # firm id, True when new
    ready = Signal()

    def __init__(self, ctx: UiContext, firm_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.firm_id = firm_id
        self.version: int | None = None
        self.loaded = False
        self.saving = False
        self._pristine: tuple[Any, ...] = ()
        self.setObjectName("firm-editor")
        self.setWindowTitle(self.tr("New firm") if firm_id is None else self.tr("Edit firm"))
        self.resize(1240, 820)
        self._build()
        self.notice.follow(
            ctx,
            "firm.changed",
            record_id=lambda: self.firm_id,
            version=lambda: self.version,
            listening=self._listening,
            stored=stored_version,
        )
        self._load()

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
        row = QHBoxLayout(body)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.errors.reveal = reveal_in(self.scroll)  # type: ignore[assignment]

        firm = QGroupBox(self.tr("Firm and contract"), body)
        form = QFormLayout(firm)
        self.name = QLineEdit(firm)
        add_field(form, self.errors, "name", self.tr("&Name"), self.name)
        self.licence_no = QLineEdit(firm)
        self.licence_no.setPlaceholderText(self.tr("Unified social credit code, 18 characters"))
        add_field(form, self.errors, "licence_no", self.tr("&Licence number"), self.licence_no)
        self.legal_rep = QLineEdit(firm)
        add_field(form, self.errors, "legal_rep", self.tr("Legal &representative"), self.legal_rep)
        self.contact_name = QLineEdit(firm)
        add_field(form, self.errors, "contact_name", self.tr("Contact &person"), self.contact_name)
        self.contact_phone = QLineEdit(firm)
        add_field(form, self.errors, "contact_phone", self.tr("Contact &phone"), self.contact_phone)
        self.address = QLineEdit(firm)
        add_field(form, self.errors, "address", self.tr("A&ddress"), self.address)
        self.contract_start = DateField(firm)
        add_field(
            form, self.errors, "contract_start", self.tr("Contract &start"), self.contract_start
        )
        self.contract_end = DateField(firm)
        add_field(form, self.errors, "contract_end", self.tr("Contract &end"), self.contract_end)
        self.status = QComboBox(firm)
        for code, text in labels.firm_statuses().items():
            self.status.addItem(text, code)
        add_field(form, self.errors, "status", self.tr("S&tatus"), self.status)
        self.notes = QPlainTextEdit(firm)
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(80)
        add_field(form, self.errors, "notes", self.tr("N&otes"), self.notes)
        row.addWidget(firm, 5)

        self.communities = Checklist(body)
        self.items = Checklist(body)
        for checklist, field, title in (
            (self.communities, "area_ids", self.tr("Communities covered")),
            (self.items, "item_ids", self.tr("Service items offered")),
        ):
            box = QGroupBox(title, body)
            column = QVBoxLayout(box)
            column.addWidget(checklist)
            message = self.errors.field_label_widget(box)
            column.addWidget(message)
            self.errors.register(field, checklist.view, message)
            row.addWidget(box, 4)

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
        self.scroll.setEnabled(False)
        self.save_button.setEnabled(False)

    # -- loading ---------------------------------------------------------------------

    def _load(self) -> None:
        firm_id = self.firm_id
        self.ctx.read(
            lambda session: load_choices(session, firm_id),
            on_success=self._loaded,
            on_failure=lambda _exc: self.status_line.setText(
                self.tr("The record could not be loaded.")
            ),
            owner=self,
        )

    def _loaded(self, choices: FirmChoices) -> None:
        data = choices.detail.to_input() if choices.detail else FirmInput()
        self.communities.set_choices(choices.communities, data.area_ids)
        self.items.set_choices(choices.items, data.item_ids)
        self.fill(data)
        if choices.detail is not None:
            self.version = choices.detail.version
            self.status_line.setText(
                self.tr("Editing %1 (#%2)")
                .replace("%1", choices.detail.name)
                .replace("%2", str(choices.detail.id))
            )
        else:
            self.status_line.setText(self.tr("New firm."))
        self.loaded = True
        self.scroll.setEnabled(True)
        self.save_button.setEnabled(True)
        self.name.setFocus()
        self.ready.emit()

    def fill(self, data: FirmInput) -> None:
        self.name.setText(data.name)
        self.licence_no.setText(data.licence_no)
        self.legal_rep.setText(data.legal_rep)
        self.contact_name.setText(data.contact_name)
        self.contact_phone.setText(data.contact_phone)
        self.address.setText(data.address)
        self.contract_start.set_date(data.contract_start)
        self.contract_end.set_date(data.contract_end)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        self.notes.setPlainText(data.notes)
        self.communities.set_checked(data.area_ids)
        self.items.set_checked(data.item_ids)
        self._pristine = self._raw_state()

    def collect(self) -> tuple[FirmInput, list[FieldError]]:
        problems: list[FieldError] = []

        def date_of(field: str, widget: DateField) -> date | None:
            try:
                return widget.date()
            except DateFormatError:
                problems.append(
                    FieldError(field, "date_format", "not a date", {"text": widget.text()})
                )
                return None

        data = FirmInput(
            name=self.name.text(),
            licence_no=self.licence_no.text(),
            legal_rep=self.legal_rep.text(),
            contact_name=self.contact_name.text(),
            contact_phone=self.contact_phone.text(),
            address=self.address.text(),
            contract_start=date_of("contract_start", self.contract_start),
            contract_end=date_of("contract_end", self.contract_end),
            status=str(self.status.currentData()),
            notes=self.notes.toPlainText(),
            area_ids=self.communities.checked_ids(),
            item_ids=self.items.checked_ids(),
        )
        return data, problems

    def _raw_state(self) -> tuple[Any, ...]:
        return (
            tuple(
                w.text()
                for w in (
                    self.name,
                    self.licence_no,
                    self.legal_rep,
                    self.contact_name,
                    self.contact_phone,
                    self.address,
                    self.contract_start,
                    self.contract_end,
                )
            ),
            self.status.currentIndex(),
            self.notes.toPlainText(),
            frozenset(self.communities.checked_ids()),
            frozenset(self.items.checked_ids()),
        )

    def is_dirty(self) -> bool:
        return self.loaded and self._raw_state() != self._pristine

    # -- saving ----------------------------------------------------------------------

    def save(self) -> None:
        if not self.loaded or self.saving:
            return
        data, problems = self.collect()
        firm_id, version, operator = self.firm_id, self.version, self.ctx.operator
        self._set_saving(True)
        if problems:
            mine = {p.field for p in problems}
            self.ctx.read(
                lambda session: validate_firm(session, data, firm_id=firm_id),
                on_success=lambda server: self._show_errors(
                    problems + [e for e in server if e.field not in mine]
                ),
                on_failure=self._save_failed,
                owner=self,
            )
            return
        if firm_id is None:
            self.ctx.write(
                lambda session: create_firm(
                    session, data, actor=operator.actor, user_id=operator.user_id
                ),
                on_success=lambda new_id: self._saved(int(new_id), created=True),
                on_failure=self._save_failed,
                owner=self,
            )
        else:
            assert version is not None
            self.ctx.write(
                lambda session: update_firm(
                    session,
                    firm_id,
                    data,
                    expected_version=version,
                    actor=operator.actor,
                    user_id=operator.user_id,
                ),
                on_success=lambda _none: self._saved(firm_id, created=False),
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
        self.errors.show(sorted(errors, key=_order_key))
        self.errors.focus_first()

    def _saved(self, firm_id: int, *, created: bool) -> None:
        self._set_saving(False)
        self.errors.clear()
        self._pristine = self._raw_state()
        self.saved.emit(firm_id, created)
        self.accept()

    def _save_failed(self, exc: BaseException) -> bool:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
            return True
        if isinstance(exc, Conflict):
            self.notice.refused(exc.last if isinstance(exc, StaleRecord) else None)
            return True
        return False

    def reload(self) -> None:
        """The firm as stored now; what was typed is replaced (the operator asked)."""
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

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Discard changes?"),
                self.tr("You have changes that are not saved. Close the form and lose them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
