"""Building blocks shared by the editor dialogs: a field with its error line below."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.field_errors import FieldErrors


def add_field(
    form: QFormLayout,
    errors: FieldErrors,
    field: str,
    text: str,
    widget: QWidget,
    *,
    hint: QLabel | None = None,
) -> QLabel:
    """Add ``widget`` under ``text`` with room for its error message; returns the row label."""
    box = QWidget(form.parentWidget())
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    if hint is not None:
        column.addWidget(hint)
    message = errors.field_label_widget(box)
    column.addWidget(message)
    label = QLabel(text, form.parentWidget())
    label.setBuddy(widget)
    form.addRow(label, box)
    errors.register(field, widget, message)
    return label


def reveal_in(scroll: QScrollArea) -> object:
    """A ``FieldErrors.reveal`` that scrolls the field into view first."""

    def reveal(widget: QWidget) -> None:
        scroll.ensureWidgetVisible(widget, 40, 40)

    return reveal
