"""One scheduler in the centre: elected, handed over within 10 s, the gateway preferred.

Two ``Database`` objects are two seats; the last test kills a real ``anxin gateway``
process with SIGKILL and watches a console's scheduler take over.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.context import Database, open_database
from app.scheduler import Job, Scheduler
from db.models import SchedulerLease

ROOT = Path(__file__).resolve().parents[2]
FAST = {"heartbeat_s": 0.3, "lease_s": 2.0, "step_s": 0.05}


def wait_for(cond: Callable[[], bool], timeout: float) -> float:
    """Seconds until ``cond`` held; fails after ``timeout``."""
    start = time.monotonic()
    while not cond():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


class Counter:
    def __init__(self) -> None:
        self.runs: list[str] = []

    def job(self, name: str) -> Job:
        def run(_s: Session, _now: datetime) -> None:
            self.runs.append(name)

        return Job(name, 0.1, run)


@pytest.fixture
def seats(db: Database) -> Iterator[list[Database]]:
    extra = [open_database(db.url) for _ in range(2)]
    yield [db, *extra]
    for d in extra:
        d.close()


def die(s: Scheduler) -> None:
    """As a process that dies: threads gone, no release (PostgreSQL: its connection drops)."""
    s._stop.set()
    for t in s._threads:
        t.join(5)
    s.elector._drop_pg()


def test_exactly_one_console_leads_and_another_takes_over_within_10_s(
    seats: list[Database],
) -> None:
    counters = [Counter() for _ in seats]
    schedulers = [
        Scheduler(d, [c.job(f"seat{i}")], role="console", **FAST).start()
        for i, (d, c) in enumerate(zip(seats, counters, strict=True))
    ]
    try:
        wait_for(lambda: sum(s.leading for s in schedulers) == 1, 10)
        time.sleep(1.0)
        assert sum(s.leading for s in schedulers) == 1
        leader = next(s for s in schedulers if s.leading)
        ran = [bool(c.runs) for c in counters]
        assert ran == [s is leader for s in schedulers], "only the leader runs jobs"

        die(leader)
        rest = [s for s in schedulers if s is not leader]
        took = wait_for(lambda: sum(s.leading for s in rest) == 1, 10)
        assert took < 10
        time.sleep(0.5)
        assert sum(s.leading for s in rest) == 1
    finally:
        for s in schedulers:
            s.stop()


def test_a_gateway_takes_the_scheduler_from_a_console(seats: list[Database]) -> None:
    console = Scheduler(seats[0], [], role="console", **FAST).start()
    gateway = None
    try:
        wait_for(lambda: console.leading, 10)
        gateway = Scheduler(seats[1], [], role="gateway", **FAST).start()
        wait_for(lambda: gateway is not None and gateway.leading and not console.leading, 10)
        time.sleep(0.8)
        assert gateway.leading and not console.leading
        # Gateway gone: the console leads again.
        die(gateway)
        wait_for(lambda: console.leading, 10)
    finally:
        console.stop()
        if gateway is not None:
            gateway.stop()


def _gateway_leads(db: Database) -> bool:
    with db.engine.connect() as conn:
        if db.backend == "postgresql":
            n = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.objid = 1 AND l.granted "
                    "AND a.application_name = 'anxin gateway'"
                )
            ).scalar()
            return bool(n)
        row = conn.execute(
            select(SchedulerLease.holder).where(SchedulerLease.name == "scheduler")
        ).scalar()
        return bool(row and row.startswith("gateway@"))


def test_killing_the_gateway_process_hands_the_scheduler_to_a_console(
    db: Database, tmp_path: Path
) -> None:
    env = {**os.environ, "ANXIN_DB": db.url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "gateway",
            "--dc09",
            "127.0.0.1:0",
            "--journal",
            str(tmp_path / "j.jsonl"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    console = Scheduler(db, [], role="console", heartbeat_s=0.5, lease_s=6.0)
    try:
        wait_for(lambda: _gateway_leads(db), 20)
        console.start()
        time.sleep(1.5)
        assert not console.leading, "a console must not run the scheduler beside a gateway"
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        took = wait_for(lambda: console.leading, 10)
        assert took < 10
    finally:
        if proc.poll() is None:
            proc.kill()
        console.stop()
