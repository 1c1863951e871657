"""A combo box you can type into to find an entry among many (communities, firms)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class SearchableCombo(QComboBox):
    """Entries are (id, label, extra search text); ``current_id`` is None when no entry
    matches what was typed, and the typed text stays in the box."""

    def __init__(self, parent: QWidget | None = None, *, empty_label: str = "") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self._empty_label = empty_label
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model())
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.setFilterRole(Qt.ItemDataRole.UserRole + 1)
        completer = QCompleter(self)
        completer.setModel(self.model())
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(self.tr("Type to search…"))

    def set_entries(self, entries: Iterable[tuple[int, str, str]]) -> None:
        keep = self.current_id()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._empty_label, None)
        for entry_id, text, extra in entries:
            self.addItem(text, entry_id)
            self.setItemData(self.count() - 1, f"{text} {extra}", Qt.ItemDataRole.UserRole + 1)
            self.setItemData(self.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        self.set_current_id(keep)

    def set_current_id(self, entry_id: int | None) -> None:
        index = self.findData(entry_id) if entry_id is not None else 0
        self.setCurrentIndex(max(index, 0))

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if index < 0 or self.itemText(index) != self.currentText():
            return None
        value = self.itemData(index)
        return int(value) if value is not None else None

    def typed_text(self) -> str:
        return self.currentText().strip()
