"""A screen that a later version fills: says plainly what will be here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderScreen(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(16)
        heading = QLabel(title, self)
        heading.setProperty("role", "placeholder-title")
        badge = QLabel(self.tr("Not available yet — coming in a later version."), self)
        badge.setProperty("role", "hint")
        body = QLabel(description, self)
        body.setWordWrap(True)
        body.setMaximumWidth(720)
        body.setObjectName("placeholder-body")
        meanwhile = QLabel(
            self.tr(
                "Working now: Elders (Ctrl+4) and Firms (Ctrl+5) — search, view and edit "
                "the register."
            ),
            self,
        )
        meanwhile.setProperty("role", "hint")
        meanwhile.setWordWrap(True)
        for w in (heading, badge, body, meanwhile):
            w.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            layout.addWidget(w)
        layout.addStretch(1)
