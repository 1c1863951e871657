"""Every centre-wide setting declared once: key, type, default, description.

Values live in the ``settings`` table (shared by all seats on PostgreSQL); a key not
stored there has its default. Amounts of money are integer fen.

Each stored key has a ``version`` (0 while it has none), bumped by every ``put``. A form
that shows a value passes the version it showed as ``expected_version``: if another
seat saved the key since, the save is refused with a ``Conflict`` saying who and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import audit
from app.errors import Conflict
from app.feed.outbox import announce
from app.feed.topics import SettingsChanged
from db.models import AuditEntry, Setting, User, utcnow


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    description: str


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec("centre.area_code", str, "0931", "telephone area code of the centre's city"),
        SettingSpec("centre.timezone", str, "Asia/Shanghai", "time zone times are shown in"),
        SettingSpec("elders.enrol_min_age", int, 65, "minimum age to register an elder"),
        SettingSpec("subsidy.b_monthly_allowance_fen", int, 5000, "category B monthly allowance"),
        SettingSpec("subsidy.c_discount_percent", int, 20, "category C discount below market"),
        SettingSpec("subsidy.meal_price_fen", int, 1500, "price of the subsidised lunch"),
        SettingSpec("subsidy.meal_gov_65_74_fen", int, 900, "government share of lunch, 65-74"),
        SettingSpec("subsidy.meal_gov_75_plus_fen", int, 1000, "government share of lunch, 75+"),
        SettingSpec("alarms.unclaimed_escalate_s", int, 30, "escalate an unclaimed alarm after"),
        SettingSpec("alarms.unresolved_escalate_s", int, 600, "escalate an unresolved alarm after"),
        SettingSpec(
            "alarms.breach_warning_s", int, 30, "warn the supervisor this long before 60/180 s"
        ),
        SettingSpec("alarms.fold_window_min", int, 5, "fold repeated presses of a device within"),
        SettingSpec("alarms.storm_devices", int, 10, "devices of one street that make a storm"),
        SettingSpec("alarms.storm_window_min", int, 5, "minutes in which a storm's alarms come"),
        SettingSpec("followup.sample_percent", int, 10, "share of completed orders called back"),
        SettingSpec(
            "followup.first_orders_of_new_firm", int, 20, "a firm's first orders all called back"
        ),
        SettingSpec("followup.due_days", int, 1, "days after completion a callback is due"),
        SettingSpec("checkin.default_hour", int, 10, "local hour a daily check-in is due by"),
        # Monthly firm assessment (app.assessment): weights of the four dimensions (percent,
        # summing to 100), the lowest totals of each grade, and the share of the month's
        # government subsidy a firm of that grade is paid (percent; 100 = all of it).
        SettingSpec("assessment.weight_building", int, 20, "weight of 企业建设, percent"),
        SettingSpec("assessment.weight_conformance", int, 30, "weight of 服务规范, percent"),
        SettingSpec("assessment.weight_quality", int, 30, "weight of 服务质量, percent"),
        SettingSpec("assessment.weight_staff", int, 20, "weight of 员工管理, percent"),
        SettingSpec("assessment.grade_excellent_min", int, 90, "lowest total graded 优秀"),
        SettingSpec("assessment.grade_good_min", int, 80, "lowest total graded 良好"),
        SettingSpec("assessment.grade_pass_min", int, 60, "lowest total graded 合格"),
        SettingSpec("assessment.factor_excellent_percent", int, 100, "subsidy paid at 优秀"),
        SettingSpec("assessment.factor_good_percent", int, 100, "subsidy paid at 良好"),
        SettingSpec("assessment.factor_pass_percent", int, 90, "subsidy paid at 合格"),
        SettingSpec("assessment.factor_fail_percent", int, 70, "subsidy paid at 不合格"),
        SettingSpec(
            "assessment.warn_after_fails", int, 2, "consecutive failing months that warn a firm"
        ),
        SettingSpec(
            "assessment.suspend_after_fails",
            int,
            3,
            "consecutive failing months that propose suspending a firm",
        ),
        SettingSpec("auth.max_failures", int, 5, "wrong passwords in a row that lock an account"),
        SettingSpec("auth.lockout_minutes", int, 15, "how long a locked account stays locked"),
        SettingSpec("feed.keep_days", int, 7, "days the change feed keeps its rows"),
    )
}


class UnknownSetting(KeyError):
    pass


def _spec(key: str) -> SettingSpec:
    try:
        return SPECS[key]
    except KeyError:
        raise UnknownSetting(key) from None


def get(session: Session, key: str) -> Any:
    spec = _spec(key)
    raw = session.scalar(select(Setting.value).where(Setting.key == key))
    if raw is None:
        return spec.default
    return spec.type(json.loads(raw))


def version(session: Session, key: str) -> int:
    """The stored key's version, 0 while it has its default: what a form passes back."""
    _spec(key)
    return int(session.scalar(select(Setting.version).where(Setting.key == key)) or 0)


def put(
    session: Session,
    key: str,
    value: Any,
    expected_version: int | None = None,
    *,
    actor: str = "",
    user_id: int | None = None,
) -> None:
    """Store a value (the caller commits); refuses a value of the wrong type.

    ``expected_version`` (from ``version``): refuse with ``Conflict`` when the stored key
    is newer; None stores whatever is there now. ``actor``: who saves, recorded in the
    audit log so that a refused colleague is told who it was.
    """
    spec = _spec(key)
    if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
        raise TypeError(f"{key} takes {spec.type.__name__}, not {type(value).__name__}")
    row = session.get(Setting, key, populate_existing=expected_version is not None)
    if expected_version is not None and (row.version if row else 0) != expected_version:
        raise _stale(session, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value)))
    elif expected_version is None:
        row.value = json.dumps(value)
        row.version = (row.version or 1) + 1
    else:
        # Conditional, so that of two seats saving from the same version one is refused.
        won = session.execute(
            update(Setting)
            .where(Setting.key == key, Setting.version == expected_version)
            .values(value=json.dumps(value), version=expected_version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if won != 1:
            raise _stale(session, key)
        session.expire(row)
    if actor:
        audit.record(
            session,
            actor=actor,
            user_id=user_id,
            action="setting",
            entity="setting",
            entity_id=None,
            detail={"key": key, "value": value},
        )
    # Every seat caches what it reads on hot paths (the gateway's ingest): it hears here.
    announce(session, SettingsChanged(keys=(key,)))


def _stale(session: Session, key: str) -> Conflict:
    at = session.scalar(select(Setting.updated_at).where(Setting.key == key))
    by = "another seat"
    # The newest audited saves of any setting: few, so the key is picked out here.
    for entry_actor, detail, display in session.execute(
        select(AuditEntry.actor, AuditEntry.detail, User.display_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == "setting")
        .order_by(AuditEntry.id.desc())
        .limit(200)
    ):
        if isinstance(detail, dict) and detail.get("key") == key:
            by = display or entry_actor
            break
    when = ""
    if at is not None:
        zone = ZoneInfo(str(get(session, "centre.timezone")))
        when = f" at {at.astimezone(zone):%H:%M}"
    return Conflict(f"Setting {key} was changed by {by}{when} — reload it.")


def all_values(session: Session) -> dict[str, Any]:
    stored: dict[str, str] = {k: v for k, v in session.execute(select(Setting.key, Setting.value))}
    return {
        k: (s.type(json.loads(stored[k])) if k in stored else s.default) for k, s in SPECS.items()
    }
