"""The list of screens on the left, each with its Ctrl+number shown beside it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole


class _ShortcutHintDelegate(QStyledItemDelegate):
    """Draws the item as usual, then its shortcut in small grey text on the right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        hint = index.data(SHORTCUT_ROLE)
        if not hint:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() - 2, 8))
        painter.setFont(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#dbe7f7") if selected else QColor("#7a8594"))
        rect = option.rect.adjusted(0, 0, -10, 0)
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), hint
        )
        painter.restore()


class NavigationList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setItemDelegate(_ShortcutHintDelegate(self))
        self.setFixedWidth(176)

    def add_screen(self, key: str, title: str, shortcut: str) -> QListWidgetItem:
        item = QListWidgetItem(title, self)
        item.setData(KEY_ROLE, key)
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setToolTip(f"{title}  ({shortcut})" if shortcut else title)
        return item

    def key_at(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(KEY_ROLE)) if item else ""
