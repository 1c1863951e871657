"""Every codec finishes its alarm events: priority, restore and supervision condition."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from app.gateway.journal import decode_event, encode_event
from hardware.codecs import BATTERY_CODES, MAINS_CODES, make_codec, supervision_condition
from hardware.codecs.conditions import CONDITION_CODES, classify, condition_codes
from hardware.codecs.contact_id import EVENT_NAMES
from hardware.codecs.encode import (
    adm_cid_data,
    encode_ademco685,
    encode_dc09,
    encode_surgard,
    sia_data,
)
from hardware.codecs.priority import priority_for
from hardware.codecs.sia_codes import SIA_CODES
from hardware.events import AlarmEvent, Priority, Qualifier
from tests.hardware.helpers import decode

NOW = datetime(2025, 9, 24, 16, 20, 1, tzinfo=UTC)
KEY = "0123456789abcdef"

Encoder = Callable[[Qualifier, str], bytes]


def _surgard(q: Qualifier, code: str) -> bytes:
    return encode_surgard("1234", q, code, "01", "002")


def _ademco(q: Qualifier, code: str) -> bytes:
    return encode_ademco685("1234", q, code, "01", "002")


def _adm_cid(q: Qualifier, code: str) -> bytes:
    return encode_dc09("ADM-CID", 3, "1234", adm_cid_data("1234", q, code, "01", "002"))


def _adm_cid_encrypted(q: Qualifier, code: str) -> bytes:
    data = adm_cid_data("1234", q, code, "01", "002")
    return encode_dc09("ADM-CID", 3, "1234", data, timestamp=NOW, key=KEY)


CONTACT_ID: dict[str, tuple[str, Encoder]] = {
    "surgard": ("surgard", _surgard),
    "ademco685": ("ademco685", _ademco),
    "dc09-adm-cid": ("dc09", _adm_cid),
    "dc09-adm-cid-encrypted": ("dc09", _adm_cid_encrypted),
}

# (qualifier, code) -> (priority, restore, condition)
CONTACT_ID_CASES: list[tuple[Qualifier, str, Priority, bool, str | None]] = [
    ("new", "301", Priority.SUPERVISION, False, "mains_lost"),
    ("restore", "301", Priority.SUPERVISION, True, "mains_lost"),
    ("new", "302", Priority.SUPERVISION, False, "battery_low"),
    ("restore", "302", Priority.SUPERVISION, True, "battery_low"),
    ("new", "309", Priority.SUPERVISION, False, "battery_low"),
    ("new", "384", Priority.SUPERVISION, False, "battery_low"),
    ("restore", "384", Priority.SUPERVISION, True, "battery_low"),
    ("new", "101", Priority.LIFE, False, None),
    ("restore", "101", Priority.LIFE, True, None),
    ("new", "100", Priority.LIFE, False, None),
    ("new", "654", Priority.WELFARE, False, None),
    ("new", "602", Priority.TEST, False, None),
    ("new", "601", Priority.TEST, False, None),
    ("new", "381", Priority.SUPERVISION, False, None),
    ("new", "401", Priority.OPEN_CLOSE, False, None),
]


@pytest.mark.parametrize("receiver", list(CONTACT_ID))
@pytest.mark.parametrize(
    ("qualifier", "code", "priority", "restore", "condition"), CONTACT_ID_CASES
)
def test_contact_id_events_come_finished(
    receiver: str,
    qualifier: Qualifier,
    code: str,
    priority: Priority,
    restore: bool,
    condition: str | None,
) -> None:
    protocol, encode = CONTACT_ID[receiver]
    (event,) = decode(make_codec(protocol, **_options(protocol)), encode(qualifier, code))
    assert isinstance(event, AlarmEvent), event
    assert (event.event_code, event.qualifier) == (code, qualifier)
    assert (event.priority, event.restore, event.condition) == (priority, restore, condition)
    assert type(event.priority) is Priority and priority_for(event) is priority


def _options(protocol: str) -> dict[str, object]:
    return {"keys": {"1234": KEY}, "clock": lambda: NOW} if protocol == "dc09" else {}


@pytest.mark.parametrize("receiver", ["surgard", "dc09-adm-cid"])
def test_previously_reported_still_present_keeps_the_condition_set(receiver: str) -> None:
    protocol, encode = CONTACT_ID[receiver]
    (event,) = decode(make_codec(protocol, **_options(protocol)), encode("repeat", "301"))
    assert isinstance(event, AlarmEvent)
    assert (event.qualifier, event.restore, event.condition) == ("repeat", False, "mains_lost")


SIA_CASES: list[tuple[str, Priority, bool, str | None]] = [
    ("AT", Priority.SUPERVISION, False, "mains_lost"),
    ("AR", Priority.SUPERVISION, True, "mains_lost"),
    ("YT", Priority.SUPERVISION, False, "battery_low"),
    ("YR", Priority.SUPERVISION, True, "battery_low"),
    ("XT", Priority.SUPERVISION, False, "battery_low"),
    ("XR", Priority.SUPERVISION, True, "battery_low"),
    ("MA", Priority.LIFE, False, None),
    ("MR", Priority.LIFE, True, None),
    ("PA", Priority.LIFE, False, None),
    ("RP", Priority.TEST, False, None),
    ("RX", Priority.TEST, False, None),
    ("OP", Priority.OPEN_CLOSE, False, None),
    ("ZX", Priority.OTHER, False, None),
]


@pytest.mark.parametrize("encrypted", [False, True])
@pytest.mark.parametrize(("code", "priority", "restore", "condition"), SIA_CASES)
def test_sia_events_come_finished(
    encrypted: bool, code: str, priority: Priority, restore: bool, condition: str | None
) -> None:
    data = sia_data("1234", code, "003")
    key = KEY if encrypted else None
    frame = encode_dc09("SIA-DCS", 4, "1234", data, timestamp=NOW, key=key)
    (event,) = decode(make_codec("dc09", **_options("dc09")), frame)
    assert isinstance(event, AlarmEvent), event
    assert (event.code_system, event.event_code) == ("sia", code)
    assert (event.priority, event.restore, event.condition) == (priority, restore, condition)
    assert event.qualifier == ("restore" if restore else "new")


def test_every_event_of_a_multi_event_sia_frame_is_finished() -> None:
    frame = encode_dc09("SIA-DCS", 5, "1234", "#1234|NAT/YT/MA001|OAR")
    events = decode(make_codec("dc09"), frame)
    got = [(e.event_code, e.restore, e.condition) for e in events if isinstance(e, AlarmEvent)]
    assert got == [
        ("AT", False, "mains_lost"),
        ("YT", False, "battery_low"),
        ("MA", False, None),
        ("AR", True, "mains_lost"),
    ]


# -- built by hand, and through the journal ---------------------------------------------


def test_an_event_built_without_the_fields_derives_them() -> None:
    cid = AlarmEvent("surgard", "1234", "restore", "301", "AC Loss")
    assert (cid.priority, cid.restore, cid.condition) == (Priority.SUPERVISION, True, "mains_lost")
    sia = AlarmEvent("dc09", "1234", "restore", "YR", "System Battery Restoral", code_system="sia")
    assert (sia.priority, sia.restore, sia.condition) == (Priority.SUPERVISION, True, "battery_low")
    life = AlarmEvent("surgard", "1234", "new", "101", "Personal Emergency")
    assert (life.priority, life.restore, life.condition) == (Priority.LIFE, False, None)


def test_fields_given_are_kept_and_text_priorities_are_read() -> None:
    given = AlarmEvent(
        "plugin", "1234", "new", "999", "Vendor SOS", priority=Priority.LIFE, restore=False
    )
    assert (given.priority, given.restore, given.condition) == (Priority.LIFE, False, None)
    as_text = AlarmEvent("surgard", "1234", "new", "101", "x", priority="welfare")  # type: ignore[arg-type]
    assert as_text.priority is Priority.WELFARE
    unknown = AlarmEvent("surgard", "1234", "new", "101", "x", priority="urgent")  # type: ignore[arg-type]
    assert unknown.priority is Priority.LIFE
    odd = AlarmEvent("surgard", "1234", "new", "302", "x", condition="flood")  # type: ignore[arg-type]
    assert odd.condition == "battery_low"


@pytest.mark.parametrize(
    ("protocol", "frame"),
    [
        ("surgard", _surgard("restore", "302")),
        ("ademco685", _ademco("new", "301")),
        ("dc09", _adm_cid("new", "101")),
        ("dc09", encode_dc09("SIA-DCS", 6, "1234", sia_data("1234", "XR", "004"))),
    ],
)
def test_journal_round_trip_keeps_the_new_fields(protocol: str, frame: bytes) -> None:
    (event,) = decode(make_codec(protocol), frame)
    assert isinstance(event, AlarmEvent)
    back, at = decode_event(encode_event(event, NOW))
    assert isinstance(back, AlarmEvent) and at == NOW
    # JSON turns the tuples in ``extra`` into lists: compare the fields, not ``extra``.
    assert dataclasses.replace(back, extra=event.extra) == event
    assert type(back.priority) is Priority and back.restore is event.restore
    assert back.condition == event.condition


def test_journal_lines_written_before_the_fields_existed_still_read() -> None:
    (event,) = decode(make_codec("surgard"), _surgard("restore", "301"))
    record = json.loads(encode_event(event, NOW))
    for name in ("priority", "restore", "condition"):
        del record[name]
    back, _ = decode_event(json.dumps(record))
    assert isinstance(back, AlarmEvent)
    assert (back.priority, back.restore, back.condition) == (
        Priority.SUPERVISION,
        True,
        "mains_lost",
    )


# -- the code sets ------------------------------------------------------------------------


def test_supervision_code_sets_are_the_union_of_what_the_gateway_and_alarms_used() -> None:
    assert sorted(MAINS_CODES) == ["301", "AR", "AT"]
    assert sorted(BATTERY_CODES) == ["302", "309", "384", "XR", "XT", "YR", "YT"]
    assert condition_codes("mains_lost") == MAINS_CODES
    with pytest.raises(ValueError):
        condition_codes("flood")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("system", "code", "condition"),
    [
        ("contact_id", "301", "mains_lost"),
        ("contact_id", "302", "battery_low"),
        ("contact_id", "309", "battery_low"),
        ("contact_id", "384", "battery_low"),
        ("contact_id", "101", None),
        ("sia", "AT", "mains_lost"),
        ("sia", "ar", "mains_lost"),
        ("sia", "XT", "battery_low"),
        ("sia", "MA", None),
        # Codes mean nothing outside their own system.
        ("contact_id", "AT", None),
        ("sia", "301", None),
        ("vendor", "301", None),
    ],
)
def test_supervision_condition(system: str, code: str, condition: str | None) -> None:
    assert supervision_condition(system, code) == condition


def test_every_supervision_code_is_a_known_supervision_code() -> None:
    for code in CONDITION_CODES["contact_id"]:
        assert code in EVENT_NAMES
        assert classify("contact_id", code, "new").priority is Priority.SUPERVISION
    for code in CONDITION_CODES["sia"]:
        assert code in SIA_CODES
        assert classify("sia", code, "new").priority is Priority.SUPERVISION
    # Each SIA pair is one trouble code and one restore code.
    restores = {c for c in CONDITION_CODES["sia"] if classify("sia", c, "new").restore}
    assert restores == {"AR", "YR", "XR"}
