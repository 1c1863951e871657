"""Who may do what: roles, the permissions each grants, and the check services make.

A disabled button is not security: every service that changes data takes the
``Actor`` doing it and calls ``require`` before touching anything, so a refused
action fails the same way from the console, the command line or a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import PermissionDenied

ROLES = ("operator", "supervisor", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}

# Each permission names the least role that holds it; higher roles hold it too.
PERMISSIONS: dict[str, str] = {
    # Hotline work.
    "call.record": "operator",
    "order.dispatch": "operator",  # create, dispatch, re-dispatch after a rejection
    "order.progress": "operator",  # accepted / started / completed / rejected, as the firm reports
    "order.cancel": "operator",  # before the firm has accepted it
    "order.cancel_accepted": "supervisor",  # once staff are on their way or at the door
    "order.close": "supervisor",  # confirms a completed order for the month's settlement
    "order.override_routing": "operator",
    "registry.edit": "operator",
    # Alarms.
    "alarm.claim": "operator",
    "alarm.resolve": "operator",  # log actions on and resolve the alarm one has claimed
    "alarm.mute": "supervisor",
    "alarm.supervise": "supervisor",  # act on an alarm someone else has claimed
    # Callbacks, complaints, care calls and check-ins.
    "followup.record": "operator",
    "complaint.record": "operator",  # record a complaint and log the handling steps
    "complaint.close": "supervisor",
    "dispute.decide": "supervisor",  # an order the elder says never happened
    # Management.
    "assessment.finalise": "supervisor",
    "assessment.edit_final": "admin",
    "user.manage": "admin",
    "settings.edit": "admin",
}


@dataclass(frozen=True)
class Actor:
    """The person a service acts for: recorded in the audit log and checked by ``require``."""

    name: str  # as the audit log records it (username, or "gateway", "demo", ...)
    role: str = "operator"
    user_id: int | None = None
    display_name: str = ""

    def can(self, permission: str) -> bool:
        return allowed(self.role, permission)


SYSTEM = Actor("system", role="admin")


def allowed(role: str, permission: str) -> bool:
    least = PERMISSIONS.get(permission)
    if least is None:
        raise KeyError(f"unknown permission {permission!r}")
    return role in _RANK and _RANK[role] >= _RANK[least]


def require(actor: Actor, permission: str) -> None:
    """Raise ``PermissionDenied`` with a message fit to show when ``actor`` may not."""
    if not allowed(actor.role, permission):
        least = PERMISSIONS[permission]
        raise PermissionDenied(
            f"{actor.display_name or actor.name} is signed in as {actor.role}; "
            f"this needs a {least}: {DESCRIPTIONS.get(permission, permission)}"
        )


DESCRIPTIONS: dict[str, str] = {
    "call.record": "recording a call",
    "order.dispatch": "dispatching a work order",
    "order.progress": "recording a firm's progress on an order",
    "order.cancel": "cancelling an order",
    "order.cancel_accepted": "cancelling an order the firm has already accepted",
    "order.close": "closing a completed order",
    "order.override_routing": "choosing another firm than the routing rule",
    "registry.edit": "editing the registry",
    "alarm.claim": "claiming an alarm",
    "alarm.resolve": "handling and resolving an alarm",
    "alarm.mute": "muting the alarm sound",
    "alarm.supervise": "acting on an alarm another operator has claimed",
    "followup.record": "recording a callback or care call",
    "complaint.record": "recording a complaint",
    "complaint.close": "closing a complaint",
    "dispute.decide": "deciding a disputed order",
    "assessment.finalise": "finalising a month's assessment",
    "assessment.edit_final": "changing a finalised assessment",
    "user.manage": "managing users",
    "settings.edit": "changing the centre's settings",
}
