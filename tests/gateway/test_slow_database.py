"""A stop-and-wait receiver on a pty, a real database that stalls, and a gateway restart.

The receiver has no sequence numbers, so the test counts the ACKs each frame got: one
each, never before the frame is safe (stored or fsync'd to the journal), and never a
spare one. While another connection holds the database's write lock longer than the
receiver's ACK window, the ingest journals rather than waits, answers in time, and the
replayer stores the journal once the lock is gone; the gateway is then restarted with the
stream still running.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.bus import Bus
from app.context import Database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from db.models import Alarm
from hardware.codecs import make_codec
from hardware.events import AlarmEvent, Event
from hardware.transport.link import SerialLink
from hardware.transport.spec import parse_spec
from tests.hardware.serial_pair import PtyPair
from tests.hardware.test_ack_window import Receiver, Store, wait_for

WINDOW = 1.5
ACCOUNTS = [f"20{i:02d}" for i in range(1, 9)]


class IngestStore(Store):
    """The receiver's idea of "stored": the ingest said so (database or journal)."""

    def __init__(self, ingestor: Ingestor) -> None:
        super().__init__()
        self.ingestor = ingestor

    def sink(self, event: Event, deadline: float) -> bool:
        ok = self.ingestor.ingest(event, deadline)
        if ok and isinstance(event, AlarmEvent):
            with self.lock:
                self.deliveries[event.account] += 1
                self.stored[event.account] = 1
        return ok


@pytest.fixture
def pty() -> Iterator[PtyPair]:
    pair = PtyPair()
    yield pair
    pair.close()


def hold_write_lock(db: Database, seconds: float, started: threading.Event) -> None:
    """Another seat's long transaction: the alarms table cannot be written meanwhile."""
    with db.engine.connect() as conn:
        if db.backend == "postgresql":
            conn.execute(text("BEGIN"))
            conn.execute(text("LOCK TABLE alarms IN ACCESS EXCLUSIVE MODE"))
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        started.set()
        time.sleep(seconds)
        conn.rollback()


def test_a_stalled_database_and_a_restart_cost_no_alarm_and_no_spare_ack(
    db: Database, pty: PtyPair, tmp_path: Path
) -> None:
    journal_path = tmp_path / "journal.jsonl"
    spec = parse_spec(f"{pty.device},protocol=surgard,ack_window={WINDOW:g}")

    every: list[Ingestor] = []

    def gateway() -> tuple[Ingestor, SerialLink, IngestStore]:
        ing = Ingestor(db, Bus(), Journal(journal_path))
        every.append(ing)
        st = IngestStore(ing)
        ln = SerialLink(spec, make_codec("surgard"), st.sink, backoff_initial_s=0.05)
        ln.start()
        return ing, ln, st

    ingestor, link, store = gateway()
    rx = Receiver(pty, ACCOUNTS, store, window=WINDOW, linger=0.3)
    locked = threading.Event()
    stop_replay = threading.Event()
    holders: list[threading.Thread] = []
    restarted: list[bool] = []

    def replayer() -> None:
        while not stop_replay.wait(0.2):
            # A replay that meets the lock again just stops; the next turn goes on.
            with contextlib.suppress(Exception):
                ingestor.replay()

    def on_send(account: str, attempt: int, data: bytes) -> None:
        nonlocal ingestor, link, store
        if account == ACCOUNTS[2] and attempt == 0:
            # Longer than two ACK windows: without the journal this frame would be
            # answered after the receiver re-sent it.
            t = threading.Thread(target=hold_write_lock, args=(db, 2 * WINDOW + 0.5, locked))
            t.start()
            holders.append(t)
            locked.wait(5)
        if account == ACCOUNTS[5] and attempt == 0 and not restarted:
            # The gateway restarts between two frames; the journal it leaves is replayed.
            restarted.append(True)
            link.stop()
            ingestor.close()
            ingestor, link, new_store = gateway()
            new_store.stored.update(store.stored)
            store = new_store
            rx.store = new_store
            wait_for(lambda: link.state.status.value == "connected", 5)
        pty.write(data)

    rx.send_hook = on_send
    replay = threading.Thread(target=replayer, daemon=True)
    replay.start()
    try:
        rx.start()
        rx.join(40)
        for t in holders:
            t.join(10)
        assert wait_for(lambda: (ingestor.replay() or True) and not ingestor.journalling, 15)
    finally:
        stop_replay.set()
        replay.join(5)
        link.stop()
        ingestor.close()

    assert sum(i.stats["journalled"] for i in every) >= 1, "the stall never reached the journal"
    assert dict(rx.acks) == dict.fromkeys(ACCOUNTS, 1), f"ACKs per frame: {dict(rx.acks)}"
    assert rx.early == [] and rx.stray_after_last == 0
    with db.sessions() as s:
        rows = dict(
            s.execute(select(Alarm.account, func.count()).group_by(Alarm.account)).all()
        )
    assert rows == dict.fromkeys(ACCOUNTS, 1), f"rows per account: {rows}"
