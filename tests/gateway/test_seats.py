"""Several seats, one centre: the gateway in its own process, seats in others.

``anxin gateway`` runs as a real process on two ptys (a Sur-Gard receiver and a
caller-ID box); the seats are ``Database`` objects with their own change feeds, as the
consoles on other PCs have. Every change must reach every seat within a second: the
gateway's alarm and ring, and what one seat does (claim, dispatch) at the other.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import alarms
from app.access import Actor
from app.bus import Bus
from app.context import Database, open_database
from app.feed.changefeed import ChangeFeed
from app.feed.topics import AlarmClaimed, AlarmRaised, CallRinging, Change, OrderChanged
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.orders.service import OrderRequest, dispatch_order
from db.models import Elder
from hardware.codecs import make_codec
from hardware.codecs.encode import encode_hayes_call, encode_surgard
from tests.app.factories import make_category, make_firm, make_item
from tests.gateway.conftest import Centre, make_centre
from tests.hardware.serial_pair import PtyPair

ROOT = Path(__file__).resolve().parents[2]
ACK = b"\x06"


class Seat:
    """One console's view of the centre: its own engine, feed and bus."""

    def __init__(self, url: str) -> None:
        self.db = open_database(url)
        self.bus = Bus()
        self.seen: list[tuple[float, Change]] = []
        self.cond = threading.Condition()
        self.bus.subscribe("", self._on)
        self.feed = ChangeFeed(self.db, self.bus).start()
        assert self.feed.connected.wait(10)

    def _on(self, _topic: str, change: Change) -> None:
        with self.cond:
            self.seen.append((time.monotonic(), change))
            self.cond.notify_all()

    def wait(self, kind: type[Change], timeout: float = 5.0) -> tuple[float, Change]:
        def found() -> tuple[float, Change] | None:
            return next(((t, c) for t, c in self.seen if isinstance(c, kind)), None)

        with self.cond:
            self.cond.wait_for(lambda: found() is not None, timeout)
            hit = found()
        assert hit is not None, f"{kind.topic} never reached this seat"
        return hit

    def close(self) -> None:
        self.feed.stop()
        self.db.close()


@pytest.fixture
def seats(db: Database) -> Iterator[list[Seat]]:
    two = [Seat(db.url), Seat(db.url)]
    yield two
    for s in two:
        s.close()


@pytest.fixture
def gateway(db: Database, tmp_path: Path) -> Iterator[tuple[PtyPair, PtyPair]]:
    receiver, box = PtyPair(), PtyPair()
    log = (tmp_path / "gateway.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "--db",
            db.url,
            "gateway",
            "--serial",
            f"{receiver.device},protocol=surgard,name=receiver",
            "--serial",
            f"{box.device},protocol=callerid,name=callerid",
            "--journal",
            str(tmp_path / "journal.jsonl"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield receiver, box
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        receiver.close()
        box.close()


def send_until_acked(rx: PtyPair, frame: bytes, timeout: float = 20.0) -> float:
    """Send as a receiver does (re-send every 2 s) until ACKed; returns the ACK's time."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rx.write(frame)
        if ACK in rx.read(timeout=2.0, until=ACK):
            return time.monotonic()
    pytest.fail("the gateway never acknowledged the frame")


def test_the_gateway_process_alarm_and_ring_reach_every_seat_within_a_second(
    db: Database, seats: list[Seat], gateway: tuple[PtyPair, PtyPair]
) -> None:
    centre: Centre = make_centre(db)
    receiver, box = gateway
    acked = send_until_acked(receiver, encode_surgard("1234", "new", "101", ccc="001"))
    for seat in seats:
        at, change = seat.wait(AlarmRaised)
        assert isinstance(change, AlarmRaised)
        assert (change.account, change.event_code, change.elder_id) == ("1234", "101", centre.zhang)
        assert at - acked < 1.0, f"alarm seen {at - acked:.2f} s after its ACK"

    rang = time.monotonic()
    box.write(encode_hayes_call("13800138000", "ZHANG"))
    for seat in seats:
        at, ring = seat.wait(CallRinging)
        assert isinstance(ring, CallRinging)
        assert ring.number == "13800138000" and ring.elder_ids == (centre.zhang,)
        assert at - rang < 1.0, f"ring seen {at - rang:.2f} s after the box sent it"


def test_what_one_seat_does_the_other_sees_within_a_second(
    db: Database, seats: list[Seat], tmp_path: Path
) -> None:
    a, b = seats
    centre = make_centre(db)
    # An alarm stored by seat A's own gateway, claimed at seat B: A learns who has it.
    ingestor = Ingestor(a.db, a.bus, Journal(tmp_path / "a.jsonl"))
    (event,) = list(make_codec("surgard").feed(encode_surgard("1234", "new", "101")))
    assert ingestor.ingest(event)
    ingestor.close()
    _t, raised = b.wait(AlarmRaised)
    with b.db.sessions() as s:
        alarms.claim(s, raised.ids[0], Actor("wangli", role="operator", display_name="王丽"))
    t0 = time.monotonic()  # committed: from here it is the feed's time
    at, claimed = a.wait(AlarmClaimed)
    assert isinstance(claimed, AlarmClaimed) and claimed.claimed_by_name == "王丽"
    assert at - t0 < 1.0, f"claim seen {at - t0:.2f} s later"

    # An order dispatched at seat A shows on seat B's board.
    with a.db.sessions() as s:
        community = s.get(Elder, centre.zhang).community_id  # type: ignore[union-attr]
        item = make_item(s, make_category(s), "ZC01", "助餐")
        make_firm(s, {community}, {item})
    with a.db.sessions() as s:
        order = dispatch_order(
            s, OrderRequest(elder_id=centre.zhang, item_id=item), actor=Actor("wangli")
        )
    t0 = time.monotonic()
    at, changed = b.wait(OrderChanged)
    assert changed.ids == (order.id,) and isinstance(changed, OrderChanged)
    assert changed.status == "dispatched"
    assert at - t0 < 1.0, f"order seen {at - t0:.2f} s later"
