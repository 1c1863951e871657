"""Whatever arrives on the wire, every codec keeps going: no exception, a list of events,
a bounded buffer, and a good frame after the rubbish still decodes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.codecs import Codec, make_codec
from hardware.codecs.encode import (
    adm_cid_data,
    encode_ademco685,
    encode_callerid_com,
    encode_dc09,
    encode_hayes_call,
    encode_surgard,
    encode_surgard_heartbeat,
    sia_data,
)
from hardware.events import (
    EVENT_TYPES,
    AlarmEvent,
    CallerIdEvent,
    Event,
    FrameError,
    Heartbeat,
    LinkTest,
)

NOW = datetime(2025, 3, 1, 8, 30, 0, tzinfo=UTC)
KEY = "Anxin-test-key-1"
KEYED_ACCOUNTS = ("1234", "BEEF", "0C0D")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hexd = "0123456789BCDEF"
account = st.text(hexd, min_size=4, max_size=4)
qualifier = st.sampled_from(["new", "restore", "repeat"])
code = st.text("0123456789", min_size=3, max_size=3)
part = st.text("0123456789", min_size=2, max_size=2)
ccc = st.text("0123456789", min_size=3, max_size=3)


@st.composite
def surgard_frame(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()) and draw(st.booleans()):
        return encode_surgard_heartbeat(draw(part), draw(st.sampled_from(["1", "001"])))
    return encode_surgard(
        draw(account),
        draw(qualifier),
        draw(code),
        draw(part),
        draw(ccc),
        receiver=draw(part),
        line=draw(st.sampled_from(["1", "7", "123"])),
        terminator=draw(st.sampled_from([b"\x14", b"\r"])),
    )


@st.composite
def ademco_frame(draw: st.DrawFn) -> bytes:
    return encode_ademco685(
        draw(account),
        draw(st.sampled_from(["new", "restore"])),
        draw(code),
        draw(part),
        draw(ccc),
        user=draw(st.booleans()),
    )


@st.composite
def dc09_frame(draw: st.DrawFn) -> bytes:
    encrypted = draw(st.booleans())
    acct = draw(st.sampled_from(KEYED_ACCOUNTS) if encrypted else account)
    kind = draw(st.sampled_from(["sia", "adm", "null"]))
    if kind == "sia":
        token, data = (
            "SIA-DCS",
            sia_data(acct, draw(st.sampled_from(["MA", "PA", "FA", "RP"])), "1"),
        )
    elif kind == "adm":
        token, data = (
            "ADM-CID",
            adm_cid_data(acct, draw(qualifier), draw(code), draw(part), draw(ccc)),
        )
    else:
        token, data = "NULL", ""
    return encode_dc09(
        token,
        draw(st.integers(0, 9999)),
        acct,
        data,
        receiver=draw(st.none() | st.sampled_from(["1", "F3"])),
        timestamp=NOW if encrypted or draw(st.booleans()) else None,
        key=KEY if encrypted else None,
    )


@st.composite
def hayes_frame(draw: st.DrawFn) -> bytes:
    number = draw(st.from_regex(r"\A(1[3-9][0-9]{9}|P|O)\Z"))
    name = draw(st.none() | st.from_regex(r"\A[A-Z][A-Z ]{0,14}[A-Z]\Z"))
    return encode_hayes_call(number, name, NOW.replace(tzinfo=None), spaces=draw(st.booleans()))


@st.composite
def com_frame(draw: st.DrawFn) -> bytes:
    return encode_callerid_com(
        draw(st.integers(1, 8)),
        draw(st.from_regex(r"\A[0-9]{3}-[0-9]{3}-[0-9]{4}\Z")),
        draw(st.from_regex(r"\A[A-Za-z][A-Za-z .]{0,13}\Z")),
        when=NOW.replace(tzinfo=None),
        stage=draw(st.sampled_from(["start", "end"])),
    )


# (frames strategy, what separates a good frame from rubbish before it)
PROTOCOLS: dict[str, tuple[st.SearchStrategy[bytes], bytes]] = {
    "surgard": (surgard_frame(), b""),
    "ademco685": (ademco_frame(), b""),
    "dc09": (dc09_frame(), b""),
    # Line-based boxes: rubbish without a line end would merge with the next line.
    "callerid": (hayes_frame(), b"\r\n"),
    "callerid-com": (com_frame(), b"\r\n"),
}


def make(protocol: str) -> Codec:
    if protocol == "dc09":
        return make_codec("dc09", keys=dict.fromkeys(KEYED_ACCOUNTS, KEY), clock=lambda: NOW)
    return make_codec(protocol)


def run(codec: Codec, pieces: list[bytes], ticks: list[float]) -> list[Event]:
    events: list[Event] = []
    now = 0.0
    for i, piece in enumerate(pieces):
        got = codec.feed(piece)
        assert isinstance(got, list)
        events += got
        assert codec.buffered <= codec.max_buffer
        now += ticks[i % len(ticks)] if ticks else 0.0
        events += codec.poll(now + 1e6 if ticks and ticks[0] > 0.5 else None)
    events += codec.flush()
    for event in events:
        assert isinstance(event, EVENT_TYPES)
        codec.reply_for(event)  # must not raise either
        assert isinstance(event.dedupe_key, str)
    assert not [e for e in events if isinstance(e, FrameError) and e.reason_code == "internal"]
    return events


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)] or [b""]


def essence(event: Event) -> tuple[Any, ...]:
    if isinstance(event, AlarmEvent):
        return (
            "alarm",
            event.account,
            event.qualifier,
            event.event_code,
            event.partition,
            event.zone,
            event.user,
        )
    if isinstance(event, CallerIdEvent):
        return ("call", event.number, event.name, event.stage)
    if isinstance(event, LinkTest):
        return ("link", event.account, event.sequence)
    if isinstance(event, Heartbeat):
        return ("heartbeat",)
    return (type(event).__name__,)


def expected(protocol: str, frame: bytes) -> tuple[Any, ...]:
    events = [e for e in run(make(protocol), [frame], []) if not isinstance(e, FrameError)]
    assert events, frame
    relevant = [
        e for e in events if isinstance(e, AlarmEvent | CallerIdEvent | LinkTest | Heartbeat)
    ]
    return essence(relevant[-1])


mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate"]),
    st.integers(0, 10_000),
    st.binary(min_size=1, max_size=4),
)


def mutate(frame: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    data = bytearray(frame)
    for op, where, junk in edits:
        i = where % (len(data) + 1)
        if op == "flip" and data:
            data[i % len(data)] ^= junk[0] or 0xFF
        elif op == "insert":
            data[i:i] = junk
        elif op == "delete" and data:
            del data[i % len(data)]
        elif op == "truncate":
            del data[i:]
    return bytes(data)


@pytest.mark.parametrize("protocol", list(PROTOCOLS))
@FUZZ
@given(
    data=st.binary(max_size=600),
    cuts=st.lists(st.integers(0, 700), max_size=8),
    ticks=st.lists(st.floats(0, 1), max_size=3),
)
def test_random_bytes_never_break_a_codec(
    protocol: str, data: bytes, cuts: list[int], ticks: list[float]
) -> None:
    run(make(protocol), chunked(data, cuts), ticks)


@pytest.mark.parametrize("protocol", list(PROTOCOLS))
@FUZZ
@given(st.data())
def test_good_frame_after_random_bytes_still_decodes(protocol: str, data: st.DataObject) -> None:
    frames, separator = PROTOCOLS[protocol]
    frame = data.draw(frames)
    junk = data.draw(st.binary(max_size=300))
    cuts = data.draw(st.lists(st.integers(0, 1000), max_size=6))
    events = run(make(protocol), chunked(junk + separator + frame, cuts), [])
    assert expected(protocol, frame) in [essence(e) for e in events]


@pytest.mark.parametrize("protocol", list(PROTOCOLS))
@FUZZ
@given(st.data())
def test_mutated_frames_never_break_a_codec_and_the_next_good_one_decodes(
    protocol: str, data: st.DataObject
) -> None:
    frames, separator = PROTOCOLS[protocol]
    damaged = mutate(data.draw(frames), data.draw(st.lists(mutation, min_size=1, max_size=4)))
    frame = data.draw(frames)
    cuts = data.draw(st.lists(st.integers(0, 1000), max_size=6))
    events = run(make(protocol), chunked(damaged + separator + frame, cuts), [])
    assert expected(protocol, frame) in [essence(e) for e in events]


@pytest.mark.parametrize("protocol", list(PROTOCOLS))
def test_endless_garbage_is_dropped_and_counted(protocol: str) -> None:
    codec = make(protocol)
    events: list[Event] = []
    for _ in range(40):
        events += codec.feed(b"x" * 1000)  # no frame boundary anywhere
        assert codec.buffered <= codec.max_buffer
    assert any(isinstance(e, FrameError) and e.reason_code == "overflow" for e in events)
    assert codec.stats["overflow"] >= 1
    _frames, separator = PROTOCOLS[protocol]
    good = {
        "surgard": encode_surgard("1234", "new", "100", "00", "001"),
        "ademco685": encode_ademco685("1234", "new", "100", "00", "001"),
        "dc09": encode_dc09("NULL", 1, "1234"),
        "callerid": encode_hayes_call("123", "A"),
        "callerid-com": encode_callerid_com(1, "123", "A", when=datetime(2000, 1, 1)),
    }[protocol]
    after = codec.feed(separator + good) + codec.flush()
    assert any(not isinstance(e, FrameError) for e in after)
