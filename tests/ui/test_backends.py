"""The Elders screen against each backend: search and a saved edit, on SQLite and PostgreSQL.

The other UI tests run on SQLite only for speed; searching (pinyin, phone) and the
optimistic version check are where the two backends could differ under the widgets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.context import Database
from app.feed.changefeed import ChangeFeed
from tests.ui.conftest import type_text
from tests.ui.factories import populate
from ui.context import DatabaseHealth, Operator, UiContext
from ui.elders.screen import EldersScreen
from ui.main_window import MainWindow
from ui.tasks import Tasks


@pytest.fixture
def any_window(qtbot: QtBot, db: Database, tasks: Tasks) -> Iterator[MainWindow]:
    with db.sessions() as session:
        populate(session)
    ctx = UiContext(db, tasks, Operator("Test", "test", signed_in=True), False, DatabaseHealth())
    feed = ChangeFeed(db, ctx.bus).start()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    tasks.shutdown()
    feed.stop()


def test_search_and_save_on_each_backend(qtbot: QtBot, any_window: MainWindow) -> None:
    screen = any_window.screens["elders"]
    assert isinstance(screen, EldersScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=5000)
    type_text(qtbot, screen.search, "wjg")
    qtbot.waitUntil(lambda: screen.model.query == "wjg" and not screen.model.loading, timeout=5000)
    assert [screen.model.row_at(i).name for i in range(screen.model.rowCount())] == ["王建国"]  # type: ignore[union-attr]

    screen.table.selectRow(0)
    screen.edit_selected()
    editor = screen.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    editor.address.clear()
    type_text(qtbot, editor.address, "城关区酒泉路1号")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: screen.model.row_at(0).address == "城关区酒泉路1号",  # type: ignore[union-attr]
        timeout=5000,
    )
