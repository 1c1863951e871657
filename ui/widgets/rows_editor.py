"""A small editable table of rows (phones, emergency contacts) with add/remove/move.

Tab leaves the table (arrows move between cells, typing starts editing), so a
keyboard user is never trapped in it. Choice columns hold a code and show its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

CODE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class RowColumn:
    key: str
    header: str
    choices: dict[str, str] | None = None  # code → label
    default: str = ""
    stretch: bool = False


class _ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, choices: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for code, text in self.choices.items():
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(CODE_ROLE)), 0))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), CODE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class RowsEditor(QWidget):
    changed = Signal()

    def __init__(
        self,
        columns: Sequence[RowColumn],
        *,
        add_text: str,
        movable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.columns):
            if column.choices is not None:
                self.table.setItemDelegateForColumn(i, _ChoiceDelegate(column.choices, self.table))
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(i, mode)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

        self.add_button = QPushButton(add_text, self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.up_button: QPushButton | None = None
        self.down_button: QPushButton | None = None
        if movable:
            self.up_button = QPushButton(self.tr("Move up"), self)
            self.down_button = QPushButton(self.tr("Move down"), self)
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
            self.up_button.clicked.connect(lambda: self._move(-1))
            self.down_button.clicked.connect(lambda: self._move(1))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current)
        self.setFocusProxy(self.table)

    # -- values ----------------------------------------------------------------------

    def set_rows(self, rows: Sequence[dict[str, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)
        self.table.blockSignals(False)

    def rows(self) -> list[dict[str, str]]:
        self.commit_pending()
        out: list[dict[str, str]] = []
        for r in range(self.table.rowCount()):
            values: dict[str, str] = {}
            for c, column in enumerate(self.columns):
                item = self.table.item(r, c)
                if item is None:
                    values[column.key] = ""
                elif column.choices is not None:
                    values[column.key] = str(item.data(CODE_ROLE) or "")
                else:
                    values[column.key] = item.text()
            out.append(values)
        return out

    def commit_pending(self) -> None:
        """Take a cell still being typed into (Ctrl+S does not move the focus)."""
        focus = QApplication.focusWidget()
        if (
            focus is not None
            and focus is not self.table
            and self.table.isAncestorOf(focus)
            and self.table.state() == QAbstractItemView.State.EditingState
        ):
            self.table.commitData(focus)

    # -- editing ---------------------------------------------------------------------

    def _append(self, values: dict[str, str]) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, column in enumerate(self.columns):
            value = values.get(column.key, column.default)
            if column.choices is not None:
                item = QTableWidgetItem(column.choices.get(value, value))
                item.setData(CODE_ROLE, value)
            else:
                item = QTableWidgetItem(value)
            self.table.setItem(r, c, item)
        return r

    def add_row(self) -> None:
        r = self._append({})
        first_text = next((i for i, c in enumerate(self.columns) if c.choices is None), 0)
        self.table.setCurrentCell(r, first_text)
        self.table.setFocus()
        self.table.editItem(self.table.item(r, first_text))
        self.changed.emit()

    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self.changed.emit()

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.rows()
        rows[r], rows[target] = rows[target], rows[r]
        column = self.table.currentColumn()
        self.set_rows(rows)
        self.table.setCurrentCell(target, max(column, 0))
        self.changed.emit()
