"""The change feed across processes: outbox rows in the writer's transaction, read by seq.

Two ``Database`` objects on one database are two seats (separate engines and
connections, as two PCs have); ``anxin events`` in a subprocess is a third process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bus import Bus
from app.context import Database, open_database
from app.feed import announce
from app.feed.changefeed import ChangeFeed
from app.feed.outbox import last_seq, prune
from app.feed.topics import AlarmRaised, Change, ElderChanged, OrderChanged, UnknownChange

ROOT = Path(__file__).resolve().parents[2]


class Collector:
    def __init__(self, bus: Bus, prefix: str = "") -> None:
        self.got: list[Change] = []
        self.cond = threading.Condition()
        bus.subscribe(prefix, self._on)

    def _on(self, _topic: str, change: Change) -> None:
        with self.cond:
            self.got.append(change)
            self.cond.notify_all()

    def wait_for(self, n: int, timeout: float = 5.0) -> list[Change]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.got) >= n, timeout)
            return list(self.got)


def second_seat(db: Database) -> Database:
    return open_database(db.url)


def test_committed_changes_reach_another_seat_typed_in_order_within_a_second(
    db: Database,
) -> None:
    other = second_seat(db)
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(other, bus).start()
    try:
        assert feed.connected.wait(5)
        t0 = time.monotonic()
        with db.sessions() as s:
            announce(s, AlarmRaised(ids=(7,), account="1234", event_code="101", elder_id=3))
            announce(s, OrderChanged(ids=(9,), status="dispatched", firm_id=2))
            s.commit()
        got = seen.wait_for(2)
        elapsed = time.monotonic() - t0
        assert [c.topic for c in got] == ["alarm.raised", "order.changed"]
        alarm = got[0]
        assert isinstance(alarm, AlarmRaised)
        assert (alarm.ids, alarm.account, alarm.event_code, alarm.elder_id) == ((7,), "1234", "101", 3)
        assert got[1].seq == alarm.seq + 1
        assert alarm.at is not None and alarm.at.tzinfo is not None
        assert elapsed < 1.0, f"seen after {elapsed:.2f} s"
    finally:
        feed.stop()
        other.close()


def test_a_rolled_back_transaction_announces_nothing(db: Database) -> None:
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(db, bus).start()
    try:
        with db.sessions() as s:
            announce(s, ElderChanged(ids=(1,)))
            s.rollback()
            announce(s, ElderChanged(ids=(2,)))
            s.commit()
        got = seen.wait_for(1)
        time.sleep(0.3)
        assert [c.ids for c in seen.got] == [(2,)]
        assert got[0].ids == (2,)
    finally:
        feed.stop()


def test_a_new_seat_starts_after_what_is_there_and_since_replays(db: Database) -> None:
    with db.sessions() as s:
        announce(s, ElderChanged(ids=(1,)), ElderChanged(ids=(2,)))
        s.commit()
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(db, bus).start()
    replay_bus = Bus()
    replayed = Collector(replay_bus)
    replay = ChangeFeed(db, replay_bus).start(since=0)
    try:
        assert [c.ids for c in replayed.wait_for(2)] == [(1,), (2,)]
        time.sleep(0.3)
        assert seen.got == []
    finally:
        feed.stop()
        replay.stop()


def test_many_concurrent_writers_every_change_delivered_once_in_seq_order(db: Database) -> None:
    """Eight seats committing at once: no seq is skipped by a reader that was already
    past it (PostgreSQL hands numbers out in commit order) and none comes twice."""
    other = second_seat(db)
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(other, bus).start()
    writers = 8
    per = 40 if db.backend == "postgresql" else 15

    def write(w: int) -> None:
        for i in range(per):
            with db.sessions() as s:
                announce(s, ElderChanged(ids=(w * 1000 + i,)))
                if db.backend == "postgresql":
                    # Keep transactions open a little so their commits overlap.
                    s.execute(text("SELECT pg_sleep(0.001)"))
                s.commit()

    try:
        assert feed.connected.wait(5)
        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        got = seen.wait_for(writers * per, timeout=15)
        ids = [c.ids[0] for c in got]
        assert len(ids) == writers * per
        assert len(set(ids)) == len(ids)
        seqs = [c.seq for c in got]
        assert seqs == sorted(seqs)
    finally:
        feed.stop()
        other.close()


def test_unknown_topics_are_delivered_not_dropped(db: Database) -> None:
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(db, bus).start()
    try:
        with db.engine.begin() as conn:
            from app.feed.outbox import write

            class Future(Change):
                topic = "robot.waved"
                kind = "robot"

            write(conn, [Future(ids=(1,))])
        got = seen.wait_for(1)
        # Written by "a newer program": this one decodes it by the registry it has.
        assert got[0].topic_name == "robot.waved"
    finally:
        feed.stop()
    from app.feed.topics import TOPICS, decode

    TOPICS.pop("robot.waved", None)
    assert isinstance(decode(1, None, "robot.waved", "robot", [1], {}), UnknownChange)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_listener_reconnects_and_catches_up_after_its_connection_is_killed(
    db: Database, backend: str
) -> None:
    if db.backend != backend:
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    other = second_seat(db)
    bus = Bus()
    seen = Collector(bus)
    feed = ChangeFeed(other, bus).start()
    try:
        assert feed.connected.wait(5)
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE query LIKE 'LISTEN anxin_feed%' AND pid <> pg_backend_pid()"
                )
            )
        # Written while the listener is gone: caught up by seq once it is back.
        with db.sessions() as s:
            announce(s, ElderChanged(ids=(41,)))
            s.commit()
        got = seen.wait_for(1, timeout=10)
        assert [c.ids for c in got] == [(41,)]
    finally:
        feed.stop()
        other.close()


def test_prune_keeps_the_newest_row_and_seq_never_goes_back(db: Database) -> None:
    with db.sessions() as s:
        announce(s, ElderChanged(ids=(1,)), ElderChanged(ids=(2,)))
        s.commit()
        top = last_seq(s)
        later = datetime.now(UTC) + timedelta(days=8)
        assert prune(s, later, timedelta(days=7)) == 1
        assert last_seq(s) == top
        announce(s, ElderChanged(ids=(3,)))
        s.commit()
        assert last_seq(s) == top + 1


def test_anxin_events_follows_in_its_own_process(db: Database) -> None:
    env = {**os.environ, "ANXIN_DB": db.url, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "events", "--follow", "--topics", "alarm.,order."],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait until it listens: its first line on stderr says so.
        line = proc.stderr.readline() if proc.stderr else ""
        assert "following" in line, line
        with db.sessions() as s:
            announce(s, ElderChanged(ids=(5,)))
            announce(s, AlarmRaised(ids=(8,), account="0042", event_code="101", zone="001"))
            s.commit()
        assert proc.stdout is not None
        out = json.loads(proc.stdout.readline())
        assert out["topic"] == "alarm.raised"
        assert out["ids"] == [8]
        assert (out["account"], out["event_code"], out["zone"]) == ("0042", "101", "001")
        assert out["seq"] > 0 and out["at"].endswith("+00:00")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
