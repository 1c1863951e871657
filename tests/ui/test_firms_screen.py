"""The Firms screen on real data: list, detail with coverage and staff, the editors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import type_text
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
