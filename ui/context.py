"""What every screen is given: the database, the task runner and who is on duty.

Screens receive this object instead of reaching for globals; the start-up code
builds exactly one. ``read``/``write`` open a session for the length of one
service call on a pool thread, so no widget ever holds a session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.access import Actor
from app.bus import Bus
from ui.tasks import FailureCallback, SuccessCallback, Tasks, is_database_outage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.context import Database


class DatabaseHealth(QObject):
    """Whether the last database call worked; the status bar listens."""

    changed = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ok = True

    def report(self, ok: bool, detail: str = "") -> None:
        if ok != self.ok:
            self.ok = ok
            self.changed.emit(ok, detail)


@dataclass
class Operator:
    """The person on duty, as services record them (``actor``) and the status bar shows."""

    display_name: str
    actor: str
    user_id: int | None = None
    signed_in: bool = False
    role: str = "operator"

    def as_actor(self) -> Actor:
        """What services are given: they check the role and record the name."""
        return Actor(
            self.actor, role=self.role, user_id=self.user_id, display_name=self.display_name
        )


@dataclass
class UiContext:
    db: Database
    tasks: Tasks
    operator: Operator
    demo: bool
    health: DatabaseHealth
    # Announcements from services and the gateway (see ui.bus_bridge for the GUI side).
    bus: Bus = field(default_factory=Bus)

    def read(
        self,
        fn: Callable[[Session], Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        owner: QObject | None = None,
        key: str | None = None,
    ) -> int:
        """Run ``fn(session)`` on a pool thread; the session closes when it returns."""
        return self._submit(fn, on_success, on_failure, owner, key, serial=False)

    def write(
        self,
        fn: Callable[[Session], Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        owner: QObject | None = None,
        urgent: bool = False,
    ) -> int:
        """Like ``read`` but on the single writer thread (services commit themselves);
        ``urgent`` for claims and alarm actions, which must not wait behind slow writes."""
        return self._submit(fn, on_success, on_failure, owner, None, serial=True, urgent=urgent)

    def _submit(
        self,
        fn: Callable[[Session], Any],
        on_success: SuccessCallback | None,
        on_failure: FailureCallback | None,
        owner: QObject | None,
        key: str | None,
        *,
        serial: bool,
        urgent: bool = False,
    ) -> int:
        sessions = self.db.sessions

        def in_session() -> Any:
            with sessions() as session:
                return fn(session)

        def succeeded(value: Any) -> None:
            self.health.report(True)
            if on_success is not None:
                on_success(value)

        def failed(exc: BaseException) -> bool | None:
            if is_database_outage(exc):
                self.health.report(False, str(exc).splitlines()[0] if str(exc) else "")
            else:
                # Any answer from the server, even a refusal, means it is reachable.
                self.health.report(True)
            return on_failure(exc) if on_failure is not None else None

        return self.tasks.submit(
            in_session,
            on_success=succeeded,
            on_failure=failed,
            owner=owner,
            key=key,
            serial=serial,
            urgent=urgent,
        )
