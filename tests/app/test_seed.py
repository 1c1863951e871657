"""The demo centre: complete, plausible, internally consistent and the same for one seed."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.orm import Session

from app.cli import main
from app.context import Database, open_database
from app.demo import DEMO_USERS
from app.demo.history import CALL_MIX, CARE_CALL_GROUPS
from app.demo.pricing import default_prices, meal_subsidy_fen, order_prices
from app.demo.reference import load_reference
from app.demo.seed import SeedError, SeedOptions, seed_demo
from app.idcard import parse_id_number
from app.phones import display, normalise
from db.models import Base, Call, Elder, ElderPhone, WorkOrder

ANCHOR = datetime(2026, 3, 15, tzinfo=UTC)
SMALL = SeedOptions(elders=300, orders=3000, months=6, seed=7, anchor=ANCHOR)
# The call mix is checked on a bigger history: at 20,000 orders one standard error of a
# 37 % share is 0.34 percentage points, so ±2 points is a real test, not luck.
MIX = SeedOptions(elders=2000, orders=20000, months=3, seed=11, anchor=ANCHOR)


def _fresh(template: Path, tmp: Path, name: str) -> Database:
    path = tmp / name
    shutil.copy(template, path)
    return open_database(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def small(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _fresh(sqlite_template, tmp_path_factory.mktemp("seed"), "small.db")
    messages: list[str] = []
    stats = seed_demo(db.engine, SMALL, progress=messages.append)
    db.stats = stats  # type: ignore[attr-defined]
    db.messages = messages  # type: ignore[attr-defined]
    yield db
    db.close()


@pytest.fixture(scope="module")
def mix(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _fresh(sqlite_template, tmp_path_factory.mktemp("mix"), "mix.db")
    seed_demo(db.engine, MIX)
    yield db
    db.close()


def _rows(conn: Connection, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    return [tuple(r) for r in conn.execute(text(sql))]


def _scalar(conn: Connection, sql: str) -> int:
    return int(conn.execute(text(sql)).scalar_one())


# ----------------------------------------------------------------------------- counts


def test_counts_returned_match_the_database(small: Database) -> None:
    stats = small.stats  # type: ignore[attr-defined]
    tables = {
        "areas": "areas",
        "items": "service_items",
        "firms": "firms",
        "staff": "staff",
        "elders": "elders",
        "devices": "devices",
        "orders": "work_orders",
        "calls": "calls",
        "alarms": "alarms",
        "followups": "followups",
    }
    with small.engine.connect() as conn:
        for key, table in tables.items():
            assert stats[key] == _scalar(conn, f"SELECT COUNT(*) FROM {table}"), key
    assert stats["elders"] == 300
    assert stats["orders"] == 3000
    assert stats["seconds"] >= 0
    assert "elders 300/300" in small.messages  # type: ignore[attr-defined]
    assert "orders 3000/3000" in small.messages  # type: ignore[attr-defined]


def test_one_district_six_streets_about_eight_communities_each(small: Database) -> None:
    with small.engine.connect() as conn:
        levels = Counter(r[0] for r in _rows(conn, "SELECT level FROM areas"))
        per_street = _rows(
            conn,
            "SELECT s.name, COUNT(c.id) FROM areas s JOIN areas c ON c.parent_id = s.id "
            "WHERE s.level = 'street' GROUP BY s.name",
        )
    assert levels["district"] == 1
    assert levels["street"] == 6
    assert all(7 <= n <= 9 for _, n in per_street)
    assert 44 <= levels["community"] <= 52


def test_catalogue_four_categories_150_items_with_prices(small: Database) -> None:
    with small.engine.connect() as conn:
        cats = {r[0] for r in _rows(conn, "SELECT name FROM service_categories")}
        items = _rows(
            conn, "SELECT id, name, market_price_fen, time_limit_min, kind FROM service_items"
        )
        prices = defaultdict(dict)
        for item_id, cat, elder, gov in _rows(conn, "SELECT * FROM item_prices"):
            prices[item_id][cat] = (elder, gov)
    assert cats == {"生活照料", "医疗护理", "精神慰藉", "紧急援助"}
    assert len(items) >= 150
    for item_id, name, market, limit, kind in items:
        assert re.search(r"[\u4e00-\u9fff]", name)
        assert limit > 0 and market >= 0
        assert prices[item_id] == default_prices(market, kind)
        assert prices[item_id]["A"] == (0, market) == prices[item_id]["D"]
        if kind != "meal":
            assert prices[item_id]["C"][0] == (market * 8 + 5) // 10


def test_pricing_rules() -> None:
    assert default_prices(3000)["C"] == (2400, 0)
    assert default_prices(3000)["B"] == (3000, 0)
    assert default_prices(1500, "meal")["C"] == (1500, 0)
    assert meal_subsidy_fen(64) == 0
    assert meal_subsidy_fen(65) == meal_subsidy_fen(74) == 900
    assert meal_subsidy_fen(75) == meal_subsidy_fen(100) == 1000
    assert order_prices(1500, "meal", "C", 70) == (600, 900)
    assert order_prices(1500, "meal", "B", 80) == (500, 1000)
    assert order_prices(1500, "meal", "A", 70) == (0, 1500)
    assert order_prices(600, "meal", "C", 80) == (0, 600)


def test_pricing_agrees_with_the_registry() -> None:
    catalogue = pytest.importorskip("app.registry.catalogue")
    for market in (0, 1, 5, 999, 1500, 3333, 12000):
        for kind in ("meal", "housekeeping", "urgent"):
            assert default_prices(market, kind) == catalogue.default_prices(market, kind)
        for category in "ABCD":
            for age in (65, 74, 75, 99):
                assert order_prices(market, "meal", category, age) == catalogue.meal_split(
                    market, category, age
                )


# ----------------------------------------------------------------------------- elders


def test_every_id_number_is_valid_and_matches_sex_birth_date_and_age(small: Database) -> None:
    anchor_day = ANCHOR.date()
    with small.engine.connect() as conn:
        elders = _rows(conn, "SELECT id_number, sex, birth_date FROM elders")
    ages = []
    for number, sex, born in elders:
        normal, id_born, id_sex = parse_id_number(number)
        assert normal == number
        assert id_sex == sex
        assert id_born == date.fromisoformat(born)
        assert number.startswith("620102")
        age = (
            anchor_day.year
            - id_born.year
            - ((anchor_day.month, anchor_day.day) < (id_born.month, id_born.day))
        )
        ages.append(age)
    assert len({e[0] for e in elders}) == len(elders)
    assert min(ages) >= 65 and max(ages) <= 101
    assert sum(65 <= a < 80 for a in ages) / len(ages) > 0.6


def test_every_phone_normal_form_matches_app_phones(small: Database) -> None:
    with small.engine.connect() as conn:
        pairs = (
            _rows(conn, "SELECT number, number_norm FROM elder_phones")
            + _rows(conn, "SELECT phone, phone_norm FROM emergency_contacts")
            + _rows(conn, "SELECT contact_phone, contact_phone_norm FROM firms")
            + _rows(conn, "SELECT phone, phone_norm FROM staff")
        )
        call_numbers = _rows(conn, "SELECT number, number_norm FROM calls")
    assert len(pairs) > 1000
    for number, norm in pairs:
        assert normalise(number) == norm
        assert display(norm) == number
        assert re.fullmatch(r"\+86(1[358]\d{9}|931[48]\d{6})", norm)
    for number, norm in call_numbers:
        # The caller-ID box gives local landlines without the area code.
        assert normalise(number, default_area_code="0931") == norm


def test_elder_records_are_complete(small: Database) -> None:
    with small.engine.connect() as conn:
        rows = _rows(
            conn,
            "SELECT e.id, e.name, e.name_initials, e.address, e.building, e.unit, e.floor, "
            "e.door, e.version, a.level, "
            "(SELECT COUNT(*) FROM elder_phones p WHERE p.elder_id = e.id), "
            "(SELECT COUNT(*) FROM emergency_contacts c WHERE c.elder_id = e.id), "
            "(SELECT COUNT(*) FROM devices d WHERE d.elder_id = e.id) "
            "FROM elders e JOIN areas a ON a.id = e.community_id",
        )
        positions = _rows(
            conn,
            "SELECT elder_id, GROUP_CONCAT(position) FROM "
            "(SELECT elder_id, position FROM emergency_contacts ORDER BY elder_id, position) "
            "GROUP BY elder_id",
        )
    from app.pinyin import initials

    for _id, name, ini, address, building, unit, floor, door, version, level, np, nc, nd in rows:
        assert 2 <= len(name) <= 4 and ini == initials(name)
        assert re.fullmatch(r"\S+\d+号 \d+号楼 \d+单元 \d+室", address)
        assert address.endswith(f" {building}号楼 {unit}单元 {door}室")
        assert door.startswith(floor)
        assert version == 1 and level == "community"
        assert np >= 1 and 1 <= nc <= 3 and 0 <= nd <= 2
    for _, ps in positions:
        assert ps == ",".join(str(i) for i in range(1, len(ps.split(",")) + 1))


def test_categories_groups_and_devices_in_proportion(mix: Database) -> None:
    anchor_day = ANCHOR.date()
    with mix.engine.connect() as conn:
        n = _scalar(conn, "SELECT COUNT(*) FROM elders")
        cats = Counter(r[0] for r in _rows(conn, "SELECT subsidy_category FROM elders"))
        groups = Counter(r[0] for r in _rows(conn, 'SELECT "group" FROM elder_groups'))
        ages = {
            i: anchor_day.year - date.fromisoformat(b).year
            - ((anchor_day.month, anchor_day.day) < (date.fromisoformat(b).month, date.fromisoformat(b).day))
            for i, b in _rows(conn, "SELECT id, birth_date FROM elders")
        }  # fmt: skip
        by_group = defaultdict(set)
        for elder, group in _rows(conn, 'SELECT elder_id, "group" FROM elder_groups'):
            by_group[group].add(elder)
        onekey = _scalar(
            conn, "SELECT COUNT(DISTINCT elder_id) FROM devices WHERE kind = 'onekey_phone'"
        )
        preferred = _scalar(conn, "SELECT COUNT(*) FROM elders WHERE preferred_firm_id IS NOT NULL")
        checkin = _rows(conn, "SELECT id FROM elders WHERE daily_checkin")
    share = {k: v / n for k, v in cats.items()}
    assert share["A"] == pytest.approx(0.03, abs=0.015)
    assert share["B"] == pytest.approx(0.07, abs=0.02)
    assert share["C"] == pytest.approx(0.85, abs=0.03)
    assert share["D"] == pytest.approx(0.05, abs=0.015)
    assert groups["living_alone"] / n == pytest.approx(0.20, abs=0.03)
    assert groups["empty_nest"] / n == pytest.approx(0.35, abs=0.04)
    assert groups["low_income"] / n == pytest.approx(0.08, abs=0.02)
    assert groups["lost_only_child"] / n == pytest.approx(0.01, abs=0.01)
    assert groups["family_planning"] / n == pytest.approx(0.02, abs=0.01)
    assert by_group["advanced_age"] == {i for i, a in ages.items() if a >= 80}
    assert by_group["centenarian"] == {i for i, a in ages.items() if a >= 100}
    assert onekey / n == pytest.approx(0.60, abs=0.04)
    assert preferred / n == pytest.approx(0.30, abs=0.04)
    assert checkin and {i for (i,) in checkin} <= by_group["living_alone"]


def test_devices_have_unique_hex_accounts_and_a_maintainer_covering_the_elder(
    small: Database,
) -> None:
    with small.engine.connect() as conn:
        devices = _rows(
            conn,
            "SELECT d.account, d.test_interval_h, d.last_test_at, d.status, "
            "EXISTS (SELECT 1 FROM firm_areas fa WHERE fa.firm_id = d.firm_id "
            "        AND fa.area_id = e.community_id) "
            "FROM devices d JOIN elders e ON e.id = d.elder_id",
        )
    accounts = [d[0] for d in devices]
    assert len(set(accounts)) == len(accounts)
    for account, interval, last_test, status, covered in devices:
        assert re.fullmatch(r"[0-9A-F]{4,6}", account)
        assert interval == 24 and covered
        assert last_test is not None and last_test < "2026-03-15"
        if status == "active":
            assert last_test > "2026-03-07"


# ----------------------------------------------------------------------------- firms


def test_firms_cover_every_community_and_every_kind(small: Database) -> None:
    with small.engine.connect() as conn:
        statuses = Counter(r[0] for r in _rows(conn, "SELECT status FROM firms"))
        staff = _rows(conn, "SELECT firm_id, COUNT(*) FROM staff GROUP BY firm_id")
        coverage = _rows(
            conn,
            "SELECT a.id, COUNT(fa.firm_id) FROM areas a "
            "LEFT JOIN firm_areas fa ON fa.area_id = a.id "
            "LEFT JOIN firms f ON f.id = fa.firm_id AND f.status = 'active' "
            "WHERE a.level = 'community' GROUP BY a.id",
        )
        eligible = _rows(
            conn,
            "SELECT a.id, i.id, i.kind, COUNT(f.id) FROM areas a CROSS JOIN service_items i "
            "LEFT JOIN firm_areas fa ON fa.area_id = a.id "
            "LEFT JOIN firm_items fi ON fi.firm_id = fa.firm_id AND fi.item_id = i.id "
            "LEFT JOIN firms f ON f.id = fi.firm_id AND f.status = 'active' "
            "WHERE a.level = 'community' GROUP BY a.id, i.id, i.kind",
        )
        licences = [r[0] for r in _rows(conn, "SELECT licence_no FROM firms")]
    assert sum(statuses.values()) == 30
    assert statuses["exited"] == 1 and 1 <= statuses["suspended"] <= 2
    assert all(8 <= n <= 40 for _, n in staff) and len(staff) == 30
    assert all(n >= 2 for _, n in coverage)
    per_kind: dict[tuple[int, str], int] = defaultdict(int)
    for area, _item, kind, n in eligible:
        assert n >= 1  # every item can be ordered in every community, today
        per_kind[(area, kind)] += n
    assert all(n >= 1 for n in per_kind.values())
    assert len(set(licences)) == 30
    registry_firms = pytest.importorskip("app.registry.firms")
    assert all(registry_firms.uscc_check_char(x[:17]) == x[17] for x in licences)


def test_demo_users_sign_in_with_the_published_passwords(small: Database) -> None:
    with small.engine.connect() as conn:
        users = {
            r[0]: r[1:]
            for r in _rows(conn, "SELECT username, role, password_hash, active FROM users")
        }
    ph = PasswordHasher()
    assert set(users) == {u.username for u in DEMO_USERS}
    for u in DEMO_USERS:
        role, hashed, active = users[u.username]
        assert role == u.role and active
        assert ph.verify(hashed, u.password)


# ----------------------------------------------------------------------------- history


def test_call_mix_within_two_points(mix: Database) -> None:
    with mix.engine.connect() as conn:
        kinds = Counter(
            r[0]
            for r in _rows(
                conn, "SELECT i.kind FROM work_orders o JOIN service_items i ON i.id = o.item_id"
            )
        )
    n = sum(kinds.values())
    assert n == 20000
    buckets = {
        "housekeeping": ("housekeeping",),
        "companionship": ("companionship",),
        "meal and urgent": ("meal", "urgent"),
        "nursing": ("nursing",),
        "other": ("other", "device_maintenance"),
    }
    expected = {
        "housekeeping": 37.6,
        "companionship": 36.2,
        "meal and urgent": 13.4,
        "nursing": 3.9,
        "other": 8.9,
    }
    assert sum(w for _, w in CALL_MIX) == pytest.approx(100)
    for bucket, members in buckets.items():
        share = 100 * sum(kinds[k] for k in members) / n
        assert abs(share - expected[bucket]) <= 2, (bucket, share)


def test_some_elders_order_a_lot(mix: Database) -> None:
    with mix.engine.connect() as conn:
        per_elder = sorted(
            (r[0] for r in _rows(conn, "SELECT COUNT(*) FROM work_orders GROUP BY elder_id")),
            reverse=True,
        )
    top_tenth = sum(per_elder[: len(per_elder) // 10])
    assert top_tenth / sum(per_elder) > 0.25


def _parse(v: str | None) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v).replace(tzinfo=UTC)


def test_orders_are_consistent(small: Database) -> None:
    with small.engine.connect() as conn:
        orders = _rows(
            conn,
            "SELECT o.id, o.status, o.created_at, o.dispatched_at, o.accepted_at, o.started_at, "
            "o.completed_at, o.closed_at, o.cancelled_at, o.due_at, i.time_limit_min, "
            "o.market_price_fen, o.elder_pays_fen, o.government_pays_fen, i.market_price_fen, i.kind, "
            "e.subsidy_category, e.birth_date, o.firm_id, o.community_id, e.community_id, "
            "o.item_id, o.routing_reason, o.staff_id, o.cancel_reason, o.call_id, o.quantity "
            "FROM work_orders o JOIN service_items i ON i.id = o.item_id "
            "JOIN elders e ON e.id = o.elder_id ORDER BY o.id",
        )
        offers = set(_rows(conn, "SELECT firm_id, item_id FROM firm_items"))
        covers = set(_rows(conn, "SELECT firm_id, area_id FROM firm_areas"))
        staff_firm = dict(_rows(conn, "SELECT id, firm_id FROM staff"))
        transitions = defaultdict(list)
        for order_id, frm, to, at in _rows(
            conn, "SELECT order_id, from_status, to_status, at FROM order_transitions ORDER BY id"
        ):
            transitions[order_id].append((frm, to, at))
    stamp_of = {
        "new": 2,
        "dispatched": 3,
        "accepted": 4,
        "in_service": 5,
        "completed": 6,
        "closed": 7,
        "cancelled": 8,
    }
    statuses = Counter(o[1] for o in orders)
    previous_created = ""
    for o in orders:
        (oid, status, created, *_rest) = o
        assert created >= previous_created  # ids grow with time
        previous_created = created
        times = [_parse(o[k]) for k in range(2, 8) if o[k] is not None]
        assert times == sorted(times)
        assert _parse(o[9]) == _parse(created) + timedelta(minutes=o[10])
        # Prices frozen from the item, for this elder's category and age.
        born = date.fromisoformat(o[17])
        age = 2026 - born.year - ((born.month, born.day) > (3, 15))
        # ... for the whole quantity.
        q = o[26]
        assert o[11] == o[14] * q
        elder_unit, government_unit = order_prices(o[14], o[15], o[16], age)
        assert (o[12], o[13]) == (elder_unit * q, government_unit * q)
        assert o[19] == o[20]
        if o[3] is not None and status != "rejected":
            assert (o[18], o[21]) in offers and (o[18], o[19]) in covers and o[22]
        if o[23] is not None:
            assert staff_firm[o[23]] == o[18]
        assert (status == "cancelled") == bool(o[24])
        chain = transitions[oid]
        assert chain[0][:2] == (None, "new") and chain[-1][1] == status
        assert all(a[1] == b[0] for a, b in itertools.pairwise(chain))
        assert [t[2] for t in chain] == sorted(t[2] for t in chain)
        for _frm, to, at in chain:
            if to in stamp_of and to != "dispatched":
                assert o[stamp_of[to]] == at
    n = len(orders)
    assert statuses["closed"] / n > 0.8
    assert 0.01 < statuses["cancelled"] / n < 0.06
    assert (
        statuses["new"] + statuses["dispatched"] + statuses["accepted"] + statuses["in_service"]
        >= 1
    )
    assert sum(1 for o in orders if o[25] is not None) / n > 0.85


def test_overdue_open_orders_exist(mix: Database) -> None:
    with mix.engine.connect() as conn:
        overdue = _scalar(
            conn,
            "SELECT COUNT(*) FROM work_orders WHERE status IN ('new', 'dispatched', 'accepted') "
            "AND due_at < '2026-03-15 00:00:00.000000'",
        )
        late_done = _scalar(conn, "SELECT COUNT(*) FROM work_orders WHERE started_at > due_at")
        total = _scalar(conn, "SELECT COUNT(*) FROM work_orders WHERE started_at IS NOT NULL")
    assert overdue >= 1
    assert 0.03 < late_done / total < 0.25


def test_nothing_happens_after_the_anchor(small: Database) -> None:
    anchor = "2026-03-15 00:00:00.000000"
    columns = {
        "work_orders": ("created_at", "dispatched_at", "accepted_at", "started_at", "completed_at", "closed_at", "cancelled_at"),
        "order_transitions": ("at",),
        "calls": ("started_at", "answered_at", "ended_at"),
        "alarms": ("received_at", "claimed_at", "resolved_at"),
        "alarm_actions": ("at",),
        "followups": ("last_attempt_at", "done_at"),
        "care_calls": ("at",),
        "complaints": ("received_at", "closed_at"),
        "complaint_steps": ("at",),
        "elders": ("created_at", "updated_at"),
        "devices": ("last_test_at", "last_event_at"),
    }  # fmt: skip
    with small.engine.connect() as conn:
        for table, cols in columns.items():
            for col in cols:
                assert (
                    _scalar(conn, f"SELECT COUNT(*) FROM {table} WHERE {col} >= '{anchor}'") == 0
                ), (table, col)
        first = conn.execute(text("SELECT MIN(created_at) FROM work_orders")).scalar_one()
    assert first >= "2025-09-15"


def test_calls_belong_to_their_orders(small: Database) -> None:
    with small.engine.connect() as conn:
        rows = _rows(
            conn,
            "SELECT c.elder_id, o.elder_id, c.started_at, o.created_at, c.ended_at, c.disposition "
            "FROM work_orders o JOIN calls c ON c.id = o.call_id",
        )
        dispositions = Counter(r[0] for r in _rows(conn, "SELECT disposition FROM calls"))
        ids_by_time = _rows(conn, "SELECT id FROM calls ORDER BY started_at, id")
    for call_elder, order_elder, started, created, ended, disposition in rows:
        assert call_elder == order_elder and disposition == "request"
        assert started <= created <= ended
    for kind in (
        "request",
        "enquiry",
        "care_call",
        "followup",
        "silent",
        "wrong_number",
        "complaint",
    ):
        assert dispositions[kind] > 0, kind
    # Ids grow with time within each day's batch.
    ids = [r[0] for r in ids_by_time]
    assert sum(a < b for a, b in itertools.pairwise(ids)) / len(ids) > 0.99


def test_followups_and_disputes(small: Database) -> None:
    with small.engine.connect() as conn:
        done = _scalar(conn, "SELECT COUNT(*) FROM work_orders WHERE completed_at IS NOT NULL")
        followups = _rows(
            conn,
            "SELECT f.status, f.result, f.attempts, f.call_id, f.done_at, o.completed_at, o.disputed, "
            "o.status, c.disposition FROM followups f JOIN work_orders o ON o.id = f.order_id "
            "LEFT JOIN calls c ON c.id = f.call_id",
        )
        disputed = _scalar(conn, "SELECT COUNT(*) FROM work_orders WHERE disputed")
    assert len(followups) / done == pytest.approx(0.10, abs=0.03)
    results = Counter(f[1] for f in followups if f[0] == "done")
    assert results["satisfied"] > sum(results.values()) / 2
    assert {"basic", "unreachable"} <= set(results)
    not_happened = 0
    for (
        status,
        result,
        attempts,
        call_id,
        done_at,
        completed,
        is_disputed,
        o_status,
        disp,
    ) in followups:
        assert status in ("done", "pending")
        if status == "done":
            assert result and call_id and disp == "followup" and done_at > completed
            assert 1 <= attempts <= 3 and (result != "unreachable" or attempts == 3)
            assert o_status == "closed"
        else:
            assert result is None
        assert bool(is_disputed) == (result == "not_happened")
        not_happened += result == "not_happened"
    assert disputed == not_happened


def test_alarms(small: Database) -> None:
    with small.engine.connect() as conn:
        alarms = _rows(
            conn,
            "SELECT a.status, a.event_code, a.outcome, a.priority, a.received_at, a.claimed_at, "
            "a.elder_id, d.elder_id, d.account, a.account, a.dedupe_key FROM alarms a "
            "JOIN devices d ON d.id = a.device_id",
        )
        from_orders = _scalar(conn, "SELECT COUNT(*) FROM work_orders WHERE alarm_id IS NOT NULL")
    statuses = Counter(a[0] for a in alarms)
    assert statuses["raised"] >= 3 and statuses["resolved"] > 10
    assert len({a[10] for a in alarms}) == len(alarms)
    live = [a for a in alarms if a[0] != "resolved"]
    assert all(a[4] >= "2026-03-14 23:00:00" for a in live)
    codes = Counter(a[1] for a in alarms)
    assert {"101", "100"} <= set(codes) and codes.keys() & {"301", "302", "384"}
    for status, code, outcome, priority, received, claimed, elder, d_elder, d_acc, acc, _ in alarms:
        assert elder == d_elder and acc == d_acc
        assert (outcome is not None) == (status == "resolved")
        assert priority == (1 if code in ("100", "101", "111") else 2)
        if claimed:
            assert claimed > received
    assert from_orders >= 1


def test_care_calls_reach_special_groups_only(small: Database) -> None:
    from app.demo.people import GROUP_BITS

    care_groups = {name for bit, name in GROUP_BITS if bit & CARE_CALL_GROUPS}
    with small.engine.connect() as conn:
        calls = _rows(
            conn,
            "SELECT cc.elder_id, cc.month, cc.at, cc.reached, c.disposition, c.answered_at "
            "FROM care_calls cc JOIN calls c ON c.id = cc.call_id",
        )
        groups = defaultdict(set)
        for elder, group in _rows(conn, 'SELECT elder_id, "group" FROM elder_groups'):
            groups[elder].add(group)
    assert calls
    for elder, month, _at, reached, disposition, answered in calls:
        assert groups[elder] & care_groups
        assert disposition == "care_call" and bool(reached) == (answered is not None)
        assert re.fullmatch(r"20\d\d-\d\d", month)


def test_integrity_indexes_and_storage(small: Database, sqlite_template: Path) -> None:
    with small.engine.connect() as conn:
        assert _rows(conn, "PRAGMA foreign_key_check") == []
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        seeded_ix = {
            t: {i["name"] for i in inspect(conn).get_indexes(t)} for t in Base.metadata.tables
        }
    fresh = open_database(f"sqlite:///{sqlite_template}")
    with fresh.engine.connect() as conn:
        fresh_ix = {
            t: {i["name"] for i in inspect(conn).get_indexes(t)} for t in Base.metadata.tables
        }
    fresh.close()
    assert seeded_ix == fresh_ix


def test_seeded_times_read_back_as_aware_utc_like_the_console_writes_them(small: Database) -> None:
    with Session(small.engine) as s:
        order = s.get(WorkOrder, 1)
        assert order is not None
        assert order.created_at.tzinfo is not None and order.created_at.utcoffset() == timedelta(0)
        call = Call(direction="in", started_at=datetime(2026, 3, 15, 1, 2, 3, tzinfo=UTC))
        s.add(call)
        s.flush()
        raw_new = s.execute(
            text("SELECT started_at FROM calls WHERE id = :i"), {"i": call.id}
        ).scalar_one()
        raw_seeded = s.execute(text("SELECT started_at FROM calls WHERE id = 1")).scalar_one()
        s.rollback()
    pattern = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"
    assert re.fullmatch(pattern, raw_new) and re.fullmatch(pattern, raw_seeded)


# ----------------------------------------------------------------------------- rules


def _fingerprint(db: Database) -> str:
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            pk = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table.name}" ORDER BY {pk}'):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_same_seed_same_database_different_seed_different(
    sqlite_template: Path, tmp_path: Path
) -> None:
    opts = SeedOptions(elders=80, orders=600, months=2, seed=3, anchor=ANCHOR, parallel=False)
    prints = []
    for name, o in (
        ("a.db", opts),
        ("b.db", SeedOptions(**{**opts.__dict__, "parallel": True})),
        ("c.db", SeedOptions(**{**opts.__dict__, "seed": 4})),
    ):
        db = _fresh(sqlite_template, tmp_path, name)
        seed_demo(db.engine, o)
        prints.append(_fingerprint(db))
        db.close()
    # The generator in a second process writes exactly what it writes in this one.
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_refuses_a_database_that_has_data(small: Database) -> None:
    with pytest.raises(SeedError, match=r"already has data \(300 elders"):
        seed_demo(small.engine, SMALL)


@pytest.mark.parametrize(
    "opts",
    [
        SeedOptions(elders=0, orders=10),
        SeedOptions(months=0),
        SeedOptions(firms=5),
        SeedOptions(anchor=datetime(2026, 1, 1)),
    ],
)
def test_rejects_impossible_options(sqlite_db: Database, opts: SeedOptions) -> None:
    with pytest.raises(SeedError):
        seed_demo(sqlite_db.engine, opts)


def test_reference_data_is_what_the_issue_asks_for() -> None:
    ref = load_reference()
    assert len(ref.streets) == 6
    assert len(ref.items) >= 150
    assert {i.kind for i in ref.items} >= {k for k, _ in CALL_MIX}


# ----------------------------------------------------------------------------- both backends


def test_seed_on_both_backends_then_the_console_can_insert(db: Database) -> None:
    stats = seed_demo(
        db.engine, SeedOptions(elders=60, orders=400, months=2, seed=5, anchor=ANCHOR)
    )
    assert stats["elders"] == 60 and stats["orders"] == 400
    with Session(db.engine) as s:
        elder = s.scalars(select(Elder).order_by(Elder.id)).first()
        assert elder is not None and elder.version == 1
        # Optimistic locking works on a seeded row.
        elder.care_level = "dependent"
        s.commit()
        assert elder.version == 2
        # New rows get ids after the seeded ones (PostgreSQL sequences were advanced).
        new = Elder(
            name="测试",
            name_initials="cs",
            sex="F",
            birth_date=date(1950, 1, 1),
            id_number="11010519491231002X",
            community_id=elder.community_id,
            address="测试路1号",
            subsidy_category="C",
            care_level="independent",
            enrolled_on=date(2026, 1, 1),
        )
        new.phones.append(
            ElderPhone(kind="mobile", number="13800000000", number_norm="+8613800000000")
        )
        s.add(new)
        s.add(Call(direction="in", started_at=ANCHOR))
        s.commit()
        assert new.id == 61
        order = s.get(WorkOrder, 400)
        assert order is not None and order.created_at < ANCHOR
        assert order.created_at.utcoffset() == timedelta(0)


def test_cli_seed_prints_counts_and_refuses_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert (
        main(["--db", url, "seed", "--demo", "--elders", "30", "--orders", "100", "--months", "1"])
        == 0
    )
    out = capsys.readouterr().out
    assert "elders: 30" in out and "orders: 100" in out
    assert main(["--db", url, "seed", "--demo", "--elders", "30", "--orders", "100"]) == 2
    assert "already has data" in capsys.readouterr().err
