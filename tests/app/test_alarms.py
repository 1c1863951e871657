"""Alarm handling on both backends: queue, the claim race, actions, resolution, escalation,
folding, storms, restores, the card, orders from an alarm and device supervision."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import alarms, settings
from app.alarms import AlreadyClaimed
from app.bus import Bus
from app.context import Database, open_database
from app.errors import Conflict, PermissionDenied, ValidationError
from app.feed.changefeed import ChangeFeed
from app.feed.topics import AlarmResolved, Change
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.scheduler.jobs import alarm_tick
from db.models import Alarm, AlarmAction, AlarmEscalation, AlarmStorm, AuditEntry, Device, WorkOrder
from hardware.events import AlarmEvent
from tests.app.alarm_centre import T0, AlarmCentre, add_alarm, make_alarm_centre, seconds
from tests.feed_helpers import Announced


@pytest.fixture
def ac(db: Database) -> AlarmCentre:
    with db.sessions() as s:
        return make_alarm_centre(s)


def press(
    account: str, code: str = "101", *, frame: str = "", zone: str = "001", name: str = ""
) -> AlarmEvent:
    """An event as the Sur-Gard codec hands it over; ``frame`` tells presses apart."""
    names = {"101": "Personal emergency", "301": "AC Loss", "100": "Medical"}
    return AlarmEvent(
        protocol="surgard",
        account=account,
        qualifier="new",
        event_code=code,
        event_name=name or names.get(code, code),
        receiver="1",
        line="1",
        zone=zone,
        raw=f"5011 18{account}E{code}01{zone}{frame}".encode(),
    )


def restore(account: str, code: str) -> AlarmEvent:
    return AlarmEvent(
        protocol="surgard",
        account=account,
        qualifier="restore",
        event_code=code,
        event_name="AC Restore",
        receiver="1",
        line="1",
        zone="001",
        raw=f"5011 18{account}R{code}01001".encode(),
    )


def ingestor(db: Database, tmp_path: Path, clock: list) -> Ingestor:
    # The ingest announces through the outbox; its bus only carries this PC's line states.
    return Ingestor(db, Bus(), Journal(tmp_path / "j.jsonl"), clock=lambda: clock[0])


# ----------------------------------------------------------------------------- queue


def test_queue_is_by_priority_then_time_with_waiting_and_claimer(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        battery = add_alarm(
            s,
            device_id=ac.device_5678,
            elder_id=ac.li,
            code="302",
            name="Low battery",
            priority=2,
            at=T0,
        )
        later_sos = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0 + seconds(20))
        sos = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0 + seconds(10))
        add_alarm(
            s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0, status="resolved", priority=1
        )
        alarms.claim(s, later_sos, ac.operator_a, T0 + seconds(25))
        queue = alarms.alarm_queue(s, T0 + seconds(40))
    # Unclaimed life alarms first, then the claimed one, then supervision.
    assert [e.alarm_id for e in queue] == [sos, later_sos, battery]
    first = queue[0]
    assert first.elder_name == "张三" and first.place == "中山路社区"
    assert first.waiting_s == 30 and first.status == "raised" and first.claimed_by_name == ""
    assert queue[1].claimed_by_name == "王小红" and queue[1].claimed_s == 15
    assert queue[2].waiting_s == 40 and queue[2].priority == 2


def test_queue_stays_fast_with_a_long_history(db: Database, ac: AlarmCentre) -> None:
    # 3,000 resolved alarms and two open ones: the queue reads only the open rows.
    with db.sessions() as s:
        rows = [
            Alarm(
                dedupe_key=f"old|{i}",
                protocol="surgard",
                account="1234",
                device_id=ac.device_1234,
                elder_id=ac.zhang,
                event_code="101",
                received_at=T0 - timedelta(hours=i),
                priority=1,
                status="resolved",
                outcome="accidental",
            )
            for i in range(1, 3001)
        ]
        s.add_all(rows)
        s.commit()
        add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0 + seconds(1))
        queue = alarms.alarm_queue(s, T0 + seconds(5))
    assert [e.elder_name for e in queue] == ["张三", "李秀英"]


# ----------------------------------------------------------------------------- claim


def test_claim_race_between_two_seats_has_exactly_one_winner(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s:
        ids = [
            add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0 + seconds(i))
            for i in range(5)
        ]
    for alarm_id in ids:
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def seat(
            actor_key: str, alarm_id: int = alarm_id, barrier=barrier, results=results
        ) -> None:
            actor = getattr(ac, actor_key)
            with db.sessions() as session:
                barrier.wait()
                try:
                    results[actor_key] = alarms.claim(session, alarm_id, actor, T0 + seconds(30))
                except AlreadyClaimed as exc:
                    results[actor_key] = exc

        threads = [threading.Thread(target=seat, args=(k,)) for k in ("operator_a", "operator_b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        won = [k for k, v in results.items() if isinstance(v, alarms.Claimed)]
        lost = [v for v in results.values() if isinstance(v, AlreadyClaimed)]
        assert len(won) == 1 and len(lost) == 1, results
        winner = getattr(ac, won[0]).display_name
        assert winner in lost[0].message and lost[0].holder == winner
        with db.sessions() as s:
            row = s.get(Alarm, alarm_id)
            assert row is not None and row.status == "claimed"
            assert row.claimed_by == getattr(ac, won[0]).user_id
            assert row.claimed_by_name == winner


def test_claim_again_by_the_holder_is_harmless_and_resolved_cannot_be_claimed(
    db: Database, ac: AlarmCentre
) -> None:
    announced = Announced(db)
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang)
        first = alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
        again = alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(9))
        assert again.claimed_at == first.claimed_at == T0 + seconds(5)
        assert announced.topics() == ["alarm.claimed"]  # the second claim changed nothing
        alarms.resolve(s, alarm_id, "accidental", "", ac.operator_a, T0 + seconds(60))
        with pytest.raises(Conflict, match="already resolved"):
            alarms.claim(s, alarm_id, ac.operator_b, T0 + seconds(70))
        audit = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "alarm", AuditEntry.entity_id == alarm_id
            )
        ).all()
    assert list(audit) == ["claim", "resolve"]


# ----------------------------------------------------------------------------- actions


def test_actions_only_while_claimed_and_only_by_the_claimer_or_a_supervisor(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang)
        with pytest.raises(Conflict, match="Claim the alarm"):
            alarms.log_action(s, alarm_id, "called_elder", actor=ac.operator_a, outcome="answered")
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(8))
        announced = Announced(db)
        with pytest.raises(PermissionDenied, match="王小红 has claimed"):
            alarms.log_action(s, alarm_id, "note", actor=ac.operator_b, note="我来吧")
        with pytest.raises(ValidationError) as bad:
            alarms.log_action(s, alarm_id, "called_elder", actor=ac.operator_a)
        assert bad.value.fields() == {"outcome"}
        with pytest.raises(ValidationError) as bad:
            alarms.log_action(
                s,
                alarm_id,
                "called_contact",
                actor=ac.operator_a,
                contact_position=3,
                outcome="answered",
            )
        assert bad.value.fields() == {"contact_position"}
        with pytest.raises(ValidationError) as bad:
            alarms.log_action(s, alarm_id, "note", actor=ac.operator_a)
        assert bad.value.fields() == {"note"}
        assert announced.topics() == []  # every refusal rolled back, announcing nothing

        alarms.log_action(
            s,
            alarm_id,
            "called_elder",
            actor=ac.operator_a,
            outcome="no_answer",
            now=T0 + seconds(20),
        )
        alarms.log_action(
            s,
            alarm_id,
            "called_contact",
            actor=ac.operator_a,
            contact_position=2,
            outcome="answered",
            now=T0 + seconds(50),
        )
        alarms.log_action(s, alarm_id, "called_120", actor=ac.operator_a, now=T0 + seconds(70))
        alarms.log_action(
            s, alarm_id, "note", actor=ac.supervisor, note="主管已知悉", now=T0 + seconds(80)
        )
        card = alarms.emergency_card(s, alarm_id)
        alarms.resolve(
            s, alarm_id, "real_emergency_ambulance", "120已送医", ac.operator_a, T0 + seconds(99)
        )
        with pytest.raises(Conflict, match="already resolved"):
            alarms.log_action(s, alarm_id, "note", actor=ac.operator_a, note="晚了")
    updated = announced.topic("alarm.updated")
    assert [(p["ids"], p["action"], p["status"]) for p in updated] == [
        ([alarm_id], kind, "claimed")
        for kind in ("called_elder", "called_contact", "called_120", "note")
    ]
    assert announced.topics()[-1] == "alarm.resolved"
    got = [(a.at - T0, a.kind, a.target, a.result, a.note, a.actor) for a in card.actions]
    assert got == [
        (seconds(20), "called_elder", "138 0013 8000", "no_answer", "", "王小红"),
        (seconds(50), "called_contact", "2 张丽 139 0931 0003", "answered", "", "王小红"),
        (seconds(70), "called_120", "120", "", "", "王小红"),
        (seconds(80), "note", "", "", "主管已知悉", "陈主管"),
    ]


# ----------------------------------------------------------------------------- resolve


@pytest.mark.parametrize(
    ("outcome", "note", "problem"),
    [
        ("", "", "outcome"),
        ("nonsense", "x", "outcome"),
        ("real_emergency_ambulance", " ", "note"),
        ("device_fault", "", "note"),
        ("no_answer_visit_sent", "", "note"),
        ("accidental", "", None),
        ("test", "", None),
        ("helped_by_contact", "", None),
        ("helped_by_firm", "", None),
        ("device_fault", "更换电池", None),
    ],
)
def test_resolve_needs_an_outcome_and_a_note_for_some(
    db: Database, ac: AlarmCentre, outcome: str, note: str, problem: str | None
) -> None:
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang)
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
        announced = Announced(db)
        if problem:
            with pytest.raises(ValidationError) as bad:
                alarms.resolve(s, alarm_id, outcome, note, ac.operator_a, T0 + seconds(30))
            assert bad.value.fields() == {problem}
            assert s.get(Alarm, alarm_id).status == "claimed"  # type: ignore[union-attr]
            assert announced.topics() == []  # refused: nothing announced
            return
        done = alarms.resolve(s, alarm_id, outcome, note, ac.operator_a, T0 + seconds(30))
        row = s.get(Alarm, alarm_id, populate_existing=True)
    assert done.outcome == outcome and row is not None
    assert (row.status, row.outcome, row.outcome_note) == ("resolved", outcome, note.strip())
    assert row.resolved_at == T0 + seconds(30)
    (resolved,) = announced.changes
    assert isinstance(resolved, AlarmResolved) and resolved.ids == (alarm_id,)
    assert (resolved.status, resolved.outcome, resolved.account) == ("resolved", outcome, "1234")


def test_only_the_claimer_or_a_supervisor_resolves(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang)
        with pytest.raises(Conflict, match="Claim the alarm"):
            alarms.resolve(s, alarm_id, "accidental", "", ac.operator_a, T0)
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
        with pytest.raises(PermissionDenied):
            alarms.resolve(s, alarm_id, "accidental", "", ac.operator_b, T0 + seconds(9))
        alarms.resolve(s, alarm_id, "test", "", ac.supervisor, T0 + seconds(9))


# ----------------------------------------------------------------------------- escalation


def test_escalation_with_a_controllable_clock_records_each_kind_once(
    db: Database, ac: AlarmCentre
) -> None:
    announced = Announced(db)
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        quiet = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0 + seconds(25))
        alarms.claim(s, quiet, ac.operator_b, T0 + seconds(26))

        def at(n: int) -> list[tuple[int, str]]:
            return [
                (e.alarm_id, e.kind)
                for e in alarms.escalate_due(
                    s, T0 + seconds(n), unclaimed_after_s=30, unresolved_after_s=600
                )
            ]

        assert at(29) == []
        assert at(30) == [(alarm_id, "unclaimed")]
        assert at(31) == []  # once per kind, however often the seats look
        assert at(149) == []
        assert at(150) == [(alarm_id, "breach_warning")]  # 30 s before the 180 s breach
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(160))
        assert at(26 + 599) == []
        assert at(26 + 600) == [(quiet, "unresolved")]
        assert at(160 + 600) == [(alarm_id, "unresolved")]
        assert at(5000) == []
        rows = s.execute(
            select(
                AlarmEscalation.alarm_id, AlarmEscalation.kind, AlarmEscalation.waited_s
            ).order_by(AlarmEscalation.id)
        ).all()
        levels = {a.id: a.escalation_level for a in s.scalars(select(Alarm))}
    assert [tuple(r) for r in rows] == [
        (alarm_id, "unclaimed", 30),
        (alarm_id, "breach_warning", 150),
        (quiet, "unresolved", 600),
        (alarm_id, "unresolved", 600),
    ]
    assert levels == {alarm_id: 3, quiet: 3}
    escalated = announced.topic("alarm.escalated")
    assert [
        (p["ids"], [(e["alarm_id"], e["kind"]) for e in p["escalations"]]) for p in escalated
    ] == [
        ([alarm_id], [(alarm_id, "unclaimed")]),
        ([alarm_id], [(alarm_id, "breach_warning")]),
        ([quiet], [(quiet, "unresolved")]),
        ([alarm_id], [(alarm_id, "unresolved")]),
    ]
    first = escalated[0]["escalations"][0]
    assert first == {
        "alarm_id": alarm_id,
        "storm_id": None,
        "kind": "unclaimed",
        "level": 1,
        "waited_s": 30,
        "count": 1,
        "event_code": "101",
        "elder_name": "张三",
    }
    assert escalated[0]["escalation"] == "unclaimed" and escalated[0]["status"] == "raised"


def test_escalation_times_come_from_the_settings(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s:
        settings.put(s, "alarms.unclaimed_escalate_s", 10)
        s.commit()
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        assert alarms.escalate_due(s, T0 + seconds(9)) == []
        (e,) = alarms.escalate_due(s, T0 + seconds(10))
    assert (e.alarm_id, e.kind, e.waited_s, e.elder_name) == (alarm_id, "unclaimed", 10, "张三")


# ----------------------------------------------------------------------------- folding


def test_repeated_presses_fold_into_the_open_alarm_with_a_count(
    db: Database, ac: AlarmCentre, tmp_path: Path
) -> None:
    clock = [T0]
    announced = Announced(db)
    ing = ingestor(db, tmp_path, clock)
    ing.ingest(press("1234", frame="a"))
    clock[0] = T0 + timedelta(minutes=2)
    ing.ingest(press("1234", frame="b"))
    ing.ingest(press("1234", frame="b"))  # the receiver re-sends: counted once
    clock[0] = T0 + timedelta(minutes=6)  # 4 min after the last press: still folds
    ing.ingest(press("1234", frame="c"))
    ing.ingest(press("1234", zone="002", frame="d"))  # another zone is another event
    with db.sessions() as s:
        rows = s.scalars(select(Alarm).order_by(Alarm.id)).all()
        assert [(a.zone, a.repeat_count) for a in rows] == [("001", 3), ("002", 1)]
        assert rows[0].last_repeat_at == T0 + timedelta(minutes=6)
        queue = alarms.alarm_queue(s, clock[0])
        assert [e.repeat_count for e in queue] == [3, 1]
    folded = announced.topic("alarm.folded")
    assert [(p["ids"], p["repeat_count"]) for p in folded] == [([rows[0].id], 2), ([rows[0].id], 3)]
    clock[0] = T0 + timedelta(minutes=12)  # 6 min of quiet: a new alarm
    ing.ingest(press("1234", frame="e"))
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Alarm)) == 3


def test_a_press_after_the_alarm_was_resolved_is_a_new_alarm(
    db: Database, ac: AlarmCentre, tmp_path: Path
) -> None:
    clock = [T0]
    ing = ingestor(db, tmp_path, clock)
    ing.ingest(press("1234", frame="a"))
    with db.sessions() as s:
        (first,) = s.scalars(select(Alarm.id)).all()
        alarms.claim(s, first, ac.operator_a, T0 + seconds(5))
        alarms.resolve(s, first, "accidental", "", ac.operator_a, T0 + seconds(30))
    clock[0] = T0 + seconds(60)
    ing.ingest(press("1234", frame="b"))
    with db.sessions() as s:
        assert [a.repeat_count for a in s.scalars(select(Alarm).order_by(Alarm.id))] == [1, 1]


# ----------------------------------------------------------------------------- storms


def test_a_power_cut_becomes_one_storm_entry_under_the_personal_emergencies(
    db: Database, ac: AlarmCentre, tmp_path: Path
) -> None:
    clock = [T0]
    announced = Announced(db)
    ing = ingestor(db, tmp_path, clock)
    for i, account in enumerate(ac.street_accounts[:11]):
        clock[0] = T0 + seconds(10 * i)
        ing.ingest(press(account, "301"))
        if i == 4:
            ing.ingest(press("1234", "101"))  # someone falls during the power cut
    for account in ac.other_street_accounts:
        ing.ingest(press(account, "301"))  # too few in that street for a storm
    now = T0 + seconds(120)
    with db.sessions() as s:
        queue = alarms.alarm_queue(s, now)
        storms = s.scalars(select(AlarmStorm)).all()
    assert len(storms) == 1
    assert [(e.priority, e.is_storm, e.count) for e in queue] == [
        (1, False, 1),
        (2, True, 11),
        (2, False, 1),
        (2, False, 1),
        (2, False, 1),
    ]
    storm = queue[1]
    assert storm.place == "张掖路街道" and storm.devices == 11 and storm.waiting_s == 120
    raised = announced.topic("alarm.raised")
    assert [p.get("storm_created") for p in raised if p.get("storm_id")] == [True, False]

    claims = Announced(db)
    with db.sessions() as s:
        done = alarms.claim(s, storm.alarm_id, ac.operator_a, now)
        assert done.storm_id == storm.storm_id and len(done.alarm_ids) == 11
        with pytest.raises(AlreadyClaimed, match="王小红"):
            alarms.claim(s, storm.alarm_id + 1, ac.operator_b, now)
    # One announcement for the storm, its lead alarm first; the lost claim adds none.
    (claimed,) = claims.topic("alarm.claimed")
    assert claimed["ids"][0] == storm.alarm_id and sorted(claimed["ids"]) == sorted(done.alarm_ids)
    assert (claimed["storm_id"], claimed["status"], claimed["claimed_by_name"]) == (
        storm.storm_id,
        "claimed",
        "王小红",
    )
    assert claims.topics() == ["alarm.claimed"]
    # The 12th home reports after the claim: it joins, already in 王小红's hands.
    clock[0] = T0 + seconds(130)
    ing.ingest(press(ac.street_accounts[11], "301"))
    with db.sessions() as s:
        queue = alarms.alarm_queue(s, T0 + seconds(140))
        entry = next(e for e in queue if e.is_storm)
        assert (entry.count, entry.status, entry.claimed_by_name) == (12, "claimed", "王小红")
        card = alarms.emergency_card(s, entry.alarm_id)
        assert card.storm is not None and card.storm.alarms == 12
        assert dict(card.storm.communities) == {"中山路社区": 6, "金塔巷社区": 6}
        result = alarms.resolve(
            s,
            entry.alarm_id,
            "device_fault",
            "片区停电，供电局抢修中",
            ac.operator_a,
            T0 + seconds(600),
        )
        assert len(result.alarm_ids) == 12
        (resolved,) = claims.topic("alarm.resolved")
        assert resolved["ids"][0] == entry.alarm_id and len(resolved["ids"]) == 12
        assert (resolved["storm_id"], resolved["outcome"]) == (entry.storm_id, "device_fault")
        statuses = s.execute(
            select(Alarm.status, func.count())
            .where(Alarm.storm_id == entry.storm_id)
            .group_by(Alarm.status)
        ).all()
        assert [tuple(r) for r in statuses] == [("resolved", 12)]
        assert s.get(AlarmStorm, entry.storm_id, populate_existing=True).status == "resolved"  # type: ignore[union-attr]
        assert [e.priority for e in alarms.alarm_queue(s, T0 + seconds(600))] == [1, 2, 2, 2]


def test_storms_form_from_alarms_stored_outside_ingest(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s:
        for i, device_id in enumerate(ac.street_devices[:10]):
            d = s.get(Device, device_id)
            add_alarm(
                s,
                device_id=device_id,
                elder_id=d.elder_id,
                code="102",  # type: ignore[union-attr]
                name="Fail to Report In",
                priority=2,
                at=T0 + seconds(i),
            )
        announced = Announced(db)
        result = alarms.tick(s, T0 + seconds(20))
        assert result.storms == 1
        (entry,) = alarms.alarm_queue(s, T0 + seconds(20))
    assert entry.is_storm and entry.count == 10 and entry.event_code == "102"
    (formed,) = announced.topic("alarm.updated")
    assert (formed["action"], formed["storm_id"], len(formed["ids"])) == (
        "storm_formed",
        entry.storm_id,
        10,
    )


# ----------------------------------------------------------------------------- restores


def test_a_restore_closes_the_mains_lost_alarm_and_a_check_in_the_silent_one(
    db: Database, ac: AlarmCentre, tmp_path: Path
) -> None:
    clock = [T0]
    ing = ingestor(db, tmp_path, clock)
    ing.ingest(press("5678", "301"))
    with db.sessions() as s:
        silent = add_alarm(
            s,
            device_id=ac.device_1234,
            elder_id=ac.zhang,
            code="102",
            priority=2,
            name="Fail to Report In",
            at=T0,
        )
        sos = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        assert alarms.tick(s, T0 + seconds(5)).restored == 0
    clock[0] = T0 + seconds(300)
    ing.ingest(restore("5678", "301"))
    ing.ingest(press("1234", "602", name="Periodic test"))  # the pendant checks in
    announced = Announced(db)
    with db.sessions() as s:
        assert alarms.tick(s, T0 + seconds(305)).restored == 2
        rows = {a.id: a for a in s.scalars(select(Alarm))}
    mains = next(a for a in rows.values() if a.event_code == "301" and a.qualifier == "new")
    assert (mains.status, mains.outcome) == ("resolved", "restored")
    assert (rows[silent].status, rows[silent].outcome) == ("resolved", "restored")
    assert rows[sos].status == "raised"  # a life alarm is never closed for the operator
    (restored,) = announced.topic("alarm.resolved")
    assert sorted(restored["ids"]) == sorted([mains.id, silent])
    assert (restored["outcome"], restored["status"]) == ("restored", "resolved")


def test_sia_supervision_alarms_close_on_the_codecs_codes_and_restore_rows_are_left(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:

        def sia(code: str, device_id: int, **values: object) -> int:
            d = s.get(Device, device_id)
            assert d is not None
            return add_alarm(
                s, device_id=device_id, elder_id=d.elder_id, code=code, priority=2, **values
            )

        mains = sia("AT", ac.street_devices[0])
        battery = sia("XT", ac.street_devices[1])
        still_low = sia("YT", ac.street_devices[2])
        # Restores are stored already resolved: the wider code sets never reach them.
        restore_row = sia("AR", ac.street_devices[0], status="resolved", outcome="restored")
        s.get(Device, ac.street_devices[2]).battery_low = True  # type: ignore[union-attr]
        s.commit()
        closed = alarms.close_restored(s, T0 + seconds(60))
        statuses = {i: st for i, st in s.execute(select(Alarm.id, Alarm.status))}
    assert sorted(closed) == sorted([mains, battery])
    assert statuses[still_low] == "raised" and statuses[restore_row] == "resolved"


# ----------------------------------------------------------------------------- the card


def test_emergency_card_has_everything_the_operator_needs(db: Database, ac: AlarmCentre) -> None:
    with db.sessions() as s:
        for i, outcome in enumerate(("accidental", "accidental", "helped_by_contact")):
            add_alarm(
                s,
                device_id=ac.device_1234,
                elder_id=ac.zhang,
                status="resolved",
                outcome=outcome,
                at=T0 - timedelta(days=i + 1),
            )
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
        card = alarms.emergency_card(s, alarm_id, T0 + seconds(6))
    assert card.elder is not None and card.elder.name == "张三" and card.age is not None
    assert card.lives_alone
    assert "中山路社区" in card.full_address and "3栋" in card.full_address
    assert "4层" in card.full_address and "401室" in card.full_address
    assert card.elder.medical_notes == "高血压，冠心病" and card.elder.allergies == "青霉素"
    assert card.elder.medicines == "硝苯地平" and card.elder.care_level == "semi_dependent"
    assert [(c.position, c.name) for c in card.contacts] == [(1, "张明"), (2, "张丽")]
    assert card.device is not None and card.device.account == "1234"
    assert card.device.last_test_at == T0 and not card.device.silent
    assert card.device.firm_name == "安康居家养老服务中心"
    assert [p.outcome for p in card.past_alarms] == [
        "accidental",
        "accidental",
        "helped_by_contact",
    ]
    assert card.accidental_presses == 2
    assert [i.code for i in card.emergency_items] == ["EA001", "EA002"]
    assert card.alarm.claimed_by_name == "王小红" and card.storm is None


def test_dispatch_emergency_order_prefills_the_item_and_the_elders_firm(
    db: Database, ac: AlarmCentre
) -> None:
    now = T0 + seconds(30)
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        with pytest.raises(Conflict):
            alarms.dispatch_emergency_order(s, alarm_id, actor=ac.operator_a, now=now)
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
        announced = Announced(db)
        order = alarms.dispatch_emergency_order(s, alarm_id, actor=ac.operator_a, now=now)
        row = s.get(WorkOrder, order.order_id)
        action = s.scalars(select(AlarmAction).where(AlarmAction.alarm_id == alarm_id)).one()
    assert row is not None and row.alarm_id == alarm_id and row.item_id == ac.urgent_item
    assert row.firm_id == ac.firm_id and row.priority == 1 and row.status == "dispatched"
    assert order.firm_name == "安康居家养老服务中心"
    assert (action.kind, action.target) == ("order_dispatched", order.order_no)
    assert announced.topics() == ["order.changed", "alarm.updated"]
    (updated,) = announced.topic("alarm.updated")
    assert (updated["ids"], updated["action"]) == ([alarm_id], "order_dispatched")


# ----------------------------------------------------------------------------- devices


def test_device_conditions_filter_and_maintenance_order_in_one_step(
    db: Database, ac: AlarmCentre
) -> None:
    now = T0 + timedelta(hours=30)  # every device last tested at T0: past 24 h + 1 h grace
    with db.sessions() as s:
        for device_id in ac.street_devices + ac.other_street_devices:
            d = s.get(Device, device_id)
            d.last_test_at = now - timedelta(hours=1)  # type: ignore[union-attr]
        s.get(Device, ac.street_devices[0]).battery_low = True  # type: ignore[union-attr]
        s.get(Device, ac.other_street_devices[0]).mains_lost = True  # type: ignore[union-attr]
        s.commit()
        every = alarms.device_conditions(s, now=now)
        assert {(c.account, c.conditions) for c in every} == {
            ("1234", ("silent",)),
            ("5678", ("silent",)),
            (ac.street_accounts[0], ("battery_low",)),
            (ac.other_street_accounts[0], ("mains_lost",)),
        }
        assert [c.account for c in alarms.device_conditions(s, "mains_lost", now=now)] == [
            ac.other_street_accounts[0]
        ]
        in_street = alarms.device_conditions(s, area_id=ac.areas.street, now=now)
        assert {c.account for c in in_street} == {"1234", "5678", ac.street_accounts[0]}
        assert alarms.device_conditions(s, "battery_low", ac.areas.gaolan, now=now) == []
        with pytest.raises(ValidationError):
            alarms.device_conditions(s, "on_fire", now=now)
        silent = next(c for c in every if c.account == "5678")
        assert silent.silent_h == 30

        announced = Announced(db)
        order = alarms.maintenance_order(s, ac.device_5678, ac.operator_a, now=now)
        row = s.get(WorkOrder, order.order_id)
    assert row is not None and row.item_id == ac.onekey_item and row.firm_id == ac.firm_id
    assert row.elder_id == ac.li and "超时未测试" in row.notes
    assert order.item_name == "一键通设备维护"
    assert [(c.topic_name, c.ids) for c in announced.changes] == [
        ("order.changed", (order.order_id,))
    ]


# ----------------------------------------------------------------------------- the feed


def test_a_claim_announces_who_claimed_and_a_lost_claim_announces_nothing(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, zone="001")
    announced = Announced(db)
    with db.sessions() as s:
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
    (claimed,) = announced.changes
    assert claimed.as_json() | {"seq": 0, "at": None} == {
        "seq": 0,
        "at": None,
        "topic": "alarm.claimed",
        "kind": "alarm",
        "ids": [alarm_id],
        "account": "1234",
        "event_code": "101",
        "zone": "001",
        "elder_id": ac.zhang,
        "status": "claimed",
        "priority": 1,
        "storm_id": None,
        "claimed_by": ac.operator_a.user_id,
        "claimed_by_name": "王小红",
    }

    lost = Announced(db)
    with db.sessions() as s, pytest.raises(AlreadyClaimed):
        alarms.claim(s, alarm_id, ac.operator_b, T0 + seconds(6))
    assert lost.changes == []


def _second_seat(db: Database) -> Database:
    """Another PC of the centre: its own engine on the same database."""
    return open_database(db.url)


def test_a_resolve_on_one_seat_reaches_the_other_seats_bus_within_a_second(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        alarm_id = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang)
        alarms.claim(s, alarm_id, ac.operator_a, T0 + seconds(5))
    other = _second_seat(db)
    bus = Bus()
    heard: list[tuple[str, Change, float]] = []
    arrived = threading.Event()

    def hear(topic: str, change: Change) -> None:
        heard.append((topic, change, time.monotonic()))
        arrived.set()

    bus.subscribe("alarm.", hear)
    feed = ChangeFeed(other, bus, name="seat 2 feed").start()
    try:
        assert feed.connected.wait(5)
        with db.sessions() as s:
            alarms.resolve(s, alarm_id, "accidental", "", ac.operator_a, T0 + seconds(30))
            committed = time.monotonic()
        assert arrived.wait(1.0), "the resolve did not reach the second seat within 1 s"
    finally:
        feed.stop()
        other.close()
    ((topic, change, at),) = heard
    assert topic == "alarm.resolved" and isinstance(change, AlarmResolved)
    assert (change.ids, change.outcome, change.status) == ((alarm_id,), "accidental", "resolved")
    assert at - committed < 1.0


def _escalations(db: Database) -> list[tuple[int, str]]:
    with db.sessions() as s:
        rows = s.execute(
            select(AlarmEscalation.alarm_id, AlarmEscalation.kind).order_by(AlarmEscalation.id)
        ).all()
    return [(a, k) for a, k in rows]


def _announced_escalations(announced: Announced) -> list[tuple[int, str]]:
    return sorted(
        (e["alarm_id"], e["kind"])
        for p in announced.topic("alarm.escalated")
        for e in p["escalations"]
    )


def test_the_tick_job_twice_at_the_same_moment_escalates_once(
    db: Database, ac: AlarmCentre
) -> None:
    with db.sessions() as s:
        waiting = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        held = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=T0)
        alarms.claim(s, held, ac.operator_b, T0 + seconds(1))
    announced = Announced(db)
    now = T0 + seconds(601)
    for _ in range(2):
        with db.sessions() as s:
            alarm_tick(s, now)
            s.commit()
    expected = sorted([(waiting, "unclaimed"), (waiting, "breach_warning"), (held, "unresolved")])
    assert sorted(_escalations(db)) == expected
    assert announced.topics() == ["alarm.escalated"]  # the second run changed nothing
    assert _announced_escalations(announced) == expected


def test_two_seats_ticking_at_once_record_and_announce_each_escalation_once(
    db: Database, ac: AlarmCentre
) -> None:
    seats = [db, _second_seat(db)]
    expected: list[tuple[int, str]] = []
    announced = Announced(db)
    try:
        for round_ in range(3):
            at = T0 + timedelta(hours=round_)
            with db.sessions() as s:
                waiting = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=at)
                held = add_alarm(s, device_id=ac.device_5678, elder_id=ac.li, at=at)
                alarms.claim(s, held, ac.operator_b, at + seconds(1))
            expected += [(waiting, "unclaimed"), (waiting, "breach_warning"), (held, "unresolved")]
            now = at + seconds(601)
            barrier = threading.Barrier(2)
            failed: list[BaseException] = []

            def seat(database: Database, now=now, barrier=barrier, failed=failed) -> None:
                try:
                    with database.sessions() as s:
                        barrier.wait()
                        alarm_tick(s, now)
                        s.commit()
                except BaseException as exc:
                    failed.append(exc)

            threads = [threading.Thread(target=seat, args=(d,)) for d in seats]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert failed == []
    finally:
        seats[1].close()
    assert sorted(_escalations(db)) == sorted(expected)
    assert _announced_escalations(announced) == sorted(expected)


def test_every_change_to_an_alarm_moves_its_version(db: Database, ac: AlarmCentre) -> None:
    from db.models import Alarm

    with db.sessions() as s:
        sos = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0)
        versions = [s.get(Alarm, sos, populate_existing=True).version]  # type: ignore[union-attr]
        alarms.claim(s, sos, ac.operator_a, T0 + seconds(5))
        versions.append(s.get(Alarm, sos, populate_existing=True).version)  # type: ignore[union-attr]
        alarms.resolve(s, sos, "accidental", "", ac.operator_a, T0 + seconds(30))
        versions.append(s.get(Alarm, sos, populate_existing=True).version)  # type: ignore[union-attr]
    assert versions == [1, 2, 3]


def test_a_raised_change_places_the_alarm_in_the_queue_as_a_reading_would(
    db: Database, ac: AlarmCentre
) -> None:
    from app.feed.topics import AlarmRaised

    with db.sessions() as s:
        battery = add_alarm(
            s, device_id=ac.device_5678, elder_id=ac.li, code="302", name="Low battery",
            priority=2, at=T0,
        )
        before = alarms.alarm_queue(s, T0 + seconds(5))
        sos = add_alarm(s, device_id=ac.device_1234, elder_id=ac.zhang, at=T0 + seconds(10))
        read = alarms.alarm_queue(s, T0 + seconds(10))
    change = AlarmRaised(
        ids=(sos,), priority=1, status="raised", account="1234", event_code="101",
        event_name="Personal Emergency", elder_id=ac.zhang, elder_name="张三",
        place="中山路社区", received_at=(T0 + seconds(10)).isoformat(),
    )
    placed = alarms.with_raised(before, change)
    assert placed is not None
    assert [e.alarm_id for e in placed] == [e.alarm_id for e in read] == [sos, battery]
    assert (placed[0].elder_name, placed[0].place) == (read[0].elder_name, read[0].place)
    # Already there, or a storm not on screen yet: nothing to place, or wait for a reading.
    assert alarms.with_raised(placed, change) == placed
    storm = AlarmRaised(ids=(99,), priority=2, status="raised", storm_id=7,
                        received_at=T0.isoformat())
    assert alarms.with_raised(placed, storm) is None
