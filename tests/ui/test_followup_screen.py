"""The Follow-up screen (Ctrl+6) driven through its real widgets on a small centre."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import distinct, func, select

from app import followups
from app.context import Database
from app.followups import CARE_GROUPS
from app.scheduler.jobs import followup_sweep
from db.models import Call, ComplaintStep, ElderGroup, FollowUp, WorkOrder
from tests.ui.conftest import type_text
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


def _scheduler_sweeps(db: Database) -> None:
    """What the centre's scheduler does every few minutes, from wherever it runs."""
    with db.sessions() as s:
        followup_sweep(s, datetime.now(UTC))
        s.commit()


def _open(qtbot: QtBot, window: MainWindow, idle: Callable[[], None]) -> FollowupScreen:
    _scheduler_sweeps(window.ctx.db)
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


def test_a_complaint_recorded_on_an_order_is_handled_and_closed_by_a_supervisor(
    qtbot: QtBot,
    window: MainWindow,
    ctx: UiContext,
    centre: Centre,
    idle: Callable[[], None],
) -> None:
    order_id = _completed_yesterday(ctx, centre)
    screen = _open(qtbot, window, idle)
    screen.tabs.setCurrentWidget(screen.complaint_tab)
    assert screen.complaint_tab.model.rowCount() == 0

    qtbot.keyClicks(screen.new_order_no, "GD2026999999999")
    type_text(qtbot, screen.new_text, "服务人员没按时到")
    qtbot.keyClick(screen.new_text, Qt.Key.Key_Return)
    idle()
    assert "GD2026999999999" in screen.message.text()  # a wrong number is named
    assert screen.new_text.text() == "服务人员没按时到"  # and nothing typed is lost

    screen.new_order_no.clear()
    qtbot.keyClicks(screen.new_order_no, "gd2026120200001")
    qtbot.keyClick(screen.new_text, Qt.Key.Key_Return)
    idle()
    idle()
    rows = screen.complaint_tab.model.rows
    assert [(c.order_id, c.elder_name, c.status) for c in rows] == [(order_id, "张三", "open")]

    type_text(qtbot, screen.step_note, "已转企业核实")
    qtbot.keyClick(screen.step_note, Qt.Key.Key_Return)
    idle()
    idle()
    assert screen.complaint_tab.model.rows[0].status == "handling"
    assert "已转企业核实" in screen.steps.toPlainText()

    type_text(qtbot, screen.step_note, "企业致歉，结案")
    screen.close_button.click()
    idle()
    assert "supervisor" in screen.message.text()  # an operator may not close it
    assert screen.complaint_tab.model.rowCount() == 1

    ctx.operator.role = "supervisor"
    screen.close_button.click()
    idle()
    idle()
    assert screen.complaint_tab.model.rowCount() == 0
    with ctx.db.sessions() as s:
        steps = s.scalars(select(ComplaintStep.note).order_by(ComplaintStep.id)).all()
    assert steps == ["Received: 服务人员没按时到", "已转企业核实", "企业致歉，结案"]


def test_a_supervisor_dismisses_a_dispute_and_the_order_counts_again(
    qtbot: QtBot,
    window: MainWindow,
    ctx: UiContext,
    centre: Centre,
    idle: Callable[[], None],
) -> None:
    order_id = _completed_yesterday(ctx, centre)
    screen = _open(qtbot, window, idle)
    view = screen.followup_tab.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_5)  # recorded without dialling: still a dispute
    idle()
    idle()
    screen.tabs.setCurrentWidget(screen.dispute_tab)
    assert [r.order_id for r in screen.dispute_tab.model.rows] == [order_id]

    type_text(qtbot, screen.decision_note, "企业出示签字单")
    screen.dismiss.click()
    idle()
    assert "supervisor" in screen.message.text()
    ctx.operator.role = "supervisor"
    screen.dismiss.click()
    idle()
    idle()
    assert screen.dispute_tab.model.rowCount() == 0
    with ctx.db.sessions() as s:
        assert s.get(WorkOrder, order_id).disputed is False


def test_a_complaint_taken_elsewhere_appears_without_a_key_press(
    qtbot: QtBot,
    window: MainWindow,
    ctx: UiContext,
    centre: Centre,
    idle: Callable[[], None],
) -> None:
    order_id = _completed_yesterday(ctx, centre)
    screen = _open(qtbot, window, idle)
    assert screen.complaint_tab.model.rowCount() == 0
    with ctx.db.sessions() as s:
        followups.record_complaint(
            s, None, None, None, order_id, "态度不好", actor=ctx.operator.as_actor()
        )
    qtbot.waitUntil(lambda: screen.complaint_tab.model.rowCount() == 1, timeout=3000)
    assert "(1)" in screen.tabs.tabText(3)
