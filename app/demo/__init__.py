"""The deterministic demo centre: reference data, generated people and firms, months of history.

``app.demo.seed.seed_demo`` is the entry point (``anxin seed --demo``). Everything is drawn from
``random.Random`` seeded by the caller, so one seed gives one database, byte for byte.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoUser(NamedTuple):
    username: str
    password: str
    display_name: str
    role: str


# The demo centre's sign-ins, one per role; the login screen may show them in demo mode.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("operator", "operator123", "话务员小王", "operator"),
    DemoUser("supervisor", "supervisor123", "主管小李", "supervisor"),
    DemoUser("admin", "admin123", "管理员小张", "admin"),
)
