from __future__ import annotations

import pytest

from hardware.codecs.ademco685 import Ademco685Codec
from hardware.codecs.encode import encode_ademco685
from hardware.events import AlarmEvent, Heartbeat
from tests.hardware.helpers import decode, errors


def one(data: bytes) -> AlarmEvent:
    events = decode(Ademco685Codec(), data)
    assert len(events) == 1 and isinstance(events[0], AlarmEvent), events
    return events[0]


def test_contact_id_frame() -> None:
    event = one(b"\n12 1234 18 E101 01 C003\r")
    assert (event.receiver, event.line, event.account) == ("1", "2", "1234")
    assert (event.qualifier, event.event_code, event.event_name) == (
        "new",
        "101",
        "Personal Emergency",
    )
    assert (event.partition, event.zone, event.user) == ("01", "003", None)


def test_the_receiver_says_whether_ccc_is_a_user() -> None:
    event = one(b"\n11 1234 18 R401 01 U012\r")
    assert (event.qualifier, event.user, event.zone) == ("restore", "012", None)


@pytest.mark.parametrize(("letter", "qualifier"), [("E", "new"), ("R", "restore"), ("P", "repeat")])
def test_qualifiers(letter: str, qualifier: str) -> None:
    assert one(f"\n11 1234 18 {letter}602 00 C000\r".encode()).qualifier == qualifier


def test_escape_terminator_option_and_hex_account() -> None:
    assert one(b"\n11 BCD1 18 E654 00 C001\x1b").account == "BCD1"


def test_link_test_answer_is_a_heartbeat() -> None:
    codec = Ademco685Codec()
    events = decode(codec, b"\n00BOKAY@\r")
    assert len(events) == 1 and isinstance(events[0], Heartbeat)
    assert codec.reply_for(events[0]) == b"\x06"


def test_bad_frame_nak_and_noise_resync() -> None:
    codec = Ademco685Codec()
    good = encode_ademco685("1234", "new", "100", "00", "001")
    events = decode(codec, b"\n11 12X4 18 E100 00 C001\r" + b"\x07noise" + good)
    bad = errors(events)
    assert [e.reason_code for e in bad] == ["account", "garbage"]
    assert codec.reply_for(bad[0]) == b"\x15" and codec.reply_for(bad[1]) is None
    assert [e.account for e in events if isinstance(e, AlarmEvent)] == ["1234"]


@pytest.mark.parametrize("user", [False, True])
def test_encoder_round_trip(user: bool) -> None:
    event = one(
        encode_ademco685("0042", "restore", "401", "03", "005", receiver="2", group="3", user=user)
    )
    assert (event.account, event.qualifier, event.event_code) == ("0042", "restore", "401")
    assert (event.receiver, event.line, event.partition) == ("2", "3", "03")
    assert (event.user if user else event.zone) == "005"
