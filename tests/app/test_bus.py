from __future__ import annotations

from typing import Any

from app.bus import Bus


def test_prefix_subscription_unsubscribe_and_failing_subscriber() -> None:
    bus = Bus()
    got: list[tuple[str, dict[str, Any]]] = []

    def broken(_t: str, _p: dict[str, Any]) -> None:
        raise RuntimeError("bad view")

    bus.subscribe("", broken)
    stop = bus.subscribe("call.", lambda t, p: got.append((t, p)))
    bus.publish("call.ringing", {"number": "+8613800138000"})
    bus.publish("elder.changed", None)
    assert got == [("call.ringing", {"number": "+8613800138000"})]
    stop()
    bus.publish("call.ringing", {})
    assert len(got) == 1
