"""Call records kept by the operator's keys: what each change announces, both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app import calls
from app.access import Actor
from app.context import Database
from app.errors import NotFound, PermissionDenied, ValidationError
from tests.app.factories import make_areas, make_elder
from tests.feed_helpers import Announced

OPERATOR = Actor("op1", role="operator")


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


def test_each_key_announces_the_call_with_its_new_state(s: Session, db: Database) -> None:
    elder = make_elder(s, make_areas(s).zhongshan)
    heard = Announced(db)
    call = calls.start_outbound(s, elder, "13800138000", actor=OPERATOR, purpose="care_call")
    calls.answer(s, call.id, actor=OPERATOR)
    calls.describe(s, call.id, actor=OPERATOR, notes="老人一切安好")
    calls.hang_up(s, call.id, actor=OPERATOR)
    assert [(c["topic"], c["ids"], c["state"]) for _, c in heard.items] == [
        ("call.changed", [call.id], "dialled"),
        ("call.changed", [call.id], "answered"),
        ("call.changed", [call.id], "described"),
        ("call.changed", [call.id], "ended"),
    ]


def test_a_refused_or_idle_key_announces_nothing(s: Session, db: Database) -> None:
    elder = make_elder(s, make_areas(s).zhongshan)
    call = calls.start_outbound(s, elder, "13800138000", actor=OPERATOR)
    calls.answer(s, call.id, actor=OPERATOR)
    heard = Announced(db)
    with pytest.raises(ValidationError):
        calls.start_outbound(s, elder, "not a number", actor=OPERATOR)
    with pytest.raises(ValidationError):
        calls.describe(s, call.id, actor=OPERATOR, disposition="gossip")
    with pytest.raises(NotFound):
        calls.answer(s, call.id + 100, actor=OPERATOR)
    with pytest.raises(PermissionDenied):
        calls.hang_up(s, call.id, actor=Actor("viewer", role="viewer"))
    # A second press, or a description that changes nothing, writes nothing to say.
    calls.answer(s, call.id, actor=OPERATOR)
    calls.describe(s, call.id, actor=OPERATOR, notes="")
    s.commit()
    assert heard.topics() == []
