"""The Elders screen on real data: search, paging, the record, the editor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.idcard import check_digit
from app.registry.elders import get_elder, update_elder
from tests.ui.conftest import type_text
from tests.ui.factories import Centre
from ui.elders.editor import ElderEditor
from ui.elders.screen import EldersScreen
from ui.main_window import MainWindow


def screen_of(window: MainWindow) -> EldersScreen:
    screen = window.screens["elders"]
    assert isinstance(screen, EldersScreen)
    return screen


def names(screen: EldersScreen) -> list[str]:
    return [screen.model.row_at(i).name for i in range(screen.model.rowCount())]  # type: ignore[union-attr]


def search_for(qtbot: QtBot, screen: EldersScreen, text: str) -> None:
    screen.search.clear()
    type_text(qtbot, screen.search, text)
    qtbot.waitUntil(lambda: screen.model.query == text and not screen.model.loading, timeout=5000)


def test_first_page_and_count(qtbot: QtBot, window: MainWindow, idle: Callable[[], None]) -> None:
    screen = screen_of(window)
    idle()
    assert screen.model.rowCount() == 100
    assert screen.count_label.text() == "154 elders"


def test_typing_a_name_initials_or_phone_finds_the_elder(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    idle()
    search_for(qtbot, screen, "张三")
    assert names(screen) == ["张三"]
    search_for(qtbot, screen, "wjg")
    assert names(screen) == ["王建国"]
    search_for(qtbot, screen, "139 0931 2003")
    assert names(screen) == ["赵桂兰"]
    idle()
    assert screen.count_label.text() == "1 elder"


def test_the_record_of_the_first_match_is_shown(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    search_for(qtbot, screen, "李秀英")
    qtbot.waitUntil(
        lambda: screen.detail.detail is not None and screen.detail.detail.name == "李秀英",
        timeout=5000,
    )
    text = screen.detail.toPlainText()
    assert "李秀英" in text
    assert "139 0931 2001" in text
    assert "家属 (子女)" in text  # the emergency contact
    assert "中山路社区" in text


def test_scrolling_fetches_the_next_page(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    idle()
    assert screen.model.rowCount() == 100
    assert screen.model.canFetchMore()
    screen.table.setFocus()
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 154, timeout=5000)
    assert not screen.model.canFetchMore()


def open_editor_on(qtbot: QtBot, screen: EldersScreen, name: str) -> ElderEditor:
    search_for(qtbot, screen, name)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table, timeout=2000)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    editor = screen.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    return editor


def test_a_wrong_check_digit_is_shown_next_to_the_id_and_nothing_typed_is_lost(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "张三")
    number = editor.id_number.text()
    wrong = "0" if check_digit(number[:17]) != "0" else "1"

    editor.address.clear()
    type_text(qtbot, editor.address, "城关区新地址8号")
    editor.medicines.clear()
    type_text(qtbot, editor.medicines, "降压药")
    editor.id_number.setFocus()
    editor.id_number.selectAll()
    type_text(qtbot, editor.id_number, number[:17] + wrong)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: bool(editor.errors.errors) and not editor.saving, timeout=5000)
    assert [e.code for e in editor.errors.errors] == ["id_check_digit"]
    assert editor.isVisible()
    message = editor.errors._slots["id_number"].label
    assert message.isVisible()
    assert f"should be {check_digit(number[:17])}, not {wrong}" in message.text()
    assert editor.id_number.property("invalid") is True
    assert editor.summary.isVisible() and "ID number" in editor.summary.text()
    assert QApplication.focusWidget() is editor.id_number
    # Everything typed is still there.
    assert editor.address.text() == "城关区新地址8号"
    assert editor.medicines.text() == "降压药"
    assert editor.id_number.text() == number[:17] + wrong
    editor._pristine = editor._raw_state()
    editor.reject()


def test_saving_a_valid_edit_updates_the_row_and_the_record(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "王建国")
    editor.address.clear()
    type_text(qtbot, editor.address, "城关区庆阳路9号")
    editor.group_boxes["empty_nest"].setChecked(True)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            screen.model.row_at(0) is not None
            and screen.model.row_at(0).address == "城关区庆阳路9号"
        ),  # type: ignore[union-attr]
        timeout=5000,
    )
    row = screen.model.row_at(0)
    assert row is not None and row.groups == ("living_alone", "empty_nest")
    qtbot.waitUntil(lambda: "庆阳路9号" in screen.detail.toPlainText(), timeout=5000)
    assert screen.editor is None or not screen.editor.isVisible()


def test_a_date_that_is_not_a_date_is_reported_with_the_other_problems(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "赵桂兰")
    type_text(qtbot, editor.birth_date, "1943-13-45")
    editor.name.clear()
    editor.save()
    qtbot.waitUntil(lambda: bool(editor.errors.errors) and not editor.saving, timeout=5000)
    assert [(e.field, e.code) for e in editor.errors.errors] == [
        ("name", "required"),
        ("birth_date", "date_format"),
    ]
    assert "“1943-13-45” is not a date" in editor.errors._slots["birth_date"].label.text()
    assert QApplication.focusWidget() is editor.name
    assert editor.birth_date.text() == "1943-13-45"
    editor._pristine = editor._raw_state()
    editor.reject()


def test_a_bad_phone_row_is_marked_in_the_table(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None]
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "张三")
    editor.phones.set_rows(
        [{"kind": "mobile", "number": "13800138000"}, {"kind": "landline", "number": "12345"}]
    )
    editor.save()
    qtbot.waitUntil(lambda: bool(editor.errors.errors) and not editor.saving, timeout=5000)
    assert [e.field for e in editor.errors.errors] == ["phones[1].number"]
    item = editor.phones.table.item(1, 1)
    assert item.toolTip() and item.text() == "12345"
    assert QApplication.focusWidget() is editor.phones.table
    assert editor.phones.table.currentRow() == 1
    editor._pristine = editor._raw_state()
    editor.reject()


def test_registering_a_new_elder_puts_them_at_the_top(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], centre: Centre
) -> None:
    from tests.app.factories import id_for

    screen = screen_of(window)
    idle()
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table, timeout=2000)
    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    type_text(qtbot, editor.name, "孙玉珍")
    type_text(qtbot, editor.id_number, id_for(date(1944, 5, 6), 3, "F"))
    editor.community.set_current_id(centre.areas.jinta)
    type_text(qtbot, editor.address, "城关区金塔巷3号")
    editor.phones.set_rows([{"kind": "landline", "number": "0931-8812345"}])
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    qtbot.waitUntil(
        lambda: screen.model.row_at(0) is not None and screen.model.row_at(0).name == "孙玉珍",  # type: ignore[union-attr]
        timeout=5000,
    )
    assert screen.model.total == 155
    row = screen.model.row_at(0)
    assert row is not None and row.sex == "F" and row.community == "金塔巷社区"


def test_a_record_saved_meanwhile_by_someone_else_offers_a_reload(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], centre: Centre
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "李秀英")
    elder_id = centre.elder_ids["李秀英"]
    with window.ctx.db.sessions() as session:
        data = get_elder(session, elder_id).to_input()
        data.allergies = "青霉素"
        update_elder(session, elder_id, data, expected_version=editor.version or 0, actor="other")

    type_text(qtbot, editor.medicines, "阿司匹林")
    editor.save()
    qtbot.waitUntil(lambda: editor.findChild(QMessageBox, "conflict-box") is not None, timeout=5000)
    box = editor.findChild(QMessageBox, "conflict-box")
    assert editor.medicines.text() == "阿司匹林"  # still on screen
    reload_button = box.buttons()[0]
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.loaded and editor.allergies.text() == "青霉素", timeout=5000)
    assert editor.medicines.text() == ""
