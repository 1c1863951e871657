from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hardware.codecs.callerid_com import CallerIdComCodec
from hardware.codecs.callerid_hayes import HayesCallerIdCodec
from hardware.codecs.encode import (
    encode_callerid_com,
    encode_callerid_com_detail,
    encode_hayes_call,
)
from hardware.events import YEAR_UNKNOWN, CallerIdEvent, CallStateEvent, Event, FrameError
from tests.hardware.helpers import decode, errors


def calls(events: list[Event]) -> list[CallerIdEvent]:
    return [e for e in events if isinstance(e, CallerIdEvent)]


def hayes(text: str) -> list[CallerIdEvent]:
    events = decode(HayesCallerIdCodec(), text.encode())
    assert not errors(events), errors(events)
    return calls(events)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- Hayes modem ------------------------------------------------------------------------


def test_full_record() -> None:
    (call,) = hayes(
        "RING\r\n\r\nDATE = 0321\r\nTIME = 1405\r\nNMBR = 504551234\r\nNAME = A N OTHER\r\n"
    )
    assert (call.number, call.name, call.privacy, call.direction) == (
        "504551234",
        "A N OTHER",
        None,
        "in",
    )
    assert call.when == datetime(YEAR_UNKNOWN, 3, 21, 14, 5)
    assert call.when_in(2026) == datetime(2026, 3, 21, 14, 5)


def test_no_spaces_round_equals_and_ddn_nmbr() -> None:
    (call,) = hayes("RING\r\nDATE=1201\r\nTIME=0905\r\nDDN_NMBR=13912345678\r\nNAME=ZHANG\r\n")
    assert (call.number, call.name) == ("13912345678", "ZHANG")


def test_number_twice_keeps_the_first() -> None:
    text = "DATE = 0102\r\nTIME = 0304\r\nNMBR = 5551234\r\nNMBR = O\r\nNAME = X\r\n"
    (call,) = hayes(text)
    assert (call.number, call.privacy) == ("5551234", None)
    # ... also when the second comes after the name (the call was already emitted).
    (call,) = hayes("NMBR = 5551234\r\nNAME = X\r\nNMBR = O\r\n")
    assert call.number == "5551234"


def test_empty_date_and_five_digit_time() -> None:
    (call,) = hayes("RING\r\nDATE =\r\nTIME = 1405\r\nNMBR = 1234\r\n\r\nRING\r\n")
    assert call.when is None and call.number == "1234"
    (call,) = hayes(
        "RING\r\nDATE = 0312\r\nTIME = 12541\r\nNMBR = 6305551500\r\nNAME = ELMHURST, IL\r\n"
    )
    assert call.when == datetime(YEAR_UNKNOWN, 3, 12, 12, 54)
    (call,) = hayes("DATE = 1201\r\nTIME = 2423\r\nNMBR = 4075552120\r\nNAME = bad hour\r\n")
    assert call.when is None and call.extra["time"] == "2423"


def test_data_before_the_first_ring_and_no_name() -> None:
    events = decode(
        HayesCallerIdCodec(), b"DATE = 0421\r\nTIME = 0934\r\nNMBR = 88776655\r\nRING\r\n"
    )
    assert [type(e) for e in events] == [CallerIdEvent, CallStateEvent]
    (call,) = calls(events)
    assert call.number == "88776655" and call.name is None


def test_name_before_number() -> None:
    (call,) = hayes(
        "RING\r\nRING\r\nDATE = 0103\r\nTIME = 1254\r\nNAME = SARASOTA,FL\r\nNMBR = 9415557218"
    )
    assert (call.number, call.name) == ("9415557218", "SARASOTA,FL")


@pytest.mark.parametrize(
    ("value", "number", "privacy"),
    [
        ("P", "P", "private"),
        ("O", "O", "unavailable"),
        ("A", "A", "anonymous"),
        ("Restricted", "P", "private"),
        ("Out of area", "O", "unavailable"),
        ("(021) 5555-1234", "02155551234", None),
        ("+8613912345678", "+8613912345678", None),
    ],
)
def test_number_markers_and_digits(value: str, number: str, privacy: str | None) -> None:
    (call,) = hayes(f"RING\r\nNMBR = {value}\r\n\r\nRING\r\n")
    assert (call.number, call.privacy) == (number, privacy)


def test_call_is_emitted_at_its_name_without_waiting_for_ring() -> None:
    codec = HayesCallerIdCodec()
    assert calls(codec.feed(b"RING\r\nDATE = 0321\r\nTIME = 1405\r\nNMBR = 123\r\n")) == []
    (call,) = calls(codec.feed(b"NAME = LI\r\n"))
    assert call.name == "LI"
    assert calls(codec.feed(b"\r\nRING\r\n") + codec.flush()) == []


def test_quiet_gap_emits_a_number_without_name() -> None:
    clock = Clock()
    codec = HayesCallerIdCodec(clock=clock, quiet_gap=0.3)
    assert calls(codec.feed(b"RING\r\nDATE = 0321\r\nTIME = 1405\r\nNMBR = 123\r\n")) == []
    clock.now += 0.2
    assert codec.poll() == []
    clock.now += 0.2
    (call,) = calls(codec.poll())
    assert call.number == "123"
    assert codec.poll() == [] and calls(codec.feed(b"RING\r\n") + codec.flush()) == []


def test_quiet_gap_completes_an_unterminated_last_line() -> None:
    clock = Clock()
    codec = HayesCallerIdCodec(clock=clock)
    codec.feed(b"RING\r\nNMBR = 5550001\r\nNAME = WANG")
    (call,) = calls(codec.poll(clock.now + 1))
    assert (call.number, call.name) == ("5550001", "WANG")


def test_ncid_corpus_of_real_variants() -> None:
    corpus = (
        "MESG = 110101\nDATE = 0421\nTIME = 0934\nNMBR = P\nNAME = WITHHELD\nRING\nRING\nRING\n"
        "RING\nRING\nDATE = 0103\nTIME = 1254\nNAME = SARASOTA,FL\nNMBR = 9415557218\n"
        "RING\nRING\nDATE = 0107\nTIME = 1518\nNAME = PrivDirOff\nNMBR = 0000000000\n"
        "RING\nDATE = 0128\nTIME = 1509\nNAME = Vähälä\nNMBR = 9085555002\n"
        "DATE = 0319\nTIME = 1229\nNAME = TIME WARNER COM\nNMBR = 4075552120\n"
        "DATE = 0926\nTIME = 1933\nNMBR = Restricted\nNAME = Unavailable\n"
    )
    got = hayes(corpus)
    assert [(c.number, c.name) for c in got] == [
        ("P", None),
        ("9415557218", "SARASOTA,FL"),
        ("0000000000", "PrivDirOff"),
        ("9085555002", "Vähälä"),
        ("4075552120", "TIME WARNER COM"),
        ("P", None),
    ]
    assert got[0].extra["mesg"] == "110101"


def test_gb18030_name_and_modem_chatter() -> None:
    data = (
        b"AT+VCID=1\r\nOK\r\nRING\r\nNMBR=01088886666\r\nNAME=" + "张三".encode("gb18030") + b"\r\n"
    )
    events = decode(HayesCallerIdCodec(), data)
    assert not errors(events)
    assert calls(events)[0].name == "张三"


def test_garbage_line_is_reported_and_the_next_call_still_decodes() -> None:
    codec = HayesCallerIdCodec()
    events = decode(
        codec, b"\x00\xff@#!!\r\n" + encode_hayes_call("123", "A", datetime(2000, 1, 2, 3, 4))
    )
    assert [e.reason_code for e in errors(events)] == ["format"]
    assert codec.reply_for(events[0]) is None
    assert [c.number for c in calls(events)] == ["123"]


@pytest.mark.parametrize("spaces", [True, False])
def test_encoder_round_trip(spaces: bool) -> None:
    when = datetime(2000, 2, 29, 23, 59)
    (call,) = hayes(encode_hayes_call("13800138000", "LAO WANG", when, spaces=spaces).decode())
    assert (call.number, call.name, call.when) == ("13800138000", "LAO WANG", when)


# -- CallerID.com -----------------------------------------------------------------------


def com(data: bytes) -> list[Any]:
    # Any: the tests below know which kind of event each line makes.
    return decode(CallerIdComCodec(), data)


def test_start_and_end_records() -> None:
    start, end = com(
        b"01 I S 0000 G A1 09/26 11:28 AM 800-240-4637 CallerID.com\r\n"
        b"$01 I E 0276 G B3 09/26 11:28 AM 800-240-4637   CallerID.com\r\n"
    )
    assert (start.stage, end.stage) == ("start", "end")
    assert start.number == end.number == "8002404637" and end.name == "CallerID.com"
    assert end.extra["duration_s"] == 276 and end.extra["rings"] == "B3"
    assert start.when == datetime(YEAR_UNKNOWN, 9, 26, 11, 28)


def test_outbound_private_pm_and_bad_checksum() -> None:
    codec = CallerIdComCodec()
    out, private = decode(
        codec,
        b"02 O S 0000 G A0  9/02 12:05 PM 5551212\r\n"
        b"03 I S 0000 B A1 12/31 12:05 AM Private        \r\n",
    )
    assert (out.direction, out.line, out.number, out.name) == ("out", "02", "5551212", None)
    assert out.when == datetime(YEAR_UNKNOWN, 9, 2, 12, 5)
    assert (private.number, private.privacy) == ("P", "private")
    assert private.when == datetime(YEAR_UNKNOWN, 12, 31, 0, 5)
    assert private.extra["checksum_ok"] is False and codec.stats["box_checksum_bad"] == 1


def test_detail_lines_are_call_states() -> None:
    events = com(
        b"01 R     11/07 07:43:52\r\n01 F     11/07 17:45:04\r\n"
        b"02 N     11/07 10:46:23\r\n01 H     11/07 22:11:08\r\n"
    )
    assert [(e.line, e.state) for e in events] == [
        ("01", "ring"),
        ("01", "off_hook"),
        ("02", "on_hook"),
        ("01", "hook_flash"),
    ]
    assert events[1].when == datetime(YEAR_UNKNOWN, 11, 7, 17, 45, 4)


def test_limited_format() -> None:
    (call,) = com(b"$01 09/26 02:30 PM 8002404637 I CallerID.com\r\n")
    assert (call.line, call.number, call.name, call.direction) == (
        "01",
        "8002404637",
        "CallerID.com",
        "in",
    )


def test_unknown_line_is_an_error_and_decoding_goes_on() -> None:
    events = com(b"hello world\r\n01 I S 0000 G A1 01/01 09:00 AM 123\r\n")
    assert isinstance(events[0], FrameError) and events[0].reason_code == "format"
    assert events[1].number == "123"


def test_encoder_round_trip_keeps_fixed_width_fields() -> None:
    when = datetime(2000, 7, 1, 0, 15)
    frame = encode_callerid_com(4, "021-5555-1234", "LI SI", when=when, stage="end", duration_s=65)
    assert frame.startswith(b"04 I E 0065 G A1 07/01 12:15 AM 021-5555-1234  LI SI")
    (call,) = com(frame + encode_callerid_com_detail(4, "N", when))[:1]
    assert (call.line, call.number, call.name, call.stage, call.when) == (
        "04",
        "02155551234",
        "LI SI",
        "end",
        when,
    )
