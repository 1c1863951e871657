"""Registry services: elders, firms and their staff, the service catalogue, areas.

Every service takes the caller's session, returns plain values (frozen dataclasses, never
ORM rows) and raises the typed errors of ``app.errors``. Services that change data
announce it (``app.feed``: elder, firm, catalogue) in the same transaction and commit.

The centre's own figures (area code, enrolment age, subsidy amounts) are settings
(``app.settings``), read once per service call through ``rules(session)``; the pure
functions take them as arguments with the reference centre's values as defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app import settings


def _int(key: str) -> int:
    value = settings.SPECS[key].default
    assert isinstance(value, int)
    return value


def _str(key: str) -> str:
    value = settings.SPECS[key].default
    assert isinstance(value, str)
    return value


@dataclass(frozen=True)
class Rules:
    """The centre's configurable figures that registry rules depend on."""

    # A 7- or 8-digit number written without an area code is local to this one.
    area_code: str = _str("centre.area_code")
    # New registrations only: elders already registered keep their record when this changes.
    enrol_min_age: int = _int("elders.enrol_min_age")
    c_discount_percent: int = _int("subsidy.c_discount_percent")
    b_monthly_allowance_fen: int = _int("subsidy.b_monthly_allowance_fen")
    meal_gov_65_74_fen: int = _int("subsidy.meal_gov_65_74_fen")
    meal_gov_75_plus_fen: int = _int("subsidy.meal_gov_75_plus_fen")


DEFAULT_RULES = Rules()
DEFAULT_AREA_CODE = DEFAULT_RULES.area_code
MIN_ENROL_AGE = DEFAULT_RULES.enrol_min_age

# Older than the oldest person alive means a typing error in the birth date.
MAX_AGE = 120

# Special groups defined by age, so a record cannot claim them too early.
GROUP_MIN_AGE = {"advanced_age": 80, "centenarian": 100}

# Lunch subsidy age bands (the amounts are settings).
MEAL_MIN_AGE = 65
MEAL_HIGHER_AGE = 75


def rules(session: Session) -> Rules:
    """The centre's figures as stored now (one query)."""
    v = settings.all_values(session)
    return Rules(
        area_code=v["centre.area_code"],
        enrol_min_age=v["elders.enrol_min_age"],
        c_discount_percent=v["subsidy.c_discount_percent"],
        b_monthly_allowance_fen=v["subsidy.b_monthly_allowance_fen"],
        meal_gov_65_74_fen=v["subsidy.meal_gov_65_74_fen"],
        meal_gov_75_plus_fen=v["subsidy.meal_gov_75_plus_fen"],
    )


def today() -> date:
    """The centre's date; one function so tests and rules agree on what "today" is."""
    return date.today()


def age_on(born: date, on: date) -> int:
    """Whole years, as a person counts their age (the birthday itself counts)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
