"""``anxin seed --demo``: fill an empty database with a whole, deterministic demo centre.

One district of six streets, the 4-category catalogue with prices, ~30 firms with staff,
N elders with phones, groups, contacts and devices, then M months of calls, work orders,
alarms, callbacks, complaints and care calls ending at ``anchor``. The same options give the
same database content on SQLite and PostgreSQL. See ``app.demo.bulk`` for how it is written
fast enough (200,000 elders and 2,000,000 orders in minutes on two cores).
"""

from __future__ import annotations

import multiprocessing
import random
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from multiprocessing import connection as mp_connection

from sqlalchemy import Connection, Engine, text

from app.demo import DEMO_USERS
from app.demo.bulk import (
    Batch,
    BulkWriter,
    DatabaseSink,
    Row,
    advance_sequences,
    create_indexes,
    drop_indexes,
    secondary_indexes,
)
from app.demo.centre import existing_users, write_areas_and_catalogue, write_users
from app.demo.common import IdNumbers, NameMaker, PhoneBook, epoch_seconds
from app.demo.firms import write_firms
from app.demo.history import History
from app.demo.people import write_elders
from app.demo.reference import load_reference
from app.errors import UserFacingError

__all__ = ["DEMO_USERS", "SeedError", "SeedOptions", "seed_demo"]

# Tables the console searches interactively; see the ANALYZE step of seed_demo.
EXACT_STATS_TABLES = ("elders", "elder_phones", "emergency_contacts", "devices", "firms", "staff")

# Tables whose secondary indexes are dropped during the load and built once at the end.
BULK_TABLES = (
    "elders",
    "elder_phones",
    "emergency_contacts",
    "devices",
    "calls",
    "alarms",
    "work_orders",
    "order_transitions",
    "followups",
    "care_calls",
    "complaints",
)
PARALLEL_FROM = 200_000  # orders + 10 x elders
# Any of these holding rows means the database is in use: seeding would mix demo and real.
_GUARDED = ("elders", "areas", "service_items", "firms", "work_orders", "calls", "alarms")


class SeedError(UserFacingError):
    """The demo centre cannot be seeded here; the message says why and what to do."""


@dataclass(frozen=True)
class SeedOptions:
    elders: int = 2000
    orders: int = 20000
    months: int = 6
    seed: int = 1
    # The history ends here (UTC). None: the start of the current UTC day, so two runs on
    # one day agree; tests pass a fixed anchor so they agree on every day.
    anchor: datetime | None = None
    firms: int = 30
    # Generate in a second process while this one writes; None: when the centre is big.
    parallel: bool | None = None


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _validate(opts: SeedOptions) -> None:
    if opts.elders < 0 or opts.orders < 0:
        raise SeedError("--elders and --orders must not be negative")
    if opts.orders and not opts.elders:
        raise SeedError("orders need elders: give --elders 1 or more")
    if not 1 <= opts.months <= 120:
        raise SeedError("--months must be between 1 and 120")
    if opts.firms < 12:
        raise SeedError("the demo centre needs at least 12 firms to cover every street twice")
    if opts.anchor is not None and opts.anchor.tzinfo is None:
        raise SeedError("the anchor must be a timezone-aware datetime")


def _refuse_if_used(conn: Connection) -> None:
    found = []
    for table in _GUARDED:
        n = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        if n:
            found.append(f"{n} {table}")
    conn.rollback()
    if found:
        raise SeedError(
            f"the database already has data ({', '.join(found)}); the demo centre is "
            f"seeded only into an empty database: give a new one with --db"
        )


def _sqlite_bulk_mode(conn: Connection, on: bool) -> None:
    """Loading: no per-row foreign-key lookups (the generator keeps references right; a test
    runs PRAGMA foreign_key_check), no fsync, a big page cache, and a rollback journal
    instead of WAL (pages appended to the file are not journaled at all, where WAL writes
    every page twice). Afterwards db.engine's settings again, on this pooled connection.
    If another connection holds the file open the journal stays WAL, which only costs time.
    """
    if on:
        pragmas = ("foreign_keys=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY")
    else:
        pragmas = (
            "foreign_keys=ON",
            "synchronous=NORMAL",
            "cache_size=-2000",
            "temp_store=DEFAULT",
        )
    for pragma in pragmas:
        conn.exec_driver_sql(f"PRAGMA {pragma}")
    conn.commit()
    conn.exec_driver_sql(f"PRAGMA journal_mode={'DELETE' if on else 'WAL'}")
    conn.commit()


@dataclass(frozen=True)
class _Plan:
    """Everything the generator needs, and nothing that holds a database handle, so it can
    be handed to another process."""

    opts: SeedOptions
    dialect: str
    anchor_sec: int
    anchor_day: date
    window_start_day: date
    start_sec: int
    existing_users: dict[str, int]


def _generate(plan: _Plan, writer: BulkWriter, say: Callable[[str], None]) -> None:
    """Every row of the demo centre, in foreign-key order, into ``writer``."""
    opts = plan.opts
    ref = load_reference()
    names = NameMaker(ref.names)
    phones = PhoneBook(random.Random(0))
    ids = IdNumbers(ref.district_code)

    def rng(section: str) -> random.Random:
        # One stream per part: changing how elders are drawn leaves the firms as they were.
        r = random.Random(f"anxin-demo:{opts.seed}:{section}")
        phones.rng = r
        return r

    users = write_users(writer, rng("users"), plan.start_sec - 30 * 86_400, plan.existing_users)
    centre = write_areas_and_catalogue(writer, ref, names)
    firms = write_firms(
        writer,
        rng("firms"),
        centre,
        ref.names,
        names,
        phones,
        ids,
        count=opts.firms,
        anchor_day=plan.anchor_day,
        window_start_day=plan.window_start_day,
    )
    writer.flush()
    say(f"catalogue {len(centre.items)} items, {len(firms.firms)} firms, {firms.staff_count} staff")
    elders = write_elders(
        writer,
        rng("elders"),
        centre,
        firms,
        ref.names,
        names,
        phones,
        ids,
        count=opts.elders,
        anchor_day=plan.anchor_day,
        window_start_day=plan.window_start_day,
        anchor_sec=plan.anchor_sec,
        progress=say,
    )
    writer.flush()
    History(
        writer,
        rng("history"),
        centre,
        firms,
        elders,
        phones,
        users=users,
        start_sec=plan.start_sec,
        anchor_sec=plan.anchor_sec,
        progress=say,
    ).run(opts.orders)
    writer.flush()


class _NoChild(Exception):
    """The generator process could not be started."""


class _PipeSink:
    """The generator process's end: batches go to the process that owns the database."""

    def __init__(self, pipe: mp_connection.Connection) -> None:
        self.pipe = pipe

    def write_batch(self, batch: Batch) -> None:
        self.pipe.send(("batch", batch))

    def update_many(self, sql: str, rows: Sequence[Row]) -> None:
        self.pipe.send(("update", sql, list(rows)))


def _generator_process(plan: _Plan, pipe: mp_connection.Connection) -> None:
    try:
        writer = BulkWriter(_PipeSink(pipe), plan.dialect)
        _generate(plan, writer, lambda msg: pipe.send(("progress", msg)))
        pipe.send(("done", writer.counts))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


def _run_in_child(plan: _Plan, sink: DatabaseSink, say: Callable[[str], None]) -> dict[str, int]:
    """Generate in a second process while this one writes: generation and SQLite's work
    overlap on two cores. Spawned, not forked: the child must not inherit the open
    database connection (a forked psycopg connection closed by the child would end the
    parent's session too)."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_generator_process, args=(plan, send), name="anxin-demo-gen")
    child.start()
    send.close()
    received = False
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                child.join(timeout=10)
                if not received:
                    # It never started (a main module without the __main__ guard, a frozen
                    # build): nothing is written yet, so the caller can do it in-process.
                    raise _NoChild from None
                raise SeedError(
                    f"the demo generator process stopped unexpectedly (exit code {child.exitcode})"
                ) from None
            received = True
            kind = message[0]
            if kind == "batch":
                sink.write_batch(message[1])
            elif kind == "update":
                sink.update_many(message[1], message[2])
            elif kind == "progress":
                say(message[1])
            elif kind == "done":
                counts: dict[str, int] = message[1]
                return counts
            else:
                raise SeedError(f"the demo generator failed:\n{message[1]}")
    finally:
        receive.close()
        child.join(timeout=10)
        if child.is_alive():
            child.terminate()
            child.join()


def _use_child(opts: SeedOptions) -> bool:
    if opts.parallel is not None:
        return opts.parallel
    # Starting a Python process costs about a second: worth it for big centres only.
    return opts.orders + 10 * opts.elders >= PARALLEL_FROM


def seed_demo(
    engine: Engine,
    opts: SeedOptions,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int | float]:
    """Seed the demo centre; returns counts of what was written and the seconds it took."""
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    _validate(opts)
    anchor = opts.anchor or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    anchor_day = anchor.astimezone(UTC).date()
    window_start_day = _months_before(anchor_day, opts.months)

    with engine.connect() as conn:
        _refuse_if_used(conn)
        plan = _Plan(
            opts=opts,
            dialect=conn.dialect.name,
            anchor_sec=epoch_seconds(anchor),
            anchor_day=anchor_day,
            window_start_day=window_start_day,
            start_sec=epoch_seconds(datetime.combine(window_start_day, datetime.min.time(), UTC)),
            existing_users=existing_users(conn),
        )
        sqlite = plan.dialect == "sqlite"
        if sqlite:
            _sqlite_bulk_mode(conn, True)
        indexes = secondary_indexes(conn, BULK_TABLES)
        drop_indexes(conn, indexes)
        sink = DatabaseSink(conn)
        try:
            say(
                f"seeding the demo centre: {opts.elders} elders, {opts.orders} orders, "
                f"{opts.months} months to {anchor.isoformat()}"
            )
            counts: dict[str, int] | None = None
            if _use_child(opts):
                try:
                    counts = _run_in_child(plan, sink, say)
                except _NoChild:
                    say("no generator process could be started; generating in this one")
            if counts is None:
                writer = BulkWriter(sink, plan.dialect)
                _generate(plan, writer, say)
                counts = writer.counts
        finally:
            if conn.in_transaction():
                conn.rollback()
            say(f"building {len(indexes)} indexes")
            create_indexes(conn, indexes, say)
            if sqlite:
                _sqlite_bulk_mode(conn, False)
        advance_sequences(conn)
        say("analysing")
        if sqlite:
            # Sampled statistics keep ANALYZE of the multi-million-row history cheap, but
            # on the registry tables they misled the planner into scanning elders through
            # a non-covering index (320 ms instead of 60 ms for a name search over 200k):
            # those tables are small enough to count exactly.
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA analysis_limit=0")
            for table in EXACT_STATS_TABLES:
                conn.exec_driver_sql(f"ANALYZE {table}")
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.commit()
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

    c = counts
    return {
        "areas": c["areas"],
        "items": c["service_items"],
        "firms": c["firms"],
        "staff": c["staff"],
        "elders": c["elders"],
        "devices": c["devices"],
        "orders": c["work_orders"],
        "calls": c["calls"],
        "alarms": c["alarms"],
        "followups": c["followups"],
        "transitions": c["order_transitions"],
        "care_calls": c["care_calls"],
        "complaints": c["complaints"],
        "seconds": round(time.perf_counter() - started, 1),
    }
