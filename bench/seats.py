"""Receiver to every seat's feed: a real gateway process and N follower processes.

    python -m bench.seats [--backend postgresql|sqlite|both] [--seats 8] [--rest 50]
                          [--storm 1000] [--rest-gap 0.5] [--pg-url URL]

Per backend, on a fresh database (SQLite: a WAL file in a scratch folder; PostgreSQL:
``--pg-url``, else a throwaway cluster started with ``.ci/postgres.sh``, which runs with
fsync off, so commits there are cheaper than on a real server's disk):

- ``anxin gateway --serial PTY,protocol=surgard`` as its own process, on a pty pair whose
  other end is driven by ``app.simulate.Simulator`` speaking Sur-Gard stop-and-wait: each
  frame is written only after the previous one's ACK, exactly the pace a receiver keeps;
- ``--seats`` follower processes on the same database. Each is ``anxin events --follow
  --topics alarm.`` (``run_events``, the same ChangeFeed a console runs) whose output
  lines are stamped with the clock the moment it writes them, into a file per seat.

Two phases in the same run: at rest (``--rest`` personal emergencies, one every
``--rest-gap`` seconds) and a storm of ``--storm`` alarms as fast as the ACKs come (90 %
AC loss from the homes of three streets, every 10th a personal emergency). The homes
have elders, at least 12 a street, so the gateway groups the AC losses into storms as it
does in production. The time an alarm waits inside the receiver for its turn on the line
is not counted (it is the receiver's pace, printed as frames/s); everything runs on this
one host, the seats sharing its cores with the gateway and the database.

Clock: ``time.clock_gettime_ns(CLOCK_MONOTONIC)`` in every process. On Linux that is one
system-wide clock (time since boot), not a per-process one, so a stamp taken in the
simulator (this process) and one taken in a seat compare directly; unlike
``time.time()`` it never steps when NTP corrects the wall clock. (It does not compare
across machines: all processes here run on one host.)

Per alarm and per seat, "visible" is from the simulator's write of the frame to the
seat's line for its ``alarm.raised``. Also measured: write to ACK (the gateway decoding,
storing and committing: the ACK is written after the commit) and ACK to visible (the
feed's wake-up, NOTIFY or poll, plus the seat's read). ``missed``: alarms that some seat
had not shown 5 s after the storm's last ACK.

Last line: one JSON object. ``visible_p50_ms`` / ``visible_p99_ms`` are over every
(alarm, seat) pair of both phases; ``storm_ratio`` is storm p99 over rest p99, same run.
With ``--backend both`` every figure comes twice, prefixed ``pg_`` and ``sqlite_``, and
the unprefixed ones are PostgreSQL's.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tty
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.gateway import MasterPort

ROOT = Path(__file__).resolve().parents[1]
GRACE_S = 5.0
STORM_DEVICES = 12
PG_SCRIPT = ROOT / ".ci" / "postgres.sh"


def now_ns() -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def pct(values: list[float], p: float) -> float:
    """Nearest rank: the p99 of 100 values is the 99th, not an interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# -- one seat (a child process) -------------------------------------------------------------
class _Stamped(io.TextIOBase):
    """``run_events``'s output with the monotonic clock in front of each line."""

    def __init__(self, sink: io.TextIOBase) -> None:
        self._sink = sink

    def write(self, s: str) -> int:
        # run_events writes one whole line per call, under its lock.
        return self._sink.write(f"{now_ns()} {s}")

    def flush(self) -> None:
        self._sink.flush()


def run_seat(url: str, out: Path) -> int:
    from app.context import open_database
    from app.feed.events_cli import run_events

    db = open_database(url)
    try:
        with out.open("w", encoding="utf-8") as f:
            return run_events(
                db, since=None, follow=True, topics=("alarm.",), out=_Stamped(f), err=sys.stderr
            )
    finally:
        db.close()


# -- the rig ------------------------------------------------------------------------------
@dataclass
class Phase:
    name: str
    frames: list[bytes]
    keys: list[tuple[str, str, str]]  # (account, event code, zone) as alarm.raised names it
    written: dict[int, int] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)
    elapsed_s: float = 0.0
    retransmits: int = 0


def plan(rest: int, storm: int, accounts: list[str]) -> tuple[Phase, Phase]:
    from hardware.codecs import make_codec
    from hardware.codecs.encode import encode_surgard
    from hardware.events import AlarmEvent

    codec = make_codec("surgard")
    frames: list[bytes] = []
    keys: list[tuple[str, str, str]] = []
    for i in range(rest + storm):
        account = accounts[i % len(accounts)]
        # A zone per frame: no two alarms alike, so none is deduplicated or folded.
        zone = f"{i // len(accounts) % 999 + 1:03d}"
        code = "101" if i < rest or (i - rest) % 10 == 9 else "301"
        frame = encode_surgard(account, "new", code, "01", zone)
        (event,) = codec.feed(frame)
        assert isinstance(event, AlarmEvent)
        frames.append(frame)
        keys.append((event.account, event.event_code, event.zone or ""))
    return (
        Phase("rest", frames[:rest], keys[:rest]),
        Phase("storm", frames[rest:], keys[rest:]),
    )


def register(url: str, homes: int) -> list[str]:
    """Three streets of elders with one device each; accounts no earlier run used (a reused
    ``--pg-url`` would otherwise take this run's alarms for last run's re-sends)."""
    from sqlalchemy import select

    from app.context import open_database
    from db.models import Area, Device, Elder

    db = open_database(url, migrate=True)
    try:
        with db.sessions() as s:
            taken = set(s.execute(select(Device.account)).scalars())
            accounts = [a for a in (f"{n:04X}" for n in range(0x2000, 0x10000)) if a not in taken]
            accounts = accounts[:homes]
            tag = f"{now_ns() % 10**9:09d}"
            district = Area(level="district", code=f"B{tag}", name="bench district")
            s.add(district)
            s.flush()
            communities = []
            for k in range(3):
                street = Area(
                    level="street", code=f"B{tag}{k}", name=f"street {k}", parent_id=district.id
                )
                s.add(street)
                s.flush()
                community = Area(
                    level="community",
                    code=f"B{tag}{k}c",
                    name=f"community {k}",
                    parent_id=street.id,
                )
                s.add(community)
                communities.append(community)
            s.flush()
            for n, account in enumerate(accounts):
                elder = Elder(
                    name=f"bench {account}",
                    name_initials="b",
                    sex="F",
                    birth_date=date(1940, 1, 1),
                    id_number=f"B{tag}{n:08d}",
                    community_id=communities[n % 3].id,
                    address="bench",
                    subsidy_category="A",
                    care_level="normal",
                    enrolled_on=datetime.now(UTC).date(),
                )
                s.add(elder)
                s.flush()
                s.add(Device(account=account, elder_id=elder.id, kind="pendant"))
            s.commit()
    finally:
        db.close()
    return accounts


class StampedPort(MasterPort):
    """Records when the ACK of the frame outstanding came back."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd)
        self.current: int | None = None
        self.acked: dict[int, int] = {}

    def read(self, size: int = 1) -> bytes:
        data = super().read(size)
        if b"\x06" in data and self.current is not None:
            self.acked.setdefault(self.current, now_ns())
        return data


def send(phase: Phase, master: int, rate: float | None) -> None:
    """The phase's frames, stop-and-wait, as a Sur-Gard receiver sends them."""
    from app.simulate import Simulator

    port = StampedPort(master)

    def on_written(index: int, _frame: bytes, _t: float) -> None:
        phase.written[index] = now_ns()
        port.current = index

    summary = Simulator(port, "surgard", on_written=on_written).send_all(phase.frames, rate)
    phase.elapsed_s = summary.elapsed_s
    phase.retransmits = summary.retransmits
    phase.acked = port.acked
    if summary.acked != len(phase.frames):
        raise RuntimeError(f"{phase.name}: {summary.line()}")


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def start_gateway(url: str, device: str, folder: Path) -> subprocess.Popen[bytes]:
    log = (folder / "gateway.log").open("ab")
    cmd = python(
        "-c",
        "from app.cli import main; raise SystemExit(main())",
        "--db",
        url,
        "gateway",
        "--serial",
        f"{device},protocol=surgard",
        "--journal",
        str(folder / "journal.jsonl"),
    )
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def start_seat(url: str, folder: Path, n: int) -> subprocess.Popen[bytes]:
    err = (folder / f"seat{n}.err").open("ab")
    cmd = python("-m", "bench.seats", "--seat", url, str(folder / f"seat{n}.jsonl"))
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)


def stop(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> int | None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(5)


class SeatLog:
    """One seat's stamped lines, read as they grow: first sighting of each alarm."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[tuple[str, str, str], int] = {}
        self.topics: dict[str, int] = {}
        self.in_storm = 0
        self.most_ids = 0
        self._f: io.BufferedReader | None = None
        self._tail = b""

    def poll(self) -> None:
        if self._f is None:
            if not self.path.exists():
                return
            self._f = self.path.open("rb")
        chunk = self._f.read()
        if not chunk:
            return
        lines = (self._tail + chunk).split(b"\n")
        self._tail = lines.pop()
        for line in lines:
            stamp, _, body = line.partition(b" ")
            change = json.loads(body)
            topic = change.get("topic", "")
            self.topics[topic] = self.topics.get(topic, 0) + 1
            if topic == "alarm.raised":
                key = (change["account"], change["event_code"], change["zone"])
                self.seen.setdefault(key, int(stamp))
                self.in_storm += change.get("storm_id") is not None
                self.most_ids = max(self.most_ids, len(change.get("ids") or ()))

    def close(self) -> None:
        if self._f is not None:
            self._f.close()


def wait_for(cond: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


def run_backend(url: str, seats: int, rest: int, storm: int, gap: float) -> dict[str, Any]:
    from app.simulate import Simulator

    total = rest + storm
    # At least STORM_DEVICES homes a street (settings' default), so the storm does form.
    accounts = register(url, max(3 * STORM_DEVICES, math.ceil(total / 25)))
    rest_phase, storm_phase = plan(rest, storm, accounts)
    folder = Path(tempfile.mkdtemp(prefix="anxin-bench-seats-"))
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    gateway = start_gateway(url, os.ttyname(slave), folder)
    followers = [start_seat(url, folder, n) for n in range(seats)]
    logs = [SeatLog(folder / f"seat{n}.jsonl") for n in range(seats)]
    try:
        errs = [folder / f"seat{n}.err" for n in range(seats)]

        def seats_ready() -> bool:
            for p, e in zip(followers, errs, strict=True):
                if p.poll() is not None:
                    raise RuntimeError(f"a seat exited: {e.read_text()}")
            return all(e.exists() and "following" in e.read_text() for e in errs)

        wait_for(seats_ready, 120, "the seats to follow the feed")

        # The gateway is up when it ACKs a receiver heartbeat.
        probe = Simulator(StampedPort(master), "surgard", ack_timeout=0.5)

        def gateway_answers() -> bool:
            if gateway.poll() is not None:
                raise RuntimeError((folder / "gateway.log").read_text())
            return probe.run_heartbeat(1).acked > 0

        wait_for(gateway_answers, 120, "the gateway to answer")
        time.sleep(0.5)  # the seats' first idle reads are behind them

        send(rest_phase, master, 1 / gap)
        time.sleep(1.0)  # the last rest alarm is on every seat before the storm
        send(storm_phase, master, None)

        end = now_ns()
        deadline = end + int(GRACE_S * 1e9)
        every = [*rest_phase.keys, *storm_phase.keys]

        def all_seen() -> bool:
            for log in logs:
                log.poll()
            return all(all(k in log.seen for k in every) for log in logs)

        while not all_seen() and now_ns() < deadline:
            time.sleep(0.05)
    finally:
        for p in followers:
            stop(p, 10)
        gateway_rc = stop(gateway)
        for fd in (master, slave):
            with contextlib.suppress(OSError):
                os.close(fd)
    for log in logs:
        log.poll()
        log.close()
    gw_log = (folder / "gateway.log").read_text(errors="replace")
    stats = re.findall(r"gateway stopped: (.*)", gw_log)
    return {
        "phases": (rest_phase, storm_phase),
        "logs": logs,
        "deadline": deadline,
        "gateway_rc": gateway_rc,
        "gateway_stats": stats[-1] if stats else "?",
        "feed": f"seat 0 got {logs[0].topics}; {logs[0].in_storm} raised in a storm, "
        f"up to {logs[0].most_ids} alarms named by one change",
        "folder": folder,
    }


def summarise(run: dict[str, Any], seats: int) -> dict[str, Any]:
    logs: list[SeatLog] = run["logs"]
    deadline: int = run["deadline"]
    out: dict[str, Any] = {}
    every: list[float] = []
    missed = 0
    for phase in run["phases"]:
        visible: list[float] = []
        commit: list[float] = []
        feed: list[float] = []
        slowest_seat = 0.0
        for i, key in enumerate(phase.keys):
            written, acked = phase.written[i], phase.acked.get(i)
            if acked is not None:
                commit.append((acked - written) / 1e6)
            lost = False
            for log in logs:
                seen = log.seen.get(key)
                if seen is None or seen > deadline:
                    lost = True
                    continue
                visible.append((seen - written) / 1e6)
                if acked is not None:
                    feed.append((seen - acked) / 1e6)
            missed += lost
        for log in logs:
            mine = [
                (log.seen[k] - phase.written[i]) / 1e6
                for i, k in enumerate(phase.keys)
                if k in log.seen
            ]
            slowest_seat = max(slowest_seat, pct(mine, 99) if mine else 0.0)
        every += visible
        n = len(phase.frames)
        out[phase.name] = {
            "alarms": n,
            "frames_per_s": round(n / phase.elapsed_s, 1) if phase.elapsed_s else None,
            "retransmits": phase.retransmits,
            "visible_p50_ms": round(pct(visible, 50), 1),
            "visible_p99_ms": round(pct(visible, 99), 1),
            "visible_max_ms": round(max(visible, default=float("nan")), 1),
            "slowest_seat_p99_ms": round(slowest_seat, 1),
            "ack_p50_ms": round(pct(commit, 50), 2),
            "ack_p99_ms": round(pct(commit, 99), 2),
            "ack_to_visible_p50_ms": round(pct(feed, 50), 1),
            "ack_to_visible_p99_ms": round(pct(feed, 99), 1),
        }
    rest_p99, storm_p99 = out["rest"]["visible_p99_ms"], out["storm"]["visible_p99_ms"]
    out["figures"] = {
        "visible_p50_ms": round(pct(every, 50), 1),
        "visible_p99_ms": round(pct(every, 99), 1),
        "rest_visible_p99_ms": rest_p99,
        "storm_visible_p99_ms": storm_p99,
        "missed": missed,
        "seats": seats,
        "storm_ratio": round(storm_p99 / rest_p99, 2) if rest_p99 else None,
    }
    return out


# -- PostgreSQL -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    # Not a mkdtemp folder: the server may run as "postgres", which cannot enter those.
    cluster = Path(tempfile.gettempdir()) / f"anxin-bench-seats-pg-{os.getpid()}"
    got = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", str(cluster), str(free_port())],
        check=True,
        capture_output=True,
        text=True,
    )
    try:
        yield got.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", str(cluster)], capture_output=True)


# -- main -----------------------------------------------------------------------------------
def report(label: str, result: dict[str, Any]) -> None:
    for name in ("rest", "storm"):
        r = result[name]
        print(
            f"{label} {name}: {r['alarms']} alarms at {r['frames_per_s']} frames/s "
            f"({r['retransmits']} re-sent); visible p50 {r['visible_p50_ms']} ms, p99 "
            f"{r['visible_p99_ms']} ms, max {r['visible_max_ms']} ms, slowest seat's p99 "
            f"{r['slowest_seat_p99_ms']} ms; write→ACK p50 {r['ack_p50_ms']} / p99 "
            f"{r['ack_p99_ms']} ms; ACK→visible p50 {r['ack_to_visible_p50_ms']} / p99 "
            f"{r['ack_to_visible_p99_ms']} ms"
        )
    f = result["figures"]
    print(
        f"{label}: visible p50 {f['visible_p50_ms']} ms, p99 {f['visible_p99_ms']} ms, "
        f"missed {f['missed']}, storm/rest p99 {f['storm_ratio']}; gateway exit "
        f"{result['gateway_rc']}, {result['gateway_stats']}; {result['feed']}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.seats", description=__doc__)
    ap.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    ap.add_argument("--seats", type=int, default=8, help="follower processes (8)")
    ap.add_argument("--rest", type=int, default=50, help="alarms one at a time (50)")
    ap.add_argument("--rest-gap", type=float, default=0.5, help="seconds between them (0.5)")
    ap.add_argument("--storm", type=int, default=1000, help="alarms in the storm (1000)")
    ap.add_argument("--pg-url", help="PostgreSQL to use (default: a throwaway cluster)")
    ap.add_argument("--seat", nargs=2, metavar=("URL", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.seat:
        return run_seat(args.seat[0], Path(args.seat[1]))
    if args.seats < 1 or args.rest < 1 or args.storm < 1:
        ap.error("--seats, --rest and --storm must be at least 1")

    results: dict[str, dict[str, Any]] = {}
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    for backend in backends:
        label = "pg" if backend == "postgresql" else "sqlite"
        if backend == "sqlite":
            url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='anxin-bench-seats-db-')) / 'seats.db'}"
            ctx: contextlib.AbstractContextManager[str] = contextlib.nullcontext(url)
        else:
            ctx = postgres(args.pg_url)
        with ctx as url:
            run = run_backend(url, args.seats, args.rest, args.storm, args.rest_gap)
        result = summarise(run, args.seats) | {
            "gateway_rc": run["gateway_rc"],
            "gateway_stats": run["gateway_stats"],
            "feed": run["feed"],
        }
        report(label, result)
        results[label] = result["figures"]
        shutil.rmtree(run["folder"], ignore_errors=True)
        if backend == "sqlite":
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)

    line: dict[str, Any] = {}
    if len(results) == 1:
        line = dict(next(iter(results.values())))
    else:
        line = dict(results["pg"])
        for label, figures in results.items():
            line |= {f"{label}_{k}": v for k, v in figures.items() if k != "seats"}
    print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
