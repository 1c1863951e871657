"""The centre's clock: periodic jobs run by exactly one process (see ``election``).

Two threads: the heartbeat keeps (or tries for) leadership every ``heartbeat_s``; the
runner, while this process leads, runs each job when it is due, one after another, each
in its own session. A job that fails is logged and tried again at its next turn; it
never stops the others. Every job is idempotent (a second run at the same moment does
nothing more), so the moments around a takeover — when the old leader may still be
finishing a job and the new one starts it — cannot double an escalation or a sample.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.context import Database
from app.scheduler.election import Elector

log = logging.getLogger("anxin.scheduler")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Job:
    name: str
    every_s: float
    run: Callable[[Session, datetime], object]
    last_run: float | None = field(default=None, compare=False)
    runs: int = field(default=0, compare=False)
    failures: int = field(default=0, compare=False)


class Scheduler:
    def __init__(
        self,
        db: Database,
        jobs: Sequence[Job],
        *,
        role: str,
        clock: Clock = utc_now,
        heartbeat_s: float = 2.0,
        lease_s: float = 6.0,
        step_s: float = 0.25,
    ) -> None:
        self.db = db
        self.jobs = list(jobs)
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.step_s = step_s
        self.elector = Elector(db, role=role, lease_s=lease_s)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def leading(self) -> bool:
        return self.elector.leading

    def start(self) -> Scheduler:
        for name, target in (("scheduler heartbeat", self._heartbeat), ("scheduler", self._run)):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout)
        self.elector.release()

    def _heartbeat(self) -> None:
        while not self._stop.is_set():
            was = self.elector.leading
            if self.elector.poll(self.clock()) and not was:
                # A new leader runs every job at once: the old one may have died just
                # before a due run.
                for job in self.jobs:
                    job.last_run = None
            self._stop.wait(self.heartbeat_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.elector.leading:
                self.run_due()
            self._stop.wait(self.step_s)

    def run_due(self) -> list[str]:
        """Run every job whose turn has come; returns their names (tests call it too)."""
        done: list[str] = []
        for job in self.jobs:
            if self._stop.is_set() or not self.elector.leading:
                break
            mono = time.monotonic()
            if job.last_run is not None and mono - job.last_run < job.every_s:
                continue
            job.last_run = mono
            self.run_job(job)
            done.append(job.name)
        return done

    def run_job(self, job: Job) -> None:
        started = time.perf_counter()
        try:
            with self.db.sessions() as session:
                job.run(session, self.clock())
                session.commit()
            job.runs += 1
        except Exception as exc:
            job.failures += 1
            log.warning("scheduler job %s failed: %s", job.name, str(exc).splitlines()[0])
            log.debug("job %s", job.name, exc_info=True)
            return
        took = time.perf_counter() - started
        if took > 1.0:
            log.info("scheduler job %s took %.1f s", job.name, took)
