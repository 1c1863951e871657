"""Pieces the sign-in dialogs and the users panel share: role names, field errors, refusals.

app.auth reports problems as FieldErrors with stable codes and English messages; the
operator reads them here, in their language, next to the field they concern.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.auth import MIN_PASSWORD, SignInRefused
from app.errors import AnxinError, FieldError, PermissionDenied
from ui.appearance import repolish


def role_labels() -> dict[str, str]:
    """app.access.ROLES in the operator's words."""
    return {
        "operator": QCoreApplication.translate("Roles", "Operator"),
        "supervisor": QCoreApplication.translate("Roles", "Supervisor"),
        "admin": QCoreApplication.translate("Roles", "Administrator"),
    }


def role_label(code: str) -> str:
    return role_labels().get(code, code)


def error_text(err: FieldError) -> str:
    """One field's problem, translated by its code; unknown codes keep the English text."""
    p = err.params
    texts = {
        "required": lambda: QCoreApplication.translate("UserForms", "Required."),
        "username_pattern": lambda: QCoreApplication.translate(
            "UserForms",
            "Use 2 to 40 lower-case letters, digits, “.”, “_” or “-”, starting with a letter "
            "(for example zhangli).",
        ),
        "username_taken": lambda: QCoreApplication.translate(
            "UserForms", "This user name is already taken."
        ),
        "too_long": lambda: (
            QCoreApplication.translate("UserForms", "Too long: %1 characters, at most %2.")
            .replace("%1", p.get("length", "?"))
            .replace("%2", p.get("max", "?"))
        ),
        "password_short": lambda: QCoreApplication.translate(
            "UserForms", "At least %1 characters."
        ).replace("%1", p.get("min", str(MIN_PASSWORD))),
        "password_mismatch": lambda: QCoreApplication.translate(
            "UserForms", "The two passwords differ: type the same one twice."
        ),
        "invalid_choice": lambda: QCoreApplication.translate(
            "UserForms", "Choose a role from the list."
        ),
        "last_admin": lambda: QCoreApplication.translate(
            "UserForms", "%1 is the only active administrator: add another administrator first."
        ).replace("%1", p.get("name", "")),
    }
    make = texts.get(err.code)
    return make() if make else err.message


def refusal_text(exc: SignInRefused) -> str:
    if exc.code == "locked":
        return QCoreApplication.translate(
            "UserForms",
            "Too many wrong passwords: this account is locked until %1. Try again then, or "
            "ask an administrator to unlock it.",
        ).replace("%1", exc.until)
    if exc.code == "inactive":
        return QCoreApplication.translate(
            "UserForms", "This account has been deactivated. Ask an administrator to reactivate it."
        )
    return QCoreApplication.translate("UserForms", "Wrong user name or password.")


def failure_message(exc: BaseException) -> str | None:
    """Text for a refusal the form shows itself; None for what ui.tasks should present."""
    if isinstance(exc, SignInRefused):
        return refusal_text(exc)
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("UserForms", "Only an administrator can manage users.")
    if isinstance(exc, AnxinError):
        return exc.message
    return None


def password_mismatch() -> FieldError:
    return FieldError("password_again", "password_mismatch", "The two passwords differ.")


class FieldSlot:
    """A line edit and the red line under it that names its problem."""

    def __init__(self, form: QFormLayout, label: str, edit: QLineEdit) -> None:
        self.edit = edit
        holder = QWidget(edit.parentWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        edit.setParent(holder)
        column.addWidget(edit)
        self.error = QLabel(holder)
        self.error.setProperty("role", "field-error")
        self.error.setWordWrap(True)
        self.error.hide()
        column.addWidget(self.error)
        form.addRow(label, holder)
        # The form label's mnemonic (Alt+U) must focus the edit, not the holder.
        buddy = form.labelForField(holder)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(edit)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.edit.setProperty("invalid", bool(text))
        repolish(self.edit)


def fit(dialog: QWidget) -> None:
    """Grow a shown dialog to fit a message that just appeared, never narrower than it is."""
    width = dialog.width()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    hint = dialog.sizeHint()
    height = (
        layout.heightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    )
    dialog.resize(width, max(hint.height(), height, dialog.height()))


def show_field_errors(slots: dict[str, FieldSlot], errors: list[FieldError]) -> QLineEdit | None:
    """Mark every problem under its field; returns the first field to put the focus in."""
    for slot in slots.values():
        slot.show_error("")
    for err in errors:
        slot = slots.get(err.field)
        if slot is None:
            continue
        previous = slot.error.text()
        slot.show_error("\n".join(t for t in (previous, error_text(err)) if t))
    # The first in the form's order, top to bottom, whatever order the service used.
    marked = {err.field for err in errors}
    first = next((slot.edit for name, slot in slots.items() if name in marked), None)
    if slots:
        fit(next(iter(slots.values())).edit.window())
    return first
