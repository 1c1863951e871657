"""The Hotline screen, driven as an operator drives it, with rings from the real gateway path.

Each ring goes through ``Ingestor.ingest`` on a worker thread, as a caller-ID box's
frame does in the console: the call row is stored, ``call.ringing`` is published, and
the screen pops the card.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.registry.elders import PhoneInput
from db.models import Call, WorkOrder
from hardware.events import YEAR_UNKNOWN, CallerIdEvent
from tests.app.factories import id_for, make_elder
from tests.ui.conftest import type_text
from tests.ui.factories import Centre
from ui.context import UiContext
from ui.hotline.screen import HotlineScreen
from ui.main_window import MainWindow
from ui.orders.screen import OrdersScreen

Ring = Callable[[str], int]


@pytest.fixture
def ring(ctx: UiContext, tmp_path: Path) -> Ring:
    """Ring the hotline from a caller-ID box; returns the stored call's id."""
    ingestor = Ingestor(ctx.db, ctx.bus, Journal(tmp_path / "journal.jsonl"))
    minute = iter(range(60))

    def ring_from(number: str) -> int:
        # The box stamps each call with its clock's minute: a new minute is a new call.
        when = datetime(YEAR_UNKNOWN, 12, 3, 10, next(minute))
        event = CallerIdEvent(protocol="callerid", number=number, when=when)
        done = threading.Event()
        t = threading.Thread(target=lambda: (ingestor.ingest(event), done.set()))
        t.start()
        t.join(5)
        assert done.is_set()
        with ctx.db.sessions() as s:
            return s.scalars(select(Call.id).order_by(Call.id.desc()).limit(1)).one()

    return ring_from


def hotline_of(qtbot: QtBot, window: MainWindow) -> HotlineScreen:
    screen = window.screens["hotline"]
    assert isinstance(screen, HotlineScreen)
    return screen


def call_row(ctx: UiContext, call_id: int) -> Call:
    with ctx.db.sessions() as s:
        call = s.get(Call, call_id)
        assert call is not None
        s.expunge(call)
        return call


def test_ring_pops_the_card_and_the_call_keys_stamp_the_record(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, ring: Ring, centre: Centre
) -> None:
    window.show_screen("elders")
    screen = hotline_of(qtbot, window)
    call_id = ring("13800138000")
    # The console comes to the Hotline on its own, with the caller's record.
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    assert window.current_key() == "hotline"
    assert screen.card is not None and screen.card.elder.name == "张三"
    text = screen.card_view.toPlainText()
    assert "张三" in text and "家属" in text  # name and the emergency contact
    assert "138 0013 8000" in screen.call_label.text() or "13800138000" in screen.call_label.text()
    assert QApplication.focusWidget() is screen.request.item_search

    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: call_row(ctx, call_id).answered_at is not None, timeout=3000)
    assert "Talking" in screen.call_label.text()
    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: call_row(ctx, call_id).ended_at is not None, timeout=3000)
    row = call_row(ctx, call_id)
    assert row.elder_id == centre.elder_ids["张三"]
    assert row.answered_at is not None and row.ended_at is not None
    assert row.ended_at >= row.answered_at


def test_shared_landline_asks_who_is_calling_and_the_call_remembers(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, ring: Ring, centre: Centre
) -> None:
    with ctx.db.sessions() as s:
        for i, name in enumerate(("钱大爷", "钱大娘")):
            make_elder(
                s,
                centre.areas.zhongshan,
                name=name,
                sex="M" if i == 0 else "F",
                id_number=id_for(date(1938 + i, 5, 6), 70 + i, "M" if i == 0 else "F"),
                phones=[PhoneInput("landline", "0931 8812345")],
                contacts=[],
            )
    screen = hotline_of(qtbot, window)
    call_id = ring("09318812345")
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.pick_page, timeout=3000)
    assert screen.pick_list.count() == 2
    assert "2 elders share" in screen.pick_title.text()
    qtbot.keyClick(screen.pick_list, Qt.Key.Key_Down)
    qtbot.keyClick(screen.pick_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    assert screen.card is not None and screen.card.elder.name == "钱大娘"
    qtbot.waitUntil(lambda: call_row(ctx, call_id).elder_id == screen.card.elder.id, timeout=3000)


def test_unknown_number_gets_a_note_on_the_call(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, ring: Ring
) -> None:
    screen = hotline_of(qtbot, window)
    call_id = ring("13512345678")
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.unknown_page, timeout=3000)
    assert "13512345678" in screen.unknown_title.text()
    assert not screen.request.isEnabled()  # nothing to dispatch for nobody
    screen.disposition.setCurrentIndex(screen.disposition.findData("wrong_number"))
    type_text(qtbot, screen.call_note, "找错人了，打给药店")
    qtbot.keyClick(screen.call_note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: call_row(ctx, call_id).disposition == "wrong_number", timeout=3000)
    assert call_row(ctx, call_id).notes == "找错人了，打给药店"


def test_ctrl_f_finds_an_elder_by_pinyin_and_enter_opens_the_card(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, idle: Callable[[], None]
) -> None:
    window.show_screen("hotline")
    screen = hotline_of(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.search
    qtbot.keyClicks(screen.search, "wjg")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.pick_list.count() >= 1, timeout=3000)
    assert screen.pick_list.item(0).text().startswith("王建国")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # into the list
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    assert screen.card is not None and screen.card.elder.name == "王建国"


def test_calling_the_elder_back_is_an_outbound_call_record(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, centre: Centre
) -> None:
    window.show_screen("hotline")
    screen = hotline_of(qtbot, window)
    screen.open_card(centre.elder_ids["王建国"])
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.current is not None, timeout=3000)
    assert screen.current is not None and screen.current.direction == "out"
    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_F5)
    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_F8)
    call_id = screen.current.call_id
    qtbot.waitUntil(lambda: call_row(ctx, call_id).ended_at is not None, timeout=3000)
    row = call_row(ctx, call_id)
    assert row.direction == "out" and row.elder_id == centre.elder_ids["王建国"]
    assert row.number_norm == "+8613909312002" and row.answered_at is not None


def orders_of(ctx: UiContext, elder_id: int) -> list[WorkOrder]:
    with ctx.db.sessions() as s:
        rows = list(
            s.scalars(
                select(WorkOrder).where(WorkOrder.elder_id == elder_id).order_by(WorkOrder.id)
            )
        )
        for r in rows:
            s.expunge(r)
        return rows


class Keys:
    """Presses keys as the operator does, and counts them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has the keyboard focus"
        self.qtbot.keyClick(widget, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        for ch in text:
            self.press(getattr(Qt.Key, f"Key_{ch.upper()}"))


def test_ring_pop_dispatch_then_repeat_in_two_keystrokes(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, ring: Ring, centre: Centre
) -> None:
    elder_id = centre.elder_ids["张三"]
    screen = hotline_of(qtbot, window)
    first_call = ring("13800138000")
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)

    # A new request by pinyin initials: z, c, Enter takes 助餐, Enter dispatches.
    keys = Keys(qtbot)
    keys.type("zc")
    qtbot.waitUntil(lambda: screen.request.item_list.count() > 0, timeout=3000)
    assert screen.request.item_list.item(0).text().startswith("助餐")
    keys.press(Qt.Key.Key_Return)
    # The price this elder pays and the suggested firm are shown before dispatching.
    qtbot.waitUntil(lambda: screen.request.offer is not None, timeout=3000)
    assert "Elder pays" in screen.request.item_info.text()
    assert screen.request.routing_reason.text().startswith("Suggested:")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(orders_of(ctx, elder_id)) == 1, timeout=3000)
    assert keys.count == 4
    order = orders_of(ctx, elder_id)[0]
    assert order.status == "dispatched" and order.firm_id == centre.firm_id
    assert order.call_id == first_call
    qtbot.waitUntil(lambda: "dispatched to" in screen.request.message.text(), timeout=3000)
    assert order.order_no in screen.request.message.text()
    qtbot.waitUntil(lambda: call_row(ctx, first_call).disposition == "request", timeout=3000)
    # The order is on the board, selected.
    keys.press(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "orders"
    board = window.screens["orders"]
    assert isinstance(board, OrdersScreen)
    qtbot.waitUntil(
        lambda: board.selected_row() is not None and board.selected_row().id == order.id,
        timeout=3000,
    )
    assert board.selected_row().status == "dispatched"
    window.show_screen("hotline")
    screen.request.focus_item()
    keys.press(Qt.Key.Key_F8)

    # The same elder rings again for the same thing: from the pop, Ctrl+R and Enter.
    ring("13800138000")
    qtbot.waitUntil(
        lambda: (
            screen.card is not None
            and screen.current is not None
            and screen.current.call_id != first_call
            and screen.request.repeat_button.isEnabled()
        ),
        timeout=3000,
    )
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(orders_of(ctx, elder_id)) == 2, timeout=3000)
    assert keys.count <= 5
    again = orders_of(ctx, elder_id)[1]
    assert (again.item_id, again.quantity, again.status) == (order.item_id, 1, "dispatched")


def test_a_firm_other_than_the_suggestion_needs_a_reason(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, centre: Centre
) -> None:
    screen = hotline_of(qtbot, window)
    window.show_screen("hotline")
    screen.open_card(centre.elder_ids["李秀英"])
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    type_text(qtbot, screen.request.item_search, "助浴")
    qtbot.waitUntil(lambda: screen.request.item_list.count() > 0, timeout=3000)
    qtbot.keyClick(screen.request.item_search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.request.offer is not None, timeout=3000)
    # A bad time is refused where it was typed, and nothing is sent.
    screen.request.appointment.setText("25:99")
    qtbot.keyClick(screen.request.appointment, Qt.Key.Key_Return)
    assert "When:" in screen.request.message.text()
    assert orders_of(ctx, centre.elder_ids["李秀英"]) == []


def test_a_ring_nobody_answers_becomes_a_missed_call_to_call_back(
    qtbot: QtBot, window: MainWindow, ring: Ring, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.hotline.screen as hotline

    screen = hotline_of(qtbot, window)
    ring("13800138000")
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    monkeypatch.setattr(hotline, "MISSED_AFTER_S", -1)
    qtbot.waitUntil(lambda: screen.current is not None and screen.current.state == "missed")
    assert "missed" in screen.calls.item(0).text()
    assert "Ctrl+D calls back" in screen.call_label.text()
    assert not screen.answer_button.isEnabled()


def test_ctrl_n_registers_the_unknown_caller_with_the_number_filled_in(
    qtbot: QtBot, window: MainWindow, ring: Ring
) -> None:
    from ui.elders.editor import ElderEditor

    screen = hotline_of(qtbot, window)
    ring("13512345678")
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.unknown_page, timeout=3000)
    qtbot.keyClick(screen.call_note, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(screen, "editor", None), ElderEditor))
    editor = screen.editor
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    assert [(r["kind"], r["number"]) for r in editor.phones.rows()] == [("mobile", "13512345678")]
    # The number counts as typed: closing asks before losing it.
    assert editor.is_dirty()
    editor._confirm_discard = lambda: True  # type: ignore[method-assign]
    editor.reject()


def test_ctrl_k_takes_a_complaint_about_the_last_order_on_the_call(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, ring: Ring, centre: Centre
) -> None:
    from db.models import Complaint
    from ui.hotline.complaint_dialog import ComplaintDialog

    elder_id = centre.elder_ids["张三"]
    screen = hotline_of(qtbot, window)
    call_id = ring("13800138000")
    qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
    # A service first, so there is an order to complain about.
    keys = Keys(qtbot)
    keys.type("zc")
    qtbot.waitUntil(lambda: screen.request.item_list.count() > 0, timeout=3000)
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(orders_of(ctx, elder_id)) == 1, timeout=3000)
    order = orders_of(ctx, elder_id)[0]
    qtbot.waitUntil(lambda: screen.card is not None and len(screen.card.orders) == 1, timeout=3000)

    keys.press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(screen, "complaint_dialog", None), ComplaintDialog))
    dialog = screen.complaint_dialog
    assert dialog.order.currentData() == order.id  # the last service is preselected
    # Nothing written is refused where it was typed.
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Write what the complaint is about" in dialog.message.text()
    type_text(qtbot, dialog.text, "送餐迟到一小时，饭菜已凉")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: call_row(ctx, call_id).disposition == "complaint", timeout=3000)
    with ctx.db.sessions() as s:
        complaint = s.scalars(select(Complaint)).one()
        assert (complaint.order_id, complaint.firm_id, complaint.elder_id, complaint.call_id) == (
            order.id,
            order.firm_id,
            elder_id,
            call_id,
        )
    qtbot.waitUntil(lambda: "Complaint recorded" in screen.request.message.text(), timeout=3000)


def test_a_ring_on_another_desks_line_is_listed_but_pops_nothing_here(
    qtbot: QtBot, window: MainWindow, ctx: UiContext, tmp_path: Path, centre: Centre
) -> None:
    from app import station

    screen = hotline_of(qtbot, window)
    ingestor = Ingestor(ctx.db, ctx.bus, Journal(tmp_path / "lines.jsonl"))
    config = station.StationConfig(lines=["01"])
    station.save(config)
    try:
        # What the Settings screen's save hands the Hotline (MainWindow wires it).
        window.screens["settings"].saved.emit(config)  # type: ignore[attr-defined]
        window.show_screen("elders")

        def ring_on(line: str, minute: int) -> None:
            when = datetime(YEAR_UNKNOWN, 12, 3, 11, minute)
            event = CallerIdEvent(protocol="callerid", number="13800138000", when=when, line=line)
            t = threading.Thread(target=ingestor.ingest, args=(event,))
            t.start()
            t.join(5)

        ring_on("02", 1)
        qtbot.waitUntil(lambda: screen.calls.count() == 1, timeout=3000)
        qtbot.wait(300)
        # Listed for everyone to see, but the card pops at the desk whose line rang.
        assert screen.card is None
        assert window.current_key() == "elders"
        ring_on("1", 2)  # the box says "1", this seat says "01": the same line
        qtbot.waitUntil(lambda: screen.card is not None, timeout=3000)
        assert window.current_key() == "hotline"
        assert screen.calls.count() == 2
    finally:
        station.config_path().unlink(missing_ok=True)
