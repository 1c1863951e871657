"""The alarm queue as a table model, with a countdown that runs without the database.

The service says how long each alarm had waited when the queue was read; the model adds
the seconds passed since (a monotonic clock), so one timer tick a second repaints the
countdown column and nothing is read again until the queue changes.

The cells are stored in Qt (a ``QStandardItemModel``), written when a reading changes them
and once a second for the countdown: painting the table never calls back into Python.
In a storm that matters: every callback would wait for the interpreter lock held by the
gateway's thread, and a repaint asks for hundreds of cells.
"""

from __future__ import annotations

import time
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from app.alarms import QueueEntry
from ui import labels
from ui.alarms import labels as alarm_labels

SLA_FIRST, SLA_SECOND = 60, 180
WARN_BEFORE_S = 15  # the countdown turns amber this long before a breach

LIFE = QColor("#c62828")
EQUIPMENT = QColor("#ef6c00")
NEAR = QColor("#ef6c00")
BREACHED = QColor("#c62828")
BREACHED_BACK = QColor("#ffebee")
FAR_BREACH_BACK = QColor("#c62828")
WHITE = QColor("#ffffff")
CLAIMED = QColor("#546e7a")

COLUMNS = ("waiting", "priority", "alarm", "who", "handled")


def _key(e: QueueEntry) -> tuple[str, int]:
    """A row's identity across readings: its storm, or its alarm."""
    return ("storm", e.storm_id) if e.storm_id is not None else ("alarm", e.alarm_id)


def _shown(e: QueueEntry) -> tuple[Any, ...]:
    """What a row shows apart from the times waited, which change with every reading."""
    return (
        e.alarm_id,
        e.status,
        e.count,
        e.devices,
        e.priority,
        e.event_code,
        e.event_name,
        e.elder_name,
        e.place,
        e.claimed_by_name,
        e.claimed_at,
        e.repeat_count,
        e.escalation_level,
    )


def clock(seconds: float) -> str:
    s = max(0, int(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


Role = Qt.ItemDataRole
LOOK = Role.UserRole + 1  # what the countdown cell shows now, to skip unchanged writes


class AlarmQueueModel(QStandardItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.entries: list[QueueEntry] = []
        self.loaded_at = time.monotonic()
        self._bold = QFont()
        self._bold.setBold(True)
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("AlarmQueueModel", "Waiting"),
                QCoreApplication.translate("AlarmQueueModel", "Priority"),
                QCoreApplication.translate("AlarmQueueModel", "Alarm"),
                QCoreApplication.translate("AlarmQueueModel", "Elder / area"),
                QCoreApplication.translate("AlarmQueueModel", "Handled by"),
            ]
        )

    # -- content ---------------------------------------------------------------------
    def set_entries(self, entries: list[QueueEntry], loaded_at: float) -> None:
        """Show a new reading of the queue, touching only the rows that changed.

        In a storm the queue is read again many times a second and mostly grows by a row or
        two: a model reset would make the view drop its selection and lay out and paint
        every row again. Rows are matched by their alarm (or storm) and inserted, removed
        or rewritten in place, so the view repaints what changed and keeps the selection.
        """
        old = self.entries
        self.loaded_at = loaded_at
        now = time.monotonic()
        ops = SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in entries], False)
        # Back to front, so the row numbers of the steps still to do stay valid.
        for tag, i1, i2, j1, j2 in reversed(ops.get_opcodes()):
            if tag in ("replace", "delete"):
                self.removeRows(i1, i2 - i1)
                del old[i1:i2]
            if tag in ("replace", "insert"):
                for k, e in enumerate(entries[j1:j2]):
                    self.insertRow(i1 + k, self._row(e, now))
                old[i1:i1] = entries[j1:j2]
        # Same rows, same order now. The times waited differ in every reading (the clock
        # column is rewritten anyway); what else changed is rewritten in place.
        for row, e in enumerate(entries):
            if _shown(old[row]) != _shown(e):
                for column, item in enumerate(self._row(e, now)):
                    self.setItem(row, column, item)
        # Rows kept from the last reading keep their countdowns until the next tick; the
        # new and changed ones were written just now.
        self.entries = list(entries)

    def entry(self, row: int) -> QueueEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def row_of(self, alarm_id: int | None, storm_id: int | None = None) -> int:
        for i, e in enumerate(self.entries):
            if (storm_id is not None and e.storm_id == storm_id) or (
                storm_id is None and e.alarm_id == alarm_id
            ):
                return i
        return -1

    def waiting(self, e: QueueEntry, now: float | None = None) -> float:
        return e.waiting_s + ((now or time.monotonic()) - self.loaded_at)

    def claimed_for(self, e: QueueEntry, now: float | None = None) -> float:
        return (e.claimed_s or 0.0) + ((now or time.monotonic()) - self.loaded_at)

    def alarms_waiting(self) -> int:
        """Alarms (not entries: a storm counts each of its homes) not yet claimed."""
        return sum(e.count for e in self.entries if e.status == "raised")

    def tick(self) -> None:
        """One second passed: rewrite the countdowns, nothing else, in one repaint."""
        if not self.entries:
            return
        now = time.monotonic()
        self.blockSignals(True)
        try:
            for row, e in enumerate(self.entries):
                item = self.item(row, 0)
                if item is not None:
                    self._countdown(item, e, now)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 0))

    # -- cells ---------------------------------------------------------------------------
    def _row(self, e: QueueEntry, now: float) -> list[QStandardItem]:
        items = []
        for column in COLUMNS:
            item = QStandardItem()
            item.setEditable(False)
            if column == "waiting":
                self._countdown(item, e, now)
                items.append(item)
                continue
            item.setText(self._text(e, column))
            if column in ("priority", "alarm"):
                item.setForeground(QBrush(LIFE if e.priority == 1 else EQUIPMENT))
            elif e.status == "claimed":
                item.setForeground(QBrush(CLAIMED))
            if e.priority == 1 and e.status == "raised":
                item.setFont(self._bold)
            items.append(item)
        return items

    def _text(self, e: QueueEntry, column: str) -> str:
        if column == "priority":
            return alarm_labels.priorities().get(e.priority, str(e.priority))
        if column == "alarm":
            name = labels.alarm_events().get(e.event_code) or e.event_name
            text = f"{e.event_code} {name}".strip()
            if e.is_storm:
                return (
                    QCoreApplication.translate("AlarmQueueModel", "Storm: %1 ×%2")
                    .replace("%1", text)
                    .replace("%2", str(e.count))
                )
            if e.repeat_count > 1:
                text += " " + QCoreApplication.translate(
                    "AlarmQueueModel", "(pressed %1 times)"
                ).replace("%1", str(e.repeat_count))
            return text
        if column == "who":
            if e.is_storm:
                return (
                    QCoreApplication.translate("AlarmQueueModel", "%1 · %2 devices")
                    .replace("%1", e.place)
                    .replace("%2", str(e.devices))
                )
            if e.unknown_account:
                return QCoreApplication.translate("AlarmQueueModel", "Unknown device %1").replace(
                    "%1", e.account
                )
            if e.elder_name:
                return f"{e.elder_name} · {e.place}" if e.place else e.elder_name
            return e.account
        if column == "handled":
            if e.status == "claimed":
                return e.claimed_by_name or QCoreApplication.translate("AlarmQueueModel", "claimed")
            return QCoreApplication.translate("AlarmQueueModel", "Enter claims")
        return ""

    def _countdown(self, item: QStandardItem, e: QueueEntry, now: float) -> None:
        """The waiting column: time waited and left to 60 / 180 s, coloured as it nears."""
        fore: QColor | None = None
        back: QColor | None = None
        bold = False
        if e.status == "claimed":
            text = QCoreApplication.translate("AlarmQueueModel", "claimed %1 ago").replace(
                "%1", clock(self.claimed_for(e, now))
            )
            fore = CLAIMED
        else:
            w = self.waiting(e, now)
            if w < SLA_FIRST:
                left = QCoreApplication.translate("AlarmQueueModel", "%1 s to 60").replace(
                    "%1", str(int(SLA_FIRST - w))
                )
            elif w < SLA_SECOND:
                left = QCoreApplication.translate("AlarmQueueModel", "%1 s to 180").replace(
                    "%1", str(int(SLA_SECOND - w))
                )
            else:
                left = ">180 s"
            text = f"{clock(w)} · {left}"
            if w >= SLA_SECOND:
                fore, back = WHITE, FAR_BREACH_BACK
            elif w >= SLA_FIRST:
                fore, back = BREACHED, BREACHED_BACK
            elif w >= SLA_FIRST - WARN_BEFORE_S:
                fore = NEAR
            bold = w >= SLA_FIRST - WARN_BEFORE_S
        # Most seconds change only the text: the colours are written when they change.
        look = (text, fore, back, bold)
        if item.data(LOOK) == look:
            return
        if item.data(LOOK) is None or item.data(LOOK)[1:] != look[1:]:
            item.setData(QBrush(fore) if fore is not None else None, Role.ForegroundRole)
            item.setData(QBrush(back) if back is not None else None, Role.BackgroundRole)
            item.setData(self._bold if bold else None, Role.FontRole)
        item.setText(text)
        item.setData(look, LOOK)
