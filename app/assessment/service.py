"""Monthly firm assessment (考核): compute, enter manual scores, finalise, amend.

Everything about the month's orders is read set-based: one GROUP BY per firm over the
month's orders (``ix_work_orders_firm_created``), one over their follow-ups and one over
the month's complaints, whatever the number of orders. A month is "open" until something
is stored for it, "draft" once a supervisor has entered a manual score or a comment, and
"final" after ``finalise``: then ``compute_month`` returns the stored snapshot, and only
an admin may change it (``assessment.edit_final``), each change audited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app import settings
from app.access import Actor, require
from app.assessment.rules import (
    DIMENSIONS,
    FAIL_GRADE,
    GRADES,
    INDICATOR_BY_CODE,
    INDICATORS,
    computed_score,
    month_bounds,
    parse_month,
    previous_month,
    q2,
)
from app.audit import record
from app.errors import Conflict, FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import AssessmentChanged
from db.models import Assessment, AssessmentScore, Complaint, Firm, FollowUp, WorkOrder

DONE = ("completed", "closed")


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    dimension: str
    name: str
    source: str  # computed / manual
    value: Decimal | None  # rate 0..1, count per 100 orders, or None (no data / manual)
    score: Decimal
    max_score: int
    entered: bool  # manual: a supervisor entered it (else full marks by default)
    comment: str = ""


@dataclass(frozen=True)
class DimensionResult:
    code: str
    name: str
    weight: int
    score: Decimal  # out of 100


@dataclass(frozen=True)
class FirmAssessment:
    firm_id: int
    firm_name: str
    orders: int
    completed: int
    indicators: tuple[IndicatorResult, ...]
    dimensions: tuple[DimensionResult, ...]
    total: Decimal
    grade: str
    rank: int
    comment: str
    consecutive_fails: int
    warning: str  # "" / "warning" / "suspension"

    def indicator(self, code: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.code == code)


@dataclass(frozen=True)
class MonthAssessment:
    month: str
    status: str  # open / draft / final
    finalised_at: datetime | None
    firms: tuple[FirmAssessment, ...]  # in rank order

    def firm(self, firm_id: int) -> FirmAssessment:
        for f in self.firms:
            if f.firm_id == firm_id:
                return f
        raise NotFound(f"firm {firm_id} is not in the assessment of {self.month}")


@dataclass(frozen=True)
class Config:
    weights: dict[str, int]
    thresholds: tuple[int, int, int]  # excellent, good, pass
    warn_after: int
    suspend_after: int


def load_config(session: Session) -> Config:
    weights = {d.code: int(settings.get(session, d.weight_key)) for d in DIMENSIONS}
    return Config(
        weights=weights,
        thresholds=(
            int(settings.get(session, "assessment.grade_excellent_min")),
            int(settings.get(session, "assessment.grade_good_min")),
            int(settings.get(session, "assessment.grade_pass_min")),
        ),
        warn_after=int(settings.get(session, "assessment.warn_after_fails")),
        suspend_after=int(settings.get(session, "assessment.suspend_after_fails")),
    )


def grade_for(total: Decimal, thresholds: tuple[int, int, int]) -> str:
    for grade, minimum in zip(GRADES, thresholds, strict=False):
        if total >= minimum:
            return grade
    return FAIL_GRADE


# ---------------------------------------------------------------- the month's figures


@dataclass(frozen=True)
class _Facts:
    orders: int = 0
    completed: int = 0
    on_time: int = 0
    rejections: int = 0
    disputed: int = 0
    fu_good: int = 0
    fu_answered: int = 0
    complaints: int = 0


def _facts(session: Session, start: datetime, end: datetime) -> dict[int, _Facts]:
    o = WorkOrder.__table__.c
    in_month = and_(o.created_at >= start, o.created_at < end, o.firm_id.is_not(None))
    done = o.status.in_(DONE)
    rows = session.execute(
        select(
            o.firm_id,
            func.count(),
            func.sum(case((done, 1), else_=0)),
            func.sum(case((and_(done, o.completed_at <= o.due_at), 1), else_=0)),
            func.coalesce(func.sum(o.rejections), 0),
            func.sum(case((o.disputed.is_(True), 1), else_=0)),
        )
        .where(in_month, o.status != "cancelled")
        .group_by(o.firm_id)
    ).all()
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for firm_id, n, completed, on_time, rejections, disputed in rows:
        out[firm_id].update(
            orders=int(n),
            completed=int(completed or 0),
            on_time=int(on_time or 0),
            rejections=int(rejections or 0),
            disputed=int(disputed or 0),
        )
    fu = FollowUp.__table__.c
    good = fu.result.in_(("satisfied", "basic"))
    # Unreachable elders say nothing about the service: they are left out of the rate.
    answered = fu.result.in_(("satisfied", "basic", "unsatisfied", "not_happened"))
    for firm_id, n_good, n_answered in session.execute(
        select(
            o.firm_id,
            func.sum(case((good, 1), else_=0)),
            func.sum(case((answered, 1), else_=0)),
        )
        .select_from(FollowUp.__table__.join(WorkOrder.__table__, o.id == fu.order_id))
        .where(in_month, o.status != "cancelled", fu.result.is_not(None))
        .group_by(o.firm_id)
    ):
        out[firm_id].update(fu_good=int(n_good or 0), fu_answered=int(n_answered or 0))
    c = Complaint.__table__.c
    for firm_id, n in session.execute(
        select(c.firm_id, func.count())
        .where(c.firm_id.is_not(None), c.received_at >= start, c.received_at < end)
        .group_by(c.firm_id)
    ):
        out[firm_id]["complaints"] = int(n)
    return {k: _Facts(**v) for k, v in out.items()}


def _rate(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) / Decimal(whole)


def _per_100(count: int, orders: int) -> Decimal | None:
    return None if orders == 0 else Decimal(count) * 100 / Decimal(orders)


def _computed_values(f: _Facts) -> dict[str, Decimal | None]:
    return {
        "on_time_rate": _rate(f.on_time, f.completed),
        "rejections": _per_100(f.rejections, f.orders),
        "disputed": _per_100(f.disputed, f.orders),
        "completion_rate": _rate(f.completed, f.orders),
        "satisfaction": _rate(f.fu_good, f.fu_answered),
        "complaints": _per_100(f.complaints, f.orders),
    }


def _score(
    values: dict[str, Decimal | None],
    manual: dict[str, tuple[Decimal, str]],
    cfg: Config,
) -> tuple[tuple[IndicatorResult, ...], tuple[DimensionResult, ...], Decimal]:
    indicators: list[IndicatorResult] = []
    for ind in INDICATORS:
        if ind.source == "manual":
            entry = manual.get(ind.code)
            score = entry[0] if entry else Decimal(ind.max_score)
            indicators.append(
                IndicatorResult(
                    ind.code, ind.dimension, ind.name, "manual", None, q2(score),
                    ind.max_score, entry is not None, entry[1] if entry else "",
                )
            )  # fmt: skip
        else:
            value = values.get(ind.code)
            indicators.append(
                IndicatorResult(
                    ind.code, ind.dimension, ind.name, "computed", value,
                    computed_score(ind, value), ind.max_score, False,
                )
            )  # fmt: skip
    dims: list[DimensionResult] = []
    weighted = Decimal(0)
    for d in DIMENSIONS:
        mine = [i for i in indicators if i.dimension == d.code]
        top = sum(i.max_score for i in mine)
        score = q2(sum((i.score for i in mine), Decimal(0)) * 100 / top)
        dims.append(DimensionResult(d.code, d.name, cfg.weights[d.code], score))
        weighted += score * cfg.weights[d.code]
    total_weight = sum(cfg.weights.values()) or 1
    return tuple(indicators), tuple(dims), q2(weighted / total_weight)


def _ranks(totals: list[Decimal]) -> list[int]:
    """Competition ranking (1, 1, 3) of totals already sorted high to low."""
    ranks: list[int] = []
    for i, t in enumerate(totals):
        ranks.append(ranks[-1] if i and totals[i - 1] == t else i + 1)
    return ranks


def _fail_history(session: Session, month: str, firm_ids: list[int]) -> dict[int, list[str]]:
    """Grades of the finalised months before ``month``, newest first, per firm (12 at most)."""
    months = []
    m = month
    for _ in range(12):
        m = previous_month(m)
        months.append(m)
    a = Assessment.__table__.c
    by_firm: dict[int, dict[str, str]] = defaultdict(dict)
    for firm_id, mon, grade in session.execute(
        select(a.firm_id, a.month, a.grade).where(a.month.in_(months), a.status == "final")
    ):
        by_firm[firm_id][mon] = grade
    return {f: [by_firm[f].get(mon, "") for mon in months] for f in firm_ids}


def _warning(fails: int, cfg: Config) -> str:
    if fails >= cfg.suspend_after:
        return "suspension"
    if fails >= cfg.warn_after:
        return "warning"
    return ""


def _rank_and_warn(
    session: Session,
    month: str,
    cfg: Config,
    rows: list[tuple[int, str, int, int, tuple[IndicatorResult, ...], tuple[DimensionResult, ...], Decimal, str, str]],
) -> tuple[FirmAssessment, ...]:  # fmt: skip
    rows.sort(key=lambda r: (-r[6], r[1], r[0]))
    ranks = _ranks([r[6] for r in rows])
    history = _fail_history(session, month, [r[0] for r in rows])
    out = []
    for (fid, name, n, done, inds, dims, total, grade, comment), rank in zip(rows, ranks, strict=True):  # fmt: skip
        fails = 0
        if grade == FAIL_GRADE:
            fails = 1
            for g in history[fid]:
                if g != FAIL_GRADE:
                    break
                fails += 1
        out.append(
            FirmAssessment(
                fid, name, n, done, inds, dims, total, grade, rank, comment, fails,
                _warning(fails, cfg),
            )
        )  # fmt: skip
    return tuple(out)


def compute_month(session: Session, month: str, now: datetime | None = None) -> MonthAssessment:
    """The month's assessment of every firm: from the stored snapshot once finalised,
    else computed from the orders with the manual scores entered so far.

    Firms assessed: every active firm, and any other firm that had orders that month.
    ``now`` is accepted for symmetry with other services (a month still running is
    assessed on what has happened so far).
    """
    parse_month(month)
    cfg = load_config(session)
    stored = _stored(session, month)
    if stored and all(a.status == "final" for a in stored.values()):
        return _from_snapshot(session, month, stored, cfg)
    tz = str(settings.get(session, "centre.timezone"))
    start, end = month_bounds(month, tz)
    facts = _facts(session, start, end)
    firm_rows = session.execute(
        select(Firm.id, Firm.name).where(or_(Firm.status == "active", Firm.id.in_(list(facts))))
    ).all()
    manual = _manual_entries(session, month)
    rows = []
    for fid, name in firm_rows:
        f = facts.get(fid, _Facts())
        inds, dims, total = _score(_computed_values(f), manual.get(fid, {}), cfg)
        grade = grade_for(total, cfg.thresholds)
        comment = stored[fid].comment if fid in stored else ""
        rows.append((fid, name, f.orders, f.completed, inds, dims, total, grade, comment))
    status = "draft" if stored else "open"
    return MonthAssessment(month, status, None, _rank_and_warn(session, month, cfg, rows))


# ---------------------------------------------------------------- stored rows


def _stored(session: Session, month: str) -> dict[int, Assessment]:
    rows = session.scalars(select(Assessment).where(Assessment.month == month)).all()
    return {a.firm_id: a for a in rows}


def _manual_entries(session: Session, month: str) -> dict[int, dict[str, tuple[Decimal, str]]]:
    a = Assessment.__table__.c
    s = AssessmentScore.__table__.c
    out: dict[int, dict[str, tuple[Decimal, str]]] = defaultdict(dict)
    for firm_id, code, score, comment in session.execute(
        select(a.firm_id, s.indicator, s.score, s.comment)
        .select_from(AssessmentScore.__table__.join(Assessment.__table__, a.id == s.assessment_id))
        .where(a.month == month, s.source == "manual")
    ):
        out[firm_id][code] = (q2(Decimal(str(score))), comment)
    return out


def _from_snapshot(
    session: Session, month: str, stored: dict[int, Assessment], cfg: Config
) -> MonthAssessment:
    """The finalised month as it was locked, re-scored from its stored indicator values
    (so an admin's amendment flows into the dimensions, total, grade and rank)."""
    names = dict(session.execute(select(Firm.id, Firm.name).where(Firm.id.in_(list(stored)))).all())
    rows = []
    finalised_at = None
    for fid, asm in stored.items():
        values: dict[str, Decimal | None] = {}
        manual: dict[str, tuple[Decimal, str]] = {}
        orders = completed = 0
        for s in asm.scores:
            if s.indicator == "_orders":
                orders = int(s.value or 0)
            elif s.indicator == "_completed":
                completed = int(s.value or 0)
            elif s.source == "manual":
                if s.value is not None:  # value 1 marks "entered"; default rows carry None
                    manual[s.indicator] = (q2(Decimal(str(s.score))), s.comment)
            else:
                values[s.indicator] = None if s.value is None else Decimal(str(s.value))
        inds, dims, total = _score(values, manual, cfg)
        # The grade is the one locked at finalising unless an admin's amendment moved the
        # total; thresholds changed later do not regrade a signed month.
        grade = asm.grade if Decimal(str(asm.total)) == total else grade_for(total, cfg.thresholds)
        rows.append(
            (fid, names.get(fid, ""), orders, completed, inds, dims, total, grade, asm.comment)
        )
        finalised_at = finalised_at or asm.finalised_at
    return MonthAssessment(month, "final", finalised_at, _rank_and_warn(session, month, cfg, rows))


def _check_firm(session: Session, firm_id: int) -> None:
    if session.get(Firm, firm_id) is None:
        raise NotFound(f"there is no firm {firm_id}")


def _guard_locked(actor: Actor, month: str, locked: bool) -> None:
    require(actor, "assessment.edit_final" if locked else "assessment.finalise")


def _month_locked(session: Session, month: str) -> bool:
    return bool(
        session.scalar(
            select(func.count()).where(Assessment.month == month, Assessment.status == "final")
        )
    )


def _row(session: Session, firm_id: int, month: str) -> Assessment:
    asm = session.scalar(
        select(Assessment).where(Assessment.firm_id == firm_id, Assessment.month == month)
    )
    if asm is None:
        if _month_locked(session, month):
            raise NotFound(f"firm {firm_id} is not in the finalised assessment of {month}")
        asm = Assessment(firm_id=firm_id, month=month, status="draft", total=0.0, grade="")
        session.add(asm)
        session.flush()
    return asm


def set_manual_score(
    session: Session,
    actor: Actor,
    month: str,
    firm_id: int,
    indicator: str,
    score: Decimal | int | str,
    comment: str = "",
) -> None:
    """Enter a supervisor's score for a manual indicator (0..its maximum points).

    Before the month is finalised a supervisor may; afterwards only an admin, audited
    as ``assessment.edit_final`` with the old and new score."""
    parse_month(month)
    locked = _month_locked(session, month)
    _guard_locked(actor, month, locked)
    ind = INDICATOR_BY_CODE.get(indicator)
    if ind is None or ind.source != "manual":
        raise ValidationError(
            [FieldError("indicator", "not_manual", f"{indicator!r} is not a manual indicator")]
        )
    try:
        value = Decimal(str(score))
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= ind.max_score:
        raise ValidationError(
            [
                FieldError(
                    "score",
                    "out_of_range",
                    f"{ind.name}: score {score} is outside 0 to {ind.max_score}",
                    {"min": "0", "max": str(ind.max_score)},
                )
            ]
        )
    _check_firm(session, firm_id)
    asm = _row(session, firm_id, month)
    row = next((s for s in asm.scores if s.indicator == indicator), None)
    old = None if row is None or row.value is None else row.score
    if row is None:
        row = AssessmentScore(
            dimension=ind.dimension, indicator=indicator, source="manual", max_score=ind.max_score
        )
        asm.scores.append(row)
    row.value = 1.0
    row.score = float(q2(value))
    row.comment = comment.strip()
    if locked:
        _restamp(session, month)
    record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="assessment.edit_final" if locked else "assessment.score",
        entity="assessment",
        entity_id=asm.id,
        detail={"month": month, "firm_id": firm_id, "indicator": indicator,
                "score": [old, float(q2(value))], "comment": row.comment},
    )  # fmt: skip
    announce(session, AssessmentChanged(ids=(asm.id,), month=month))
    session.commit()


def set_comment(
    session: Session,
    actor: Actor,
    month: str,
    firm_id: int,
    comment: str,
) -> None:
    """The supervisor's comment on a firm's month (printed on its page)."""
    parse_month(month)
    locked = _month_locked(session, month)
    _guard_locked(actor, month, locked)
    _check_firm(session, firm_id)
    asm = _row(session, firm_id, month)
    old = asm.comment
    asm.comment = comment.strip()
    record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="assessment.edit_final" if locked else "assessment.comment",
        entity="assessment",
        entity_id=asm.id,
        detail={"month": month, "firm_id": firm_id, "comment": [old, asm.comment]},
    )
    announce(session, AssessmentChanged(ids=(asm.id,), month=month))
    session.commit()


def _snapshot_rows(asm: Assessment, fa: FirmAssessment) -> None:
    """Store every indicator of ``fa`` on ``asm`` (replacing what was there)."""
    asm.scores.clear()
    for ind in fa.indicators:
        asm.scores.append(
            AssessmentScore(
                dimension=ind.dimension,
                indicator=ind.code,
                source=ind.source,
                value=(1.0 if ind.entered else None)
                if ind.source == "manual"
                else (None if ind.value is None else float(ind.value)),
                score=float(ind.score),
                max_score=float(ind.max_score),
                comment=ind.comment,
            )
        )
    for code, n in (("_orders", fa.orders), ("_completed", fa.completed)):
        asm.scores.append(
            AssessmentScore(dimension="", indicator=code, source="count", value=float(n))
        )
    asm.total = float(fa.total)
    asm.grade = fa.grade
    asm.rank = fa.rank


def _restamp(session: Session, month: str) -> None:
    """After an admin's amendment: totals, grades and ranks of the locked month again."""
    session.flush()
    session.expire_all()
    result = compute_month(session, month)
    stored = _stored(session, month)
    for fa in result.firms:
        asm = stored[fa.firm_id]
        asm.total = float(fa.total)
        asm.grade = fa.grade
        asm.rank = fa.rank


def finalise(session: Session, actor: Actor, month: str, now: datetime) -> MonthAssessment:
    """Lock the month: every firm's indicators, total, grade and rank are stored as
    computed now; from then on ``compute_month`` returns this snapshot."""
    require(actor, "assessment.finalise")
    parse_month(month)
    if _month_locked(session, month):
        raise Conflict(f"the assessment of {month} is already finalised")
    result = compute_month(session, month, now)
    stored = _stored(session, month)
    ids: list[int] = []
    for fa in result.firms:
        asm = stored.get(fa.firm_id)
        if asm is None:
            asm = Assessment(firm_id=fa.firm_id, month=month)
            session.add(asm)
        _snapshot_rows(asm, fa)
        asm.status = "final"
        asm.finalised_by = actor.user_id
        asm.finalised_at = now
        session.flush()
        ids.append(asm.id)
    record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="assessment.finalise",
        entity="assessment_month",
        entity_id=None,
        detail={"month": month, "firms": len(result.firms),
                "failing": [f.firm_id for f in result.firms if f.grade == FAIL_GRADE]},
    )  # fmt: skip
    announce(session, AssessmentChanged(ids=tuple(sorted(ids)), month=month))
    session.commit()
    return compute_month(session, month, now)
