"""Fast bulk loading: rows as tuples, written in large chunks in foreign-key order.

Why not ``conn.execute(insert(table), dicts)``: measured on this project's ``work_orders``
(200,000 rows, SQLite, indexes dropped) Core with dicts took 9.3 s, the same rows as tuples
through the driver's ``executemany`` 1.45 s. The difference is per-row parameter processing
(dicts, and one Python type-decorator call per timestamp). So the seeder encodes values once,
itself, in exactly the form SQLAlchemy would store them (see ``Encoder``), and hands tuples to
the driver: ``executemany`` on SQLite, ``COPY ... FROM STDIN`` on PostgreSQL. The statement's
column list comes from the model's ``Table``, and ``COLUMNS`` is checked against it, so a
model change fails loudly here instead of writing a column into the wrong place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, Index, RootTransaction, inspect
from sqlalchemy.sql import quoted_name

from db.models import Base

Row = tuple[Any, ...]

# Column order of the tuples the generators build, per table. Every column of the model
# must be here (the models' defaults are Python-side, so the driver would get no value),
# but for those with a server default.
COLUMNS: dict[str, tuple[str, ...]] = {
    "users": (
        "id",
        "username",
        "display_name",
        "role",
        "password_hash",
        "failed_attempts",
        "locked_until",
        "active",
        "created_at",
    ),
    "areas": ("id", "parent_id", "level", "code", "name"),
    "service_categories": ("id", "code", "name"),
    "service_items": (
        "id",
        "code",
        "category_id",
        "name",
        "name_initials",
        "unit",
        "market_price_fen",
        "time_limit_min",
        "standard",
        "kind",
        "active",
    ),
    "item_prices": ("item_id", "subsidy_category", "elder_pays_fen", "government_pays_fen"),
    "firms": (
        "id",
        "name",
        "name_initials",
        "licence_no",
        "legal_rep",
        "contact_name",
        "contact_phone",
        "contact_phone_norm",
        "address",
        "contract_start",
        "contract_end",
        "status",
        "status_changed_on",
        "notes",
        "created_at",
    ),
    "firm_areas": ("firm_id", "area_id"),
    "firm_items": ("firm_id", "item_id"),
    "staff": (
        "id",
        "firm_id",
        "name",
        "sex",
        "phone",
        "phone_norm",
        "id_number",
        "role",
        "certificate",
        "certified_until",
        "active",
    ),
    "elders": (
        "id",
        "name",
        "name_initials",
        "sex",
        "birth_date",
        "id_number",
        "community_id",
        "address",
        "building",
        "unit",
        "floor",
        "door",
        "subsidy_category",
        "care_level",
        "status",
        "medical_notes",
        "allergies",
        "medicines",
        "preferred_firm_id",
        "daily_checkin",
        "checkin_hour",
        "enrolled_on",
        "created_at",
        "updated_at",
        "version",
    ),
    "elder_phones": ("id", "elder_id", "kind", "number", "number_norm"),
    "elder_groups": ("elder_id", "group"),
    "emergency_contacts": (
        "id",
        "elder_id",
        "position",
        "name",
        "relation",
        "phone",
        "phone_norm",
    ),
    "devices": (
        "id",
        "account",
        "elder_id",
        "kind",
        "model",
        "serial_no",
        "firm_id",
        "test_interval_h",
        "installed_on",
        "last_test_at",
        "last_event_at",
        "battery_low",
        "mains_lost",
        "status",
    ),
    "calls": (
        "id",
        "direction",
        "number",
        "number_norm",
        "line",
        "caller_name",
        "started_at",
        "answered_at",
        "ended_at",
        "operator_id",
        "elder_id",
        "disposition",
        "source",
        "dedupe_key",
        "notes",
    ),
    "alarms": (
        "id",
        "dedupe_key",
        "protocol",
        "receiver",
        "line",
        "account",
        "device_id",
        "elder_id",
        "unknown_account",
        "qualifier",
        "event_code",
        "event_name",
        "partition",
        "zone",
        "raw",
        "received_at",
        "priority",
        "status",
        "claimed_by",
        "claimed_at",
        "resolved_at",
        "outcome",
        "outcome_note",
        "repeat_count",
        "storm_id",
        "escalation_level",
        "claimed_by_name",
        "last_repeat_at",
    ),
    "alarm_actions": (
        "id",
        "alarm_id",
        "at",
        "user_id",
        "kind",
        "target",
        "result",
        "note",
        "actor",
    ),
    "work_orders": (
        "id",
        "order_no",
        "elder_id",
        "item_id",
        "firm_id",
        "staff_id",
        "staff_name",
        "call_id",
        "alarm_id",
        "community_id",
        "status",
        "priority",
        "quantity",
        "market_price_fen",
        "elder_pays_fen",
        "government_pays_fen",
        "created_at",
        "created_by",
        "appointment_at",
        "due_at",
        "dispatched_at",
        "accepted_at",
        "started_at",
        "completed_at",
        "closed_at",
        "cancelled_at",
        "cancel_reason",
        "routing_reason",
        "rejections",
        "disputed",
        "notes",
    ),
    "order_transitions": (
        "id",
        "order_id",
        "from_status",
        "to_status",
        "at",
        "user_id",
        "reported_by",
        "note",
    ),
    "followups": (
        "id",
        "order_id",
        "reason",
        "due_on",
        "status",
        "result",
        "attempts",
        "last_attempt_at",
        "done_at",
        "operator_id",
        "call_id",
        "note",
    ),
    "care_calls": ("id", "elder_id", "month", "at", "call_id", "operator_id", "reached", "note"),
    "complaints": (
        "id",
        "call_id",
        "elder_id",
        "firm_id",
        "order_id",
        "received_at",
        "text",
        "status",
        "closed_at",
    ),
    "complaint_steps": ("id", "complaint_id", "at", "user_id", "note"),
}

# The tables the seeder fills, in an order that satisfies every foreign key.
FILL_ORDER: tuple[str, ...] = tuple(
    t.name for t in Base.metadata.sorted_tables if t.name in COLUMNS
)

_EPOCH = date(1970, 1, 1)


def _transaction(conn: Connection) -> RootTransaction:
    """A fresh transaction on the seeding connection; a read that auto-began one (the
    emptiness check, the inspector) has nothing to keep, so it is ended first."""
    if conn.in_transaction():
        conn.commit()
    return conn.begin()


class Encoder:
    """Timestamps and dates as the database stores them, from integer UTC epoch seconds.

    SQLite: the exact text SQLAlchemy's DATETIME writes (``2026-01-15 08:30:00.000000``,
    naive UTC, which ``UTCDateTime`` reads back as aware UTC), so seeded rows sort and
    compare exactly like rows the console writes. PostgreSQL: ``timestamptz`` text with an
    explicit ``+00`` for COPY. Day prefixes and the 86,400 times of day are cached: this is
    called ~40 million times for the large demo.
    """

    def __init__(self, dialect: str) -> None:
        tail = ".000000" if dialect == "sqlite" else "+00"
        self._tod = [
            f"{h:02d}:{m:02d}:{s:02d}{tail}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]
        self._days: dict[int, str] = {}

    def ts(self, sec: int | None) -> str | None:
        if sec is None:
            return None
        d, r = divmod(sec, 86400)
        prefix = self._days.get(d)
        if prefix is None:
            prefix = self._days[d] = (_EPOCH + timedelta(days=d)).isoformat() + " "
        return prefix + self._tod[r]

    @staticmethod
    def day(value: date | None) -> str | None:
        return None if value is None else value.isoformat()


def check_columns() -> None:
    """Fail at once if the models and ``COLUMNS`` disagree."""
    for name, cols in COLUMNS.items():
        table = Base.metadata.tables[name]
        # A column the database fills itself (``version``) may be left out.
        have = {c.name for c in table.columns if c.server_default is None or c.name in cols}
        if set(cols) != have or len(cols) != len(have):
            raise RuntimeError(
                f"demo seeder out of date for table {name}: model has {sorted(have)}, "
                f"seeder writes {sorted(cols)}"
            )


Batch = dict[str, list[Row]]


class Sink(Protocol):
    """Where full batches go: the database (``DatabaseSink``) or, from the generator
    process, a pipe to the process that owns the connection (``app.demo.seed``)."""

    def write_batch(self, batch: Batch) -> None: ...

    def update_many(self, sql: str, rows: Sequence[Row]) -> None: ...


class BulkWriter:
    """Buffers rows per table and hands them to the sink in batches of ~``flush_rows``.

    A batch holds whole days of history, so every row in it refers only to rows in the
    same batch or an earlier one; the sink writes a batch's tables in foreign-key order.
    """

    def __init__(self, sink: Sink, dialect: str, *, flush_rows: int = 60_000) -> None:
        check_columns()
        self.sink = sink
        self.dialect = dialect
        self.encoder = Encoder(dialect)
        self.flush_rows = flush_rows
        self.buffers: Batch = {name: [] for name in COLUMNS}
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self._pending = 0

    def add(self, table: str, row: Row) -> None:
        self.buffers[table].append(row)
        self._pending += 1

    def extend(self, table: str, rows: Sequence[Row]) -> None:
        self.buffers[table].extend(rows)
        self._pending += len(rows)

    def maybe_flush(self) -> None:
        if self._pending >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        batch = {name: rows for name, rows in self.buffers.items() if rows}
        for name, rows in batch.items():
            self.counts[name] += len(rows)
        self.buffers = {name: [] for name in COLUMNS}
        self._pending = 0
        self.sink.write_batch(batch)

    def update_many(self, sql: str, rows: Sequence[Row]) -> None:
        """An UPDATE written with ``{p}`` placeholders, once per row (after a flush)."""
        self.flush()
        if rows:
            self.sink.update_many(sql, rows)


class DatabaseSink:
    """Writes batches through the driver: ``executemany`` on SQLite, ``COPY`` on PostgreSQL,
    one transaction per batch."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        prep = conn.dialect.identifier_preparer
        self._sql: dict[str, str] = {}
        for name, cols in COLUMNS.items():
            tname = prep.quote(quoted_name(name, None))
            col_sql = ", ".join(prep.quote(quoted_name(c, None)) for c in cols)
            if self.dialect == "postgresql":
                self._sql[name] = f"COPY {tname} ({col_sql}) FROM STDIN"
            else:
                marks = ", ".join("?" for _ in cols)
                self._sql[name] = f"INSERT INTO {tname} ({col_sql}) VALUES ({marks})"

    def write_batch(self, batch: Batch) -> None:
        with _transaction(self.conn):
            for name in FILL_ORDER:
                rows = batch.get(name)
                if rows:
                    self._write(name, rows)

    def update_many(self, sql: str, rows: Sequence[Row]) -> None:
        mark = "%s" if self.dialect == "postgresql" else "?"
        with _transaction(self.conn):
            dbapi_conn = self.conn.connection.driver_connection
            assert dbapi_conn is not None
            cur = dbapi_conn.cursor()
            try:
                cur.executemany(sql.format(p=mark), rows)
            finally:
                cur.close()

    def _write(self, name: str, rows: list[Row]) -> None:
        dbapi_conn = self.conn.connection.driver_connection
        assert dbapi_conn is not None
        if self.dialect == "postgresql":
            with dbapi_conn.cursor() as cur, cur.copy(self._sql[name]) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
        else:
            cur = dbapi_conn.cursor()
            try:
                cur.executemany(self._sql[name], rows)
            finally:
                cur.close()


def secondary_indexes(conn: Connection, tables: Iterable[str]) -> list[Index]:
    """The non-unique indexes of ``tables`` that exist in the database.

    Building an index once over sorted data is cheaper than keeping it up to date over
    millions of inserts in random key order (elder, firm, community ...).
    """
    insp = inspect(conn)
    out: list[Index] = []
    for name in tables:
        present = {ix["name"] for ix in insp.get_indexes(name)}
        table = Base.metadata.tables[name]
        out.extend(
            ix
            for ix in sorted(table.indexes, key=lambda i: str(i.name))
            if ix.name in present and not ix.unique
        )
    return out


def drop_indexes(conn: Connection, indexes: Sequence[Index]) -> None:
    with _transaction(conn):
        for ix in indexes:
            ix.drop(conn)


def create_indexes(
    conn: Connection, indexes: Sequence[Index], progress: Callable[[str], None]
) -> None:
    for n, ix in enumerate(indexes, 1):
        with _transaction(conn):
            ix.create(conn)
        if n % 5 == 0 or n == len(indexes):
            progress(f"indexes {n}/{len(indexes)}")


def advance_sequences(conn: Connection) -> None:
    """PostgreSQL: move every serial past the ids the seeder chose, or the console's first
    insert would collide with a seeded row. SQLite's INTEGER PRIMARY KEY needs nothing."""
    if conn.dialect.name != "postgresql":
        return
    with _transaction(conn):
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or pk[0].name != "id":
                continue
            name = table.name
            seq = conn.exec_driver_sql(
                f"SELECT pg_get_serial_sequence('\"{name}\"', 'id')"
            ).scalar()
            if not seq:
                continue
            conn.exec_driver_sql(
                f"SELECT setval('{seq}', COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)"
            )
