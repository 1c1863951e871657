"""``anxin export``: stable fields, honest types, UTC times, CSV that reads back, Chinese intact."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

import app.export as export
from app.cli import main
from app.context import Database
from app.demo.seed import SeedOptions, seed_demo
from app.export import ExportError, export_fields, export_table
from db.models import Assessment, Elder, ElderPhone

ANCHOR = datetime(2026, 3, 15, tzinfo=UTC)
TABLES = ("elders", "firms", "items", "orders", "calls", "alarms", "followups", "assessments")
DB_TABLE = {
    "elders": "elders",
    "firms": "firms",
    "items": "service_items",
    "orders": "work_orders",
    "calls": "calls",
    "alarms": "alarms",
    "followups": "followups",
    "assessments": "assessments",
}
LISTS = {"phones", "phones_e164", "groups", "community_ids", "communities", "item_codes"}


def _is_time(name: str) -> bool:
    return name.endswith("_at")


def _is_date(name: str) -> bool:
    return name in (
        "birth_date",
        "enrolled_on",
        "contract_start",
        "contract_end",
        "status_changed_on",
        "due_on",
    )


@pytest.fixture
def seeded(db: Database) -> Database:
    seed_demo(db.engine, SeedOptions(elders=40, orders=300, months=2, seed=9, anchor=ANCHOR))
    with Session(db.engine) as s:
        s.add(Assessment(firm_id=1, month="2026-02", total=87.5, grade="良好", rank=3,
                         status="final", finalised_by=2, finalised_at=ANCHOR, comment="按时完成率偏低"))  # fmt: skip
        s.commit()
    return db


def _jsonl(db: Database, table: str) -> list[dict[str, object]]:
    out = io.StringIO()
    n = export_table(db.engine, table, "jsonl", out)
    lines = out.getvalue().splitlines()
    assert n == len(lines)
    return [json.loads(line) for line in lines]


def test_every_table_exports_every_row_with_declared_fields_and_types(seeded: Database) -> None:
    with seeded.engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {DB_TABLE[t]}")).scalar_one()
            for t in TABLES
        }
    for table in TABLES:
        rows = _jsonl(seeded, table)
        assert len(rows) == counts[table] > 0, table
        fields = export_fields(table)
        assert len(set(fields)) == len(fields)
        ids = [r["id"] for r in rows]
        assert ids == sorted(ids)
        for row in rows:
            assert tuple(row) == fields  # the documented order, every row
            for name, value in row.items():
                if value is None:
                    continue
                if name == "id" or name.endswith(("_id", "_fen", "_count")):
                    assert type(value) is int, (table, name, value)
                elif _is_time(name):
                    assert isinstance(value, str) and value.endswith("+00:00"), (table, name, value)
                    assert datetime.fromisoformat(value).utcoffset() == timedelta(0)
                elif _is_date(name):
                    date.fromisoformat(value)  # type: ignore[arg-type]
                elif name in LISTS:
                    assert isinstance(value, list)


def test_elder_fields_are_what_an_admin_needs(seeded: Database) -> None:
    rows = _jsonl(seeded, "elders")
    with Session(seeded.engine) as s:
        first = s.scalars(select(Elder).order_by(Elder.id)).first()
        assert first is not None
        phones = [p.number for p in first.phones]
        groups = sorted(g.group for g in first.groups)
    row = rows[0]
    assert row["name"] == first.name and row["id_number"] == first.id_number
    assert row["phones"] == phones and row["groups"] == groups
    assert row["community"] and str(row["community"]).endswith("社区")
    assert datetime.fromisoformat(str(row["created_at"])) == first.created_at
    for key in (
        "sex",
        "birth_date",
        "address",
        "subsidy_category",
        "care_level",
        "status",
        "community_id",
    ):
        assert key in row


def test_orders_alarms_and_items_carry_the_useful_fields(seeded: Database) -> None:
    order = _jsonl(seeded, "orders")[0]
    for key in ("order_no", "elder_id", "item_code", "item_name", "firm_id", "status", "created_at",
                "due_at", "completed_at", "market_price_fen", "elder_pays_fen", "government_pays_fen"):  # fmt: skip
        assert key in order
    alarm = _jsonl(seeded, "alarms")[0]
    for key in (
        "account",
        "event_code",
        "qualifier",
        "partition",
        "zone",
        "received_at",
        "status",
        "elder_id",
    ):
        assert key in alarm
    item = _jsonl(seeded, "items")[0]
    assert {f"{who}_pays_{c}_fen" for who in ("elder", "government") for c in "abcd"} <= set(item)
    assessment = _jsonl(seeded, "assessments")[0]
    assert assessment["total"] == 87.5 and assessment["grade"] == "良好"


def test_csv_round_trips_through_dictreader(seeded: Database) -> None:
    for table in TABLES:
        out = io.StringIO()
        n = export_table(seeded.engine, table, "csv", out)
        reader = csv.DictReader(io.StringIO(out.getvalue()))
        rows = list(reader)
        assert tuple(reader.fieldnames or ()) == export_fields(table)
        assert len(rows) == n
        for as_csv, as_json in zip(rows, _jsonl(seeded, table), strict=True):
            for name, value in as_json.items():
                if value is None:
                    expected = ""
                elif isinstance(value, bool):
                    expected = "true" if value else "false"
                elif isinstance(value, list):
                    expected = ";".join(str(v) for v in value)
                else:
                    expected = str(value)
                assert as_csv[name] == expected, (table, name)


def test_chinese_text_is_written_as_text(seeded: Database) -> None:
    out = io.StringIO()
    export_table(seeded.engine, "items", "jsonl", out)
    text_out = out.getvalue()
    assert "生活照料" in text_out and "\\u" not in text_out
    out = io.StringIO()
    export_table(seeded.engine, "elders", "csv", out)
    assert "社区" in out.getvalue()


def test_lists_stay_with_their_row_across_fetch_batches(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One elder without phones in the middle: the merge must not shift the others' lists.
    with Session(seeded.engine) as s:
        s.execute(text("DELETE FROM elder_phones WHERE elder_id = 5"))
        s.commit()
        expected = {
            e.id: [p.number for p in sorted(e.phones, key=lambda p: p.id)]
            for e in s.scalars(select(Elder))
        }
    monkeypatch.setattr(export, "_BATCH", 3)
    rows = _jsonl(seeded, "elders")
    assert {r["id"]: r["phones"] for r in rows} == expected
    assert expected[5] == []


def test_empty_table_gives_a_header_only(db: Database) -> None:
    out = io.StringIO()
    assert export_table(db.engine, "assessments", "csv", out) == 0
    assert out.getvalue().strip() == ",".join(export_fields("assessments"))
    out = io.StringIO()
    assert export_table(db.engine, "orders", "jsonl", out) == 0
    assert out.getvalue() == ""


def test_unknown_table_or_format(sqlite_db: Database) -> None:
    with pytest.raises(ExportError, match="choose one of"):
        export_table(sqlite_db.engine, "users", "jsonl", io.StringIO())
    with pytest.raises(ExportError, match="format"):
        export_table(sqlite_db.engine, "elders", "xml", io.StringIO())


def test_elder_phone_added_by_the_console_exports(sqlite_db: Database) -> None:
    with Session(sqlite_db.engine) as s:
        s.execute(
            text(
                "INSERT INTO areas (id, level, code, name) VALUES (1, 'community', 'x', '中山路社区')"
            )
        )
        e = Elder(name="张三", name_initials="zs", sex="M", birth_date=date(1950, 5, 1),
                  id_number="11010519491231002X", community_id=1, address="中山路1号",
                  subsidy_category="C", care_level="independent", enrolled_on=date(2020, 1, 1))  # fmt: skip
        e.phones.append(
            ElderPhone(kind="mobile", number="138 0013 8000", number_norm="+8613800138000")
        )
        s.add(e)
        s.commit()
    (row,) = _jsonl(sqlite_db, "elders")
    assert row["phones"] == ["138 0013 8000"] and row["phones_e164"] == ["+8613800138000"]
    assert row["community"] == "中山路社区" and row["street"] is None


def test_cli_export_to_file_and_to_a_closed_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    assert (
        main(["--db", url, "seed", "--demo", "--elders", "20", "--orders", "50", "--months", "1"])
        == 0
    )
    capsys.readouterr()
    out = tmp_path / "elders.csv"
    assert main(["--db", url, "export", "elders", "--format", "csv", "--out", str(out)]) == 0
    assert "20 rows written" in capsys.readouterr().err
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 20

    class ClosedPipe(io.StringIO):
        def write(self, s: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert main(["--db", url, "export", "orders"]) == 0
