"""Areas, typed errors and the audit log that every registry service relies on."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app import audit
from app.context import Database
from app.errors import AnxinError, Conflict, FieldError, NotFound, ValidationError
from app.phones import display
from app.registry._checks import phone_display
from app.registry.areas import get_area, list_areas, list_communities
from db.models import AuditEntry
from tests.app.factories import make_areas


def test_areas_in_tree_order_with_paths(db: Database) -> None:
    with db.sessions() as s:
        areas = make_areas(s)
        assert [(a.name, a.depth) for a in list_areas(s)] == [
            ("城关区", 0),
            ("张掖路街道", 1),
            ("中山路社区", 2),
            ("金塔巷社区", 2),
            ("酒泉路街道", 1),
            ("皋兰路社区", 2),
        ]
        assert [c.path for c in list_communities(s)] == [
            "城关区 › 张掖路街道 › 中山路社区",
            "城关区 › 张掖路街道 › 金塔巷社区",
            "城关区 › 酒泉路街道 › 皋兰路社区",
        ]
        assert get_area(s, areas.street).path == "城关区 › 张掖路街道"
        with pytest.raises(NotFound):
            get_area(s, 999)


def test_validation_error_carries_every_field_error() -> None:
    errors = [
        FieldError("name", "required", "Name is required.", {"label": "Name"}),
        FieldError("phones[1].number", "phone_invalid", "Phone 2 '12345' is not a number in use."),
    ]
    exc = ValidationError(errors)
    assert isinstance(exc, AnxinError)
    assert exc.errors == errors and exc.message == "Name is required. (and 1 more problem)"
    assert exc.fields() == {"name", "phones[1].number"}
    assert exc.for_field("name") == [errors[0]]
    with pytest.raises(FrozenInstanceError):
        errors[0].code = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        ValidationError([])
    assert Conflict("Reload it.").message == "Reload it."


def test_audit_entry_is_written_with_the_change_and_json_safe(db: Database) -> None:
    with db.sessions() as s:
        audit.record(
            s,
            actor="op1",
            user_id=None,
            action="update",
            entity="elder",
            entity_id=7,
            detail={
                "born": date(1945, 3, 8),
                "at": datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
                "groups": {"living_alone", "empty_nest"},
            },
        )
        s.commit()
        entry = s.scalars(select(AuditEntry)).one()
        assert entry.detail == {
            "born": "1945-03-08",
            "at": "2025-01-02T03:04:00+00:00",
            "groups": ["empty_nest", "living_alone"],
        }
        assert entry.at.tzinfo is not None
    assert audit.changes({"a": 1, "b": date(2020, 1, 1)}, {"a": 1, "b": date(2021, 1, 1)}) == {
        "b": ["2020-01-01", "2021-01-01"]
    }


def test_fast_mobile_display_matches_the_library() -> None:
    for e164 in (
        "+8613800138000",
        "+8619912345678",
        "+8614512345678",
        "+869318812345",
        "+861088123456",
    ):
        assert phone_display(e164) == display(e164)
    assert phone_display("") == ""
