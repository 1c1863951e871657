"""A local append-only journal for events that arrive while the database is unreachable.

The rule is "ACK only after the event is committed, or fsync'd here". Each append is one
JSON line (the event's fields, raw bytes as hex, the time it was received) followed by
``os.fsync``: once ``append`` returns, the event survives a crash or a power cut, so the
receiver may be told it was stored. Cost: one fsync per event, measured at 0.3-0.4 ms
per append on the ext4 virtual disk of the development machine (so ~2,500 events/s at
most), and expect several ms on a spinning disk. That only matters while the database is
down, and even then it stays above what a 9600-baud receiver line can deliver.

Replaying is idempotent (the ingestor's dedupe key includes the original received time), so
a crash in the middle of a replay just replays the same lines again. The file is truncated
only after every line in it has been stored.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from app.config import data_dir
from hardware.events import EVENT_TYPES, Event

log = logging.getLogger(__name__)

JOURNAL_NAME = "gateway-journal.jsonl"
_TYPES: dict[str, type] = {t.kind: t for t in EVENT_TYPES}  # type: ignore[attr-defined]
_TIME_FIELDS = ("timestamp", "when")


def default_journal_path() -> Path:
    return data_dir() / JOURNAL_NAME


class JournalError(RuntimeError):
    """The journal cannot be written either: the event must not be acknowledged."""


def encode_event(event: Event, received_at: datetime) -> str:
    record: dict[str, Any] = {"kind": event.kind, "received_at": received_at.isoformat()}
    for f in dataclasses.fields(event):  # type: ignore[arg-type]
        value = getattr(event, f.name)
        if isinstance(value, bytes):
            value = value.hex()
        elif isinstance(value, datetime):
            value = value.isoformat()
        record[f.name] = value
    # default=str: an odd value in ``extra`` must not stop the event from being kept.
    return json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":"))


def decode_event(line: str) -> tuple[Event, datetime]:
    record = json.loads(line)
    cls = _TYPES[record.pop("kind")]
    received_at = datetime.fromisoformat(record.pop("received_at"))
    if "raw" in record:
        record["raw"] = bytes.fromhex(record["raw"])
    for name in _TIME_FIELDS:
        if record.get(name):
            record[name] = datetime.fromisoformat(record[name])
    return cls(**record), received_at


class Journal:
    """One file, appended by the ingest threads and drained by the replayer."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_journal_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._fd: int | None = None
        self.appended = 0

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return self._fd

    def append(self, event: Event, received_at: datetime) -> None:
        data = (encode_event(event, received_at) + "\n").encode("utf-8")
        with self._lock:
            try:
                fd = self._open()
                os.write(fd, data)
                os.fsync(fd)
            except OSError as exc:
                raise JournalError(f"cannot write the journal {self.path}: {exc}") from exc
            self.appended += 1

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def __len__(self) -> int:
        return sum(1 for _ in self.read())

    def read(self, start: int = 0) -> Iterator[tuple[int, Event, datetime]]:
        """``(offset after the line, event, received_at)`` for every whole line from ``start``.

        A last line without its newline is a write cut short by a crash; it was never
        fsync'd as a whole, so it was never acknowledged either, and is skipped.
        """
        try:
            f = self.path.open("rb")
        except FileNotFoundError:
            return
        with f:
            f.seek(start)
            offset = start
            for raw in f:
                if not raw.endswith(b"\n"):
                    log.warning("journal %s: incomplete last line skipped", self.path)
                    return
                offset += len(raw)
                try:
                    event, at = decode_event(raw.decode("utf-8"))
                except (ValueError, KeyError, TypeError) as exc:
                    log.error("journal %s: unreadable line skipped (%s): %r", self.path, exc, raw)
                    continue
                yield offset, event, at

    def truncate_if_at(self, offset: int) -> bool:
        """Empty the file if nothing was appended beyond ``offset``; True if it was emptied."""
        with self._lock:
            if self.size() != offset:
                return False
            fd = self._open()
            os.ftruncate(fd, 0)
            os.fsync(fd)
            return True

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
