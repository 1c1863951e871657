"""Every change to an order bumps its ``version``, whoever makes it.

The order services change an order with one conditional UPDATE that sets the version
itself. Other services change an order through the ORM (a follow-up marks it disputed);
this hook bumps the version of those too, so a step taken from a copy shown before
them is refused as stale rather than recorded on top of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper

from db.models import WorkOrder


@event.listens_for(WorkOrder, "before_update")
def _bump_version(_mapper: Mapper[Any], _conn: Any, order: WorkOrder) -> None:
    state = inspect(order)
    # before_update also fires for an order that is only in the session's dirty set
    # because a related row was added: no column changed, nothing to bump.
    changed = any(
        state.attrs[prop.key].history.has_changes()
        for prop in state.mapper.column_attrs
        if prop.key != "version"
    )
    if changed and not state.attrs.version.history.has_changes():
        order.version = (order.version or 0) + 1
