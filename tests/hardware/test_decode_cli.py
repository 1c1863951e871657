"""``anxin decode`` (app.decode_cli.run_decode): JSON lines out, exit 0 on any input."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from app.decode_cli import FIELDS, run_decode
from hardware.codecs import CODECS
from hardware.codecs.encode import encode_dc09, sia_data
from tests.hardware.helpers import load_vectors, wire


def run(protocol: str, data: bytes, **kwargs: Any) -> tuple[int, list[dict[str, Any]], str]:
    out = io.StringIO()
    status = run_decode(protocol, io.BytesIO(data), out, **kwargs)
    text = out.getvalue()
    return status, [json.loads(line) for line in text.splitlines()], text


@pytest.mark.parametrize("vector", load_vectors(), ids=lambda v: v["protocol"])
def test_vectors_come_out_as_json_lines(vector: dict[str, Any]) -> None:
    status, objects, _ = run(vector["protocol"], wire(vector))
    assert status == 0
    assert all(set(o) == set(FIELDS) for o in objects)
    assert any(all(o[k] == v for k, v in vector["expect"].items()) for o in objects), objects


def test_event_object_has_exactly_the_documented_fields() -> None:
    _, (obj,), text = run("surgard", b"5011 181234E12101001\x14")
    assert list(obj) == [
        "kind",
        "protocol",
        "receiver",
        "line",
        "account",
        "qualifier",
        "event_code",
        "event_name",
        "partition",
        "zone",
        "number",
        "name",
        "timestamp",
        "raw",
    ]
    assert obj == {
        "kind": "alarm",
        "protocol": "surgard",
        "receiver": "01",
        "line": "1",
        "account": "1234",
        "qualifier": "new",
        "event_code": "121",
        "event_name": "Duress",
        "partition": "01",
        "zone": "001",
        "number": None,
        "name": None,
        "timestamp": None,
        "raw": "5011 181234E12101001\x14",
    }
    # Control characters reach the terminal escaped, never raw.
    assert "\\u0014" in text and "\x14" not in text


@pytest.mark.parametrize("protocol", sorted(CODECS))
def test_garbage_exits_0_with_error_objects(protocol: str) -> None:
    status, objects, _ = run(protocol, bytes(range(256)) * 3 + b"\r\n\x14zz")
    assert status == 0
    assert objects and all(set(o) == {"error", "raw"} for o in objects if "error" in o)
    assert any("error" in o for o in objects)


def test_empty_input() -> None:
    assert run("dc09", b"") == (0, [], "")


def test_bad_frames_become_error_objects() -> None:
    _, objects, _ = run("dc09", b'\nF4D30029"SIA-DCS"0001RF3L77#1234[#1234|NRR|Atest]\r')
    (obj,) = objects
    assert obj["error"].startswith("crc:") and obj["raw"].startswith("\nF4D3")
    _, objects, _ = run("surgard", b"5011 18XX\x14" + b"1011           @    \x14")
    assert objects[0]["error"].startswith("format:")
    assert objects[1]["kind"] == "heartbeat"


def test_dc09_timestamps_and_keys() -> None:
    when = datetime(2020, 7, 9, 16, 4, 2, tzinfo=UTC)
    key = "0123456789abcdef"
    frame = encode_dc09("SIA-DCS", 3, "1111", sia_data("1111", "MA", "1"), timestamp=when, key=key)
    # Offline: a frame years old still decodes; without the key it is an error object.
    _, (obj,), _ = run("dc09", frame, keys={"1111": key})
    assert (obj["event_code"], obj["event_name"]) == ("MA", "Medical Alarm")
    assert obj["timestamp"] == "2020-07-09T16:04:02+00:00"
    _, (obj,), _ = run("dc09", frame)
    assert obj["error"].startswith("encrypted_no_key:")


def test_caller_id_timestamp_has_no_year_and_states_are_shown() -> None:
    data = b"01 R     11/07 07:43:52\r\n01 I S 0000 G A1 11/07 07:43 AM 13912345678    WANG\r\n"
    _, (state, call), _ = run("callerid-com", data)
    assert (state["kind"], state["event_code"], state["event_name"]) == ("call_state", "R", "ring")
    assert state["timestamp"] == "--11-07T07:43:52"
    assert (call["kind"], call["number"], call["name"], call["line"]) == (
        "call",
        "13912345678",
        "WANG",
        "01",
    )


def test_unknown_protocol_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="unknown protocol"):
        run_decode("nope", io.BytesIO(b""), io.StringIO())
