"""Add or edit one member of a firm's staff."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FieldError, ValidationError
from app.registry.firms import StaffInput, StaffRow, add_staff, update_staff
from ui import labels
from ui.context import UiContext
from ui.widgets.date_field import DateField, DateFormatError
from ui.widgets.field_errors import FieldErrors
from ui.widgets.form import add_field
from ui.widgets.shortcuts import add_shortcut


class StaffEditor(QDialog):
    saved = Signal(int)  # firm id

    def __init__(
        self,
        ctx: UiContext,
        firm_id: int,
        firm_name: str,
        staff: StaffRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.firm_id = firm_id
        self.staff = staff
        self.saving = False
        self.setObjectName("staff-editor")
        title = self.tr("Add staff to %1") if staff is None else self.tr("Edit staff of %1")
        self.setWindowTitle(title.replace("%1", firm_name))
        self.resize(560, 520)

        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.errors = FieldErrors(self.summary)
        layout.addWidget(self.summary)
        body = QWidget(self)
        form = QFormLayout(body)
        self.name = QLineEdit(body)
        add_field(form, self.errors, "name", self.tr("&Name"), self.name)
        self.sex = QComboBox(body)
        for code, text in labels.sexes().items():
            self.sex.addItem(text, code)
        add_field(form, self.errors, "sex", self.tr("Se&x"), self.sex)
        self.phone = QLineEdit(body)
        add_field(form, self.errors, "phone", self.tr("&Phone"), self.phone)
        self.id_number = QLineEdit(body)
        self.id_number.setPlaceholderText(self.tr("Optional"))
        add_field(form, self.errors, "id_number", self.tr("&ID number"), self.id_number)
        self.role = QLineEdit(body)
        self.role.setPlaceholderText(self.tr("e.g. carer, housekeeper, meal courier"))
        add_field(form, self.errors, "role", self.tr("&Role"), self.role)
        self.certificate = QLineEdit(body)
        add_field(form, self.errors, "certificate", self.tr("&Certificate"), self.certificate)
        self.certified_until = DateField(body, optional=True)
        add_field(
            form,
            self.errors,
            "certified_until",
            self.tr("Certified &until"),
            self.certified_until,
        )
        self.active = QCheckBox(self.tr("Works for the firm now"), body)
        add_field(form, self.errors, "active", self.tr("&Active"), self.active)
        layout.addWidget(body, 1)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.fill(staff)

    def fill(self, staff: StaffRow | None) -> None:
        if staff is None:
            self.sex.setCurrentIndex(max(self.sex.findData("F"), 0))
            self.active.setChecked(True)
            return
        self.name.setText(staff.name)
        self.sex.setCurrentIndex(max(self.sex.findData(staff.sex), 0))
        self.phone.setText(staff.phone)
        self.id_number.setText(staff.id_number)
        self.role.setText(staff.role)
        self.certificate.setText(staff.certificate)
        self.certified_until.set_date(staff.certified_until)
        self.active.setChecked(staff.active)

    def collect(self) -> tuple[StaffInput, list[FieldError]]:
        problems: list[FieldError] = []
        try:
            until = self.certified_until.date()
        except DateFormatError:
            until = None
            problems.append(
                FieldError(
                    "certified_until",
                    "date_format",
                    "not a date",
                    {"text": self.certified_until.text()},
                )
            )
        data = StaffInput(
            name=self.name.text(),
            sex=str(self.sex.currentData()),
            phone=self.phone.text(),
            id_number=self.id_number.text(),
            role=self.role.text(),
            certificate=self.certificate.text(),
            certified_until=until,
            active=self.active.isChecked(),
        )
        return data, problems

    def save(self) -> None:
        if self.saving:
            return
        data, problems = self.collect()
        if problems:
            self.errors.show(problems)
            self.errors.focus_first()
            return
        operator, firm_id, staff = self.ctx.operator, self.firm_id, self.staff
        self.saving = True
        self.save_button.setEnabled(False)
        if staff is None:
            self.ctx.write(
                lambda session: add_staff(
                    session, firm_id, data, actor=operator.actor, user_id=operator.user_id
                ),
                on_success=lambda _id: self._saved(),
                on_failure=self._failed,
                owner=self,
            )
        else:
            self.ctx.write(
                lambda session: update_staff(
                    session, staff.id, data, actor=operator.actor, user_id=operator.user_id
                ),
                on_success=lambda _none: self._saved(),
                on_failure=self._failed,
                owner=self,
            )

    def _saved(self) -> None:
        self.saving = False
        self.saved.emit(self.firm_id)
        self.accept()

    def _failed(self, exc: BaseException) -> bool:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            self.errors.focus_first()
            return True
        return False
