"""Fixtures for driving the real widgets: a registered centre, the context, the window.

The centre (four named elders, 150 more, one firm) is built once per session through
the registry services and copied per test, so each test starts from the same data
in well under a second.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.context import Database, open_database
from app.feed.changefeed import ChangeFeed
from db.engine import make_engine
from tests.ui.factories import Centre, populate
from ui.context import DatabaseHealth, Operator, UiContext
from ui.i18n import install_translators, remove_translators
from ui.main_window import MainWindow
from ui.qt_workarounds import protect_bool_singletons
from ui.tasks import Tasks

# Without it the test process aborts after a few thousand signal emits (PySide6 6.12).
protect_bool_singletons()

FILLER_ELDERS = 150


class Language:
    """The console's language during a test: English unless a test switches."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translators: list[QTranslator] = []

    def use(self, name: str) -> None:
        remove_translators(self.app, self.translators)
        self.translators = install_translators(self.app, QLocale(name))

    def reset(self) -> None:
        remove_translators(self.app, self.translators)
        self.translators = []
        QLocale.setDefault(QLocale(QLocale.Language.English))


@pytest.fixture(autouse=True)
def language(qapp: QApplication) -> Iterator[Language]:
    lang = Language(qapp)
    lang.use("en")
    yield lang
    lang.reset()


@pytest.fixture(scope="session")
def centre_template(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Centre]:
    path = tmp_path_factory.mktemp("centre") / "centre.db"
    shutil.copy(sqlite_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.sessions() as session:
        centre = populate(session, filler=FILLER_ELDERS)
    database.close()
    # Fold the WAL into the file so a plain copy carries every row.
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, centre


@pytest.fixture
def centre(centre_template: tuple[Path, Centre]) -> Centre:
    return centre_template[1]


@pytest.fixture
def centre_db(centre_template: tuple[Path, Centre], tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "anxin.db"
    shutil.copy(centre_template[0], path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


class PresenterSpy:
    """Stands in for the message boxes of unexpected failures, and records them."""

    def __init__(self) -> None:
        self.shown: list[BaseException] = []

    def __call__(self, _parent: object, exc: BaseException) -> None:
        self.shown.append(exc)


@pytest.fixture
def presenter() -> PresenterSpy:
    return PresenterSpy()


@pytest.fixture
def tasks(qtbot: QtBot, presenter: PresenterSpy) -> Iterator[Tasks]:
    runner = Tasks()
    runner.presenter = presenter
    yield runner
    runner.shutdown()


@pytest.fixture
def ctx(centre_db: Database, tasks: Tasks) -> Iterator[UiContext]:
    context = UiContext(
        db=centre_db,
        tasks=tasks,
        operator=Operator("Test operator", actor="test", signed_in=True),
        demo=False,
        health=DatabaseHealth(),
    )
    # As in the console: changes reach the screens only through the feed.
    feed = ChangeFeed(centre_db, context.bus, name="test feed").start()
    yield context
    feed.stop()


@pytest.fixture
def window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def idle(qtbot: QtBot, tasks: Tasks) -> Callable[[], None]:
    """Wait until no task is running and the debounce timers had their chance."""

    def wait() -> None:
        qtbot.wait(10)
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)

    return wait


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as an operator does: Latin keys one by one, Chinese through the input method.

    QTest cannot press keys for characters beyond Latin-1 (it aborts the process);
    a Chinese IME delivers them as an input-method commit, so that is what we send.
    """
    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch != "\0" and ch.isascii():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if ch != "\0":
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
