"""Subsidy pricing for the seeder, by the reference centre's rules.

The seeder must not depend on ``app.registry`` (it is loaded by the CLI alone, and the
registry may change shape), so these mirror ``app.registry.catalogue``: same rules, same
rounding. tests/app/test_seed.py checks the two agree when the registry is importable.
"""

from __future__ import annotations

SUBSIDY_CATEGORIES = ("A", "B", "C", "D")
MEAL_KIND = "meal"
C_ELDER_PAYS_PERCENT = 80
MEAL_MIN_AGE = 65
# (minimum age, government share of one lunch in fen), highest age first.
MEAL_SUBSIDY_FEN: tuple[tuple[int, int], ...] = ((75, 1000), (65, 900))


def _percent_half_up(amount_fen: int, percent: int) -> int:
    # Integer arithmetic: half a fen rounds up, as the finance office does.
    return (amount_fen * percent * 2 + 100) // 200


def default_prices(market_price_fen: int, kind: str = "other") -> dict[str, tuple[int, int]]:
    """(elder pays, government pays) per subsidy category for one unit of an item.

    A and D: the government pays all. B: the elder pays the market price (the monthly
    allowance is settled per month, not per item). C: the elder pays 80 % of market.
    Meals list B and C at market: their subsidy depends on age and is applied per order.
    """
    market = market_price_fen
    full = (0, market)
    if kind == MEAL_KIND:
        return {"A": full, "B": (market, 0), "C": (market, 0), "D": full}
    return {
        "A": full,
        "B": (market, 0),
        "C": (_percent_half_up(market, C_ELDER_PAYS_PERCENT), 0),
        "D": full,
    }


def meal_subsidy_fen(age: int) -> int:
    """Government share of one lunch: 900 fen at 65-74, 1000 at 75+, nothing below 65."""
    if age < MEAL_MIN_AGE:
        return 0
    for min_age, fen in MEAL_SUBSIDY_FEN:
        if age >= min_age:
            return fen
    return 0


def order_prices(
    market_price_fen: int, kind: str, subsidy_category: str, age: int
) -> tuple[int, int]:
    """(elder pays, government pays) frozen on a new order for one unit."""
    if kind == MEAL_KIND and subsidy_category not in ("A", "D"):
        government = min(meal_subsidy_fen(age), market_price_fen)
        return market_price_fen - government, government
    return default_prices(market_price_fen, kind)[subsidy_category]
