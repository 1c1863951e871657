"""Ingest on both backends: what an operator would see in the alarm list and on a ring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.bus import Bus
from app.context import Database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from db.models import Alarm, Call, Device
from hardware.codecs import make_codec
from hardware.codecs.encode import encode_hayes_call, encode_surgard
from hardware.events import CallStateEvent, Event, FrameError, Heartbeat
from tests.feed_helpers import Announced
from tests.gateway.conftest import LANDLINE, LANDLINE_E164, Centre


def events(data: bytes, protocol: str = "surgard") -> list[Event]:
    codec = make_codec(protocol)
    return codec.feed(data) + codec.flush()


def one(data: bytes, protocol: str = "surgard") -> Event:
    (event,) = [e for e in events(data, protocol) if not isinstance(e, FrameError | CallStateEvent)]
    return event


def alarms(db: Database) -> list[Alarm]:
    with db.sessions() as s:
        return list(s.scalars(select(Alarm).order_by(Alarm.id)))


def device(db: Database, device_id: int) -> Device:
    with db.sessions() as s:
        d = s.get(Device, device_id)
        assert d is not None
        return d


def test_alarm_is_stored_with_its_elder_and_announced(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    assert ingestor.ingest(one(encode_surgard("1234", "new", "101", ccc="001")))
    (row,) = alarms(db)
    assert (row.account, row.event_code, row.priority, row.status) == ("1234", "101", 1, "raised")
    assert row.elder_id == centre.zhang and row.device_id == centre.device_1234
    assert not row.unknown_account
    assert row.zone == "001" and "5011 181234E10100001" in row.raw
    (msg,) = published.topic("alarm.raised")
    assert msg["ids"] == [row.id] and msg["priority"] == 1 and msg["elder_name"] == "张三"
    assert device(db, centre.device_1234).last_event_at is not None


def test_unknown_account_is_stored_flagged_and_announced(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    assert ingestor.ingest(one(encode_surgard("9999", "new", "100")))
    (row,) = alarms(db)
    assert row.unknown_account and row.elder_id is None and row.device_id is None
    assert published.topic("alarm.raised")[0]["unknown_account"] is True


def test_registering_the_device_fixes_the_next_alarm_at_once(
    db: Database, centre: Centre, ingestor: Ingestor, bus: Bus
) -> None:
    ingestor.ingest(one(encode_surgard("9999", "new", "100")))
    with db.sessions() as s:
        s.add(Device(account="9999", elder_id=centre.wang, kind="pendant"))
        s.commit()
    ingestor.ingest(one(encode_surgard("9999", "new", "100", ccc="002")))
    assert [a.elder_id for a in alarms(db)] == [None, centre.wang]


def test_a_resend_is_stored_once_and_still_acknowledged(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    frame = encode_surgard("1234", "new", "101")
    for _ in range(4):
        assert ingestor.ingest(one(frame))
    assert len(alarms(db)) == 1
    assert len(published.topic("alarm.raised")) == 1
    assert ingestor.stats["duplicate"] == 3


def test_a_second_ingestor_does_not_store_the_same_frame_again(
    db: Database, centre: Centre, journal: Journal
) -> None:
    frame = encode_surgard("1234", "new", "101")
    first, second = Ingestor(db, Bus(), journal), Ingestor(db, Bus(), journal)
    assert first.ingest(one(frame)) and second.ingest(one(frame))
    assert len(alarms(db)) == 1


def test_the_same_frame_after_the_window_is_a_new_alarm(
    db: Database, centre: Centre, journal: Journal
) -> None:
    now = [datetime(2026, 3, 1, 8, 0, tzinfo=UTC)]
    ing = Ingestor(db, Bus(), journal, clock=lambda: now[0])
    frame = encode_surgard("1234", "new", "101")
    ing.ingest(one(frame))
    now[0] += timedelta(minutes=9)  # crosses a bucket boundary, still a re-send
    ing.ingest(one(frame))
    assert len(alarms(db)) == 1
    now[0] += timedelta(minutes=11)
    ing.ingest(one(frame))
    assert len(alarms(db)) == 2


def test_periodic_test_updates_the_device_only(
    db: Database, centre: Centre, ingestor: Ingestor
) -> None:
    assert ingestor.ingest(one(encode_surgard("1234", "new", "602")))
    assert alarms(db) == []
    d = device(db, centre.device_1234)
    assert d.last_test_at is not None and d.last_event_at == d.last_test_at


def test_ac_loss_sets_the_flag_and_its_restore_clears_it(
    db: Database, centre: Centre, ingestor: Ingestor
) -> None:
    ingestor.ingest(one(encode_surgard("1234", "new", "301")))
    ingestor.ingest(one(encode_surgard("1234", "new", "302")))
    d = device(db, centre.device_1234)
    assert d.mains_lost and d.battery_low
    ingestor.ingest(one(encode_surgard("1234", "restore", "301")))
    ingestor.ingest(one(encode_surgard("1234", "restore", "302")))
    d = device(db, centre.device_1234)
    assert not d.mains_lost and not d.battery_low
    rows = alarms(db)
    assert [(a.event_code, a.priority, a.status) for a in rows] == [
        ("301", 2, "raised"),
        ("302", 2, "raised"),
        ("301", 2, "resolved"),
        ("302", 2, "resolved"),
    ]


def test_caller_id_with_one_elder(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    assert ingestor.ingest(one(encode_hayes_call("13800138000", "ZHANG"), "callerid"))
    with db.sessions() as s:
        (call,) = s.scalars(select(Call))
    assert (call.direction, call.number_norm, call.source) == ("in", "+8613800138000", "gateway")
    assert call.elder_id == centre.zhang
    (ring,) = published.topic("call.ringing")
    assert ring["ids"] == [call.id] and ring["elder_ids"] == [centre.zhang] and ring["number"] == "13800138000"
    assert [(e["id"], e["name"], e["community"]) for e in ring["elders"]] == [
        (centre.zhang, "张三", "中山路社区")
    ]
    assert ring["elders"][0]["age"] >= 80


def test_caller_id_on_a_shared_landline_lists_both_elders(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    ingestor.ingest(one(encode_hayes_call(LANDLINE), "callerid"))
    (ring,) = published.topic("call.ringing")
    assert ring["number_norm"] == LANDLINE_E164
    assert {e["name"] for e in ring["elders"]} == {"李秀英", "王芳"}
    with db.sessions() as s:
        assert s.scalar(select(Call.elder_id)) is None  # the operator picks one


def test_caller_id_unknown_and_private_numbers(
    db: Database, centre: Centre, ingestor: Ingestor, published: Announced
) -> None:
    ingestor.ingest(one(encode_hayes_call("13912345678"), "callerid"))
    ingestor.ingest(one(encode_hayes_call("P"), "callerid"))
    rings = published.topic("call.ringing")
    assert [r["elders"] for r in rings] == [[], []]
    assert rings[1]["privacy"] == "private"
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 2


def test_heartbeat_and_bad_frames_are_answered_without_writing(
    db: Database, centre: Centre, ingestor: Ingestor
) -> None:
    (hb,) = events(b"1011           @    \x14")
    assert isinstance(hb, Heartbeat) and ingestor.ingest(hb)
    assert ("surgard", "01") in ingestor.receivers
    bad = [e for e in events(b"5011 18XXXXE12101001\x14") if isinstance(e, FrameError)]
    assert bad and all(ingestor.ingest(e) for e in bad)
    assert ingestor.stats["error"] == len(bad) and sum(ingestor.errors.values()) == len(bad)
    assert alarms(db) == []
