"""The Order board (Ctrl+3) driven through its real widgets on a small centre with orders."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.access import Actor
from app.context import Database
from app.orders.service import OrderRequest, dispatch_order, transition
from app.registry.firms import StaffInput, add_staff
from db.models import WorkOrder
from tests.ui.conftest import type_text
from tests.ui.factories import Centre
from ui.main_window import MainWindow
from ui.orders.screen import OrdersScreen

STAFF = "钱丽珍"
OPERATOR = Actor("test", role="operator")
ORDERS = 130  # more than one page of 100


@pytest.fixture
def orders(centre_db: Database, centre: Centre) -> list[int]:
    """130 orders for the four named elders, newest last; one of 李秀英's completed."""
    ids: list[int] = []
    with centre_db.sessions() as s:
        add_staff(
            s,
            centre.firm_id,
            StaffInput(name=STAFF, sex="F", phone="13909315555", role="护理员"),
            actor="test",
        )
        elders = list(centre.elder_ids.values())
        for i in range(ORDERS):
            req = OrderRequest(elders[i % 4], centre.item_ids[i % 2])
            ids.append(dispatch_order(s, req, actor=OPERATOR).id)
        for to in ("accepted", "in_service", "completed"):
            transition(s, ids[1], to, actor=OPERATOR, reported_by=STAFF)
    return ids


def _open_board(qtbot: QtBot, window: MainWindow, idle: Callable[[], None]) -> OrdersScreen:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["orders"]
    assert isinstance(screen, OrdersScreen)
    assert window.stack.currentWidget() is screen
    idle()
    return screen


def _status(db: Database, order_id: int) -> str:
    with db.sessions() as s:
        return s.scalars(select(WorkOrder.status).where(WorkOrder.id == order_id)).one()


def test_board_lists_filters_and_fetches_more_on_scroll(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], orders: list[int]
) -> None:
    screen = _open_board(qtbot, window, idle)
    # "Open" by default: the completed one is not there; one page of 100 loaded.
    assert screen.model.rowCount() == 100
    # (English plurals come from the .qm; until it is rebuilt the source says "order(s)".)
    assert screen.count_label.text().startswith(f"{ORDERS - 1} order")
    assert screen.model.row_at(0).id == orders[-1]  # newest first
    screen.table.scrollToBottom()
    idle()
    qtbot.waitUntil(lambda: screen.model.rowCount() == ORDERS - 1)
    assert len({screen.model.row_at(i).id for i in range(ORDERS - 1)}) == ORDERS - 1

    screen.preset.setCurrentIndex(screen.preset.findData("completed"))
    idle()
    assert screen.model.rowCount() == 1 and screen.model.row_at(0).id == orders[1]
    assert screen.count_label.text().startswith("1 order")

    screen.preset.setCurrentIndex(screen.preset.findData("all"))
    type_text(qtbot, screen.search, "李秀英")
    idle()
    qtbot.wait(250)  # the search box's debounce
    idle()
    names = {screen.model.row_at(i).elder_name for i in range(screen.model.rowCount())}
    assert names == {"李秀英"} and screen.model.rowCount() == ORDERS // 4 + 1


def test_detail_shows_history_and_records_progress(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    qtbot.wait(150)  # the detail follows the selection after a pause
    idle()
    detail = screen.detail
    first = orders[-1]
    assert detail.detail is not None and detail.detail.summary.id == first
    text = detail.text.toPlainText()
    assert "History (2)" in text and "New → Dispatched" in text

    # Enter in the list goes to the staff name; typing it and Enter records "accepted".
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is detail.staff
    assert detail.staff.findText(STAFF) >= 0  # the firm's staff are offered
    for step, button in (("accepted", None), ("in_service", "in_service"), ("completed", None)):
        detail.staff.setEditText(STAFF)
        if button:
            qtbot.mouseClick(detail.buttons[button], Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(detail.staff.lineEdit(), Qt.Key.Key_Return)
        idle()
        qtbot.waitUntil(lambda step=step: _status(centre_db, first) == step)
        idle()
    qtbot.waitUntil(lambda: "History (5)" in detail.text.toPlainText())
    assert "Completed" in screen.model.data(screen.model.index(0, 1))
    assert STAFF in detail.text.toPlainText()
    assert "is now: Completed" in detail.message.text()


def test_an_operator_close_is_refused_in_words(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    screen.preset.setCurrentIndex(screen.preset.findData("completed"))
    idle()
    qtbot.wait(150)
    idle()
    detail = screen.detail
    assert detail.detail is not None and detail.detail.summary.id == orders[1]
    close = detail.buttons["closed"]
    assert close.isVisible() and "supervisor" in close.toolTip()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    idle()
    assert "needs a supervisor" in detail.message.text()
    assert _status(centre_db, orders[1]) == "completed"


def test_rejection_needs_a_reason_and_show_order_selects(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    target = orders[5]
    screen.show_order(target)
    idle()
    qtbot.wait(150)
    idle()
    assert screen.selected_row() is not None and screen.selected_row().id == target
    detail = screen.detail
    qtbot.mouseClick(detail.buttons["rejected"], Qt.MouseButton.LeftButton)
    idle()
    assert "reason for rejecting is required" in detail.message.text()
    assert _status(centre_db, target) == "dispatched"
    type_text(qtbot, detail.note, "人手不足")
    qtbot.keyClick(detail.note, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    idle()
    qtbot.waitUntil(lambda: _status(centre_db, target) == "rejected")
