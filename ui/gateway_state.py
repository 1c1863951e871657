"""One verdict from every gateway link: the status-bar light and the red banner.

The gateway publishes each link's state on "gateway.link" (app.gateway.service, from
hardware.transport.link.describe): status connecting / connected / reconnecting / failed /
stopped, a reason, and ``silent_s`` while a connected receiver has sent nothing (its
heartbeat stopped). A link that is down or silent means alarms may not reach this seat:
the light turns red and the main window shows a banner until every link is connected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

DOWN = ("reconnecting", "failed")


@dataclass(frozen=True)
class GatewayView:
    state: str  # a ConsoleStatusBar.set_gateway_state state
    detail: str
    banner: str  # "" when every link is well


class LinkBoard:
    """The last state of each link, by port label."""

    def __init__(self, *, demo: bool) -> None:
        self.demo = demo
        self.links: dict[str, dict[str, Any]] = {}

    def update(self, state: dict[str, Any]) -> GatewayView:
        self.links[str(state.get("port"))] = state
        return self.view()

    def view(self) -> GatewayView:
        down = sorted(p for p, s in self.links.items() if s.get("status") in DOWN)
        silent = sorted(
            p
            for p, s in self.links.items()
            if s.get("silent_s") is not None and s.get("status") not in DOWN
        )
        statuses = {str(s.get("status")) for s in self.links.values()}
        if down or silent:
            items = [
                QCoreApplication.translate("GatewayState", "%1 not connected (%2)")
                .replace("%1", p)
                .replace("%2", str(self.links[p].get("reason") or "?"))
                for p in down
            ] + [
                QCoreApplication.translate("GatewayState", "%1 silent for %2 s")
                .replace("%1", p)
                .replace("%2", f"{float(self.links[p]['silent_s']):.0f}")
                for p in silent
            ]
            listed = "; ".join(items)
            banner = QCoreApplication.translate(
                "GatewayState",
                "Alarm gateway problem: %1. Alarms and calls on this line may not reach the "
                "console: check the cable and the receiver, or call the installer.",
            ).replace("%1", listed)
            return GatewayView("disconnected" if down else "silent", listed, banner)
        if statuses <= {"connected"}:
            detail = ", ".join(sorted(self.links))
            return GatewayView("simulated" if self.demo else "connected", detail, "")
        if statuses <= {"stopped"}:
            return GatewayView("none", "", "")
        return GatewayView("connecting", "", "")
