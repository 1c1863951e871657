"""A long list of checkable choices with a filter box (communities, service items)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)


class _ChecklistFilter(QSortFilterProxyModel):
    """Text filter, plus "ticked only" to review a selection out of 168 items."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.ticked_only = False

    def set_ticked_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.ticked_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self.ticked_only:
            state = (
                self.sourceModel()
                .index(source_row, 0, source_parent)
                .data(Qt.ItemDataRole.CheckStateRole)
            )
            if state not in (Qt.CheckState.Checked, Qt.CheckState.Checked.value):
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class Checklist(QWidget):
    """Filter by typing; Space toggles the current entry; the count of ticks is shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Type to filter…"))
        self.model = QStandardItemModel(self)
        self.proxy = _ChecklistFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Search text lives in a hidden role: label plus pinyin initials or codes.
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole + 1)
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.summary = QLabel(self)
        self.summary.setProperty("role", "hint")
        self.ticked_only = QCheckBox(self.tr("Ticked only"), self)
        self.ticked_only.toggled.connect(self.proxy.set_ticked_only)
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.ticked_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.returnPressed.connect(self.view.setFocus)
        self._filling = False
        self.model.itemChanged.connect(self._item_changed)
        self.setFocusProxy(self.filter)
        self._update_summary()

    def set_choices(self, choices: Iterable[tuple[int, str, str]], checked: set[int]) -> None:
        """``choices``: (id, label, extra search text such as code or pinyin)."""
        # Not blockSignals: the filter proxy must see the rows arrive.
        self._filling = True
        self.model.clear()
        for choice_id, text, extra in choices:
            item = QStandardItem(text)
            item.setData(choice_id, Qt.ItemDataRole.UserRole)
            item.setData(f"{text} {extra}", Qt.ItemDataRole.UserRole + 1)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(
                Qt.CheckState.Checked if choice_id in checked else Qt.CheckState.Unchecked
            )
            item.setToolTip(text)
            self.model.appendRow(item)
        self._filling = False
        self._update_summary()

    def checked_ids(self) -> set[int]:
        out: set[int] = set()
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_checked(self, ids: set[int]) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            state = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _item_changed(self, _item: QStandardItem) -> None:
        if self._filling:
            return
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        self.summary.setText(
            self.tr("%1 of %2 selected")
            .replace("%1", str(len(self.checked_ids())))
            .replace("%2", str(self.model.rowCount()))
        )
