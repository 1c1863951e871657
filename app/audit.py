"""The audit log: who changed what, and when, written in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from sqlalchemy.orm import Session

from db.models import AuditEntry


def jsonable(value: object) -> object:
    """A JSON-safe copy: dates as ISO text, sets as sorted lists, Decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def record(
    session: Session,
    *,
    actor: str,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Add an entry to the session; the caller's commit writes it with the change itself,
    so a change is never stored without its entry nor an entry without its change."""
    session.add(
        AuditEntry(
            actor=actor,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=jsonable(dict(detail or {})),
        )
    )


def changes(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, object]:
    """Fields whose value differs, as {field: [old, new]} ready for an entry's detail."""
    out: dict[str, object] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = [jsonable(old), jsonable(new)]
    return out
