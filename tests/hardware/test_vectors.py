"""The published sample frames (tests/hardware/vectors/public.jsonl) decode to what they must."""

from __future__ import annotations

from typing import Any

import pytest

from hardware.codecs import CODECS
from tests.hardware.helpers import decode, errors, load_vectors, matches, offline, wire

VECTORS = load_vectors()
IDS = [f"{i}-{v['protocol']}" for i, v in enumerate(VECTORS)]


def test_every_vector_protocol_has_a_codec() -> None:
    assert {v["protocol"] for v in VECTORS} <= set(CODECS)


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_vector_decodes_to_expect(vector: dict[str, Any]) -> None:
    events = decode(offline(vector["protocol"]), wire(vector))
    assert not errors(events), errors(events)
    assert any(matches(e, vector["expect"]) for e in events), events


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_vector_decodes_live_too(vector: dict[str, Any]) -> None:
    # None of the samples is encrypted, so the live time window does not apply.
    codec = CODECS[vector["protocol"]]()
    events = decode(codec, wire(vector))
    assert any(matches(e, vector["expect"]) for e in events)


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_every_split_point_gives_the_same_events(vector: dict[str, Any]) -> None:
    data = wire(vector)
    whole = decode(offline(vector["protocol"]), data)
    for cut in range(1, len(data)):
        assert decode(offline(vector["protocol"]), data, [cut]) == whole, cut
    assert decode(offline(vector["protocol"]), data, range(len(data))) == whole


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_answers_follow_the_protocol(vector: dict[str, Any]) -> None:
    codec = offline(vector["protocol"])
    for event in decode(codec, wire(vector)):
        answer = codec.reply_for(event)
        if vector["protocol"] in ("surgard", "ademco685"):
            assert answer == b"\x06"
        elif vector["protocol"] == "dc09":
            assert answer is not None and b'"ACK"' in answer
        else:
            assert answer is None


def test_all_vectors_back_to_back_in_one_stream() -> None:
    for protocol in {v["protocol"] for v in VECTORS}:
        mine = [v for v in VECTORS if v["protocol"] == protocol]
        stream = b"".join(wire(v) for v in mine)
        events = decode(offline(protocol), stream)
        assert not errors(events)
        for v in mine:
            assert any(matches(e, v["expect"]) for e in events), (protocol, v["expect"])
