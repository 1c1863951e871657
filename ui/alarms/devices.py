"""Device supervision: silent, battery-low and mains-lost devices, filtered by condition and
area, with a maintenance order to the device's firm in one key (Ctrl+M)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import alarms
from app.alarms import DeviceCondition
from app.errors import AnxinError
from app.registry.areas import AreaRef, list_areas
from ui import labels
from ui.alarms import labels as alarm_labels
from ui.appearance import ERROR_RED, OK_GREEN
from ui.context import UiContext
from ui.widgets.html import fmt_datetime
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEVICE = Qt.ItemDataRole.UserRole


class DevicesPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[DeviceCondition] = []
        self._areas_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.condition = QComboBox(self)
        self.condition.setObjectName("device-condition")
        self.condition.addItem(self.tr("All conditions"), None)
        for code, text in alarm_labels.conditions().items():
            self.condition.addItem(text, code)
        self.area = QComboBox(self)
        self.area.setObjectName("device-area")
        self.area.addItem(self.tr("All areas"), None)
        self.maintain = QPushButton(self.tr("&Maintenance order (Ctrl+M)"), self)
        self.maintain.setObjectName("maintenance-order")
        self.maintain.clicked.connect(self.maintenance_order)
        bar.addWidget(QLabel(self.tr("Condition"), self))
        bar.addWidget(self.condition)
        bar.addWidget(QLabel(self.tr("Area"), self))
        bar.addWidget(self.area, 1)
        bar.addWidget(self.maintain)
        layout.addLayout(bar)
        self.count = QLabel(self)
        self.count.setObjectName("device-count")
        layout.addWidget(self.count)
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("device-conditions")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Device"),
                self.tr("Condition"),
                self.tr("Last check-in"),
                self.tr("Elder"),
                self.tr("Community"),
                self.tr("Address"),
                self.tr("Maintained by"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("device-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.condition.currentIndexChanged.connect(lambda _i: self.reload())
        self.area.currentIndexChanged.connect(lambda _i: self.reload())
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(QKeySequence("Ctrl+M"), self, self.maintenance_order, scope)

    def reload(self) -> None:
        if not self._areas_loaded:
            self._areas_loaded = True
            self.ctx.read(list_areas, on_success=self._fill_areas, owner=self)
        kind = self.condition.currentData()
        area_id = self.area.currentData()

        def read(session: Session) -> list[DeviceCondition]:
            return alarms.device_conditions(session, kind, area_id)

        self.ctx.read(read, on_success=self._show, owner=self, key="device-conditions")

    def _fill_areas(self, areas: list[AreaRef]) -> None:
        self.area.blockSignals(True)
        for a in areas:
            self.area.addItem("    " * a.depth + a.name, a.id)
        self.area.blockSignals(False)

    def _show(self, rows: list[DeviceCondition]) -> None:
        self.rows = rows
        names = alarm_labels.conditions()
        kinds = labels.device_kinds()
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            condition = "、".join(names[x] for x in c.conditions)
            if c.silent_h is not None:
                condition += " " + self.tr("(%1 h)").replace("%1", str(int(c.silent_h)))
            cells = [
                f"{c.account} {labels.label(kinds, c.kind)}",
                condition,
                fmt_datetime(c.last_test_at),
                c.elder_name,
                c.community,
                c.address,
                c.firm_name,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setForeground(QColor(ERROR_RED))
                item.setData(DEVICE, c.device_id)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("%1 devices need attention").replace("%1", str(len(rows))))
        if rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def selected(self) -> DeviceCondition | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def maintenance_order(self) -> None:
        c = self.selected()
        if c is None:
            return
        actor = self.ctx.operator.as_actor()
        device_id = c.device_id

        def sent(order: alarms.DispatchedOrder) -> None:
            self.message.setStyleSheet(f"color: {OK_GREEN};")
            self.message.setText(
                self.tr("Order %1 (%2) sent to %3 for device %4.")
                .replace("%1", order.order_no)
                .replace("%2", order.item_name)
                .replace("%3", order.firm_name)
                .replace("%4", c.account)
            )

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, AnxinError):
                self.message.setStyleSheet(f"color: {ERROR_RED};")
                self.message.setText(exc.message)
                return True
            return False

        self.ctx.write(
            lambda s: alarms.maintenance_order(s, device_id, actor),
            on_success=sent,
            on_failure=failed,
            owner=self,
        )
