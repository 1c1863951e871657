"""The banner's figures and the supervisor-only mute, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import alarms
from app.context import Database
from app.errors import PermissionDenied
from db.models import AuditEntry
from tests.app.alarm_centre import T0, AlarmCentre, add_alarm, make_alarm_centre, seconds
from tests.feed_helpers import Announced


@pytest.fixture
def ac(db: Database) -> AlarmCentre:
    with db.sessions() as s:
        return make_alarm_centre(s)


def test_watch_state_counts_unclaimed_and_names_the_most_urgent(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        assert alarms.watch_state(s, T0).first is None
        battery = add_alarm(
            s,
            device_id=ac.device_5678,
            elder_id=ac.li,
            code="302",
            name="Low Battery",
            priority=2,
            at=T0,
            account="5678",
        )
        sos = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0 + seconds(10))
        later = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0 + seconds(20))
        claimed = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0 + seconds(5))
        alarms.claim(s, claimed, ac.operator_a, T0 + seconds(6))
        state = alarms.watch_state(s, T0 + seconds(40), asking=[sos, claimed, 999_999])

    assert (state.unclaimed, state.unclaimed_life) == (3, 2)
    assert state.newest_life_id == later and state.newest_id == later
    assert not state.life_escalated
    # A life alarm comes before an older equipment alarm; the claimed one is not waiting.
    assert state.first is not None
    assert (state.first.alarm_id, state.first.elder_name, state.first.event_code) == (
        sos,
        "张三",
        "101",
    )
    assert state.first.waiting_s == 30
    assert dict(state.statuses) == {sos: "raised", claimed: "claimed", 999_999: ""}
    assert battery not in state.statuses


def test_an_escalated_life_alarm_is_flagged_for_the_louder_sound(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        alarms.escalate_due(s, T0 + seconds(31))
        assert alarms.watch_state(s, T0 + seconds(31)).life_escalated


def test_only_a_supervisor_mutes_and_the_mute_names_the_newest_life_alarm(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        newest = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0 + seconds(3))
        announced = Announced(db)
        with pytest.raises(PermissionDenied) as refused:
            alarms.mute_sound(s, ac.operator_a, T0 + seconds(5))
        assert "supervisor" in refused.value.message and "muting" in refused.value.message
        assert announced.changes == []
        muted = alarms.mute_sound(s, ac.supervisor, T0 + seconds(6))
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "mute")).all()

    assert (muted.by, muted.through_alarm_id, muted.waiting) == ("陈主管", newest, 2)
    assert [(e.actor, e.entity_id) for e in entries] == [("sup", newest)]
    (mute,) = announced.changes
    assert mute.topic_name == "alarm.muted" and mute.ids == ()
    assert mute.data() == {
        "by_name": "陈主管",
        "user_id": ac.supervisor.user_id,
        "through_alarm_id": newest,
    }


def test_a_mute_with_no_life_alarm_waiting_holds_through_nothing(
    db: Database, ac: AlarmCentre
) -> None:
    announced = Announced(db)
    with db.sessions() as s:
        muted = alarms.mute_sound(s, ac.supervisor, T0)
    assert muted.through_alarm_id is None
    # 0 is below every alarm id: the next life alarm, whichever, sounds on every seat.
    assert announced.topic("alarm.muted")[0]["through_alarm_id"] == 0
