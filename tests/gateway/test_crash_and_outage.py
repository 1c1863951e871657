"""Nothing lost: a gateway killed with -9 mid-storm, a database that goes away mid-storm."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bus import Bus
from app.context import Database, open_database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.simulate import Simulator
from db.migrate import upgrade
from db.models import Alarm
from hardware.codecs import make_codec
from hardware.transport.link import LinkStatus, SerialLink
from hardware.transport.spec import parse_spec
from tests.hardware.serial_pair import SocatPair

ROOT = Path(__file__).resolve().parents[2]


def counts(db: Database) -> tuple[int, int]:
    """Rows, and distinct physical events (account, code, zone, partition)."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(Alarm)).scalar_one()
        distinct = conn.execute(
            select(func.count()).select_from(
                select(Alarm.account, Alarm.event_code, Alarm.zone, Alarm.partition)
                .distinct()
                .subquery()
            )
        ).scalar_one()
    return int(rows), int(distinct)


def wait_until(cond: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SocatPair]:
    p = SocatPair(tmp_path)
    p.up()
    yield p
    p.down()


def start_gateway(url: str, port: str, journal: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from app.cli import main; raise SystemExit(main())",
            "--db",
            url,
            "gateway",
            "--serial",
            f"{port},protocol=surgard",
            "--journal",
            str(journal),
        ],
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.slow
def test_kill_9_mid_storm_then_restart_stores_every_alarm_once(
    sqlite_db: Database, pair: SocatPair, tmp_path: Path
) -> None:
    n = 5000
    journal, log = tmp_path / "journal.jsonl", tmp_path / "gateway.log"
    gw = start_gateway(sqlite_db.url, pair.b, journal, log)
    # A short ACK timeout keeps the test quick; the behaviour is the MLR2's.
    sim = Simulator(pair.a, "surgard", ack_timeout=0.5, retries=3, heartbeat_s=0.5, deadline_s=150)
    result: dict[str, object] = {}
    runner = threading.Thread(target=lambda: result.update(s=sim.run_storm(n)), daemon=True)
    try:
        runner.start()
        assert wait_until(lambda: counts(sqlite_db)[0] >= 1500, 60), log.read_text()
        gw.send_signal(signal.SIGKILL)
        gw.wait(10)
        stored_at_kill = counts(sqlite_db)[0]
        assert stored_at_kill < n
        time.sleep(1.0)  # the receiver is talking to nobody
        gw = start_gateway(sqlite_db.url, pair.b, journal, log)
        runner.join(160)
        assert not runner.is_alive()
    finally:
        sim.stop()
        if gw.poll() is None:
            gw.send_signal(signal.SIGTERM)
            assert gw.wait(20) == 0, "a clean stop exits 0"
        sim.close()
    summary = result["s"]
    assert summary.acked == n and summary.unacked == 0  # type: ignore[attr-defined]
    assert summary.retransmits >= 1  # type: ignore[attr-defined]
    assert counts(sqlite_db) == (n, n)


def _make_unreachable(path: Path) -> Path:
    """Put the folder holding the SQLite file out of reach (a dead network share)."""
    away = path.parent.with_name(path.parent.name + "-away")
    path.parent.rename(away)
    path.parent.write_text("not a folder")
    return away


def test_sqlite_out_of_reach_journals_then_replays_everything(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    dbfile = folder / "anxin.db"
    upgrade(f"sqlite:///{dbfile}")
    db = open_database(f"sqlite:///{dbfile}")
    journal = Journal(tmp_path / "local" / "journal.jsonl")
    ingestor = Ingestor(db, Bus(), journal)
    codec = make_codec("surgard")
    sim_frames = Simulator.__new__(Simulator)
    sim_frames.protocol = "surgard"
    frames = [sim_frames.alarm_frame(f"{3000 + i:04d}", "301", "001") for i in range(30)]
    try:
        for f in frames[:10]:
            (ev,) = codec.feed(f)
            assert ingestor.ingest(ev)
        ingestor.close()  # the open connections die with the share
        db.engine.dispose()
        away = _make_unreachable(dbfile)
        for f in frames[10:25]:
            (ev,) = codec.feed(f)
            assert ingestor.ingest(ev), "journalled and so acknowledged"
        assert ingestor.journalling and len(journal) == 15
        assert ingestor.replay() == 0  # still away: nothing replayed, nothing lost
        folder.unlink()
        away.rename(folder)
        for f in frames[25:]:
            (ev,) = codec.feed(f)
            assert ingestor.ingest(ev)  # queued behind the journal, in order
        assert ingestor.replay() == 20
        assert not ingestor.journalling and journal.size() == 0
        assert ingestor.replay() == 0
        assert counts(db) == (30, 30)
        with db.engine.connect() as conn:
            accounts = conn.execute(select(Alarm.account).order_by(Alarm.id)).scalars().all()
        assert accounts == [f"{3000 + i:04d}" for i in range(30)]
    finally:
        journal.close()
        db.close()


def test_a_crash_mid_replay_replays_harmlessly(sqlite_db: Database, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    codec = make_codec("surgard")
    sim = Simulator.__new__(Simulator)
    sim.protocol = "surgard"
    from datetime import UTC, datetime

    for i in range(5):
        (ev,) = codec.feed(sim.alarm_frame("1234", "301", f"{i + 1:03d}"))
        journal.append(ev, datetime.now(UTC))
    first = Ingestor(sqlite_db, Bus(), journal)
    assert first.journalling  # a journal left behind is drained before anything else
    # Half a replay, then the process "dies": the lines are still in the file.
    for _end, ev, at in list(journal.read())[:3]:
        first._store(ev, at)
    second = Ingestor(sqlite_db, Bus(), journal)
    assert second.replay() == 5
    assert counts(sqlite_db) == (5, 5)
    journal.close()


PG_BIN = shutil.which("pg_ctl") or next(
    iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))), None
)


@pytest.mark.slow
@pytest.mark.skipif(
    PG_BIN is None or shutil.which("socat") is None, reason="needs PostgreSQL and socat"
)
def test_postgresql_stopped_mid_storm_nothing_lost(pair: SocatPair, tmp_path: Path) -> None:
    script = ROOT / ".ci" / "postgres.sh"
    # Not under tmp_path: the server runs as "postgres", which cannot enter root's folders.
    cluster = Path(tempfile.mkdtemp(prefix="anxin-pg-"))
    port = str(55400 + os.getpid() % 30)
    url = subprocess.run(
        ["bash", str(script), "start", str(cluster), port],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    bindir = Path(str(PG_BIN)).parent
    data = cluster / "data"
    as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def pg(action: str) -> None:
        opts = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c fsync=off"
        cmd = [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-m", "immediate"]
        cmd += (
            [action]
            if action == "stop"
            else ["-o", opts, "-l", str(cluster / "server.log"), action]
        )
        subprocess.run(as_owner + cmd, check=True, capture_output=True)

    try:
        upgrade(url)
        db = open_database(url)
        journal = Journal(tmp_path / "journal.jsonl")
        ingestor = Ingestor(db, Bus(), journal)
        link = SerialLink(
            parse_spec(f"{pair.b},protocol=surgard"), make_codec("surgard"), ingestor.ingest
        )
        link.start()
        assert wait_until(lambda: link.state.status == LinkStatus.CONNECTED, 5)
        replayer_stop = threading.Event()

        def replayer() -> None:
            while not replayer_stop.wait(0.2):
                ingestor.replay()

        threading.Thread(target=replayer, daemon=True).start()
        sim = (
            Simulator(pair.a, "surgard", ack_timeout=2.0, rate=None)
            if False
            else Simulator(pair.a, "surgard", ack_timeout=2.0)
        )
        result: dict[str, object] = {}
        runner = threading.Thread(target=lambda: result.update(s=sim.run_storm(600, rate=150)))
        runner.start()
        time.sleep(1.0)
        pg("stop")
        assert wait_until(lambda: ingestor.journalling, 5)
        time.sleep(1.0)
        during = journal.appended
        pg("start")
        runner.join(60)
        assert wait_until(lambda: not ingestor.journalling, 20)
        replayer_stop.set()
        link.stop()
        sim.close()
        summary = result["s"]
        assert summary.acked == 600 and summary.unacked == 0  # type: ignore[attr-defined]
        assert during > 50, "events arrived while the database was down"
        assert counts(db) == (600, 600)
        journal.close()
        db.close()
    finally:
        subprocess.run(["bash", str(script), "stop", str(cluster)], capture_output=True)
