"""The alarm queue as a table model, with a countdown that runs without the database.

The service says how long each alarm had waited when the queue was read; the model adds
the seconds passed since (a monotonic clock), so one timer tick a second repaints the
countdown column and nothing is read again until the queue changes.
"""

from __future__ import annotations

import time
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.alarms import QueueEntry
from ui import labels
from ui.alarms import labels as alarm_labels

Index = QModelIndex | QPersistentModelIndex

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


class AlarmQueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[QueueEntry] = []
        self.loaded_at = time.monotonic()
        self._bold = QFont()
        self._bold.setBold(True)
        # Texts that do not change with the clock, per (row entry, column), for this
        # reading: the view asks for them on every repaint, and the labels are translated.
        self._texts: dict[tuple[int, str], str] = {}

    # -- content ---------------------------------------------------------------------
    def set_entries(self, entries: list[QueueEntry], loaded_at: float) -> None:
        """Show a new reading of the queue, touching only the rows that changed.

        In a storm the queue is read again many times a second and mostly grows by a row or
        two: a model reset would make the view drop its selection and ask for every visible
        cell again. Rows are matched by their alarm (or storm) and inserted, removed or
        updated in place, so the view repaints what changed and keeps the selection.
        """
        old = self.entries
        self.loaded_at = loaded_at
        self._texts.clear()
        if not old or not entries:
            if old or entries:
                self.beginResetModel()
                self.entries = list(entries)
                self.endResetModel()
            return
        new_keys = [_key(e) for e in entries]
        ops = SequenceMatcher(None, [_key(e) for e in old], new_keys, autojunk=False)
        # Back to front, so the row numbers of the steps still to do stay valid.
        for tag, i1, i2, j1, j2 in reversed(ops.get_opcodes()):
            if tag in ("replace", "delete"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self.entries[i1:i2]
                self.endRemoveRows()
            if tag in ("replace", "insert"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self.entries[i1:i1] = entries[j1:j2]
                self.endInsertRows()
        # Same rows, same order now. The times waited differ in every reading (the clock
        # column is repainted anyway); what else changed is repainted in one span.
        changed = [row for row, e in enumerate(entries) if _shown(self.entries[row]) != _shown(e)]
        self.entries[:] = entries
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1)
            )
        self.tick()

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
        """One second passed: repaint the countdowns, nothing else."""
        if self.entries:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.entries) - 1, 0),
                [
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.BackgroundRole,
                ],
            )

    # -- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "waiting": QCoreApplication.translate("AlarmQueueModel", "Waiting"),
            "priority": QCoreApplication.translate("AlarmQueueModel", "Priority"),
            "alarm": QCoreApplication.translate("AlarmQueueModel", "Alarm"),
            "who": QCoreApplication.translate("AlarmQueueModel", "Elder / area"),
            "handled": QCoreApplication.translate("AlarmQueueModel", "Handled by"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry(index.row())
        if e is None:
            return None
        column = COLUMNS[index.column()]
        if column == "waiting":
            return self._countdown(e, role)
        if role == Qt.ItemDataRole.DisplayRole:
            cached = self._texts.get((id(e), column))
            if cached is None:
                cached = self._texts[(id(e), column)] = self._text(e, column)
            return cached
        if role == Qt.ItemDataRole.ForegroundRole and column in ("priority", "alarm"):
            return QBrush(LIFE if e.priority == 1 else EQUIPMENT)
        if role == Qt.ItemDataRole.ForegroundRole and e.status == "claimed":
            return QBrush(CLAIMED)
        if role == Qt.ItemDataRole.FontRole and e.priority == 1 and e.status == "raised":
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return e
        return None

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

    def _countdown(self, e: QueueEntry, role: int) -> Any:
        if e.status == "claimed":
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("AlarmQueueModel", "claimed %1 ago").replace(
                    "%1", clock(self.claimed_for(e))
                )
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(CLAIMED)
            return None
        w = self.waiting(e)
        if role == Qt.ItemDataRole.DisplayRole:
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
            return f"{clock(w)} · {left}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if w >= SLA_SECOND:
                return QBrush(WHITE)
            if w >= SLA_FIRST:
                return QBrush(BREACHED)
            if w >= SLA_FIRST - WARN_BEFORE_S:
                return QBrush(NEAR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if w >= SLA_SECOND:
                return QBrush(FAR_BREACH_BACK)
            if w >= SLA_FIRST:
                return QBrush(BREACHED_BACK)
            return None
        if role == Qt.ItemDataRole.FontRole and w >= SLA_FIRST - WARN_BEFORE_S:
            return self._bold
        return None
