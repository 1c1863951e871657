"""Each process's one reader of the outbox: new rows to the local bus, in order, once.

A console, the gateway and ``anxin events`` each run one ``ChangeFeed``. It remembers
the last ``seq`` it delivered and reads what follows, by the primary key, whenever it is
woken:

- PostgreSQL: LISTEN on its own autocommit psycopg connection; a NOTIFY (sent by the
  committing transaction) wakes it at once. It also reads once a second without one,
  and after any lost connection it reconnects with back-off and catches up by ``seq``,
  so a notification missed while it was away costs nothing.
- SQLite: no notifications, so it reads what follows its ``seq`` (an index read) every
  ``poll_s`` (≤ 250 ms); a commit on this process's own engine wakes it at once.

Subscribers run on the feed's thread, one row after another (see ``app.bus``); the
console's bridge hands them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from app.bus import Bus
from app.context import Database
from app.feed import outbox
from app.feed.topics import Change, decode

log = logging.getLogger("anxin.feed")

POLL_S = 0.2
PG_IDLE_READ_S = 1.0
BATCH = 500
COALESCE_S = 0.005
MAX_BACKOFF_S = 10.0


class ChangeFeed:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        *,
        poll_s: float = POLL_S,
        name: str = "change feed",
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.db = db
        self.bus = bus
        self.poll_s = poll_s
        self.name = name
        self.on_error = on_error
        self.delivered = 0
        self._last = 0
        self._wake = threading.Event()
        self._local = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._read_lock = threading.Lock()
        self._listener: Any = None
        self.connected = threading.Event()
        self._postgres = db.backend == "postgresql"
        if not self._postgres:
            event.listen(db.engine, "commit", self._on_local_commit)

    # -- life ------------------------------------------------------------------------------
    @property
    def last_seq(self) -> int:
        return self._last

    def start(self, since: int | None = None) -> ChangeFeed:
        """Deliver what comes after ``since`` (default: what is there now, i.e. only news)."""
        if since is None:
            with self.db.engine.connect() as conn:
                since = outbox.last_seq(conn)
        self._last = since
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        listener = self._listener
        if listener is not None:
            try:
                listener.close()
            except Exception:
                log.debug("closing the listener failed", exc_info=True)
        if self._thread is not None:
            self._thread.join(timeout)
        if not self._postgres and event.contains(self.db.engine, "commit", self._on_local_commit):
            event.remove(self.db.engine, "commit", self._on_local_commit)

    def poke(self) -> None:
        """Read now (a local commit, a test)."""
        self._wake.set()

    def _on_local_commit(self, _conn: Any) -> None:
        # SQLAlchemy calls this just before the commit reaches SQLite: the loop looks
        # again a few times in the next milliseconds rather than wait a whole poll.
        self._local = True
        self._wake.set()

    # -- reading ---------------------------------------------------------------------------
    def read_once(self) -> int:
        """Deliver every row after the last one delivered; returns how many."""
        done = 0
        with self._read_lock:
            while True:
                # One range read on the primary key: nothing new costs an empty answer.
                with self.db.engine.connect() as conn:
                    rows = outbox.read_after(conn, self._last, BATCH)
                if not rows:
                    return done
                for seq, at, topic, kind, ids, data in rows:
                    self._deliver(decode(seq, at, topic, kind, ids or [], data or {}))
                    self._last = seq
                    done += 1
                if len(rows) < BATCH:
                    return done

    def _deliver(self, change: Change) -> None:
        self.delivered += 1
        self.bus.publish(change.topic_name, change)

    def _run(self) -> None:
        if self._postgres:
            self._run_postgres()
        else:
            self._run_polling()

    def _run_polling(self) -> None:
        self.connected.set()
        backoff = self.poll_s
        while not self._stop.is_set():
            self._wake.wait(backoff)
            self._wake.clear()
            if self._stop.is_set():
                return
            local, self._local = self._local, False
            if local:
                # A commit of this process: a storm commits hundreds a second, and one
                # read per few milliseconds serves them all (fewer wake-ups, less of the
                # interpreter taken from the gateway and the screens).
                self._stop.wait(COALESCE_S)
            try:
                got = self.read_once()
                for pause in (0.002, 0.005, 0.01, 0.02) if local and not got else ():
                    time.sleep(pause)
                    if self.read_once():
                        break
                backoff = self.poll_s
            except Exception as exc:
                backoff = min(MAX_BACKOFF_S, max(backoff * 2, 0.5))
                self._failed(exc, backoff)

    def _run_postgres(self) -> None:
        import psycopg

        backoff = 0.5
        while not self._stop.is_set():
            try:
                self._listener = psycopg.connect(_conninfo(self.db), autocommit=True)
                self._listener.execute(f"LISTEN {outbox.CHANNEL}")
                self.connected.set()
                backoff = 0.5
                # Whatever was committed while we were not listening.
                self.read_once()
                while not self._stop.is_set():
                    # Woken by a NOTIFY, or after a second without one: that read is a
                    # cheap safety net (an index range read that finds nothing).
                    for _n in self._listener.notifies(timeout=PG_IDLE_READ_S, stop_after=1):
                        pass
                    if self._stop.is_set():
                        return
                    self.read_once()
            except Exception as exc:
                self.connected.clear()
                if self._stop.is_set():
                    return
                self._failed(exc, backoff)
                self._stop.wait(backoff)
                backoff = min(MAX_BACKOFF_S, backoff * 2)
            finally:
                listener, self._listener = self._listener, None
                if listener is not None:
                    try:
                        listener.close()
                    except Exception:
                        log.debug("closing the listener failed", exc_info=True)

    def _failed(self, exc: BaseException, retry_in: float) -> None:
        log.warning("%s: %s; retrying in %.1f s", self.name, str(exc).splitlines()[0], retry_in)
        if self.on_error is not None:
            self.on_error(exc)


def _conninfo(db: Database) -> str:
    url = db.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
