"""What every follow-up job shares: the centre's clock and calendar, the elders' phone
numbers, and the audit and change-feed calls that end each change.

Each change checks the actor's permission, writes the audit log and announces the change
(``_announce``) in the same transaction, then commits: a rollback forgets both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, settings
from app.access import Actor
from app.errors import NotFound
from app.feed import announce, changed
from db.models import Call, ElderPhone


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(str(settings.get(session, "centre.timezone")))


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_of(session: Session, now: datetime) -> str:
    """The centre's local month of ``now`` as YYYY-MM (care calls are counted by it)."""
    return f"{now.astimezone(_zone(session)):%Y-%m}"


def _phones(session: Session, elder_ids: Iterable[int]) -> dict[int, str]:
    """The first registered number of each elder (one query)."""
    ids = sorted(set(elder_ids))
    out: dict[int, str] = {}
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for elder_id, number in session.execute(
            select(ElderPhone.elder_id, ElderPhone.number)
            .where(ElderPhone.elder_id.in_(part))
            .order_by(ElderPhone.elder_id, ElderPhone.id)
        ):
            out.setdefault(elder_id, number)
    return out


def _audit(
    session: Session, actor: Actor, action: str, entity: str, entity_id: int, **detail: object
) -> None:
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
    )


def _announce(session: Session, **kinds: list[int]) -> None:
    """Announce ``kind=[ids]`` (a feed kind: followup, complaint, carecall, checkin...) with
    the session's next commit; a kind with no ids is left out."""
    announce(session, *(changed(kind, ids) for kind, ids in kinds.items() if ids))


def _check_call(session: Session, call_id: int | None) -> Call | None:
    if call_id is None:
        return None
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"call {call_id} does not exist")
    return call
