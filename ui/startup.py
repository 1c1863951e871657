"""From an empty event loop to a main window: open the database, fill the demo, show.

Opening can wait on a network (PostgreSQL) and seeding the demo centre takes
seconds, so both run through ``Tasks`` behind a progress dialog; a database the
program cannot use ends in a dialog that says why, not a traceback.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from app.feed.changefeed import ChangeFeed
from app.scheduler import Scheduler, centre_jobs
from ui.context import DatabaseHealth, Operator, UiContext
from ui.tasks import Tasks, failure_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.auth import SignedIn
    from app.context import Database
    from app.gateway.demo import DemoGateway
    from app.gateway.service import Gateway
    from ui.login import SignInFlow
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

# The demo centre: big enough that paging and search are real, small enough to
# build in well under a minute on a two-core office PC.
DEMO_ELDERS = 3000
DEMO_ORDERS = 30000
DEMO_MONTHS = 6
DEMO_SEED = 1


def open_and_prepare(url: str, demo: bool, report: Any) -> Database:
    """Worker side: open (demo: migrate and seed when empty) and return the database."""
    from app.context import open_database

    report(QCoreApplication.translate("Startup", "Opening the database…"))
    db = open_database(url, migrate=demo)
    if demo:
        try:
            _seed_if_empty(db, report)
        except BaseException:
            db.close()
            raise
    return db


def _seed_if_empty(db: Database, report: Any) -> None:
    from app.demo.seed import SeedOptions, seed_demo
    from app.registry.elders import count_elders

    with db.sessions() as session:
        if count_elders(session) > 0:
            return
    report(QCoreApplication.translate("Startup", "Building the demo centre…"))
    # Anchored at this minute, not at midnight: the demo's "alarms of the last hour"
    # must look recent when the console opens.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    options = SeedOptions(
        elders=DEMO_ELDERS, orders=DEMO_ORDERS, months=DEMO_MONTHS, seed=DEMO_SEED, anchor=now
    )
    seed_demo(db.engine, options, progress=lambda *args: report(SeedStep.parse(args)))


@dataclass(frozen=True)
class SeedStep:
    """One progress report of the seeder: its stage word and "done/total" if it says."""

    stage: str
    done: int | None
    total: int | None
    raw: str

    @classmethod
    def parse(cls, args: tuple[Any, ...]) -> SeedStep:
        raw = " ".join(str(a) for a in args)
        m = re.match(r"^(\w+)\s+(\d+)/(\d+)", raw)
        if m:
            return cls(m[1], int(m[2]), int(m[3]), raw)
        return cls(raw.split(" ", 1)[0].rstrip(":"), None, None, raw)


class Startup(QObject):
    def __init__(self, tasks: Tasks, url: str, *, demo: bool) -> None:
        super().__init__()
        self.tasks = tasks
        self.url = url
        self.demo = demo
        self.db: Database | None = None
        self.window: MainWindow | None = None
        self.ctx: UiContext | None = None
        self.sign_in: SignInFlow | None = None
        self.gateway: DemoGateway | Gateway | None = None
        self.feed: ChangeFeed | None = None
        self.scheduler: Scheduler | None = None
        # Tests of the console itself turn the simulated boxes off.
        self.demo_gateway_enabled = os.environ.get("ANXIN_DEMO_GATEWAY", "1") != "0"
        self.exit_code = 0
        self.progress = QProgressDialog()
        self.progress.setWindowTitle(self.tr("Anxin"))
        self.progress.setLabelText(self.tr("Starting…"))
        self.progress.setCancelButton(None)
        self.progress.setRange(0, 0)
        self.progress.setMinimumWidth(460)
        self.progress.setMinimumDuration(400)
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

    def start(self) -> None:
        self.tasks.submit(
            lambda report: open_and_prepare(self.url, self.demo, report),
            on_progress=self._progress,
            on_success=self._opened,
            on_failure=self._failed,
        )

    def _progress(self, message: Any) -> None:
        if isinstance(message, SeedStep):
            self._seed_progress(message)
        else:
            self.progress.setLabelText(str(message))
        if self.demo and not self.progress.isVisible():
            self.progress.show()

    def _seed_progress(self, step: SeedStep) -> None:
        """The seeder speaks English to the log; the operator gets the stage in their words."""
        stages = {
            "seeding": self.tr("Preparing the demo centre…"),
            "catalogue": self.tr("Service catalogue, firms and staff…"),
            "elders": self.tr("Registering elders…"),
            "orders": self.tr("Writing six months of calls, orders and alarms…"),
            "building": self.tr("Building indexes…"),
            "indexes": self.tr("Building indexes…"),
            "analysing": self.tr("Finishing…"),
        }
        text = stages.get(step.stage, step.raw)
        if step.done is not None and step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(step.done)
            text = f"{text}  {step.done:,} / {step.total:,}"
        else:
            self.progress.setRange(0, 0)
        self.progress.setLabelText(self.tr("Building the demo centre") + "\n" + text)

    def _opened(self, db: Database) -> None:
        from ui.login import SignInFlow, autologin_name

        self.db = db
        # Until someone signs in, the audit trail can only name the OS account.
        operator = Operator(self.tr("Not signed in"), actor=f"console:{_os_user()}")
        self.ctx = UiContext(
            db=db, tasks=self.tasks, operator=operator, demo=self.demo, health=DatabaseHealth()
        )
        # Started before any screen reads: whatever changes after a screen's first read
        # reaches it through the feed, this seat's own changes included.
        self.feed = ChangeFeed(db, self.ctx.bus, name="console feed").start()
        if not (self.demo and self.demo_gateway_enabled):
            self._start_scheduler(db)
        self.sign_in = SignInFlow(self.ctx, autologin=autologin_name(self.demo))
        self.sign_in.finished.connect(self._signed_in)
        # The dialog replaces the progress window (shown first: closing the last one quits).
        self.sign_in.dialog_shown.connect(self._close_progress)
        self.sign_in.start()

    def _signed_in(self, who: SignedIn | None) -> None:
        """Build the main window for whoever signed in; None (Quit or Esc) ends the console."""
        from ui.login import operator_for
        from ui.main_window import MainWindow

        ctx = self.ctx
        assert ctx is not None
        if who is None:
            self._close_progress()
            QCoreApplication.exit(0)
            return
        ctx.operator = operator_for(who)
        self.window = MainWindow(ctx)
        if self.demo and self.demo_gateway_enabled:
            self._start_demo_gateway(ctx)
        elif not self.demo:
            self.gateway = start_station_gateway(ctx)
        # Operators work full screen; the window remembers nothing yet (a later issue).
        # Shown before the progress dialog closes: closing the last visible window quits.
        self.window.showMaximized()
        # The sign-in dialog had the keyboard; without this the first Ctrl+1…9 or F-key
        # goes nowhere until the operator clicks into the window.
        self.window.raise_()
        self.window.activateWindow()
        self._close_progress()

    def _close_progress(self) -> None:
        """Close it for good: a QProgressDialog closed before its minimum duration has
        passed would otherwise still pop up, by its own timer, over the sign-in dialog."""
        self.progress.cancel()
        self.progress.close()

    def _failed(self, exc: BaseException) -> bool:
        from app.context import DatabaseNotReady

        self.progress.close()
        if isinstance(exc, DatabaseNotReady):
            title = self.tr("Database not ready")
            text = self.tr(
                "The database at %1 is not ready for this version of Anxin. "
                "Ask the administrator to run “anxin db upgrade”, then start Anxin again."
            ).replace("%1", _describe(self.url))
            detail = str(exc)
        else:
            title, reason = failure_text(exc)
            text = self.tr("Anxin could not open the database at %1.").replace(
                "%1", _describe(self.url)
            )
            text = f"{text}\n\n{reason}"
            detail = f"{type(exc).__name__}: {exc}"
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
        box.setDetailedText(detail)
        box.exec()
        self.exit_code = 1
        QCoreApplication.exit(1)
        return True

    def _start_scheduler(self, db: Database) -> None:
        # The centre's clock (escalations, sweeps): this console runs it only while no
        # gateway and no other console does.
        if self.scheduler is None:
            self.scheduler = Scheduler(db, centre_jobs(), role="console").start()

    def _start_demo_gateway(self, ctx: UiContext) -> None:
        """The real gateway on pseudo-terminals, fed by simulated boxes (see app.gateway.demo)."""
        from app.gateway.demo import DemoGateway

        try:
            self.gateway = DemoGateway(ctx.db, ctx.bus)
            self.gateway.start()
        except Exception:
            # The console is still useful without it; the status bar keeps saying so.
            log.exception("the demo gateway did not start")
            self.gateway = None
        # After the simulated devices have "kept testing" while the demo was closed: the
        # first device sweep must not find them all silent.
        self._start_scheduler(ctx.db)

    def close(self) -> None:
        if self.gateway is not None:
            self.gateway.stop()
            self.gateway = None
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        if self.feed is not None:
            self.feed.stop()
            self.feed = None
        if self.db is not None:
            self.db.close()
            self.db = None


def start_station_gateway(ctx: UiContext) -> Gateway | None:
    """Open the ports Settings saved for this PC, in this console; None when there are none.

    A bad station file or a port that cannot start is logged and shown on the gateway
    light: the console itself must still open.
    """
    from app import station
    from app.gateway.service import Gateway, GatewayConfig

    try:
        saved = station.load()
        if not saved.has_gateway:
            return None
        gateway = Gateway(
            ctx.db, ctx.bus, GatewayConfig(serial=saved.serial, dc09=saved.dc09 or None)
        )
        gateway.start()
    except Exception as exc:
        log.exception("the gateway of this PC did not start")
        from app.feed import announce
        from app.gateway.service import link_change

        change = link_change({"port": "station", "status": "failed", "reason": str(exc)})

        def write(session: Session) -> None:
            announce(session, change)
            session.commit()

        # On the writer thread: the GUI thread never waits for the database.
        ctx.write(write, on_failure=lambda _exc: True)
        return None
    return gateway


def _describe(url: str) -> str:
    from app.config import describe_db

    try:
        return describe_db(url)
    except Exception:
        return url.split("@")[-1]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
