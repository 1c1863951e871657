"""Races between seats, on real concurrent connections: exactly one winner, every time.

Each seat is a thread with its own ``open_database`` (its own engine and pool, as two
PCs have), and the two seats of a race start together at a ``threading.Barrier``. A
race is one alarm or one order; ``PAIRS`` races run at once (each pair of seats on its
own rows), so that 1,000 of them fit in well under a minute on two cores.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.access import Actor
from app.alarms import claim
from app.alarms.claiming import AlreadyClaimed
from app.context import Database, open_database
from app.errors import Conflict
from app.orders.service import StaleOrder, TransitionError, transition
from db.models import Alarm, AuditEntry, OrderTransition, User, WorkOrder
from tests.app.factories import make_areas, make_category, make_elder, make_firm, make_item

RACES = 1000
PAIRS = 4
FAR = date(2099, 12, 31)
STAFF = "钱丽珍"
SEAT_NAMES = ("张丽", "王强")


@dataclass
class Outcome:
    won: bool
    value: Any = None
    error: Conflict | None = None


def _users(db: Database) -> tuple[Actor, Actor]:
    with db.sessions() as s:
        actors = []
        for i, name in enumerate(SEAT_NAMES):
            user = User(
                username=f"seat{i}", display_name=name, role="supervisor", password_hash="-"
            )
            s.add(user)
            s.flush()
            actors.append(Actor(f"seat{i}", role="supervisor", user_id=user.id, display_name=name))
        s.commit()
    return actors[0], actors[1]


def _race(
    db: Database,
    races: int,
    act: Callable[[Session, int, int], Any],
    *,
    pairs: int = PAIRS,
) -> tuple[list[tuple[Outcome, Outcome]], float]:
    """Run race 0…races-1; ``act(session, race, seat)`` is one seat's attempt.

    Returns both outcomes of each race, and the seconds it took."""
    results: list[list[Outcome | None]] = [[None, None] for _ in range(races)]
    failures: list[BaseException] = []
    seats = [[open_database(db.url) for _ in range(2)] for _ in range(pairs)]
    barriers = [threading.Barrier(2) for _ in range(pairs)]

    def seat(pair: int, side: int) -> None:
        database, barrier = seats[pair][side], barriers[pair]
        try:
            for race in range(pair, races, pairs):
                barrier.wait(timeout=60)
                with database.sessions() as session:
                    try:
                        results[race][side] = Outcome(True, act(session, race, side))
                    except Conflict as exc:
                        results[race][side] = Outcome(False, error=exc)
        except threading.BrokenBarrierError:
            pass  # the other seat of the pair failed: its error is the one to report
        except BaseException as exc:
            failures.append(exc)
            barrier.abort()

    threads = [
        threading.Thread(target=seat, args=(pair, side), name=f"seat-{pair}-{side}")
        for pair in range(pairs)
        for side in range(2)
    ]
    started = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        for pair in seats:
            for database in pair:
                database.close()
    took = time.perf_counter() - started
    if failures:
        raise failures[0]
    assert not any(t.is_alive() for t in threads), "a seat is stuck"
    done: list[tuple[Outcome, Outcome]] = []
    for race, (a, b) in enumerate(results):
        assert a is not None and b is not None, f"race {race} did not finish"
        done.append((a, b))
    return done, took


def _one_winner(race: int, outcomes: tuple[Outcome, Outcome]) -> tuple[int, Conflict]:
    won = [side for side, o in enumerate(outcomes) if o.won]
    assert len(won) == 1, f"race {race}: {len(won)} winners ({outcomes})"
    loser = outcomes[1 - won[0]].error
    assert loser is not None
    return won[0], loser


# ----------------------------------------------------------------------------- alarms


def test_two_seats_claiming_one_alarm_a_thousand_times(db: Database) -> None:
    actors = _users(db)
    now = datetime.now(UTC)
    with db.sessions() as s:
        s.execute(
            insert(Alarm),
            [
                {
                    "dedupe_key": f"race-{i}",
                    "protocol": "contact_id",
                    "account": "1234",
                    "event_code": "101",
                    "event_name": "Personal emergency",
                    "received_at": now,
                    "priority": 1,
                    "status": "raised",
                }
                for i in range(RACES)
            ],
        )
        s.commit()
        alarm_ids = list(s.scalars(select(Alarm.id).order_by(Alarm.id)))

    def attempt(session: Session, race: int, side: int) -> Any:
        return claim(session, alarm_ids[race], actors[side], now)

    outcomes, took = _race(db, RACES, attempt)
    print(f"\n{db.backend}: {RACES} claim races in {took:.1f} s")

    winners: dict[int, int] = {}
    for race, pair in enumerate(outcomes):
        side, error = _one_winner(race, pair)
        assert pair[side].value.claimed_by_name == SEAT_NAMES[side]
        # The loser is told who has it.
        assert isinstance(error, AlreadyClaimed), f"race {race}: {error!r}"
        assert error.holder == SEAT_NAMES[side] and SEAT_NAMES[side] in error.message
        winners[alarm_ids[race]] = actors[side].user_id  # type: ignore[assignment]
    with db.sessions() as s:
        stored = dict(s.execute(select(Alarm.id, Alarm.claimed_by)).all())
        assert stored == winners
        claims = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "claim")
        )
        assert claims == RACES
    # Neither side always wins: the barrier really starts them together.
    assert 0 < sum(1 for w in winners.values() if w == actors[0].user_id) < RACES


# ----------------------------------------------------------------------------- orders

# What the two seats try on race i (by i % 3), and the status the order starts in.
PLANS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("rejected", ("dispatched", "dispatched")),  # both re-dispatch the rejected order
    ("dispatched", ("accepted", "accepted")),  # both record the firm's acceptance
    ("dispatched", ("accepted", "cancelled")),  # one accepts while the other cancels
)


def _shown(race: int) -> int | None:
    """Most seats step from the copy they were shown (version 1), as the order board
    does; in every other race of the same step twice they take the order as it is, as a
    command does. (Accept against cancel is not one of those: a supervisor may cancel an
    accepted order, so a seat reading it after the acceptance rightly could.)"""
    return None if race % 2 == 0 and PLANS[race % 3][1][0] == PLANS[race % 3][1][1] else 1


def test_two_seats_stepping_one_order_a_thousand_times(db: Database) -> None:
    actors = _users(db)
    with db.sessions() as s:
        areas = make_areas(s)
        item = make_item(s, make_category(s), "LC001", "助洁")
        first = make_firm(s, {areas.zhongshan}, {item}, name="安家家政", n=1, end=FAR)
        make_firm(s, {areas.zhongshan}, {item}, name="康乐服务", n=2, end=FAR)
        elder = make_elder(s, areas.zhongshan)
        now = datetime.now(UTC)
        s.execute(
            insert(WorkOrder),
            [
                {
                    "order_no": f"GD20991231{i:05d}",
                    "elder_id": elder,
                    "item_id": item,
                    "firm_id": first,
                    "community_id": areas.zhongshan,
                    "status": PLANS[i % 3][0],
                    "market_price_fen": 3000,
                    "elder_pays_fen": 2400,
                    "government_pays_fen": 0,
                    "created_at": now,
                    "due_at": now + timedelta(hours=2),
                    "dispatched_at": now,
                    "rejections": 1 if PLANS[i % 3][0] == "rejected" else 0,
                }
                for i in range(RACES)
            ],
        )
        s.commit()
        order_ids = list(s.scalars(select(WorkOrder.id).order_by(WorkOrder.id)))

    def attempt(session: Session, race: int, side: int) -> Any:
        to = PLANS[race % 3][1][side]
        return transition(
            session,
            order_ids[race],
            to,
            actor=actors[side],
            reported_by=STAFF,
            note="老人取消" if to == "cancelled" else "",
            expected_version=_shown(race),
        )

    outcomes, took = _race(db, RACES, attempt)
    print(f"\n{db.backend}: {RACES} order races in {took:.1f} s")

    stale = 0
    updates_refused = 0  # losers that had read the order before the winner's commit
    expected: dict[int, tuple[str, int]] = {}
    for race, pair in enumerate(outcomes):
        side, error = _one_winner(race, pair)
        to = PLANS[race % 3][1][side]
        assert pair[side].value.status == to
        if isinstance(error, StaleOrder):
            # Named from the winner's step, which was committed before the loser read it.
            assert error.by == SEAT_NAMES[side], f"race {race}: {error.message}"
            assert f"changed by {SEAT_NAMES[side]} at " in error.message
            stale += 1
            if _shown(race) is None:
                updates_refused += 1
        else:
            # Without a version, a seat that read the order after the winner's commit is
            # told the step no longer applies: a loss all the same.
            assert _shown(race) is None and isinstance(error, TransitionError), (race, error)
        expected[order_ids[race]] = (to, actors[side].user_id)  # type: ignore[assignment]
    print(f"{updates_refused} losers without a version refused by the conditional UPDATE")
    # Most of those read the order before the winner wrote it: the UPDATE itself decided.
    assert updates_refused > 0
    # With the version the loser always hears who changed the order.
    assert stale >= sum(1 for race in range(RACES) if _shown(race) is not None)

    with db.sessions() as s:
        stored = {
            r.id: (r.status, r.version)
            for r in s.execute(select(WorkOrder.id, WorkOrder.status, WorkOrder.version))
        }
        assert stored == {o: (to, 2) for o, (to, _) in expected.items()}
        steps = {
            r.order_id: (r.to_status, r.user_id)
            for r in s.execute(
                select(OrderTransition.order_id, OrderTransition.to_status, OrderTransition.user_id)
            )
        }
        count = s.scalar(select(func.count()).select_from(OrderTransition))
        assert count == RACES and steps == expected
