"""The monthly handling report, its figures worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import alarms
from app.alarms.report import percentile
from app.context import Database
from app.errors import ValidationError
from tests.app.alarm_centre import AlarmCentre, add_alarm, make_alarm_centre


@pytest.fixture
def ac(db: Database) -> AlarmCentre:
    with db.sessions() as s:
        return make_alarm_centre(s)


NOV = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)


def test_nearest_rank_percentiles() -> None:
    assert percentile([], 50) is None
    assert percentile([7], 90) == 7
    assert percentile([10, 20, 30, 40], 50) == 20  # rank ceil(2.0) = 2
    assert percentile([10, 20, 30, 40], 90) == 40  # rank ceil(3.6) = 4
    assert percentile([5, 1, 3], 50) == 3


def test_handling_report_per_operator_and_accidental_presses(db: Database, ac: AlarmCentre) -> None:
    a, b = ac.operator_a, ac.operator_b

    def handled(
        who: object,
        claim_s: int,
        resolve_s: int | None,
        *,
        outcome: str = "helped_by_contact",
        device: int | None = None,
        elder: int | None = None,
        at: datetime = NOV,
    ) -> None:
        actor = who  # an Actor
        with db.sessions() as s:
            add_alarm(
                s,
                device_id=device or ac.device_1234,
                elder_id=elder or ac.zhang,
                at=at,
                status="resolved" if resolve_s is not None else "claimed",
                claimed_by=actor.user_id,  # type: ignore[attr-defined]
                claimed_by_name=actor.display_name,  # type: ignore[attr-defined]
                claimed_at=at + timedelta(seconds=claim_s),
                resolved_at=at + timedelta(seconds=claim_s + resolve_s)
                if resolve_s is not None
                else None,
                outcome=outcome if resolve_s is not None else None,
            )

    # 王小红: claims after 10, 50, 70 and 200 s; resolves after 100, 300, 500, 700 s.
    handled(a, 10, 100, outcome="accidental")
    handled(a, 50, 300, outcome="accidental")
    handled(a, 70, 500)
    handled(a, 200, 700)
    # 刘芳: 30 s and 170 s; one still open (no resolve time).
    handled(b, 30, 60, outcome="accidental", device=ac.device_5678, elder=ac.li)
    handled(b, 170, None)
    # Outside November (Lanzhou time): 1 December 00:30 local is still 30 November UTC.
    handled(a, 5, 5, at=datetime(2026, 11, 30, 16, 30, tzinfo=UTC))
    handled(a, 5, 5, at=datetime(2026, 10, 31, 15, 59, tzinfo=UTC))  # 31 Oct 23:59 local
    with db.sessions() as s:
        # Nobody claimed this one before it was closed.
        add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=NOV, status="resolved")
        report = alarms.handling_report(s, "2026-11")

    by = {o.operator: o for o in report.operators}
    assert set(by) == {"王小红", "刘芳"}
    wang, liu = by["王小红"], by["刘芳"]
    assert wang.alarms == 4
    assert (wang.claim_p50_s, wang.claim_p90_s) == (50, 200)  # ranks 2 and 4 of 10/50/70/200
    assert wang.resolve_p50_s == 300  # rank 2 of 100/300/500/700
    assert (wang.within_60, wang.within_180) == (0.5, 0.75)
    assert liu.alarms == 2 and (liu.claim_p50_s, liu.claim_p90_s) == (30, 170)
    assert liu.resolve_p50_s == 60 and (liu.within_60, liu.within_180) == (0.5, 1.0)
    total = report.total
    assert total.alarms == 6 and total.claim_p50_s == 50  # 10 30 50 70 170 200: rank 3
    assert total.within_60 == pytest.approx(3 / 6) and total.within_180 == pytest.approx(5 / 6)
    assert report.never_claimed == 1
    assert [(p.label, p.count) for p in report.accidental_by_device] == [("1234", 2), ("5678", 1)]
    assert [(p.label, p.count) for p in report.accidental_by_elder] == [("张三", 2), ("李秀英", 1)]


def test_a_month_must_be_written_yyyy_mm(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s, pytest.raises(ValidationError) as bad:
        alarms.handling_report(s, "11/2026")
    assert bad.value.fields() == {"month"}
