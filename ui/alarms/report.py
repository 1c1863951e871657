"""The month's alarm handling report: how fast each operator claimed and resolved alarms.

Figures from ``app.alarms.handling_report`` (read off the GUI thread): per operator the
raised→claimed median and 90th percentile, the claimed→resolved median and the share
claimed within 60 s and 180 s, against the service levels of DESIGN.md (97.5 % within
60 s, 99 % within 180 s: a share below them is shown in red); the alarms nobody claimed;
accidental presses per device and per elder, most first. The month is picked with the
arrow keys (Up/Down on the month or the year); F5 reads it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import alarms
from app.alarms import HandlingReport, OperatorFigures, Presses
from app.errors import AnxinError
from ui.appearance import ERROR_RED
from ui.context import UiContext
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TARGET_60 = 0.975
TARGET_180 = 0.99


class HandlingReportPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: HandlingReport | None = None
        self.loads = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.month = QDateEdit(QDate.currentDate(), self)
        self.month.setObjectName("report-month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMinimumDate(QDate(2000, 1, 1))
        self.month.setCurrentSection(QDateEdit.Section.MonthSection)
        label = QLabel(self.tr("&Month"), self)
        label.setBuddy(self.month)
        bar.addWidget(label)
        bar.addWidget(self.month)
        self.status = QLabel(self)
        self.status.setObjectName("report-status")
        bar.addWidget(self.status, 1)
        layout.addLayout(bar)

        self.operators = QTableWidget(0, 7, self)
        self.operators.setObjectName("report-operators")
        self.operators.setHorizontalHeaderLabels(
            [
                self.tr("Operator"),
                self.tr("Alarms claimed"),
                self.tr("Raised → claimed, median"),
                self.tr("90th percentile"),
                self.tr("Claimed → resolved, median"),
                self.tr("Claimed within 60 s"),
                self.tr("Within 180 s"),
            ]
        )
        self.operators.horizontalHeaderItem(5).setToolTip(self.tr("Service level: 97.5 %"))
        self.operators.horizontalHeaderItem(6).setToolTip(self.tr("Service level: 99 %"))
        self._table(self.operators)
        layout.addWidget(self.operators, 1)
        self.never = QLabel(self)
        self.never.setObjectName("report-never-claimed")
        layout.addWidget(self.never)

        presses = QHBoxLayout()
        self.by_device = QTableWidget(0, 2, self)
        self.by_device.setObjectName("report-accidental-devices")
        self.by_device.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Presses")])
        self.by_elder = QTableWidget(0, 2, self)
        self.by_elder.setObjectName("report-accidental-elders")
        self.by_elder.setHorizontalHeaderLabels([self.tr("Elder"), self.tr("Presses")])
        for table, title in (
            (self.by_device, self.tr("Accidental presses by device")),
            (self.by_elder, self.tr("Accidental presses by elder")),
        ):
            self._table(table)
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(table)
            presses.addWidget(box)
        layout.addLayout(presses, 1)

        self.month.dateChanged.connect(lambda _d: self.reload())
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(Qt.Key.Key_F5, self, self.reload, scope)
        self._loaded_once = False

    def _table(self, table: QTableWidget) -> None:
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The names take the spare width; the figures stay beside them, right-aligned.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- screen protocol --------------------------------------------------------------------
    def activated(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.reload()
        self.month.setFocus()
        # Up/Down step the month, not the year.
        self.month.setCurrentSection(QDateEdit.Section.MonthSection)

    def month_text(self) -> str:
        return self.month.date().toString("yyyy-MM")

    def reload(self) -> None:
        month = self.month_text()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Reading %1…").replace("%1", month))

        def read(session: Session) -> HandlingReport:
            return alarms.handling_report(session, month)

        self.ctx.read(
            read, on_success=self._show, on_failure=self._failed, owner=self, key="alarm-report"
        )

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, AnxinError):
            self.status.setStyleSheet(f"color: {ERROR_RED};")
            self.status.setText(exc.message)
            return True
        return False

    # -- showing ----------------------------------------------------------------------------
    def _show(self, report: HandlingReport) -> None:
        self.report = report
        self.loads += 1
        self.status.setText(
            self.tr("%1: %2 alarms claimed")
            .replace("%1", report.month)
            .replace("%2", str(report.total.alarms))
        )
        rows = [*report.operators, report.total]
        self.operators.setRowCount(len(rows))
        bold = QFont(self.operators.font())
        bold.setBold(True)
        for r, figures in enumerate(rows):
            total = r == len(rows) - 1
            cells = self._figures(figures, total)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if total:
                    item.setFont(bold)
                below = (c == 5 and _below(figures.within_60, TARGET_60)) or (
                    c == 6 and _below(figures.within_180, TARGET_180)
                )
                if below:
                    item.setForeground(QColor(ERROR_RED))
                self.operators.setItem(r, c, item)
        self.never.setText(
            self.tr("Never claimed: %1 (closed by a restore, or still waiting)").replace(
                "%1", str(report.never_claimed)
            )
        )
        self._presses(self.by_device, report.accidental_by_device)
        self._presses(self.by_elder, report.accidental_by_elder)

    def _figures(self, f: OperatorFigures, total: bool) -> list[str]:
        return [
            self.tr("All operators") if total else f.operator,
            str(f.alarms),
            self._seconds(f.claim_p50_s),
            self._seconds(f.claim_p90_s),
            self._seconds(f.resolve_p50_s),
            _share(f.within_60),
            _share(f.within_180),
        ]

    def _seconds(self, s: float | None) -> str:
        if s is None:
            return "—"
        whole = round(s)
        if whole < 120:
            return self.tr("%1 s").replace("%1", str(whole))
        return self.tr("%1 min %2 s").replace("%1", str(whole // 60)).replace("%2", str(whole % 60))

    def _presses(self, table: QTableWidget, rows: tuple[Presses, ...]) -> None:
        table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(p.label))
            count = QTableWidgetItem(str(p.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, 1, count)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _below(value: float | None, target: float) -> bool:
    return value is not None and value < target
