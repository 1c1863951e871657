"""Subsidy settlement against sums worked out by hand, to the fen."""

from __future__ import annotations

from datetime import UTC, datetime

from app import settings
from app.assessment.settlement import percent_half_up, settle_month
from app.context import Database
from app.money import yuan
from tests.app.assessment_centre import build, order, second_elder

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def test_settlement_by_hand(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        # Whatever the scores, 安康 stays 合格 (factor 90 %) and 福寿 优秀 (100 %).
        settings.put(s, "assessment.grade_good_min", 95)
        b_elder = second_elder(s, c, "B")
        # A category B elder pays the market price; the 50-yuan allowance covers the
        # first 5,000 fen of the month (firm by firm in id order: 安康 first).
        for _ in range(2):
            order(s, c, firm=c.firm_a, elder=b_elder, elder_pays=3000, gov_pays=0)
        order(s, c, firm=c.firm_b, elder=b_elder, market=2000, elder_pays=2000, gov_pays=0)
        # Cancelled and still-open orders are never paid.
        order(s, c, firm=c.firm_b, status="cancelled")
        order(s, c, firm=c.firm_b, status="dispatched")
        s.commit()
        month = settle_month(s, "2026-10", NOW)
    a = next(f for f in month.firms if f.firm_id == c.firm_a)
    # 16 completed orders of the C elder at 3,000 fen each (one disputed) + B allowance 5,000.
    assert (a.grade, a.factor_percent, a.orders) == ("合格", 90, 18)
    assert a.government_fen == 16 * 3000 + 5000
    assert a.disputed_government_fen == 3000
    assert a.eligible_fen == 50000
    assert a.payable_fen == 45000
    assert a.deduction_fen == 5000
    assert a.elder_fen == 6000 - 5000
    lines = {x.category: x for x in a.lines}
    assert (lines["B"].orders, lines["B"].government_fen, lines["B"].elder_fen) == (2, 5000, 1000)
    assert (lines["C"].orders, lines["C"].disputed_orders) == (16, 1)
    b = next(f for f in month.firms if f.firm_id == c.firm_b)
    assert (b.grade, b.orders, b.government_fen, b.payable_fen, b.elder_fen) == (
        "优秀",
        1,
        0,
        0,
        2000,
    )
    assert (month.orders, month.government_fen, month.payable_fen, month.elder_fen) == (
        19,
        53000,
        45000,
        3000,
    )
    # Reconciles: every total is the sum of its lines.
    for f in month.firms:
        assert f.government_fen == sum(x.government_fen for x in f.lines)
        assert f.eligible_fen == f.payable_fen + f.deduction_fen
    assert month.eligible_fen == sum(f.eligible_fen for f in month.firms)


def test_fen_arithmetic_is_exact() -> None:
    assert percent_half_up(12345, 90) == 11111  # 11,110.5 rounds half up
    assert percent_half_up(12344, 90) == 11110  # 11,109.6
    assert percent_half_up(0, 70) == 0
    assert yuan(1234567) == "12,345.67"
    assert yuan(5) == "0.05"
    assert yuan(-120) == "-1.20"
