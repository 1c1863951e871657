"""Monthly firm assessment against figures worked out by hand (see assessment_centre)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app import settings
from app.access import Actor
from app.assessment.service import compute_month, finalise, set_comment, set_manual_score
from app.context import Database
from app.errors import Conflict, PermissionDenied, ValidationError
from db.models import Assessment, AuditEntry
from tests.app.assessment_centre import build, order
from tests.feed_helpers import Announced

SUPERVISOR = Actor("zhuguan", role="supervisor")
ADMIN = Actor("admin", role="admin")
OPERATOR = Actor("op", role="operator")
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def test_october_figures_by_hand(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "inspections", 40, "消防通道堵塞")
        month = compute_month(s, "2026-10", NOW)
    a = month.firm(c.firm_a)
    assert (a.orders, a.completed) == (20, 16)
    assert a.indicator("on_time_rate").value == Decimal("0.75")
    assert a.indicator("on_time_rate").score == Decimal("30.00")
    assert a.indicator("rejections").value == Decimal(10)
    assert a.indicator("rejections").score == Decimal("15.00")
    assert a.indicator("disputed").score == Decimal("15.00")
    assert a.indicator("completion_rate").score == Decimal("24.00")
    # 5 of 6 answered (the unreachable one is left out): 40 * 5/6.
    assert a.indicator("satisfaction").score == Decimal("33.33")
    assert a.indicator("complaints").value == Decimal(5)
    assert a.indicator("complaints").score == Decimal("15.00")
    insp = a.indicator("inspections")
    assert (insp.score, insp.entered, insp.comment) == (Decimal("40.00"), True, "消防通道堵塞")
    assert a.indicator("documents").score == Decimal("50.00")  # not entered: full marks
    dims = {d.code: d.score for d in a.dimensions}
    assert dims == {
        "building": Decimal("90.00"),
        "conformance": Decimal("60.00"),
        "quality": Decimal("72.33"),
        "staff": Decimal("100.00"),
    }
    # (90*20 + 60*30 + 72.33*30 + 100*20) / 100 = 77.699
    assert a.total == Decimal("77.70")
    assert (a.grade, a.rank, a.warning) == ("合格", 2, "")
    b = month.firm(c.firm_b)
    assert (b.total, b.grade, b.rank, b.orders) == (Decimal("100.00"), "优秀", 1, 0)
    assert month.status == "draft"


def test_thresholds_and_weights_are_settings(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        settings.put(s, "assessment.grade_pass_min", 80)
        settings.put(s, "assessment.weight_building", 0)
        settings.put(s, "assessment.weight_staff", 40)
        s.commit()
        a = compute_month(s, "2026-10", NOW).firm(c.firm_a)
    # (100*0 + 60*30 + 72.33*30 + 100*40) / 100 = 79.699
    assert (a.total, a.grade) == (Decimal("79.70"), "不合格")


def _fail_month(s, firm: int, month: str) -> None:  # type: ignore[no-untyped-def]
    for code in ("documents", "inspections", "certificates", "training"):
        set_manual_score(s, SUPERVISOR, month, firm, code, 0)


def test_consecutive_failing_months_warn_then_propose_suspension(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        settings.put(s, "assessment.grade_pass_min", 80)
        s.commit()
        _fail_month(s, c.firm_a, "2026-08")
        aug = finalise(s, SUPERVISOR, "2026-08", NOW)
        # No orders, every manual indicator at 0: 100*30 + 100*30 over 100 = 60.
        assert aug.firm(c.firm_a).total == Decimal("60.00")
        assert (aug.firm(c.firm_a).consecutive_fails, aug.firm(c.firm_a).warning) == (1, "")
        _fail_month(s, c.firm_a, "2026-09")
        sep = finalise(s, SUPERVISOR, "2026-09", NOW)
        assert (sep.firm(c.firm_a).consecutive_fails, sep.firm(c.firm_a).warning) == (2, "warning")
        oct_ = compute_month(s, "2026-10", NOW)
    assert oct_.firm(c.firm_a).grade == "不合格"
    assert (oct_.firm(c.firm_a).consecutive_fails, oct_.firm(c.firm_a).warning) == (
        3,
        "suspension",
    )
    assert oct_.firm(c.firm_b).warning == ""


def test_finalise_locks_the_month_admin_edits_are_audited(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        with pytest.raises(PermissionDenied):
            finalise(s, OPERATOR, "2026-10", NOW)
        set_comment(s, SUPERVISOR, "2026-10", c.firm_a, "按时率偏低，限期整改")
        locked = finalise(s, SUPERVISOR, "2026-10", NOW)
        assert locked.status == "final"
        # As by hand above, with no inspection entered: building 100 instead of 90.
        assert locked.firm(c.firm_a).total == Decimal("79.70")
        with pytest.raises(Conflict):
            finalise(s, SUPERVISOR, "2026-10", NOW)
        # New data after the lock does not move a signed month.
        order(s, c, firm=c.firm_a, late=True, disputed=True)
        s.commit()
        again = compute_month(s, "2026-10", NOW).firm(c.firm_a)
        assert (again.total, again.orders, again.comment) == (
            Decimal("79.70"),
            20,
            "按时率偏低，限期整改",
        )
        assert again.indicator("satisfaction").score == Decimal("33.33")
        with pytest.raises(PermissionDenied):
            set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "training", 10)
        with pytest.raises(PermissionDenied):
            set_comment(s, SUPERVISOR, "2026-10", c.firm_a, "改")
        set_manual_score(s, ADMIN, "2026-10", c.firm_a, "training", 10, "复核：培训记录缺失")
        amended = compute_month(s, "2026-10", NOW).firm(c.firm_a)
        # Staff 60/100 instead of 100: the total drops by 40 * 20 / 100 = 8.
        assert amended.total == Decimal("71.70")
        assert amended.grade == "合格"
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-1] == "assessment.edit_final"
    assert "assessment.finalise" in actions


def test_bad_input_is_refused_with_a_clear_message(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        with pytest.raises(ValidationError, match="outside 0 to 50"):
            set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "training", 51)
        with pytest.raises(ValidationError, match="not a manual indicator"):
            set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "on_time_rate", 1)
        with pytest.raises(ValidationError, match="YYYY-MM"):
            compute_month(s, "2026-13", NOW)


def test_scores_comments_and_the_lock_are_announced_with_the_month(db: Database) -> None:
    with db.sessions() as s:
        c = build(s)
        heard = Announced(db)
        with pytest.raises(ValidationError):
            set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "training", 51)
        with pytest.raises(PermissionDenied):
            finalise(s, OPERATOR, "2026-10", NOW)
        assert heard.topics() == []

        set_manual_score(s, SUPERVISOR, "2026-10", c.firm_a, "inspections", 40)
        set_comment(s, SUPERVISOR, "2026-10", c.firm_b, "限期整改")
        finalise(s, SUPERVISOR, "2026-10", NOW)
        rows = dict(s.execute(select(Assessment.firm_id, Assessment.id)).all())
        assert [(a["ids"], a["month"]) for a in heard.topic("assessment.changed")] == [
            ([rows[c.firm_a]], "2026-10"),
            ([rows[c.firm_b]], "2026-10"),
            (sorted(rows.values()), "2026-10"),
        ]
        assert heard.topics() == ["assessment.changed"] * 3

        heard = Announced(db)
        with pytest.raises(Conflict):
            finalise(s, SUPERVISOR, "2026-10", NOW)
        with pytest.raises(PermissionDenied):
            set_comment(s, SUPERVISOR, "2026-10", c.firm_a, "改")
        assert heard.topics() == []
