"""The Elders screen on real data: search, paging, the record, the editor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.context import Database, open_database
from app.idcard import check_digit
from app.registry.elders import create_elder, get_elder, update_elder
from db.models import AuditEntry, User
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
    qtbot.waitUntil(lambda: screen.model.total == 155, timeout=5000)
    assert [r for r in names(screen) if r == "孙玉珍"] == ["孙玉珍"]  # the feed adds no second
    row = screen.model.row_at(0)
    assert row is not None and row.sex == "F" and row.community == "金塔巷社区"


# -- another seat ----------------------------------------------------------------------
# A second Database on the same file is another console: its commits reach this one only
# through the change feed, which polls at least four times a second.

FEED_S = 1000  # "within a second"


@pytest.fixture
def other_seat(window: MainWindow) -> Iterator[Database]:
    seat = open_database(window.ctx.db.url)
    yield seat
    seat.close()


def zhang_li(seat: Database) -> int:
    with seat.sessions() as session:
        user = User(username="zhangli", display_name="张丽", role="operator", password_hash="-")
        session.add(user)
        session.commit()
        return user.id


def save_elsewhere(
    seat: Database, elder_id: int, user_id: int | None = None, **fields: object
) -> str:
    """Save an edit at the other seat; returns the time of it as this PC shows times."""
    with seat.sessions() as session:
        d = get_elder(session, elder_id)
        data = d.to_input()
        for name, value in fields.items():
            setattr(data, name, value)
        update_elder(
            session,
            elder_id,
            data,
            expected_version=d.version,
            actor="zhangli" if user_id else "other",
            user_id=user_id,
        )
        at = session.scalars(
            select(AuditEntry.at)
            .where(AuditEntry.entity == "elder", AuditEntry.entity_id == elder_id)
            .order_by(AuditEntry.id.desc())
        ).first()
    assert at is not None
    return f"{at.astimezone():%H:%M}"


def test_another_seat_saving_an_elder_updates_the_row_and_the_record(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    screen = screen_of(window)
    search_for(qtbot, screen, "李秀英")
    qtbot.waitUntil(lambda: "李秀英" in screen.detail.toPlainText(), timeout=5000)
    elder_id = centre.elder_ids["李秀英"]

    save_elsewhere(other_seat, elder_id, address="城关区酒泉路77号")
    qtbot.waitUntil(
        lambda: screen.model.row_at(0).address == "城关区酒泉路77号",  # type: ignore[union-attr]
        timeout=FEED_S,
    )
    qtbot.waitUntil(lambda: "酒泉路77号" in screen.detail.toPlainText(), timeout=FEED_S)

    # Renamed out of the search: the row stays (with the new name) until the next search.
    save_elsewhere(other_seat, elder_id, name="李秀珍")
    qtbot.waitUntil(lambda: names(screen) == ["李秀珍"], timeout=FEED_S)
    qtbot.waitUntil(lambda: screen.count_label.text() == "0 elders", timeout=FEED_S)
    screen.model.reload()  # the next search
    qtbot.waitUntil(lambda: screen.model.total == 0 and not screen.model.loading, timeout=5000)
    assert names(screen) == []


def test_an_elder_registered_elsewhere_appears_if_the_search_matches(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    from tests.app.factories import elder_input, id_for

    screen = screen_of(window)
    search_for(qtbot, screen, "王")
    before = names(screen)
    assert before and not screen.model.canFetchMore()
    with other_seat.sessions() as session:
        create_elder(
            session,
            elder_input(
                centre.areas.zhongshan,
                name="王阿姨",
                sex="F",
                id_number=id_for(date(1946, 2, 3), 7, "F"),
            ),
            actor="other",
        )
        create_elder(
            session,
            elder_input(
                centre.areas.zhongshan, name="孙大爷", id_number=id_for(date(1945, 2, 3), 8, "M")
            ),
            actor="other",
        )
    # In its place by name, as the search orders them; the one that does not match is not.
    qtbot.waitUntil(lambda: names(screen) == sorted([*before, "王阿姨"]), timeout=FEED_S)
    qtbot.waitUntil(
        lambda: screen.count_label.text() == f"{len(before) + 1} elders", timeout=FEED_S
    )
    qtbot.wait(300)
    assert "孙大爷" not in names(screen)


def test_an_open_editor_says_another_seat_saved_and_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, centre: Centre, other_seat: Database
) -> None:
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "李秀英")
    elder_id = centre.elder_ids["李秀英"]
    type_text(qtbot, editor.medicines, "阿司匹林")
    assert not editor.notice.isVisible()

    at = save_elsewhere(other_seat, elder_id, zhang_li(other_seat), allergies="青霉素")
    qtbot.waitUntil(editor.notice.isVisible, timeout=FEED_S)
    assert editor.notice.label.text() == (
        f"张丽 saved this record at {at} — your changes are kept; reload to see theirs."
    )
    assert editor.medicines.text() == "阿司匹林"
    assert editor.allergies.text() == ""  # theirs is not pushed into the form
    assert editor.is_dirty()

    # Saving anyway is refused by the version check: said the same way, text kept.
    editor.save()
    qtbot.waitUntil(lambda: "Not saved" in editor.notice.label.text(), timeout=5000)
    assert f"changed by 张丽 at {at} — reload" in editor.notice.label.text()
    assert not editor.saving and editor.isVisible()
    assert editor.medicines.text() == "阿司匹林"
    with other_seat.sessions() as session:
        assert get_elder(session, elder_id).medicines == ""

    qtbot.mouseClick(editor.notice.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.loaded and editor.allergies.text() == "青霉素", timeout=5000)
    assert not editor.notice.isVisible()
    assert editor.medicines.text() == ""
    type_text(qtbot, editor.medicines, "阿司匹林")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()


def test_a_record_saved_meanwhile_by_someone_else_is_refused_with_who_and_when(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], centre: Centre
) -> None:
    # The same seat, the feed not yet heard: the service's version check still refuses.
    screen = screen_of(window)
    editor = open_editor_on(qtbot, screen, "李秀英")
    elder_id = centre.elder_ids["李秀英"]
    editor.notice._bridge.close()
    at = save_elsewhere(window.ctx.db, elder_id, allergies="青霉素")

    type_text(qtbot, editor.medicines, "阿司匹林")
    editor.save()
    qtbot.waitUntil(editor.notice.isVisible, timeout=5000)
    assert editor.notice.label.text().startswith(f"Not saved: changed by other at {at} — reload.")
    assert editor.medicines.text() == "阿司匹林"  # still on screen
    qtbot.mouseClick(editor.notice.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.loaded and editor.allergies.text() == "青霉素", timeout=5000)
    assert editor.medicines.text() == ""


def test_scrolling_on_after_a_row_left_its_place_skips_and_repeats_nobody(
    qtbot: QtBot, window: MainWindow, idle: Callable[[], None], other_seat: Database
) -> None:
    screen = screen_of(window)
    idle()
    assert screen.model.rowCount() == 100
    moved = screen.model.row_at(10)
    assert moved is not None
    # Renamed to sort last: the row stays where it is, the search now has it at the end.
    save_elsewhere(other_seat, moved.id, name="龥秀英")
    qtbot.waitUntil(lambda: names(screen)[10] == "龥秀英", timeout=FEED_S)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            screen.model.rowCount() > 100
            and not screen.model.loading
            and not screen.model.canFetchMore()
        ),
        timeout=5000,
    )
    ids = [screen.model.row_at(i).id for i in range(screen.model.rowCount())]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids)) == 154
