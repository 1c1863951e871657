"""Alarm to row on screen: at rest and in a storm of 1,000 alarms.

    python -m bench.alarms [--rest N] [--storm N]

A seeded demo centre (2,000 elders, the one bench.console keeps) is copied to a scratch
file; a real main window (offscreen) shows the Alarms screen. Each alarm is a real
``hardware.events.AlarmEvent`` through the gateway's ``Ingestor.ingest`` on a worker
thread, as the receiver's link does; "visible" is the moment the queue model holds it
and the table has repainted (alarms are committed in order, so the queue's alarm count
tells which of them are visible).

- at rest: one personal emergency at a time, ``--rest`` of them, the next once the
  previous is on screen;
- storm: ``--storm`` alarms as fast as the gateway stores them, 90 % "AC loss" from the
  homes of a few streets (they fold into storm entries) and every 10th a personal
  emergency, the queue filling as they come.

The event loop's latency is sampled by a 10 ms timer throughout; the longest gap beyond
its interval is the longest stall. Last line: one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select

from bench.console import centre
from db.models import Device, Elder


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.alarms", description=__doc__)
    ap.add_argument("--rest", type=int, default=100, help="alarms one at a time (100)")
    ap.add_argument("--storm", type=int, default=1000, help="alarms in the storm (1000)")
    args = ap.parse_args(argv)

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from app.context import open_database
    from app.feed.changefeed import ChangeFeed
    from app.gateway.ingest import Ingestor
    from app.gateway.journal import Journal
    from hardware.events import AlarmEvent
    from ui.alarms.screen import AlarmsScreen
    from ui.context import DatabaseHealth, Operator, UiContext
    from ui.main_window import MainWindow
    from ui.qt_workarounds import protect_bool_singletons
    from ui.tasks import Tasks

    source = centre(2000, 20000)
    source_path = Path(source.engine.url.database or "")
    source.close()
    scratch = Path(tempfile.mkdtemp(prefix="anxin-bench-alarms-"))
    path = scratch / "centre.db"
    shutil.copy(source_path, path)
    db = open_database(f"sqlite:///{path}", migrate=True)
    with db.sessions() as s:
        devices = (
            s.execute(
                select(Device.account)
                .join(Elder, Elder.id == Device.elder_id)
                .where(Device.status == "active")
                .order_by(Device.id)
            )
            .scalars()
            .all()
        )
    if not devices:
        print("the demo centre has no devices", file=sys.stderr)
        return 1

    protect_bool_singletons()
    app = QApplication.instance() or QApplication([])
    tasks = Tasks()
    ctx = UiContext(
        db=db,
        tasks=tasks,
        operator=Operator("bench", "bench", signed_in=True),
        demo=False,
        health=DatabaseHealth(),
    )
    # As in the console: the gateway's alarms reach the screen only through the feed.
    feed = ChangeFeed(db, ctx.bus, name="bench feed").start()
    window = MainWindow(ctx)
    window.resize(1500, 900)
    window.show()
    window.show_screen("alarms")
    screen = window.screens["alarms"]
    assert isinstance(screen, AlarmsScreen)
    ingestor = Ingestor(db, ctx.bus, Journal(scratch / "journal.jsonl"))

    # When each count of waiting alarms was first on screen (perf_counter_ns).
    seen: list[tuple[int, int]] = []

    def shown(_entries: int) -> None:
        screen.table.viewport().repaint()
        seen.append((screen.model.alarms_waiting(), time.perf_counter_ns()))

    screen.queue_shown.connect(shown)

    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        lateness.append(max(0, now - last[0] - 10))
        last[0] = now

    beat_timer = QTimer()
    beat_timer.setInterval(10)
    beat_timer.timeout.connect(beat)
    beat_timer.start()

    def pump(done: Callable[[], bool], timeout: float) -> None:
        end = time.monotonic() + timeout
        while not done() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.0005)
        if not done():
            raise RuntimeError("the alarms did not reach the screen in time")

    frame = iter(range(10**9))
    names = {"101": "Personal emergency", "301": "AC Loss"}

    def event(account: str, code: str) -> AlarmEvent:
        n = next(frame)
        zone = f"{n % 999 + 1:03d}"
        return AlarmEvent(
            protocol="surgard",
            account=account,
            qualifier="new",
            event_code=code,
            event_name=names[code],
            receiver="9",
            line="9",
            zone=zone,
            raw=f"bench {account} {code} {n}".encode(),
        )

    def visible_at(count: int) -> int | None:
        return next((t for c, t in seen if c >= count), None)

    pump(lambda: screen.reloads > 0 and tasks.pending() == 0, 10)
    base = screen.model.alarms_waiting()

    # -- at rest ------------------------------------------------------------------------
    rest: list[float] = []
    for i in range(args.rest):
        expected = base + i + 1
        started = time.perf_counter_ns()
        threading.Thread(
            target=ingestor.ingest, args=(event(devices[i % len(devices)], "101"),), daemon=True
        ).start()
        pump(lambda expected=expected: visible_at(expected) is not None, 10)
        rest.append((visible_at(expected) - started) / 1e6)  # type: ignore[operator]
        end = time.monotonic() + 0.02
        while time.monotonic() < end:
            app.processEvents()
    stall_rest = max(lateness[5:] or [0.0])
    lateness.clear()

    # -- storm ----------------------------------------------------------------------------
    pump(lambda: tasks.pending() == 0, 10)
    base = screen.model.alarms_waiting()
    seen.clear()
    storm_events = [
        event(devices[(args.rest + n) % len(devices)], "101" if n % 10 == 9 else "301")
        for n in range(args.storm)
    ]
    starts: list[int] = [0] * len(storm_events)
    done = threading.Event()

    def run() -> None:
        for n, e in enumerate(storm_events):
            starts[n] = time.perf_counter_ns()
            ingestor.ingest(e)
        done.set()

    began = time.perf_counter()
    threading.Thread(target=run, daemon=True).start()
    pump(lambda: done.is_set() and visible_at(base + args.storm) is not None, 300)
    storm_s = time.perf_counter() - began
    storm: list[float] = []
    for n, started in enumerate(starts):
        at = visible_at(base + n + 1)
        assert at is not None
        storm.append((at - started) / 1e6)
    stall_storm = max(lateness or [0.0])
    beat_timer.stop()

    results = {
        "visible_p99_ms_rest": round(p99(rest), 1),
        "visible_p99_ms_storm": round(p99(storm), 1),
        "storm_ratio": round(p99(storm) / p99(rest), 2) if p99(rest) else None,
        "loop_stall_max_ms": round(max(stall_rest, stall_storm), 1),
    }
    entries = screen.model.entries
    print(f"centre: {source_path.name}, {len(devices)} devices")
    print(
        f"at rest: {len(rest)} alarms, visible p50 {sorted(rest)[len(rest) // 2]:.1f} ms, "
        f"p99 {p99(rest):.1f} ms, longest stall {stall_rest:.0f} ms"
    )
    print(
        f"storm: {args.storm} alarms stored in {storm_s:.1f} s, visible p50 "
        f"{sorted(storm)[len(storm) // 2]:.1f} ms, p99 {p99(storm):.1f} ms, longest stall "
        f"{stall_storm:.0f} ms; {screen.reloads} queue reloads for "
        f"{screen.signal.received} bus messages; queue: {len(entries)} entries, "
        f"{sum(1 for e in entries if e.is_storm)} storms"
    )
    window.close()
    feed.stop()
    tasks.shutdown()
    ingestor.close()
    db.close()
    shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
