"""The Firms screen on real data: list, detail with coverage and staff, the editors."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.context import Database, open_database
from app.registry.firms import StaffInput, add_staff, create_firm, get_firm, update_firm
from db.models import AuditEntry, User
from tests.app.factories import firm_input
from tests.ui.conftest import type_text
from tests.ui.factories import Centre
from ui.firms.editor import FirmEditor
from ui.firms.screen import FirmsScreen
from ui.firms.staff_editor import StaffEditor
from ui.main_window import MainWindow


def firms_screen(qtbot: QtBot, window: MainWindow) -> FirmsScreen:
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["firms"]
    assert isinstance(screen, FirmsScreen)
    qtbot.waitUntil(lambda: screen.detail.detail is not None, timeout=5000)
    return screen


def test_the_firm_list_and_its_detail(qtbot: QtBot, window: MainWindow) -> None:
    screen = firms_screen(qtbot, window)
    assert screen.count_label.text() == "1 firm"
    row = screen.model.row_at(0)
    assert row is not None and row.name == "安康家政服务有限公司"
    text = screen.detail.text.toPlainText()
    assert "中山路社区、金塔巷社区" in text
    assert "助餐、助浴" in text
    assert screen.detail.staff_title.text() == "Staff (0)"


def test_search_by_pinyin_initials(qtbot: QtBot, window: MainWindow) -> None:
    screen = firms_screen(qtbot, window)
    type_text(qtbot, screen.search, "xyz")
    qtbot.waitUntil(lambda: screen.model.query == "xyz" and not screen.model.loading, timeout=5000)
    assert screen.model.rowCount() == 0
    assert screen.count_label.text() == "0 firms"
    screen.search.clear()
    type_text(qtbot, screen.search, "akjz")
    qtbot.waitUntil(lambda: screen.model.query == "akjz" and not screen.model.loading, timeout=5000)
    assert screen.model.rowCount() == 1


def open_firm_editor(qtbot: QtBot, screen: FirmsScreen) -> FirmEditor:
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table, timeout=2000)
    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    editor = screen.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    return editor


def test_contract_end_before_start_is_refused_at_the_end_date(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = firms_screen(qtbot, window)
    editor = open_firm_editor(qtbot, screen)
    assert editor.communities.checked_ids() and editor.items.checked_ids()
    editor.contract_start.setText("2025-06-01")
    editor.contract_end.setText("2025-01-31")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(editor.errors.errors) and not editor.saving, timeout=5000)
    assert [(e.field, e.code) for e in editor.errors.errors] == [("contract_end", "date_order")]
    message = editor.errors._slots["contract_end"].label
    assert message.isVisible()
    assert "Must be after 2025-06-01" in message.text()
    assert editor.contract_end.property("invalid") is True
    assert QApplication.focusWidget() is editor.contract_end
    assert editor.contract_start.text() == "2025-06-01"
    assert editor.isVisible()
    editor._pristine = editor._raw_state()
    editor.reject()


def test_unticking_every_community_is_refused_next_to_the_checklist(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = firms_screen(qtbot, window)
    editor = open_firm_editor(qtbot, screen)
    editor.communities.set_checked(set())
    editor.save()
    qtbot.waitUntil(lambda: bool(editor.errors.errors) and not editor.saving, timeout=5000)
    assert [(e.field, e.code) for e in editor.errors.errors] == [("area_ids", "required")]
    assert editor.errors._slots["area_ids"].label.text() == "Required."
    editor._pristine = editor._raw_state()
    editor.reject()


def test_a_saved_edit_and_a_new_member_of_staff_show_in_the_list(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], centre: object
) -> None:
    screen = firms_screen(qtbot, window)
    editor = open_firm_editor(qtbot, screen)
    type_text(qtbot, editor.communities.filter, "皋兰")
    assert editor.communities.proxy.rowCount() == 1
    editor.communities.proxy.setData(
        editor.communities.proxy.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    qtbot.waitUntil(
        lambda: screen.model.row_at(0) is not None and screen.model.row_at(0).community_count == 3,  # type: ignore[union-attr]
        timeout=5000,
    )

    qtbot.mouseClick(screen.detail.add_button, Qt.MouseButton.LeftButton)
    staff = window.findChild(StaffEditor, "staff-editor")
    assert staff is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is staff, timeout=2000)
    type_text(qtbot, staff.name, "马红梅")
    type_text(qtbot, staff.phone, "13909315555")
    type_text(qtbot, staff.role, "护理员")
    with qtbot.waitSignal(staff.saved, timeout=5000):
        qtbot.keyClick(staff, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.detail.staff_table.rowCount() == 1, timeout=5000)
    assert screen.detail.staff_table.item(0, 0).text() == "马红梅"
    qtbot.waitUntil(
        lambda: screen.model.row_at(0).staff_count == 1,  # type: ignore[union-attr]
        timeout=5000,
    )


def test_a_member_of_staff_without_a_role_is_refused(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = firms_screen(qtbot, window)
    qtbot.mouseClick(screen.detail.add_button, Qt.MouseButton.LeftButton)
    staff = window.findChild(StaffEditor, "staff-editor")
    assert staff is not None
    type_text(qtbot, staff.name, "马红梅")
    type_text(qtbot, staff.phone, "12345")
    staff.save()
    qtbot.waitUntil(lambda: bool(staff.errors.errors) and not staff.saving, timeout=5000)
    assert [e.field for e in staff.errors.errors] == ["phone", "role"]
    assert staff.name.text() == "马红梅"
    staff.reject()


def test_the_checklist_can_show_only_what_is_ticked(qtbot: QtBot, window: MainWindow) -> None:
    screen = firms_screen(qtbot, window)
    editor = open_firm_editor(qtbot, screen)
    items = editor.items
    assert items.proxy.rowCount() == 3
    qtbot.mouseClick(items.ticked_only, Qt.MouseButton.LeftButton)
    assert items.proxy.rowCount() == 2
    assert items.summary.text() == "2 of 3 selected"
    editor.reject()


# -- another seat ----------------------------------------------------------------------
# A second Database on the same file is another console: its commits reach this one only
# through the change feed.

FEED_S = 1000  # "within a second"


@pytest.fixture
def other_seat(window: MainWindow) -> Iterator[Database]:
    seat = open_database(window.ctx.db.url)
    yield seat
    seat.close()


def save_elsewhere(seat: Database, firm_id: int, **fields: object) -> str:
    """Save an edit as 张丽 at the other seat; returns its time as this PC shows times."""
    with seat.sessions() as session:
        user = session.scalars(select(User).where(User.username == "zhangli")).first()
        if user is None:
            user = User(username="zhangli", display_name="张丽", role="operator", password_hash="-")
            session.add(user)
            session.commit()
        d = get_firm(session, firm_id)
        data = d.to_input()
        for name, value in fields.items():
            setattr(data, name, value)
        update_firm(
            session, firm_id, data, expected_version=d.version, actor="zhangli", user_id=user.id
        )
        at = session.scalars(
            select(AuditEntry.at)
            .where(AuditEntry.entity == "firm", AuditEntry.entity_id == firm_id)
            .order_by(AuditEntry.id.desc())
        ).first()
    assert at is not None
    return f"{at.astimezone():%H:%M}"


def test_another_seat_saving_a_firm_updates_the_row_and_the_detail(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    screen = firms_screen(qtbot, window)
    save_elsewhere(other_seat, centre.firm_id, contact_name="赵敏", notes="每周一例会")
    qtbot.waitUntil(
        lambda: screen.model.row_at(0).contact_name == "赵敏",  # type: ignore[union-attr]
        timeout=FEED_S,
    )
    qtbot.waitUntil(lambda: "每周一例会" in screen.detail.text.toPlainText(), timeout=FEED_S)

    # Staff saved elsewhere announce the firm too: the staff list and the count follow.
    with other_seat.sessions() as session:
        add_staff(
            session,
            centre.firm_id,
            StaffInput(name="马红梅", phone="13909315555", role="护理员"),
            actor="zhangli",
        )
    qtbot.waitUntil(lambda: screen.detail.staff_table.rowCount() == 1, timeout=FEED_S)
    qtbot.waitUntil(
        lambda: screen.model.row_at(0).staff_count == 1,  # type: ignore[union-attr]
        timeout=FEED_S,
    )


def test_a_firm_registered_elsewhere_appears_if_the_search_matches(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    screen = firms_screen(qtbot, window)
    with other_seat.sessions() as session:
        create_firm(
            session,
            firm_input(
                {centre.areas.zhongshan}, set(centre.item_ids[:1]), n=2, name="康乐养老服务中心"
            ),
            actor="zhangli",
        )
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=FEED_S)
    assert [screen.model.row_at(i).name for i in range(2)] == [  # type: ignore[union-attr]
        "安康家政服务有限公司",
        "康乐养老服务中心",
    ]
    qtbot.waitUntil(lambda: screen.count_label.text() == "2 firms", timeout=FEED_S)


def test_an_open_firm_editor_says_another_seat_saved_and_a_stale_save_keeps_the_text(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    screen = firms_screen(qtbot, window)
    editor = open_firm_editor(qtbot, screen)
    editor.address.clear()
    type_text(qtbot, editor.address, "城关区新址1号")

    # A new member of staff elsewhere leaves the firm's own record as it was: no line.
    with other_seat.sessions() as session:
        add_staff(
            session,
            centre.firm_id,
            StaffInput(name="马红梅", phone="13909315555", role="护理员"),
            actor="zhangli",
        )
    qtbot.waitUntil(lambda: screen.detail.staff_table.rowCount() == 1, timeout=FEED_S)
    qtbot.wait(200)
    assert not editor.notice.isVisible()

    at = save_elsewhere(other_seat, centre.firm_id, notes="每周一例会")
    qtbot.waitUntil(editor.notice.isVisible, timeout=FEED_S)
    assert editor.notice.label.text() == (
        f"张丽 saved this record at {at} — your changes are kept; reload to see theirs."
    )
    assert editor.address.text() == "城关区新址1号"
    assert editor.notes.toPlainText() == ""

    editor.save()
    qtbot.waitUntil(lambda: "Not saved" in editor.notice.label.text(), timeout=5000)
    assert f"changed by 张丽 at {at} — reload" in editor.notice.label.text()
    assert editor.isVisible() and not editor.saving
    assert editor.address.text() == "城关区新址1号"
    with other_seat.sessions() as session:
        assert get_firm(session, centre.firm_id).address == "城关区庆阳路100号"

    qtbot.mouseClick(editor.notice.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: editor.loaded and editor.notes.toPlainText() == "每周一例会", timeout=5000
    )
    assert not editor.notice.isVisible()
    assert editor.address.text() == "城关区庆阳路100号"
    editor.address.clear()
    type_text(qtbot, editor.address, "城关区新址1号")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    qtbot.waitUntil(lambda: "新址1号" in screen.detail.text.toPlainText(), timeout=5000)
