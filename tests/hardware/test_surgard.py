from __future__ import annotations

import pytest

from hardware.codecs.encode import encode_contact_id, encode_surgard, encode_surgard_heartbeat
from hardware.codecs.surgard import SurGardCodec
from hardware.events import AlarmEvent, Heartbeat, Qualifier
from tests.hardware.helpers import decode, errors, good

ACK, NAK = b"\x06", b"\x15"


def one(data: bytes) -> AlarmEvent:
    events = decode(SurGardCodec(), data)
    assert len(events) == 1 and isinstance(events[0], AlarmEvent), events
    return events[0]


def test_manual_example_fields() -> None:
    event = one(b"5011 181234E12101001\x14")
    assert (event.receiver, event.line, event.account) == ("01", "1", "1234")
    assert (event.qualifier, event.event_code, event.event_name) == ("new", "121", "Duress")
    assert (event.partition, event.user, event.zone) == ("01", "001", None)


@pytest.mark.parametrize(("letter", "qualifier"), [("E", "new"), ("R", "restore"), ("P", "repeat")])
def test_every_qualifier(letter: str, qualifier: str) -> None:
    assert one(f"5011 181234{letter}13003005\x14".encode()).qualifier == qualifier


def test_three_digit_line_of_system_receivers() -> None:
    event = one(b"502017 18ABCDR10100004\x14")
    assert (event.receiver, event.line, event.account) == ("02", "017", "ABCD")
    assert (event.qualifier, event.event_code, event.zone) == ("restore", "101", "004")


def test_hex_account_digits_even_where_they_look_like_qualifiers() -> None:
    event = one(b"5011 18BE2FE10001003\x14")
    assert (event.account, event.qualifier, event.event_code) == ("BE2F", "new", "100")


def test_cr_terminator_and_spaces_are_accepted() -> None:
    assert one(b"5011   181234E12101001\r").account == "1234"
    assert one(b"\n5011 181234E12101001\r\n").event_code == "121"


def test_digit_qualifier_without_and_with_check_digit() -> None:
    assert one(b"5011 181234112101001\x14").qualifier == "new"
    digits = encode_contact_id("1234", "restore", "302", "00", "001")
    event = one(b"5011 " + (digits[4:6] + digits[:4] + digits[6:]).encode() + b"\x14")
    assert (event.qualifier, event.event_code) == ("restore", "302")


def test_bad_check_digit_is_refused_with_a_nak() -> None:
    codec = SurGardCodec()
    digits = encode_contact_id("1234", "new", "100", "00", "001")
    bad = digits[:-1] + ("1" if digits[-1] != "1" else "2")
    events = decode(codec, b"5011 18" + (bad[:4] + bad[6:]).encode() + b"\x14")
    assert [e.reason_code for e in errors(events)] == ["checksum"] and len(events) == 1
    assert codec.reply_for(events[0]) == NAK
    assert codec.stats["checksum"] == 1


@pytest.mark.parametrize(
    "frame",
    [
        b"1011           @    \x14",
        b"1011@\x14",
        b"1011     @ \x14",
        b"101000           @    \x14",  # System receivers
    ],
)
def test_heartbeats_are_acknowledged(frame: bytes) -> None:
    codec = SurGardCodec()
    events = decode(codec, frame)
    assert len(events) == 1 and isinstance(events[0], Heartbeat)
    assert codec.reply_for(events[0]) == ACK


def test_unreadable_frame_is_nakked_and_counted() -> None:
    codec = SurGardCodec()
    events = decode(codec, b"5011 18XYZ\x14")
    assert [e.reason_code for e in errors(events)] == ["format"]
    assert codec.reply_for(events[0]) == NAK
    assert codec.stats["format"] == 1


def test_noise_between_frames_resyncs_and_is_not_answered() -> None:
    codec = SurGardCodec()
    a = encode_surgard("1234", "new", "101", "01", "001")
    b = encode_surgard("5678", "restore", "101", "01", "001")
    events = decode(codec, a + b"\x00\xff#noise!!" + b + b"garbage" + a)
    alarms = [e for e in events if isinstance(e, AlarmEvent)]
    assert [e.account for e in alarms] == ["1234", "5678", "1234"]
    junk = errors(events)
    assert [e.reason_code for e in junk] == ["garbage", "garbage"]
    assert all(codec.reply_for(e) is None for e in junk)


def test_tcp_header_is_stripped_and_answers_carry_it() -> None:
    codec = SurGardCodec()
    frame = encode_surgard("1234", "new", "100", "00", "001", tcp_header=True)
    assert frame[:4] == b"\x00\x00\x00\x21"
    events = decode(codec, frame + encode_surgard_heartbeat(tcp_header=True))
    assert [type(e) for e in events] == [AlarmEvent, Heartbeat]
    assert codec.tcp_header
    assert codec.reply_for(events[0]) == b"\x00\x00\x00\x05\x06"
    # The header's BCD length 14 would be the DC4 terminator byte if read as data.
    short = SurGardCodec()
    assert good(decode(short, b"\x00\x00\x00\x14" + b"1011@\x14")) != []


def test_dedupe_key_is_the_frame_so_a_resend_repeats_it() -> None:
    frame = encode_surgard("1234", "new", "101", "01", "001")
    first, again = one(frame), one(frame)
    assert first.dedupe_key == again.dedupe_key
    other = one(encode_surgard("1234", "new", "101", "01", "001", receiver="02"))
    assert other.dedupe_key != first.dedupe_key


@pytest.mark.parametrize("qualifier", ["new", "restore", "repeat"])
def test_encoder_round_trip(qualifier: Qualifier) -> None:
    frame = encode_surgard("C0DE", qualifier, "654", "02", "010", receiver="07", line="123")
    event = one(frame)
    assert (event.account, event.qualifier, event.event_code) == ("C0DE", qualifier, "654")
    assert (event.receiver, event.line, event.partition, event.zone) == ("07", "123", "02", "010")
