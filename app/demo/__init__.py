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


# The demo centre's sign-ins, one per role, with published passwords: the sign-in screen
# lists them in demo mode (app.auth.seed_demo_users adds them to any demo database).
# People's names, not job titles: the status bar adds the role ("值班：王丽（话务员）").
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("operator", "operator123", "王丽", "operator"),
    DemoUser("supervisor", "supervisor123", "李建国", "supervisor"),
    DemoUser("admin", "admin123", "张敏", "admin"),
)
