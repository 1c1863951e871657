"""The Follow-up screen (Ctrl+6) driven through its real widgets on a small centre."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import distinct, func, select

from app.followups import CARE_GROUPS
from db.models import Call, ElderGroup, FollowUp, WorkOrder
from tests.ui.factories import Centre
from ui.context import UiContext
from ui.followup.screen import FollowupScreen
from ui.main_window import MainWindow

ZONE = ZoneInfo("Asia/Shanghai")


def _completed_yesterday(ctx: UiContext, centre: Centre) -> int:
    """An emergency order completed yesterday (local): always called back, due today."""
    yesterday = datetime.now(ZONE).date() - timedelta(days=1)
    done = datetime.combine(yesterday, time(12), tzinfo=ZONE).astimezone(UTC)
    with ctx.db.sessions() as s:
        o = WorkOrder(
            order_no="GD2026120200001",
            elder_id=centre.elder_ids["张三"],
            item_id=centre.item_ids[0],
            firm_id=centre.firm_id,
            community_id=centre.areas.zhongshan,
            status="completed",
            priority=1,
            market_price_fen=3000,
            elder_pays_fen=0,
            government_pays_fen=3000,
            created_at=done - timedelta(hours=2),
            due_at=done,
            completed_at=done,
        )
        s.add(o)
        s.commit()
        return o.id


def _open(qtbot: QtBot, window: MainWindow, idle: Callable[[], None]) -> FollowupScreen:
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["followup"]
    assert isinstance(screen, FollowupScreen)
    assert window.stack.currentWidget() is screen
    idle()
    idle()
    return screen


def test_a_callback_recorded_as_service_not_happened_disputes_the_order(
    qtbot: QtBot,
    window: MainWindow,
    ctx: UiContext,
    centre: Centre,
    idle: Callable[[], None],
) -> None:
    order_id = _completed_yesterday(ctx, centre)
    screen = _open(qtbot, window, idle)

    tab = screen.followup_tab
    assert tab.model.rowCount() == 1
    assert tab.model.rows[0].order_id == order_id
    assert "(1)" in screen.tabs.tabText(0)
    view = tab.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    idle()
    assert "press F5" in screen.message.text()
    qtbot.keyClick(view, Qt.Key.Key_F5)
    idle()
    qtbot.keyClick(view, Qt.Key.Key_5)
    idle()
    idle()

    with ctx.db.sessions() as s:
        order = s.get(WorkOrder, order_id)
        fu = s.scalar(select(FollowUp).where(FollowUp.order_id == order_id))
        call = s.get(Call, fu.call_id)
    assert order.disputed is True
    assert (fu.status, fu.result) == ("disputed", "not_happened")
    # The callback is a real call record: outbound, answered, hung up.
    assert (call.direction, call.disposition) == ("out", "followup")
    assert call.answered_at is not None and call.ended_at is not None
    assert tab.model.rowCount() == 0
    assert "(0)" in screen.tabs.tabText(0)


def test_an_answered_care_call_raises_the_months_coverage(
    qtbot: QtBot,
    window: MainWindow,
    ctx: UiContext,
    idle: Callable[[], None],
) -> None:
    with ctx.db.sessions() as s:
        # The named elders live alone (a care-call group); the filler elders are in none.
        eligible = s.scalar(
            select(func.count(distinct(ElderGroup.elder_id))).where(
                ElderGroup.group.in_(CARE_GROUPS)
            )
        )
    assert eligible and eligible > 1
    screen = _open(qtbot, window, idle)
    screen.tabs.setCurrentWidget(screen.care_tab)
    header = screen.care_tab.header
    assert f"reached 0 of {eligible} (0.0 %)" in header.text()
    view = screen.care_tab.view
    view.setFocus()
    first = screen.care_tab.model.rows[0]

    # Pressing 1 before the elder answered does not count them as reached.
    qtbot.keyClick(view, Qt.Key.Key_Return)
    idle()
    qtbot.keyClick(view, Qt.Key.Key_1)
    idle()
    assert "Not answered yet" in screen.message.text()

    qtbot.keyClick(view, Qt.Key.Key_F5)
    idle()
    qtbot.keyClick(view, Qt.Key.Key_1)
    idle()
    idle()
    pct = f"{100 / eligible:.1f}"
    assert f"reached 1 of {eligible} ({pct} %)" in header.text()
    assert first.elder_id not in [r.elder_id for r in screen.care_tab.model.rows]


def test_no_answer_keeps_the_care_call_on_the_list_with_a_try_counted(
    qtbot: QtBot,
    window: MainWindow,
    idle: Callable[[], None],
) -> None:
    screen = _open(qtbot, window, idle)
    screen.tabs.setCurrentWidget(screen.care_tab)
    view = screen.care_tab.view
    view.setFocus()
    first = screen.care_tab.model.rows[0].elder_id
    qtbot.keyClick(view, Qt.Key.Key_Return)
    idle()
    qtbot.keyClick(view, Qt.Key.Key_4)
    idle()
    idle()
    row = next(r for r in screen.care_tab.model.rows if r.elder_id == first)
    assert row.tries == 1
    assert "reached 0 of" in screen.care_tab.header.text()
