"""Storing what the receivers and caller-ID boxes report: the serial link's sink.

``Ingestor.ingest(event)`` returns True only once the event is committed (or fsync'd to
the journal while the database is unreachable); the link writes the ACK only then.

What each event becomes:

- alarm, priority LIFE → row priority 1; WELFARE / SUPERVISION → 2; anything else → 3.
  Priority-1/2 rows start ``raised``; priority-3 rows (open/close, unknown codes) are
  logged only, so they are stored already ``resolved``.
- periodic / manual tests (Contact ID 601/602..., SIA RP/RX): no alarm row (DESIGN: tests
  are logged only); the device's ``last_test_at`` / ``last_event_at`` move and a log line
  is written.
- restores (qualifier 3/R, SIA ..R codes): the device flag is cleared and the restore is
  stored as its own row, ``resolved`` on arrival. It is deliberately not attached to the
  open alarm: the operator still owes that alarm an outcome, and the restore row shows
  when the condition ended.
- AC loss (301, SIA AT) and low battery (302/309/384, SIA YT/XT) set the device flags.
- an account no device has: stored anyway with ``unknown_account`` and published, so the
  registry can be fixed while the operator still sees the alarm.
- heartbeat: remembered in memory (``receivers``), no write. Caller ID: a ``calls`` row
  and ``call.ringing`` with the elders registered under the number (none, one, several).
- a bad frame: logged and counted, True (so the codec's NAK goes out).

Re-sends: a receiver re-sends an unacknowledged frame byte for byte, so the codec's key
identifies a re-send, but only while re-sends are plausible. The stored key is
``protocol|account|hash(codec key)@bucket`` with 10-minute buckets, and the same key in
the current or the previous bucket within ``dedupe_window`` is a re-send. The unique
constraint on the stored key is the final guard: two processes, or a crash and a journal
replay (which keeps the original received time, hence the same bucket), still give one row.
Two genuinely separate identical frames within the window count as one; the codec cannot
tell them apart either.

One writer: every database write happens under one lock, so several ports and DC-09
connections never fight over SQLite's write lock; each event is one short transaction.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from app import settings
from app.alarms.rules import AlarmRules
from app.bus import Bus
from app.context import Database
from app.dberrors import is_busy, is_unreachable
from app.feed import outbox
from app.feed.topics import (
    AlarmFolded,
    AlarmRaised,
    CallChanged,
    CallRinging,
    Change,
    DeviceChanged,
    SettingsChanged,
)
from app.gateway.journal import Journal
from app.phones import lookup_key
from db.models import Alarm, Area, Call, Device, Elder, ElderPhone
from hardware.events import (
    AlarmEvent,
    CallerIdEvent,
    CallStateEvent,
    Event,
    FrameError,
    Heartbeat,
    LinkTest,
    Priority,
)

log = logging.getLogger("anxin.gateway")

Clock = Callable[[], datetime]

ALARM_WINDOW = timedelta(minutes=10)
# Caller-ID boxes repeat a block at once or not at all; a caller who rings again a
# minute later is a new call.
CALL_WINDOW = timedelta(minutes=1)
CACHE_TTL_S = 300.0
# A busy database is retried this long when the sender has no ACK window (DC-09).
BUSY_RETRY_S = 10.0
# One attempt waits at most this long on locks; less is left, the event is journalled.
MAX_ATTEMPT_S = 5.0
MIN_ATTEMPT_S = 0.05


class DeadlinePassed(OperationalError):
    """Too little of the ACK window is left to try the database again."""

    def __init__(self) -> None:
        super().__init__("ACK window closing", None, Exception("database is busy"))

PRIORITY_ROW = {Priority.LIFE: 1, Priority.WELFARE: 2, Priority.SUPERVISION: 2}


# Statements built once with bind parameters: building and cache-keying a statement with
# literal .values() per event cost more than the commit itself (profiled: ~0.9 ms of 1.4).
_INSERT_ALARM = insert(Alarm).returning(Alarm.id)
_SEEN_ALARM = select(Alarm.dedupe_key, Alarm.received_at).where(
    Alarm.dedupe_key.in_([bindparam("k1"), bindparam("k2")])
)
_PG_LOCALS = text(
    "SELECT set_config('synchronous_commit', 'on', true),"
    " set_config('lock_timeout', :budget, true),"
    " set_config('statement_timeout', :budget, true)"
)
_SEEN_CALL = select(Call.dedupe_key, Call.started_at).where(
    Call.dedupe_key.in_([bindparam("k1"), bindparam("k2")])
)


def _device_update(columns: tuple[str, ...]) -> Any:
    return (
        update(Device)
        .where(Device.id == bindparam("device_id"))
        .values({c: bindparam(c) for c in columns})
    )


_DEVICE_UPDATES: dict[tuple[str, ...], Any] = {}


def device_update(conn: Connection, device_id: int, **values: Any) -> None:
    columns = tuple(sorted(values))
    stmt = _DEVICE_UPDATES.get(columns)
    if stmt is None:
        stmt = _DEVICE_UPDATES.setdefault(columns, _device_update(columns))
    conn.execute(stmt, {"device_id": device_id, **values})


def utc_now() -> datetime:
    return datetime.now(UTC)


def printable(raw: bytes) -> str:
    """Raw frame bytes as text an installer can read: control bytes as \\xNN."""
    return "".join(chr(b) if 32 <= b < 127 and b != 0x5C else f"\\x{b:02x}" for b in raw)


def stored_key(prefix: str, codec_key: str, at: datetime, window: timedelta) -> tuple[str, str]:
    """The keys of the current and the previous time bucket for ``codec_key``."""
    digest = hashlib.blake2b(codec_key.encode("utf-8", "replace"), digest_size=12).hexdigest()
    bucket = int(at.timestamp() // window.total_seconds())
    return f"{prefix}|{digest}@{bucket}", f"{prefix}|{digest}@{bucket - 1}"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class DeviceInfo:
    device_id: int
    elder_id: int | None
    elder_name: str | None
    community: str | None = None


@dataclass
class Outcome:
    """What became of one event, and what it announced in its transaction."""

    result: str  # stored, duplicate, folded, updated, logged, unknown, journalled
    change: Change | None = None


class Ingestor:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        journal: Journal,
        *,
        clock: Clock = utc_now,
        area_code: str | None = None,
        alarm_window: timedelta = ALARM_WINDOW,
        call_window: timedelta = CALL_WINDOW,
    ) -> None:
        self.db = db
        self.bus = bus
        self.journal = journal
        self.clock = clock
        self.alarm_window = alarm_window
        self.call_window = call_window
        self._area_code = area_code
        self._write = threading.Lock()
        self._conn: Connection | None = None
        self._postgres = db.engine.dialect.name == "postgresql"
        # Milliseconds the current attempt may wait on locks (see _store_in_time).
        self._budget_ms = int(MAX_ATTEMPT_S * 1000)
        self._devices: dict[str, tuple[float, DeviceInfo]] = {}
        # Folding repeated presses and grouping storms (app.alarms.rules).
        self.rules = AlarmRules()
        # A journal left by a previous run holds events older than anything arriving now:
        # they go to the database first, and new ones queue behind them.
        self._journal_mode = journal.size() > 0
        self._replayed_to = 0
        self.stats: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        # Receiver (protocol, receiver number) -> when its last heartbeat came.
        self.receivers: dict[tuple[str, str], datetime] = {}
        self._area_code_given = area_code is not None
        # The device cache and the folding rules follow the registry and the settings,
        # whichever seat changes them (the change feed delivers it here).
        for prefix in ("device.", "elder.", "settings."):
            bus.subscribe(prefix, self._on_changed)

    @property
    def journalling(self) -> bool:
        return self._journal_mode

    # -- the sink ------------------------------------------------------------------------
    def ingest(self, event: Event, deadline: float | None = None) -> bool:
        """Store ``event``; ``deadline`` (time.monotonic) is when the receiver's ACK
        window closes: past it an answer is worse than none."""
        at = self.clock()
        if isinstance(event, Heartbeat):
            self.receivers[(event.protocol, event.receiver or "")] = at
            self.stats["heartbeat"] += 1
            log.debug("heartbeat %s receiver %s", event.protocol, event.receiver)
            return True
        if isinstance(event, FrameError):
            self.stats["error"] += 1
            self.errors[event.reason_code] += 1
            log.warning(
                "bad frame (%s) %s: %s %s",
                event.protocol,
                event.reason_code,
                event.message,
                printable(event.raw[:120]),
            )
            return True
        if isinstance(event, CallStateEvent):
            self.stats["call_state"] += 1
            log.info("line %s %s", event.line or "-", event.state)
            return True
        with self._write:
            if self._journal_mode:
                outcome = self._journal(event, at)
            else:
                try:
                    outcome = self._store_in_time(event, at, deadline)
                except Exception as exc:
                    if not (is_unreachable(exc) or is_busy(exc)):
                        raise
                    if is_busy(exc):
                        # The receiver's ACK window would close before the commit: the
                        # journal holds the event (fsync'd) and the replayer stores it.
                        log.warning(
                            "database busy past the ACK window (%s); journalling to %s",
                            str(exc).splitlines()[0],
                            self.journal.path,
                        )
                    else:
                        log.warning(
                            "database unreachable (%s); journalling to %s", exc, self.journal.path
                        )
                    self._journal_mode = True
                    outcome = self._journal(event, at)
        self._announce(event, outcome)
        return True

    def _store_in_time(self, event: Event, at: datetime, deadline: float | None) -> Outcome:
        """Store, retrying a busy database for as long as the ACK window allows.

        Each attempt is bounded by the time left (SQLite busy_timeout, PostgreSQL
        lock_timeout and statement_timeout), so a slow database costs a journal line,
        never a late ACK. Without a deadline (DC-09, whose TCP link carries its own
        sequence) a busy database is retried for up to ``BUSY_RETRY_S``.
        """
        now = time.monotonic()
        # A window already closed (the frame waited behind others) gains nothing from the
        # journal: its ACK is dropped anyway and the re-send finds the row stored.
        end = deadline if deadline is not None and deadline - now > MIN_ATTEMPT_S else None
        end = end if end is not None else now + BUSY_RETRY_S
        while True:
            left = end - time.monotonic()
            if left <= MIN_ATTEMPT_S:
                raise DeadlinePassed()
            self._budget_ms = int(min(left, MAX_ATTEMPT_S) * 1000)
            try:
                return self._store(event, at)
            except Exception as exc:
                if not is_busy(exc):
                    raise
                self.stats["busy"] += 1
                if end - time.monotonic() <= MIN_ATTEMPT_S:
                    raise
                time.sleep(0.01)

    def _journal(self, event: Event, at: datetime) -> Outcome:
        self.journal.append(event, at)  # JournalError propagates: not stored, not ACKed
        self.stats["journalled"] += 1
        return Outcome("journalled")

    def _announce(self, event: Event, outcome: Outcome) -> None:
        # Announced already, in the transaction (see _finish): only counted and logged.
        self.stats[outcome.result] += 1
        log.info("%s -> %s", describe(event, outcome), outcome.result)

    # -- the journal coming back --------------------------------------------------------
    def replay(self) -> int:
        """Write the journal back if the database answers; returns events replayed.

        Called by the replayer thread. Stops at the first sign the database is gone again.
        """
        if not self._journal_mode:
            return 0
        try:
            with self.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            if is_unreachable(exc):
                return 0
            raise
        done = 0
        offset = self._replayed_to
        for end, event, at in self.journal.read(offset):
            with self._write:
                try:
                    outcome = self._store(event, at)
                except Exception as exc:
                    if is_unreachable(exc):
                        log.warning("database gone again during replay: %s", exc)
                        self._replayed_to = offset
                        return done
                    # A line that can never be stored must not block the ones behind it;
                    # it is kept aside for a human, not dropped.
                    log.exception("journal line at %d cannot be stored; set aside", offset)
                    self._set_aside(event, at)
                    outcome = Outcome("rejected")
            offset = end
            done += 1
            self._announce(event, outcome)
        with self._write:
            if self.journal.truncate_if_at(offset):
                self._journal_mode = False
                self._replayed_to = 0
                log.info("journal replayed (%d events); storing directly again", done)
            else:
                self._replayed_to = offset
        return done

    def _set_aside(self, event: Event, at: datetime) -> None:
        aside = Journal(self.journal.path.with_suffix(".rejected.jsonl"))
        aside.append(event, at)
        aside.close()

    # -- storing -------------------------------------------------------------------------
    def _store(self, event: Event, at: datetime) -> Outcome:
        try:
            return self._store_once(event, at)
        except IntegrityError:
            # Another process stored the same key between our check and our insert: the
            # second attempt finds it and answers "duplicate"; any other violation raises.
            return self._store_once(event, at)

    def _store_once(self, event: Event, at: datetime) -> Outcome:
        if isinstance(event, AlarmEvent):
            return self._store_alarm(event, at)
        if isinstance(event, CallerIdEvent):
            return self._store_call(event, at)
        if isinstance(event, LinkTest):
            return self._store_link_test(event, at)
        raise TypeError(f"cannot store {type(event).__name__}")

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        # The writer keeps one connection (it is the only writer, under the lock):
        # checking one out of the pool and resetting it cost a third of each event.
        conn = self._conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._conn = self.db.engine.connect()
        try:
            budget = str(max(1, self._budget_ms))
            with conn.begin():
                if self._postgres:
                    # The ACK promises the event survives; a server running with
                    # synchronous_commit=off (a common tuning) would break that promise
                    # by losing the last commits in a crash. Found by the outage test.
                    # The timeouts keep a locked or slow server from holding the ACK
                    # past the receiver's window. One round trip for all three.
                    conn.execute(_PG_LOCALS, {"budget": budget})
                else:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout = {budget}")
                yield conn
        except BaseException:
            # A connection that failed once is not trusted again.
            self._drop_connection()
            raise

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("closing a failed connection failed", exc_info=True)

    def close(self) -> None:
        """Release the writer's connection (at shutdown, or when the database went away)."""
        with self._write:
            self._drop_connection()

    def _device(self, conn: Connection, account: str) -> DeviceInfo | None:
        now = time.monotonic()
        hit = self._devices.get(account)
        if hit is not None and now - hit[0] < CACHE_TTL_S:
            return hit[1]
        row = conn.execute(
            select(Device.id, Device.elder_id, Elder.name, Area.name)
            .outerjoin(Elder, Elder.id == Device.elder_id)
            .outerjoin(Area, Area.id == Elder.community_id)
            .where(Device.account == account)
        ).first()
        if row is None:
            # Not cached: registering the device fixes the next alarm at once.
            self._devices.pop(account, None)
            return None
        info = DeviceInfo(row[0], row[1], row[2], row[3])
        self._devices[account] = (now, info)
        return info

    def _on_changed(self, _topic: str, change: Any) -> None:
        if isinstance(change, SettingsChanged):
            self.rules.forget()
            if not self._area_code_given and "centre.area_code" in change.keys:
                self._area_code = None
        elif isinstance(change, Change):
            self._devices.clear()
            self.rules.forget()

    def _finish(self, conn: Connection, outcome: Outcome, at: datetime) -> Outcome:
        """Write the outcome's announcement in the event's own transaction."""
        if outcome.change is not None:
            outbox.write(conn, [outcome.change], at)
        return outcome

    def _store_alarm(self, ev: AlarmEvent, at: datetime) -> Outcome:
        # The codec said what the event means (class, restore, supervision condition).
        prio = ev.priority or Priority.OTHER
        restore = bool(ev.restore)
        flags = {ev.condition: not restore} if ev.condition else {}
        with self._begin() as conn:
            dev = self._device(conn, ev.account)
            if prio is Priority.TEST:
                if dev is None:
                    return Outcome("unknown")
                device_update(conn, dev.device_id, last_test_at=at, last_event_at=at, **flags)
                return self._finish(
                    conn, Outcome("logged", DeviceChanged(ids=(dev.device_id,))), at
                )
            key, previous = stored_key(
                f"{ev.protocol}|{ev.account}", ev.dedupe_key, at, self.alarm_window
            )
            if self._seen(conn, Alarm, key, previous, at, self.alarm_window):
                return Outcome("duplicate")
            level = PRIORITY_ROW.get(prio, 3)
            resolved = restore or level == 3
            if dev is not None and not resolved:
                folded = self.rules.fold(
                    conn,
                    device_id=dev.device_id,
                    event_code=ev.event_code[:4],
                    zone=(ev.zone or ev.user or "")[:4],
                    partition=(ev.partition or "")[:4],
                    key=key,
                    previous_key=previous,
                    at=at,
                    dedupe_window=self.alarm_window,
                )
                if folded is not None:
                    if folded.duplicate:
                        return Outcome("duplicate")
                    device_update(conn, dev.device_id, last_event_at=at, **flags)
                    change = AlarmFolded(
                        ids=(folded.alarm_id,),
                        repeat_count=folded.repeat_count,
                        priority=level,
                        account=ev.account,
                        event_code=ev.event_code,
                        zone=(ev.zone or ev.user or "")[:4],
                        status="raised",
                        elder_id=dev.elder_id,
                        elder_name=dev.elder_name,
                        received_at=at.isoformat(),
                    )
                    return self._finish(conn, Outcome("folded", change), at)
            values: dict[str, Any] = {
                "dedupe_key": key,
                "protocol": ev.protocol[:16],
                "receiver": (ev.receiver or "")[:8],
                "line": (ev.line or "")[:8],
                "account": ev.account[:16],
                "device_id": dev.device_id if dev else None,
                "elder_id": dev.elder_id if dev else None,
                "unknown_account": dev is None,
                "qualifier": ev.qualifier,
                "event_code": ev.event_code[:4],
                "event_name": ev.event_name[:60],
                "partition": (ev.partition or "")[:4],
                "zone": (ev.zone or ev.user or "")[:4],
                "raw": printable(ev.raw),
                "received_at": at,
                "priority": level,
                "status": "resolved" if resolved else "raised",
                "resolved_at": at if resolved else None,
            }
            alarm_id = conn.execute(_INSERT_ALARM, values).scalar_one()
            if dev is not None:
                device_update(conn, dev.device_id, last_event_at=at, **flags)
            storm = None
            if level == 2 and not resolved and dev is not None and dev.elder_id is not None:
                storm = self.rules.storm(
                    conn,
                    alarm_id=alarm_id,
                    elder_id=dev.elder_id,
                    event_code=ev.event_code[:4],
                    event_name=ev.event_name[:60],
                    at=at,
                )
            ids: tuple[int, ...] = (alarm_id,)
            status = values["status"]
            if storm is not None:
                # One storm entry in the queue instead of a row per home.
                ids += tuple(sorted(set(storm.alarm_ids) - {alarm_id}))
                if storm.claimed_by_name:
                    status = "claimed"
            change = AlarmRaised(
                ids=ids,
                priority=level,
                status=status,
                account=ev.account,
                elder_id=values["elder_id"],
                elder_name=dev.elder_name if dev else None,
                place=(dev.community or "") if dev else "",
                device_id=values["device_id"],
                unknown_account=dev is None,
                event_code=ev.event_code,
                event_name=ev.event_name,
                qualifier=ev.qualifier,
                zone=values["zone"],
                received_at=at.isoformat(),
                storm_id=storm.storm_id if storm else None,
                storm_created=bool(storm and storm.created),
            )
            return self._finish(conn, Outcome("stored", change), at)

    def _seen(
        self,
        conn: Connection,
        model: type[Alarm] | type[Call],
        key: str,
        previous: str,
        at: datetime,
        window: timedelta,
    ) -> bool:
        query = _SEEN_ALARM if model is Alarm else _SEEN_CALL
        rows = conn.execute(query, {"k1": key, "k2": previous}).all()
        return any(k == key or abs(at - t) <= window for k, t in rows)

    def _store_link_test(self, ev: LinkTest, at: datetime) -> Outcome:
        with self._begin() as conn:
            dev = self._device(conn, ev.account)
            if dev is None:
                return Outcome("unknown")
            device_update(conn, dev.device_id, last_test_at=at, last_event_at=at)
        return Outcome("logged")

    def area_code(self, conn: Connection) -> str:
        if self._area_code is None:
            from sqlalchemy.orm import Session

            with Session(bind=conn) as session:
                self._area_code = str(settings.get(session, "centre.area_code"))
        return self._area_code

    def _store_call(self, ev: CallerIdEvent, at: datetime) -> Outcome:
        number = ev.number or ""
        with self._begin() as conn:
            norm = None
            if number and ev.privacy is None:
                norm = lookup_key(number, default_area_code=self.area_code(conn))
            if ev.stage == "end":
                return self._end_call(conn, ev, number, at)
            key, previous = stored_key("cid", ev.dedupe_key, at, self.call_window)
            if self._seen(conn, Call, key, previous, at, self.call_window):
                return Outcome("duplicate")
            elders = self._elders_for(conn, norm, at) if norm else []
            call_id = conn.execute(
                insert(Call)
                .values(
                    direction=ev.direction,
                    number=number[:40],
                    number_norm=(norm or "")[:20],
                    line=(ev.line or "")[:10],
                    caller_name=(ev.name or "")[:40],
                    started_at=at,
                    elder_id=elders[0]["id"] if len(elders) == 1 else None,
                    source="gateway",
                    dedupe_key=key,
                )
                .returning(Call.id)
            ).scalar_one()
            change: Change
            if ev.direction != "in":
                change = CallChanged(ids=(call_id,), state="dialled")
            else:
                change = CallRinging(
                    ids=(call_id,),
                    number=number,
                    number_norm=norm,
                    privacy=ev.privacy,
                    name=ev.name,
                    line=ev.line or "",
                    elder_ids=tuple(int(e["id"]) for e in elders),
                    elders=tuple(elders),
                    started_at=at.isoformat(),
                )
            return self._finish(conn, Outcome("stored", change), at)

    def _end_call(self, conn: Connection, ev: CallerIdEvent, number: str, at: datetime) -> Outcome:
        # A CallerID.com end record closes the call its start record opened.
        call_id = conn.execute(
            select(Call.id)
            .where(
                Call.number == number[:40],
                Call.line == (ev.line or "")[:10],
                Call.ended_at.is_(None),
                Call.source == "gateway",
                Call.started_at >= at - timedelta(hours=12),
            )
            .order_by(Call.started_at.desc())
            .limit(1)
        ).scalar()
        if call_id is None:
            return Outcome("unknown")
        conn.execute(update(Call).where(Call.id == call_id).values(ended_at=at))
        return self._finish(conn, Outcome("updated", CallChanged(ids=(call_id,), state="ended")), at)

    def _elders_for(self, conn: Connection, norm: str, at: datetime) -> list[dict[str, Any]]:
        rows = conn.execute(
            select(Elder.id, Elder.name, Elder.birth_date, Area.name, Elder.status)
            .join(ElderPhone, ElderPhone.elder_id == Elder.id)
            .outerjoin(Area, Area.id == Elder.community_id)
            .where(ElderPhone.number_norm == norm)
            .distinct()
            .order_by(Elder.id)
        ).all()
        today = at.date()
        return [
            {
                "id": r[0],
                "name": r[1],
                "age": age_on(r[2], today),
                "community": r[3],
                "status": r[4],
            }
            for r in rows
        ]


def describe(event: Event, outcome: Outcome) -> str:
    """One log line's worth: kind, account, code and name, elder."""
    c = outcome.change
    if isinstance(event, AlarmEvent):
        elder: object = "-"
        if isinstance(c, AlarmRaised | AlarmFolded):
            elder = c.elder_name or c.elder_id or "-"
        if isinstance(c, AlarmRaised) and c.unknown_account:
            elder = "UNKNOWN ACCOUNT"
        return (
            f"alarm {event.account} {event.qualifier} {event.event_code} {event.event_name}"
            f" zone {event.zone or event.user or '-'} elder {elder}"
        )
    if isinstance(event, CallerIdEvent):
        found = c.elders if isinstance(c, CallRinging) else ()
        elders = ",".join(str(e["name"]) for e in found) or "-"
        return f"call {event.direction} {event.number or event.privacy} line {event.line or '-'} elders {elders}"
    if isinstance(event, LinkTest):
        return f"link test {event.account}"
    return event.kind


__all__ = ["Ingestor", "Outcome", "is_unreachable", "stored_key"]
