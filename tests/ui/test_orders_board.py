"""The Order board (Ctrl+3) driven through its real widgets on a small centre with orders."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.access import Actor
from app.context import Database, open_database
from app.orders.presence import announce_editing
from app.orders.service import OrderRequest, dispatch_order, transition
from app.registry.firms import StaffInput, add_staff
from db.models import User, WorkOrder
from tests.feed_helpers import Announced
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


def _detail_of(qtbot: QtBot, screen: OrdersScreen, idle: Callable[[], None], order_id: int) -> None:
    screen.show_order(order_id)
    idle()
    qtbot.waitUntil(
        lambda: screen.detail.detail is not None and screen.detail.detail.summary.id == order_id
    )
    idle()


def test_a_step_on_a_stale_order_keeps_what_was_typed_and_reloads(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    target = orders[7]
    _detail_of(qtbot, screen, idle, target)
    detail = screen.detail
    assert detail.detail is not None and detail.detail.version == 1
    # Seat A (this console) types a rejection; it has not clicked yet.
    type_text(qtbot, detail.note, "人手不足")
    detail.staff.setEditText(STAFF)
    # Seat B, another PC, records the firm's acceptance meanwhile.
    seat_b = open_database(centre_db.url)
    try:
        with seat_b.sessions() as s:
            zhang = User(
                username="zhangli", display_name="张丽", role="operator", password_hash="-"
            )
            s.add(zhang)
            s.commit()
            actor = Actor("zhangli", role="operator", user_id=zhang.id, display_name="张丽")
            transition(s, target, "accepted", actor=actor, reported_by="刘芳", expected_version=1)
    finally:
        seat_b.close()
    # A clicks before its screen has heard of it: the step carries version 1.
    qtbot.mouseClick(detail.buttons["rejected"], Qt.MouseButton.LeftButton)
    idle()
    qtbot.waitUntil(lambda: "changed by 张丽 at " in detail.message.text())
    assert "what you typed is kept" in detail.message.text()
    assert _status(centre_db, target) == "accepted"
    # Reloaded as it is now, and nothing typed is lost.
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.version == 2)
    idle()
    assert detail.detail.summary.status == "accepted"
    assert "Accepted" in detail.text.toPlainText()
    assert detail.note.text() == "人手不足"
    assert detail.staff.currentText() == STAFF
    assert "changed by 张丽" in detail.message.text()


def test_the_detail_names_who_else_is_editing_the_order(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    target = orders[-1]
    _detail_of(qtbot, screen, idle, target)
    presence = screen.detail.presence
    assert not presence.isVisible()
    other = open_database(centre_db.url)  # another PC
    try:
        with other.sessions() as s:
            announce_editing(s, target, user_name="张丽", seat="PC-3")
        qtbot.waitUntil(lambda: presence.isVisible())
        assert presence.text() == "张丽 (seat PC-3) is editing this order"
        # Not on another order's detail.
        _detail_of(qtbot, screen, idle, orders[-2])
        assert not presence.isVisible()
        _detail_of(qtbot, screen, idle, target)
        assert presence.isVisible()
        with other.sessions() as s:
            announce_editing(s, target, user_name="张丽", seat="PC-3", editing=False)
        qtbot.waitUntil(lambda: not presence.isVisible())
        # A seat that never says it left is forgotten after two minutes without a refresh.
        with other.sessions() as s:
            announce_editing(s, target, user_name="张丽", seat="PC-3")
        qtbot.waitUntil(lambda: presence.isVisible())
        later = screen._clock() + 121
        screen._clock = lambda: later
        screen._sweep_editors()
        assert not presence.isVisible()
    finally:
        other.close()


def test_going_into_the_form_tells_the_other_seats(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
    orders: list[int],
    centre_db: Database,
) -> None:
    screen = _open_board(qtbot, window, idle)
    first, second = orders[-1], orders[-2]
    _detail_of(qtbot, screen, idle, first)
    heard = Announced(centre_db)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)  # Enter goes to the form
    idle()
    assert screen.editing_order() == first
    type_text(qtbot, screen.detail.staff.lineEdit(), "钱")
    idle()

    def editing() -> list[tuple[list[int], str, str, bool]]:
        return [
            (c["ids"], c["user_name"], c["seat"], c["editing"])
            for c in heard.topic("order.editing")
        ]

    me = ("Test operator", screen.seat)
    assert editing() == [([first], *me, True)]  # once, however much is typed
    # Its own announcement does not show on its own detail.
    assert not screen.detail.presence.isVisible()
    screen._refresh_editing()  # the minute's refresh
    idle()
    assert editing() == [([first], *me, True)] * 2
    # Another order shown: it left the first.
    _detail_of(qtbot, screen, idle, second)
    assert screen.editing_order() is None
    assert editing()[-1] == ([first], *me, False)
    # Leaving the screen leaves the order too.
    screen.detail.note.setFocus()
    idle()
    assert screen.editing_order() == second
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    idle()
    assert screen.editing_order() is None
    assert editing()[-1] == ([second], *me, False)
