"""``anxin events``: the change feed as JSON lines, for wallboards, integrations, installers.

Without ``--follow`` it prints what the outbox holds after ``--since`` and exits; with it,
it goes on printing as changes are committed anywhere in the centre until SIGTERM or
Ctrl+C. One line per change, flushed at once (a pipe must not sit on an SOS).
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, TextIO

from app.bus import Bus
from app.context import Database
from app.feed import outbox
from app.feed.changefeed import ChangeFeed
from app.feed.topics import Change, decode


def parse_topics(text: str | None) -> tuple[str, ...]:
    if not text:
        return ("",)
    return tuple(p.strip() for p in text.split(",") if p.strip()) or ("",)


def _line(change: Change) -> str:
    return json.dumps(change.as_json(), ensure_ascii=False, default=str)


def run_events(
    db: Database,
    *,
    since: int | None,
    follow: bool,
    topics: Sequence[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    lock = threading.Lock()

    def emit(_topic: str, change: Any) -> None:
        if not isinstance(change, Change) or not change.topic_name.startswith(tuple(topics)):
            return
        with lock:
            out.write(_line(change) + "\n")
            out.flush()

    if not follow:
        start = since if since is not None else 0
        with db.engine.connect() as conn:
            while True:
                rows = outbox.read_after(conn, start, 1000)
                for seq, at, topic, kind, ids, data in rows:
                    emit(topic, decode(seq, at, topic, kind, ids or [], data or {}))
                    start = seq
                if len(rows) < 1000:
                    return 0

    bus = Bus()
    bus.subscribe("", emit)
    done = threading.Event()

    def on_signal(_signum: int, _frame: object) -> None:
        done.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    feed = ChangeFeed(db, bus, name="anxin events")
    try:
        feed.start(since=since)
        feed.connected.wait(10)
        err.write(f"anxin events: following {db.description} after seq {feed.last_seq}\n")
        err.flush()
        while not done.wait(0.5):
            pass
    finally:
        feed.stop()
        for s, h in previous.items():
            signal.signal(s, h)
    return 0
