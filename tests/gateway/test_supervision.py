"""Silence is an alarm: devices that miss their test, receivers that stop talking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from app.bus import Bus
from app.context import Database
from app.gateway.service import Gateway, GatewayConfig
from app.gateway.supervision import receiver_silent_alarm, sweep_silent_devices
from db.models import Alarm, Device
from tests.feed_helpers import Announced
from tests.gateway.conftest import Centre

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def set_last_test(db: Database, device_id: int, when: datetime | None) -> None:
    with db.sessions() as s:
        s.execute(update(Device).where(Device.id == device_id).values(last_test_at=when))
        s.commit()


def test_overdue_device_raises_one_alarm_per_silence(db: Database, centre: Centre) -> None:
    set_last_test(db, centre.device_1234, NOW - timedelta(hours=26))  # 24 h + 1 h grace passed
    set_last_test(db, centre.device_5678, NOW - timedelta(hours=24, minutes=30))  # in grace
    with db.sessions() as s:
        first = sweep_silent_devices(s, NOW)
        s.commit()
        again = sweep_silent_devices(s, NOW + timedelta(minutes=1))
        s.commit()
        (alarm,) = s.scalars(select(Alarm))
    assert len(first) == 1 and again == []
    assert (alarm.event_code, alarm.priority, alarm.status) == ("102", 2, "raised")
    assert alarm.elder_id == centre.zhang and alarm.device_id == centre.device_1234
    # The device reports, then goes silent again: a new episode, a new alarm.
    set_last_test(db, centre.device_1234, NOW + timedelta(hours=1))
    with db.sessions() as s:
        new = sweep_silent_devices(s, NOW + timedelta(hours=27))
        s.commit()
        devices = s.scalars(select(Alarm.device_id).where(Alarm.id.in_(new))).all()
    assert sorted(devices) == [centre.device_1234, centre.device_5678]


def test_never_reported_and_inactive_devices_are_left_alone(db: Database, centre: Centre) -> None:
    set_last_test(db, centre.device_5678, NOW - timedelta(days=3))
    with db.sessions() as s:
        s.execute(update(Device).where(Device.id == centre.device_5678).values(status="removed"))
        s.commit()
        assert sweep_silent_devices(s, NOW) == []


def test_receiver_silence_is_an_alarm_once_per_episode(db: Database) -> None:
    since = NOW - timedelta(seconds=90)
    with db.sessions() as s:
        first = receiver_silent_alarm(s, "/dev/ttyUSB0", "surgard", since, 90.0, NOW)
        again = receiver_silent_alarm(s, "/dev/ttyUSB0", "surgard", since, 120.0, NOW)
        s.commit()
        alarm = s.get(Alarm, first)
    assert first is not None and again is None and alarm is not None
    assert (alarm.account, alarm.event_code, alarm.unknown_account) == (
        "/dev/ttyUSB0",
        "RSL",
        False,
    )


def test_gateway_sweep_announces(sqlite_db: Database, tmp_path: Path) -> None:
    from tests.gateway.conftest import make_centre

    centre = make_centre(sqlite_db)
    set_last_test(sqlite_db, centre.device_1234, datetime.now(UTC) - timedelta(days=2))
    bus = Bus()
    seen = Announced(sqlite_db)
    gw = Gateway(sqlite_db, bus, GatewayConfig(journal=str(tmp_path / "j.jsonl")))
    ids = gw.sweep()
    assert len(ids) == 1
    assert seen.topic("alarm.raised")[0]["elder_name"] == "张三"
    gw.journal.close()
