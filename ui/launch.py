"""``anxin ui`` / ``anxin --demo``: start the console.

Builds the QApplication, picks the language, font and style, then hands over to
``ui.startup`` which opens (and in demo mode fills) the database off the GUI thread
and shows the main window.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

APP_NAME = "Anxin"
DEMO_DB_NAME = "anxin-demo.db"


def ensure_platform(env: dict[str, str] | None = None) -> None:
    """Without a display, Qt aborts the process; run offscreen instead and say so."""
    env = os.environ if env is None else env  # type: ignore[assignment]
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return
    log.warning(
        "no display found (DISPLAY and WAYLAND_DISPLAY are unset): running offscreen, "
        "nothing will be visible"
    )
    env["QT_QPA_PLATFORM"] = "offscreen"


def demo_url() -> tuple[str, Path]:
    """A fresh SQLite file in a temporary folder, removed when the console exits."""
    folder = Path(tempfile.mkdtemp(prefix="anxin-demo-"))
    return f"sqlite:///{folder / DEMO_DB_NAME}", folder


def _quit_on_signals(app: QCoreApplication) -> None:
    """Ctrl+C or a service manager's SIGTERM closes the console cleanly (the demo folder
    is removed, the database closed) instead of killing it mid-write."""
    import signal

    from PySide6.QtCore import QTimer

    def request_quit(_signum: int, _frame: object) -> None:
        app.quit()

    signal.signal(signal.SIGINT, request_quit)
    signal.signal(signal.SIGTERM, request_quit)
    # Python runs signal handlers only between bytecodes; Qt's loop must hand it a turn.
    ticker = QTimer(app)
    ticker.setInterval(300)
    ticker.timeout.connect(lambda: None)
    ticker.start()


def run(
    url: str | None,
    *,
    demo: bool,
    lang: str | None = None,
    argv: list[str] | None = None,
) -> int:
    """Run the console until its window closes; returns the process exit code.

    ``url`` is None only for ``--demo`` without ``--db``: a throwaway database.
    ``lang`` (e.g. "zh_CN", "en") overrides $ANXIN_LANG and the system locale.
    """
    ensure_platform()
    # Qt is imported only now, after the platform is settled.
    from PySide6.QtWidgets import QApplication

    from ui import appearance
    from ui.i18n import choose_locale, install_translators
    from ui.qt_workarounds import protect_bool_singletons
    from ui.startup import Startup
    from ui.tasks import Tasks

    protect_bool_singletons()
    temp_folder: Path | None = None
    if url is None:
        url, temp_folder = demo_url()
        log.info("demo database in %s", temp_folder)

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    locale = choose_locale(lang)
    translators = install_translators(app, locale)
    log.info("language %s (%d catalogues)", locale.name(), len(translators))
    appearance.apply(app)

    tasks = Tasks(app)
    startup = Startup(tasks, url, demo=demo)
    startup.start()
    _quit_on_signals(app)
    try:
        code = app.exec()
    finally:
        tasks.shutdown()
        startup.close()
        if temp_folder is not None:
            shutil.rmtree(temp_folder, ignore_errors=True)
    return startup.exit_code if startup.exit_code else code
