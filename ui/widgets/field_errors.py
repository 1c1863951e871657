"""Showing a form's field errors next to the fields, with a summary at the top.

Each field of a form registers the widget to frame in red and a label below it;
rows of small tables register the table. ``show`` marks every problem, lists them
all at the top (each entry a link that jumps to the field) and returns the first
widget so the form can put the focus there. Nothing the user typed is touched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QWidget

from app.errors import FieldError
from ui.appearance import repolish
from ui.messages import error_line, error_text, field_label

_ROW_FIELD = re.compile(r"^(?P<table>\w+)\[(?P<row>\d+)\](?:\.(?P<column>\w+))?$")
ERROR_CELL = QColor("#fdecea")


@dataclass
class _Slot:
    widget: QWidget
    label: QLabel


@dataclass
class _TableSlot:
    table: QTableWidget
    columns: dict[str, int]
    label: QLabel


class FieldErrors:
    def __init__(self, summary: QLabel) -> None:
        self.summary = summary
        self.summary.setProperty("role", "error-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.summary.linkActivated.connect(self._jump)
        self.summary.hide()
        self._slots: dict[str, _Slot] = {}
        self._tables: dict[str, _TableSlot] = {}
        self._marked: list[QWidget] = []
        self._marked_cells: list[tuple[QTableWidget, int, int]] = []
        self.errors: list[FieldError] = []
        # Fields shown on another tab or page: called before focusing the widget.
        self.reveal: Callable[[QWidget], None] = lambda _w: None

    def field_label_widget(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setProperty("role", "field-error")
        label.setWordWrap(True)
        label.hide()
        return label

    def register(self, field: str, widget: QWidget, label: QLabel) -> None:
        self._slots[field] = _Slot(widget, label)

    def register_table(
        self, name: str, table: QTableWidget, columns: dict[str, int], label: QLabel
    ) -> None:
        self._tables[name] = _TableSlot(table, columns, label)

    def widget_for(self, field: str) -> QWidget | None:
        if field in self._slots:
            return self._slots[field].widget
        m = _ROW_FIELD.match(field)
        if m and m["table"] in self._tables:
            return self._tables[m["table"]].table
        if field in self._tables:
            return self._tables[field].table
        return None

    # -- showing -----------------------------------------------------------------------

    def clear(self) -> None:
        for widget in self._marked:
            widget.setProperty("invalid", False)
            repolish(widget)
        for table, row, column in self._marked_cells:
            item = table.item(row, column)
            if item is not None:
                item.setBackground(QBrush())
                item.setToolTip("")
        for slot in self._slots.values():
            slot.label.clear()
            slot.label.hide()
        for slot in self._tables.values():
            slot.label.clear()
            slot.label.hide()
        self._marked, self._marked_cells, self.errors = [], [], []
        self.summary.clear()
        self.summary.hide()

    def show(self, errors: Iterable[FieldError]) -> QWidget | None:
        """Mark every error; returns the widget of the first one (for the focus)."""
        self.clear()
        self.errors = list(errors)
        messages: dict[int, list[str]] = {}
        labels: dict[int, QLabel] = {}
        for err in self.errors:
            text = error_text(err)
            label = self._mark(err, text)
            if label is not None and err.field not in self._slots:
                # One line under a table serves all its rows: say which row.
                text = error_line(err)
            if label is not None:
                messages.setdefault(id(label), []).append(text)
                labels[id(label)] = label
        for key, label in labels.items():
            label.setText("\n".join(messages[key]))
            label.show()
        self._show_summary()
        first = self.errors[0].field if self.errors else None
        return self.widget_for(first) if first else None

    def focus_first(self) -> None:
        if self.errors:
            self._jump(f"field:{self.errors[0].field}")

    def _mark(self, err: FieldError, text: str) -> QLabel | None:
        if err.field in self._slots:
            slot = self._slots[err.field]
            self._mark_widget(slot.widget)
            return slot.label
        m = _ROW_FIELD.match(err.field)
        table_name = m["table"] if m else err.field
        if table_name in self._tables:
            slot_t = self._tables[table_name]
            if m is not None:
                row = int(m["row"])
                column = slot_t.columns.get(m["column"] or "", -1)
                columns = [column] if column >= 0 else list(slot_t.columns.values())
                for c in columns:
                    item = slot_t.table.item(row, c)
                    if item is not None:
                        item.setBackground(QBrush(ERROR_CELL))
                        item.setToolTip(text)
                        self._marked_cells.append((slot_t.table, row, c))
            else:
                self._mark_widget(slot_t.table)
            return slot_t.label
        return None

    def _mark_widget(self, widget: QWidget) -> None:
        widget.setProperty("invalid", True)
        repolish(widget)
        self._marked.append(widget)

    def _show_summary(self) -> None:
        if not self.errors:
            return
        title = QCoreApplication.translate(
            "FieldErrors",
            "Not saved: %n problem(s) to correct. Nothing you typed was lost.",
            "",
            len(self.errors),
        )
        # The field name is the link; the rest of the translated "label: problem" line
        # is split around it so the punctuation stays what the language uses.
        items = ""
        for e in self.errors:
            label = field_label(e.field)
            line = error_line(e)
            before, _, after = line.partition(label)
            link = f'<a href="field:{html.escape(e.field)}">{html.escape(label)}</a>'
            items += f"<li>{html.escape(before)}{link}{html.escape(after)}</li>"
        self.summary.setText(f"<b>{html.escape(title)}</b><ul style='margin:0'>{items}</ul>")
        self.summary.show()

    def _jump(self, link: str) -> None:
        field = link.removeprefix("field:")
        widget = self.widget_for(field)
        if widget is None:
            return
        self.reveal(widget)
        m = _ROW_FIELD.match(field)
        if m and isinstance(widget, QTableWidget):
            slot = self._tables[m["table"]]
            column = slot.columns.get(m["column"] or "", 0)
            widget.setCurrentCell(int(m["row"]), max(column, 0))
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
