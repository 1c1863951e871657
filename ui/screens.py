"""The nine screens of the console, in navigation order (Ctrl+1 … Ctrl+9).

Each entry builds its widget from the shared context; screens that a later issue
fills are placeholders that say what they will hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.context import UiContext
from ui.placeholder import PlaceholderScreen


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    build: Callable[[UiContext], QWidget]


def _placeholder(title: str, description: str) -> Callable[[UiContext], QWidget]:
    return lambda _ctx: PlaceholderScreen(title, description)


def _hotline(ctx: UiContext) -> QWidget:
    from ui.hotline.screen import HotlineScreen

    return HotlineScreen(ctx)


def _alarms(ctx: UiContext) -> QWidget:
    from ui.alarms.screen import AlarmsScreen

    return AlarmsScreen(ctx)


def _settings(ctx: UiContext) -> QWidget:
    from ui.settings_screen import SettingsScreen

    return SettingsScreen(ctx)


def _elders(ctx: UiContext) -> QWidget:
    from ui.elders.screen import EldersScreen

    return EldersScreen(ctx)


def _orders(ctx: UiContext) -> QWidget:
    from ui.orders.screen import OrdersScreen

    return OrdersScreen(ctx)


def _followup(ctx: UiContext) -> QWidget:
    from ui.followup.screen import FollowupScreen

    return FollowupScreen(ctx)


def _firms(ctx: UiContext) -> QWidget:
    from ui.firms.screen import FirmsScreen

    return FirmsScreen(ctx)


def _assessment(ctx: UiContext) -> QWidget:
    from ui.assessment.screen import AssessmentScreen

    return AssessmentScreen(ctx)


def screen_specs() -> list[ScreenSpec]:
    return [
        ScreenSpec("hotline", QCoreApplication.translate("Screens", "Hotline"), _hotline),
        ScreenSpec("alarms", QCoreApplication.translate("Screens", "Alarms"), _alarms),
        ScreenSpec("orders", QCoreApplication.translate("Screens", "Orders"), _orders),
        ScreenSpec("elders", QCoreApplication.translate("Screens", "Elders"), _elders),
        ScreenSpec("firms", QCoreApplication.translate("Screens", "Firms"), _firms),
        ScreenSpec(
            "followup",
            QCoreApplication.translate("Screens", "Follow-up"),
            _followup,
        ),
        ScreenSpec(
            "assessment",
            QCoreApplication.translate("Screens", "Assessment"),
            _assessment,
        ),
        ScreenSpec(
            "dashboard",
            QCoreApplication.translate("Screens", "Dashboard"),
            _placeholder(
                QCoreApplication.translate("Screens", "Dashboard"),
                QCoreApplication.translate(
                    "Screens",
                    "A live picture of the centre: calls waiting, open alarms, overdue "
                    "orders and this month's figures.",
                ),
            ),
        ),
        ScreenSpec(
            "settings",
            QCoreApplication.translate("Screens", "Settings"),
            _settings,
        ),
    ]
