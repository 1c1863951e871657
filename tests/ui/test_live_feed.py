"""Calls and alarms published by the gateway (on its own threads) reach the screens."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui.context import UiContext
from ui.live_feed import LiveFeed
from ui.main_window import MainWindow


def publish_from_worker(ctx: UiContext, topic: str, payload: dict[str, object]) -> None:
    t = threading.Thread(target=ctx.bus.publish, args=(topic, payload))
    t.start()
    t.join()


def test_ringing_call_shows_the_matched_elder(qtbot: QtBot, ctx: UiContext) -> None:
    feed = LiveFeed(ctx, "calls", "Hotline", "")
    qtbot.addWidget(feed)
    assert feed.table.rowCount() == 0
    publish_from_worker(
        ctx,
        "call.ringing",
        {
            "number": "09318812345",
            "line": "1",
            "elders": [{"id": 7, "name": "张秀英", "age": 81, "community": "中山路社区"}],
        },
    )
    qtbot.waitUntil(lambda: feed.table.rowCount() == 1)
    assert feed.table.item(0, 1).text() == "09318812345"
    assert feed.table.item(0, 2).text() == "张秀英 (81, 中山路社区)"
    publish_from_worker(ctx, "call.ringing", {"number": "13900000000", "elders": []})
    qtbot.waitUntil(lambda: feed.table.rowCount() == 2)
    assert feed.table.item(0, 2).text() == "Unknown caller"


def test_alarm_feed_lists_newest_first_and_ignores_calls(qtbot: QtBot, ctx: UiContext) -> None:
    feed = LiveFeed(ctx, "alarms", "Alarms", "")
    qtbot.addWidget(feed)
    publish_from_worker(ctx, "call.ringing", {"number": "1", "elders": []})
    for code, name, elder in (
        ("301", "AC Loss", "李桂兰"),
        ("101", "Personal Emergency", "王建国"),
    ):
        publish_from_worker(
            ctx,
            "alarm.raised",
            {
                "event_code": code,
                "event_name": name,
                "elder_name": elder,
                "account": "C526",
                "priority": 1 if code == "101" else 2,
                "received_at": "2026-11-25T06:00:00+00:00",
            },
        )
    qtbot.waitUntil(lambda: feed.table.rowCount() == 2)
    assert feed.table.item(0, 1).text() == "101 Personal emergency"
    assert feed.table.item(0, 2).text() == "王建国"
    assert feed.table.item(1, 2).text() == "李桂兰"


def test_gateway_light_follows_the_worst_link(qtbot: QtBot, ctx: UiContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    text = window.status.gateway.text.text

    def link(port: str, status: str, reason: str = "", silent: float | None = None) -> None:
        publish_from_worker(
            ctx,
            "gateway.link",
            {"port": port, "status": status, "reason": reason, "silent_s": silent},
        )

    link("COM3", "connected")
    link("COM4", "connected")
    qtbot.waitUntil(lambda: text().startswith("Gateway connected"))
    link("COM4", "connected", "no data for 95 s", silent=95.0)
    qtbot.waitUntil(lambda: text().startswith("Receiver silent"))
    assert "COM4" in text()
    link("COM3", "reconnecting", "read failed on COM3: device unplugged")
    qtbot.waitUntil(lambda: text().startswith("Gateway disconnected"))
    # The light's text is cut to fit the status bar; its tooltip has every reason.
    assert "device unplugged" in window.status.gateway.toolTip()
