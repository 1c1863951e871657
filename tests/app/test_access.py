"""Roles grant permissions upward; a refusal says who, as what, and what it needed."""

from __future__ import annotations

import pytest

from app.access import PERMISSIONS, ROLES, Actor, allowed, require
from app.errors import PermissionDenied


def test_higher_roles_hold_what_lower_roles_hold() -> None:
    for permission in PERMISSIONS:
        held = [allowed(role, permission) for role in ROLES]
        # Once a role holds it, every role above does too.
        assert held == sorted(held)
    assert allowed("admin", "user.manage") and not allowed("supervisor", "user.manage")


def test_refusal_names_the_person_the_role_and_the_action() -> None:
    clerk = Actor("li", role="operator", display_name="李话务")
    with pytest.raises(PermissionDenied) as exc:
        require(clerk, "order.close")
    assert "李话务" in exc.value.message and "supervisor" in exc.value.message
    assert "closing a completed order" in exc.value.message
    require(Actor("wang", role="supervisor"), "order.close")


def test_unknown_role_holds_nothing_and_unknown_permission_is_a_bug() -> None:
    assert not allowed("guest", "call.record")
    with pytest.raises(KeyError):
        allowed("admin", "no.such.permission")
