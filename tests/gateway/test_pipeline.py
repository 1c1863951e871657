"""Simulator → real pty → SerialLink → Ingestor → database, and DC-09 over real TCP."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bus import Bus
from app.context import Database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.gateway.service import Gateway, GatewayConfig
from app.simulate import Simulator
from db.engine import make_engine
from db.models import Alarm, Device
from hardware.codecs import make_codec
from hardware.codecs.encode import adm_cid_data, encode_dc09
from hardware.events import Event
from hardware.transport.link import LinkStatus, SerialLink
from hardware.transport.spec import PortSpec, parse_spec
from tests.gateway.conftest import Centre
from tests.hardware.serial_pair import SocatPair


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SocatPair]:
    p = SocatPair(tmp_path)
    p.up()
    yield p
    p.down()


def started(link: SerialLink) -> SerialLink:
    """Start and wait until the port is open: socat drops bytes sent before that."""
    link.start()
    deadline = time.monotonic() + 5
    while link.state.status != LinkStatus.CONNECTED and time.monotonic() < deadline:
        time.sleep(0.01)
    return link


def link_spec(port: str, sim_ack_timeout: float) -> PortSpec:
    """The link's ACK window is the simulated receiver's, as an installer sets it."""
    return parse_spec(f"{port},protocol=surgard,ack_window={sim_ack_timeout:g}")


def count_alarms(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Alarm)).scalar_one())


class CheckingSimulator(Simulator):
    """Looks in the database, on its own connection, the moment each ACK arrives."""

    def __init__(self, *args: object, url: str, **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.engine = make_engine(url)
        self.rows_at_ack: list[int] = []

    def _answer(self, timeout: float) -> str | None:
        verdict = super()._answer(timeout)
        if verdict == "ack":
            with self.engine.connect() as conn:
                n = conn.execute(select(func.count()).select_from(Alarm)).scalar_one()
            self.rows_at_ack.append(int(n))
        return verdict


def test_every_ack_follows_its_commit(
    db: Database, centre: Centre, pair: SocatPair, tmp_path: Path
) -> None:
    ingestor = Ingestor(db, Bus(), Journal(tmp_path / "j.jsonl"))
    link = started(SerialLink(link_spec(pair.b, 2.0), make_codec("surgard"), ingestor.ingest))
    sim = CheckingSimulator(pair.a, "surgard", ack_timeout=2.0, url=db.url)
    try:
        summary = sim.run_storm(300, accounts=["1234", "5678", "9999"])
    finally:
        sim.close()
        sim.engine.dispose()
        link.stop()
    assert (summary.acked, summary.unacked, summary.retransmits) == (300, 0, 0)
    # The n-th ACK was only written once the n-th row could be seen from elsewhere.
    assert sim.rows_at_ack == list(range(1, 301))
    with db.sessions() as s:
        assert s.scalar(select(func.count()).where(Alarm.elder_id == centre.zhang)) == 100
        assert s.scalar(select(func.count()).where(Alarm.unknown_account.is_(True))) == 100
        assert s.get(Device, centre.device_1234).mains_lost  # type: ignore[union-attr]


def test_a_stalled_commit_holds_the_ack_back(
    sqlite_db: Database, pair: SocatPair, tmp_path: Path
) -> None:
    ingestor = Ingestor(sqlite_db, Bus(), Journal(tmp_path / "j.jsonl"))
    stalls = [1.5]  # the database is slow today, longer than the receiver waits

    def slow_sink(event: Event, deadline: float) -> bool:
        stored = ingestor.ingest(event, deadline)
        if stalls:
            # The commit returns late: to the link that is the same as a slow commit.
            time.sleep(stalls.pop())
        return stored

    link = started(SerialLink(link_spec(pair.b, 1.0), make_codec("surgard"), slow_sink))
    sim = Simulator(pair.a, "surgard", ack_timeout=1.0, retries=5)
    try:
        t0 = time.monotonic()
        summary = sim.run_single("1234")
        waited = time.monotonic() - t0
        # Whatever the receiver would take for its next frame's answer.
        time.sleep(0.5)
        spare = bytes(sim._rx) + sim.port.read(64)
    finally:
        sim.close()
        link.stop()
    assert summary.acked == 1 and waited >= 1.5
    # The receiver re-sent while it waited, as a real one does; still one row. The answer
    # that came too late was never written, so no spare ACK is left over.
    assert summary.retransmits >= 1
    assert count_alarms(sqlite_db) == 1
    assert link.replies_late >= 1 and link.replies_out == 1
    assert spare == b""


def test_garbage_between_frames_loses_nothing(
    sqlite_db: Database, pair: SocatPair, tmp_path: Path
) -> None:
    ingestor = Ingestor(sqlite_db, Bus(), Journal(tmp_path / "j.jsonl"))
    link = started(SerialLink(link_spec(pair.b, 2.0), make_codec("surgard"), ingestor.ingest))
    sim = Simulator(pair.a, "surgard", ack_timeout=2.0)
    try:
        summary = sim.run_garbage(100)
    finally:
        sim.close()
        link.stop()
    assert summary.acked == 100 and count_alarms(sqlite_db) == 100
    assert ingestor.errors["garbage"] >= 90


def test_dc09_listener_acks_with_the_frames_sequence(
    db: Database, centre: Centre, tmp_path: Path
) -> None:
    gw = Gateway(db, Bus(), GatewayConfig(dc09="127.0.0.1:0", journal=str(tmp_path / "j.jsonl")))
    gw.start()
    try:
        with socket.create_connection(("127.0.0.1", gw.dc09_port or 0), timeout=5) as sock:
            sock.sendall(encode_dc09("ADM-CID", 42, "1234", adm_cid_data("1234", "new", "101")))
            reply = _read_frame(sock)
            assert b'"ACK"0042' in reply and b"#1234" in reply
            sock.sendall(encode_dc09("NULL", 43, "1234"))
            assert b'"ACK"0043' in _read_frame(sock)
            sock.sendall(b'\n0000002A"SIA-DCS"0044L0#1234[]\r')  # bad CRC: never ACKed
            sock.settimeout(1.0)
            try:
                got = _read_frame(sock)
            except TimeoutError:
                got = b""
            assert b'"ACK"' not in got
        sim = Simulator(f"socket://127.0.0.1:{gw.dc09_port}", "dc09", ack_timeout=2.0)
        try:
            summary = sim.run_storm(50, accounts=["1234", "5678"])
        finally:
            sim.close()
        assert summary.acked == 50
        with db.sessions() as s:
            rows = s.scalars(select(Alarm).order_by(Alarm.id)).all()
        assert len(rows) == 51 and rows[0].elder_id == centre.zhang and rows[0].protocol == "dc09"
    finally:
        gw.stop()


def _read_frame(sock: socket.socket) -> bytes:
    got = b""
    while not got.endswith(b"\r"):
        chunk = sock.recv(256)
        if not chunk:
            break
        got += chunk
    return got
