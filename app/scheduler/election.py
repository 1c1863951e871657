"""Which process in the centre runs the scheduler: exactly one, and another within 10 s.

PostgreSQL: a session-level advisory lock on the elector's own connection. Whoever
holds it leads; when that process dies its connection closes and the lock is free at
once (a PC that loses power is noticed by TCP keepalives set on the session, ~10 s).
SQLite: a lease row renewed every ``heartbeat_s``; a lease not renewed for ``lease_s``
may be taken by anyone.

The gateway is preferred: it runs all day on the PC with the receivers, while consoles
come and go. A gateway announces itself (a second advisory lock, or a ``gateway`` lease
row); a console that leads steps down as soon as it sees one, and consoles do not try
while one is present.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from app.context import Database
from db.models import SchedulerLease

log = logging.getLogger("anxin.scheduler")

LOCK_CLASS = 0x616E78  # "anx"
LEADER_LOCK = 1
GATEWAY_LOCK = 2
LEASE = "scheduler"
GATEWAY_LEASE = "gateway"


def holder_name(role: str) -> str:
    # The random tail tells apart two electors of one process (tests, a console with an
    # in-process gateway) and a restarted process that got the same pid.
    return f"{role}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Elector:
    """Try, keep and give up leadership; ``poll()`` is called every heartbeat."""

    def __init__(self, db: Database, *, role: str, lease_s: float = 6.0) -> None:
        self.db = db
        self.role = role
        self.holder = holder_name(role)
        self.lease = timedelta(seconds=lease_s)
        self.leading = False
        self._pg: Any = None
        self._gateway_held = False

    # -- one heartbeat ---------------------------------------------------------------------
    def poll(self, now: datetime | None = None) -> bool:
        """Renew or try for leadership; True while this process leads."""
        now = now or datetime.now(UTC)
        try:
            if self.db.backend == "postgresql":
                self.leading = self._poll_postgres()
            else:
                self.leading = self._poll_sqlite(now)
        except Exception as exc:
            if self.leading:
                log.warning("scheduler: lost the lease (%s)", str(exc).splitlines()[0])
            self.leading = False
            self._drop_pg()
        return self.leading

    def release(self) -> None:
        try:
            if self.db.backend == "postgresql":
                self._drop_pg()
            else:
                with self.db.engine.begin() as conn:
                    conn.execute(
                        update(SchedulerLease)
                        .where(SchedulerLease.holder == self.holder)
                        .values(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
                    )
        except Exception:
            log.debug("releasing the scheduler lease failed", exc_info=True)
        self.leading = False

    # -- PostgreSQL --------------------------------------------------------------------------
    def _connect_pg(self) -> Any:
        import psycopg

        url = self.db.engine.url.set(drivername="postgresql")
        conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
        # The server must notice a dead leader's connection within seconds, not hours.
        for name, value in (
            ("tcp_keepalives_idle", 3),
            ("tcp_keepalives_interval", 2),
            ("tcp_keepalives_count", 2),
        ):
            conn.execute(f"SET {name} = {value}")
        conn.execute(f"SET application_name = 'anxin {self.role}'")
        return conn

    def _poll_postgres(self) -> bool:
        if self._pg is None or self._pg.closed:
            self._pg = self._connect_pg()
            self._gateway_held = False
        conn = self._pg
        if self.role == "gateway" and not self._gateway_held:
            self._gateway_held = bool(
                conn.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, GATEWAY_LOCK)
                ).fetchone()[0]
            )
        if self.leading:
            conn.execute("SELECT 1")  # still connected, so still holding it
            if self.role != "gateway" and self._gateway_present_pg(conn):
                log.info("scheduler: a gateway is running; this console steps down")
                conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, LEADER_LOCK))
                return False
            return True
        if self.role != "gateway" and self._gateway_present_pg(conn):
            return False
        got = bool(
            conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, LEADER_LOCK)).fetchone()[0]
        )
        if got:
            log.info("scheduler: %s leads", self.holder)
        return got

    @staticmethod
    def _gateway_present_pg(conn: Any) -> bool:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
            "AND objid = %s AND objsubid = 2 AND granted",
            (LOCK_CLASS, GATEWAY_LOCK),
        ).fetchone()
        return bool(row and row[0])

    def _drop_pg(self) -> None:
        conn, self._pg = self._pg, None
        self._gateway_held = False
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("closing the elector's connection failed", exc_info=True)

    # -- SQLite ------------------------------------------------------------------------------
    def _take(self, conn: Any, name: str, now: datetime, *, only_if_free: bool) -> bool:
        cond = SchedulerLease.name == name
        stmt = update(SchedulerLease).where(cond)
        if only_if_free:
            stmt = stmt.where(
                (SchedulerLease.holder == self.holder) | (SchedulerLease.expires_at < now)
            )
        took = conn.execute(
            stmt.values(holder=self.holder, expires_at=now + self.lease)
        ).rowcount
        if took:
            return True
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(SchedulerLease).values(
                        name=name, holder=self.holder, acquired_at=now, expires_at=now + self.lease
                    )
                )
            return True
        except IntegrityError:
            return False

    def _lease_alive(self, conn: Any, name: str, now: datetime) -> bool:
        from sqlalchemy import select

        row = conn.execute(
            select(SchedulerLease.holder, SchedulerLease.expires_at).where(
                SchedulerLease.name == name
            )
        ).first()
        return row is not None and row[1] > now and row[0] != self.holder

    def _poll_sqlite(self, now: datetime) -> bool:
        with self.db.engine.begin() as conn:
            if self.role == "gateway":
                self._take(conn, GATEWAY_LEASE, now, only_if_free=False)
            elif self._lease_alive(conn, GATEWAY_LEASE, now):
                if self.leading:
                    log.info("scheduler: a gateway is running; this console steps down")
                    conn.execute(
                        update(SchedulerLease)
                        .where(SchedulerLease.name == LEASE, SchedulerLease.holder == self.holder)
                        .values(expires_at=now)
                    )
                return False
            got = self._take(conn, LEASE, now, only_if_free=True)
        if got and not self.leading:
            log.info("scheduler: %s leads", self.holder)
        return got
