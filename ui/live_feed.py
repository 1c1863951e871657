"""What the gateway just delivered, newest first: calls on Hotline, alarms on Alarms.

A first, read-only view until the full Hotline and Alarms screens arrive: it shows that
the phone line and the receiver are alive and whose call or alarm came in. It keeps only
the latest rows in memory (a feed, not a table of the database).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui import labels
from ui.appearance import ERROR_RED, WARN_AMBER
from ui.bus_bridge import BusBridge
from ui.context import UiContext

MAX_ROWS = 200


def _local_time(iso: str | None) -> str:
    if not iso:
        return datetime.now().strftime("%H:%M:%S")
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso


class LiveFeed(QWidget):
    def __init__(self, ctx: UiContext, kind: str, title: str, description: str) -> None:
        super().__init__()
        self.kind = kind  # "calls" or "alarms"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        heading = QLabel(title, self)
        heading.setProperty("role", "placeholder-title")
        body = QLabel(description, self)
        body.setWordWrap(True)
        body.setProperty("role", "hint")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName(f"live-{kind}")
        if kind == "calls":
            headers = [self.tr("Time"), self.tr("Number"), self.tr("Caller"), self.tr("Line")]
        else:
            headers = [self.tr("Time"), self.tr("Alarm"), self.tr("Elder"), self.tr("Device")]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.empty = QLabel(self.tr("Nothing has arrived since the console started."), self)
        self.empty.setProperty("role", "hint")
        for w in (heading, body, self.empty, self.table):
            layout.addWidget(w)
        self.bridge = BusBridge(ctx.bus, "call.ringing" if kind == "calls" else "alarm.", self)
        self.bridge.message.connect(self._on_message)

    def _on_message(self, topic: str, payload: dict[str, Any]) -> None:
        if self.kind == "calls" and topic == "call.ringing":
            elders = payload.get("elders") or []
            if not elders:
                who = self.tr("Unknown caller")
            else:
                who = "、".join(
                    self.tr("%1 (%2, %3)")
                    .replace("%1", str(e.get("name", "")))
                    .replace("%2", str(e.get("age", "")))
                    .replace("%3", str(e.get("community", "")))
                    for e in elders
                )
            self._add(
                [
                    _local_time(payload.get("started_at")),
                    str(payload.get("number") or ""),
                    who,
                    str(payload.get("line") or ""),
                ],
                None,
            )
        elif self.kind == "alarms" and topic == "alarm.raised":
            elder = payload.get("elder_name") or (
                self.tr("Unknown device") if payload.get("unknown_account") else "—"
            )
            code = str(payload.get("event_code") or "")
            name = labels.alarm_events().get(code) or str(payload.get("event_name") or "")
            what = f"{code} {name}".strip()
            colour = {1: ERROR_RED, 2: WARN_AMBER}.get(int(payload.get("priority") or 3))
            self._add(
                [
                    _local_time(payload.get("received_at")),
                    what,
                    str(elder),
                    str(payload.get("account") or ""),
                ],
                colour,
            )

    def _add(self, cells: list[str], colour: str | None) -> None:
        self.empty.hide()
        self.table.insertRow(0)
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour and col == 1:
                item.setForeground(QColor(colour))
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(0, col, item)
        while self.table.rowCount() > MAX_ROWS:
            self.table.removeRow(self.table.rowCount() - 1)
        self.table.resizeColumnsToContents()
