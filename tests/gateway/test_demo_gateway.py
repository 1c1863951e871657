"""Demo mode: the real gateway on pseudo-terminals, fed by simulated boxes."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select

from app.bus import Bus
from app.context import Database
from app.demo.seed import SeedOptions, seed_demo
from app.feed.changefeed import ChangeFeed
from app.feed.topics import Change
from app.gateway.demo import DemoGateway
from db.models import Alarm, Call, Device


def test_calls_and_alarms_arrive_stored_and_announced(sqlite_db: Database) -> None:
    seed_demo(sqlite_db.engine, SeedOptions(elders=300, orders=1000, months=1, seed=5))
    bus = Bus()
    seen: list[tuple[str, dict[str, Any]]] = []
    kinds: list[type] = []
    bus.subscribe("", lambda _t, change: kinds.append(type(change)))
    bus.subscribe("", lambda topic, change: seen.append((topic, change.as_json())))
    # What the console sees: the change feed, not the gateway's own calls.
    feed = ChangeFeed(sqlite_db, bus).start()
    demo = DemoGateway(sqlite_db, bus, first_event_s=0.2, every_s=(0.2, 0.4), seed=2)
    demo.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            topics = [t for t, _ in seen]
            if "call.ringing" in topics and topics.count("alarm.raised") >= 2:
                break
            time.sleep(0.1)
    finally:
        demo.stop()
        feed.stop()

    # Nothing but typed changes from the feed reaches the screens' subscribers.
    assert kinds and all(issubclass(k, Change) for k in kinds), set(kinds)
    rings = [p for t, p in seen if t == "call.ringing"]
    assert rings, "no call reached the bus"
    # The first call comes from a registered elder's phone: the console can pop the card.
    assert rings[0]["elders"] and rings[0]["elders"][0]["name"]
    links = {
        p["port"]: p["status"]
        for t, p in seen
        if t == "gateway.link" and p["status"] == "connected"
    }
    assert set(links) == {"demo-receiver", "demo-callerid"}

    with sqlite_db.sessions() as s:
        sos = s.scalars(
            select(Alarm).where(Alarm.event_code == "101", Alarm.status == "raised")
        ).all()
        assert any(a.elder_id is not None and a.device_id is not None for a in sos)
        assert s.scalar(select(func.count()).select_from(Call).where(Call.source == "gateway")) >= 1
        # The demo's devices "kept testing" while the console was off: only the odd one is
        # silent, not every device seeded a day ago.
        silent = s.scalar(select(func.count()).select_from(Alarm).where(Alarm.event_code == "102"))
        devices = s.scalar(select(func.count()).select_from(Device))
        assert silent <= devices // 50 + 1
