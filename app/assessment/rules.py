"""The assessment's shape: dimensions, indicators, how each is scored, and the month's bounds.

Each dimension is scored out of 100 (the sum of its indicators' maximum points) and
weighted into a total out of 100. Computed indicators turn a rate into points linearly;
manual ones are entered by a supervisor as points and, when nobody entered one, count as
full marks: the centre marks by deduction (扣分制), a supervisor enters a score only when an
inspection found a fault. A firm with no orders in the month has nothing held against it
on the computed indicators either (full marks), and the report shows their values as "—".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from app.errors import FieldError, ValidationError

POINTS = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Two decimals, half up: the precision scores are printed and compared at."""
    return value.quantize(POINTS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    weight_key: str  # app.settings key of its weight (percent of the total)


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    name: str
    source: str  # "computed" or "manual"
    max_score: int
    # Computed: value at which the score reaches 0 for "lower is better" indicators
    # (per 100 orders); None for rates where score = max * rate.
    zero_at: Decimal | None = None
    unit: str = ""


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("building", "企业建设", "assessment.weight_building"),
    Dimension("conformance", "服务规范", "assessment.weight_conformance"),
    Dimension("quality", "服务质量", "assessment.weight_quality"),
    Dimension("staff", "员工管理", "assessment.weight_staff"),
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator("documents", "building", "资料台账", "manual", 50),
    Indicator("inspections", "building", "现场检查", "manual", 50),
    Indicator("on_time_rate", "conformance", "按时到达率", "computed", 40, unit="%"),
    Indicator("rejections", "conformance", "拒单（每百单）", "computed", 30, zero_at=Decimal(20)),
    Indicator("disputed", "conformance", "争议工单（每百单）", "computed", 30, zero_at=Decimal(10)),
    Indicator("completion_rate", "quality", "完成率", "computed", 30, unit="%"),
    Indicator("satisfaction", "quality", "回访满意率", "computed", 40, unit="%"),
    Indicator("complaints", "quality", "投诉（每百单）", "computed", 30, zero_at=Decimal(10)),
    Indicator("certificates", "staff", "持证上岗", "manual", 50),
    Indicator("training", "staff", "培训", "manual", 50),
)
INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}
MANUAL_CODES = tuple(i.code for i in INDICATORS if i.source == "manual")

GRADES = ("优秀", "良好", "合格", "不合格")
FAIL_GRADE = "不合格"


def computed_score(ind: Indicator, value: Decimal | None) -> Decimal:
    """Points of a computed indicator; ``value`` is a rate 0..1 or a count per 100 orders."""
    top = Decimal(ind.max_score)
    if value is None:
        return top
    if ind.zero_at is None:
        return q2(top * min(Decimal(1), max(Decimal(0), value)))
    return q2(top * max(Decimal(0), Decimal(1) - value / ind.zero_at))


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(month: str) -> tuple[int, int]:
    m = _MONTH.match(month or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(
            [FieldError("month", "month_format", f"month {month!r} is not of the form YYYY-MM")]
        )
    return int(m.group(1)), int(m.group(2))


def month_bounds(month: str, tz_name: str) -> tuple[datetime, datetime]:
    """[start, end) of the month in the centre's local time, as UTC datetimes."""
    year, mon = parse_month(month)
    tz = ZoneInfo(tz_name)
    start = datetime(year, mon, 1, tzinfo=tz)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def previous_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"
