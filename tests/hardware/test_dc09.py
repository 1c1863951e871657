from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from hardware.codecs import dc09_crypto
from hardware.codecs.dc09 import Dc09Codec
from hardware.codecs.encode import adm_cid_data, encode_dc09, sia_data
from hardware.events import AlarmEvent, Event, FrameError, LinkTest, Qualifier
from tests.hardware.helpers import decode, errors, good

NOW = datetime(2025, 9, 24, 16, 20, 1, tzinfo=UTC)
PUBLISHED = b'\nF4D20029"SIA-DCS"0001RF3L77#1234[#1234|NRR|Atest]\r'
PUBLISHED_EMPTY = b'\n96ED0016"SIA-DCS"0001L0#1234[]\r'


def codec(keys: dict[str, str] | None = None) -> Dc09Codec:
    return Dc09Codec(keys, clock=lambda: NOW)


def alarms(events: list[Event]) -> list[AlarmEvent]:
    return [e for e in events if isinstance(e, AlarmEvent)]


def crc_arc_bitwise(data: bytes) -> int:
    # Written out bit by bit, independent of the table the codec uses.
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def check_frame(frame: bytes) -> str:
    """Assert LF/CRC/LEN/CR are right; return the body."""
    assert frame[:1] == b"\n" and frame[-1:] == b"\r"
    crc, length, body = frame[1:5], frame[5:9], frame[9:-1]
    assert int(crc, 16) == crc_arc_bitwise(body)
    assert int(length, 16) == len(body)
    return body.decode("ascii")


def test_published_frame_fields() -> None:
    (event,) = decode(codec(), PUBLISHED)
    assert isinstance(event, AlarmEvent)
    assert (event.account, event.receiver, event.line, event.sequence) == (
        "1234",
        "F3",
        "77",
        "0001",
    )
    assert (event.event_code, event.event_name, event.code_system) == ("RR", "Power Up", "sia")
    assert event.extra["text"] == "test"


def test_ack_for_the_published_frames_echoes_seq_receiver_prefix_account() -> None:
    c = codec()
    (event,) = decode(c, PUBLISHED)
    answer = c.reply_for(event)
    assert answer is not None
    assert check_frame(answer) == '"ACK"0001RF3L77#1234[]'
    (empty,) = decode(c, PUBLISHED_EMPTY)
    assert isinstance(empty, LinkTest) and empty.account == "1234"
    assert check_frame(c.reply_for(empty) or b"") == '"ACK"0001L0#1234[]'


def test_nak_matches_the_published_one() -> None:
    # dc09 (Rust) parses exactly this NAK in its tests.
    assert codec().nak() == b'\nE4410025"NAK"0000R0L0A0[]_16:20:01,09-24-2025\r'


def test_bad_crc_is_refused_with_a_nak() -> None:
    c = codec()
    events = decode(c, PUBLISHED.replace(b"F4D2", b"F4D3"))
    assert [e.reason_code for e in errors(events)] == ["crc"]
    assert c.reply_for(events[0]) == c.nak()
    assert c.stats["crc"] == 1


def test_wrong_length_with_right_crc_is_accepted_and_counted() -> None:
    c = codec()
    (event,) = decode(c, PUBLISHED.replace(b"0029", b"0030"))
    assert isinstance(event, AlarmEvent) and event.extra["length_ok"] is False
    assert c.stats["length_mismatch"] == 1


@pytest.mark.parametrize(("qualifier", "digit"), [("new", "1"), ("restore", "3"), ("repeat", "6")])
def test_adm_cid(qualifier: Qualifier, digit: str) -> None:
    data = adm_cid_data("12B4", qualifier, "101", "01", "003")
    assert data == f"#12B4|{digit}101 01 003"
    (event,) = decode(codec(), encode_dc09("ADM-CID", 42, "12B4", data, receiver="1"))
    assert isinstance(event, AlarmEvent)
    assert (event.account, event.qualifier, event.event_code, event.event_name) == (
        "12B4",
        qualifier,
        "101",
        "Personal Emergency",
    )
    assert (event.partition, event.zone, event.sequence, event.receiver) == (
        "01",
        "003",
        "0042",
        "1",
    )


@pytest.mark.parametrize(
    ("code", "name", "qualifier"),
    [
        ("MA", "Medical Alarm", "new"),
        ("PA", "Panic Alarm", "new"),
        ("FA", "Fire Alarm", "new"),
        ("HA", "Holdup Alarm", "new"),
        ("BA", "Burglary Alarm", "new"),
        ("AT", "AC Trouble", "new"),
        ("AR", "AC Restoral", "restore"),
        ("YT", "System Battery Trouble", "new"),
        ("YR", "System Battery Restoral", "restore"),
        ("RP", "Automatic Test", "new"),
        ("OP", "Opening Report", "new"),
        ("CL", "Closing Report", "restore"),
        ("ZX", "Unknown event ZX", "new"),
    ],
)
def test_sia_codes(code: str, name: str, qualifier: str) -> None:
    frame = encode_dc09("SIA-DCS", 7, "1234", sia_data("1234", code, "005", area="2"))
    (event,) = decode(codec(), frame)
    assert isinstance(event, AlarmEvent)
    assert (event.event_code, event.event_name, event.qualifier) == (code, name, qualifier)
    assert event.partition == "2"
    assert (event.user if code in ("OP", "CL") else event.zone) == "005"


def test_sia_variants_of_the_data_block() -> None:
    c = codec()
    frames = [
        encode_dc09("SIA-DCS", 1, "1234", "Nri1/BA001/BA002"),
        encode_dc09("SIA-DCS", 2, "1234", "#1234|Nti20:50:26RP99"),
        encode_dc09("SIA-DCS", 3, "1234", "#1234|Nid7/ri2/OP1"),
    ]
    events = alarms(decode(c, b"".join(frames)))
    assert [(e.event_code, e.zone, e.user) for e in events] == [
        ("BA", "001", None),
        ("BA", "002", None),
        ("RP", "99", None),
        ("OP", None, "7"),
    ]
    # Two events from one frame: one answer, after the last of them.
    assert c.reply_for(events[0]) is None and c.reply_for(events[1]) is not None


def test_null_is_a_link_test_and_is_acknowledged() -> None:
    c = codec()
    (event,) = decode(c, encode_dc09("NULL", 9, "ABC", receiver="12", line="3"))
    assert isinstance(event, LinkTest)
    assert check_frame(c.reply_for(event) or b"") == '"ACK"0009R12L3#ABC[]'


def test_unknown_message_id_gets_duh_echoing_the_header() -> None:
    c = codec()
    (event,) = decode(c, encode_dc09("XML-DCS", 5, "1234", "<x/>", receiver="2"))
    assert isinstance(event, FrameError) and event.reason_code == "unsupported"
    assert check_frame(c.reply_for(event) or b"") == '"DUH"0005R2L0#1234[]'


def test_unreadable_data_gets_duh() -> None:
    c = codec()
    (event,) = decode(c, encode_dc09("ADM-CID", 5, "1234", "#1234|9999"))
    assert isinstance(event, FrameError) and event.reason_code == "format"
    assert b'"DUH"' in (c.reply_for(event) or b"")


def test_noise_and_a_lost_cr_do_not_cost_the_next_frame() -> None:
    c = codec()
    second = encode_dc09("ADM-CID", 2, "1234", adm_cid_data("1234", "new", "100"))
    events = decode(c, b"\x00junk" + PUBLISHED + b"noise\r" + PUBLISHED[:-1] + second)
    assert [type(e) for e in good(events)] == [AlarmEvent, AlarmEvent]
    assert [e.sequence for e in alarms(events)] == ["0001", "0002"]
    reasons = [e.reason_code for e in errors(events)]
    assert reasons == ["garbage", "format", "garbage"]
    # Junk before a frame is not answered; a CR-ended line with no header is NAKed.
    answers = [c.reply_for(e) for e in errors(events)]
    assert answers[0] is None and answers[1] == c.nak() and answers[2] is None


# -- encryption -----------------------------------------------------------------------

KEYS = {
    "ascii16": "0123456789abcdef",
    "ascii24": "Anxin-DC09-key-24-chars!",
    "ascii32": "Anxin-DC09-key-with-32-chars-ok!",
    "hex32": "hex:000102030405060708090A0B0C0D0E0F",
    "hex48": "000102030405060708090A0B0C0D0E0F1011121314151617",
    "hex64": "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
}


def decrypt_answer(answer: bytes, key: str, index: int = 0) -> str:
    body = check_frame(answer)
    m = re.fullmatch(r'"\*ACK"(\d{4})([^\[]*)\[([0-9A-F]+)', body)
    assert m, body
    plain = dc09_crypto.decrypt_hex(m[3], dc09_crypto.key_candidates(key)[index])
    assert plain is not None
    return plain


@pytest.mark.parametrize("name", list(KEYS))
def test_encrypted_round_trip(name: str) -> None:
    key = KEYS[name]
    c = codec(keys={"1234": key})
    frame = encode_dc09(
        "SIA-DCS", 11, "1234", sia_data("1234", "MA", "001"), receiver="5", timestamp=NOW, key=key
    )
    assert frame.startswith(b"\n") and b'"*SIA-DCS"0011R5L0#1234[' in frame
    (event,) = decode(c, frame)
    assert isinstance(event, AlarmEvent), event
    assert (event.event_code, event.zone, event.timestamp) == ("MA", "001", NOW)
    answer = c.reply_for(event)
    assert answer is not None and b'"*ACK"0011R5L0#1234[' in answer
    plain = decrypt_answer(answer, key)
    assert len(plain) % 16 == 0
    assert plain.endswith("|]_16:20:01,09-24-2025")


def test_ambiguous_32_hex_digit_key_works_either_way() -> None:
    key = "00112233445566778899AABBCCDDEEFF"
    assert len(dc09_crypto.key_candidates(key)) == 2
    for index in (0, 1):
        c = codec(keys={"1234": key})
        frame = encode_dc09("NULL", 1, "1234", timestamp=NOW, key=key, key_index=index)
        (event,) = decode(c, frame)
        assert isinstance(event, LinkTest) and event.extra["key_index"] == index
        assert decrypt_answer(c.reply_for(event) or b"", key, index).endswith("2025")


def _encrypt_like(key: bytes, plain: str) -> str:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    enc = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return (enc.update(plain.encode()) + enc.finalize()).hex().upper()


def _wrap(body: str, length: int | None = None) -> bytes:
    raw = body.encode()
    n = len(raw) if length is None else length
    return b"\n" + f"{crc_arc_bitwise(raw):04X}{n:04X}".encode() + raw + b"\r"


def _pysia_length(body: str) -> int:
    # pysiaalarm's test lines read the decimal length as hex: a wrong LEN, right CRC.
    return int(str(len(body)), 16)


def test_reads_what_other_implementations_send() -> None:
    key = "AAAAAAAAAAAAAAAA"
    stamp = "_16:20:01,09-24-2025"
    # pysiaalarm's tests: zeros as padding, then |Nri<zone>/<code>000]<timestamp>.
    content = f"|Nri1/BA000]{stamp}"
    body = f'"*SIA-DCS"7654L0#1111[{_encrypt_like(key.encode(), content.zfill(32))}'
    pysia = _wrap(body, _pysia_length(body))
    body = f'"SIA-DCS"7655L0#1111[|Nri0/RP000]{stamp}'
    pysia_plain = _wrap(body, _pysia_length(body))
    # dc09 (Rust): alphanumeric padding straight before the clear-text data.
    content = f"#1234|NRR|Atest]{stamp}"
    pad = "x" * (-len(content) % 16)
    rust = _wrap(f'"*SIA-DCS"0001L0#1234[{_encrypt_like(key.encode(), pad + content)}')
    c = codec(keys={"1111": key, "1234": key})
    events = decode(c, pysia + pysia_plain + rust)
    assert [(e.account, e.event_code, e.partition) for e in alarms(events)] == [
        ("1111", "BA", "1"),
        ("1111", "RP", "0"),
        ("1234", "RR", None),
    ]
    assert len(events) == 3 and c.stats["length_mismatch"] == 2
    assert all(e.timestamp == NOW for e in alarms(events))


def test_timestamp_window_with_an_injected_clock() -> None:
    key = KEYS["ascii16"]
    now = [NOW]
    c = Dc09Codec(keys={"1234": key}, clock=lambda: now[0])

    def sent_at(offset: float) -> list[Event]:
        when = NOW + timedelta(seconds=offset)
        return decode(c, encode_dc09("NULL", 1, "1234", timestamp=when, key=key))

    assert isinstance(sent_at(-39)[0], LinkTest)
    assert isinstance(sent_at(19)[0], LinkTest)
    for offset in (-41, 21, -3600):
        (event,) = sent_at(offset)
        assert isinstance(event, FrameError) and event.reason_code == "timestamp"
        nak = c.reply_for(event)
        assert nak == c.nak() and b'"NAK"0000R0L0A0[]_16:20:01,09-24-2025' in nak
    assert c.stats["timestamp"] == 3
    # The receiving PC's clock moves on: the same frame becomes acceptable.
    now[0] = NOW - timedelta(seconds=3600)
    assert isinstance(sent_at(-3600)[0], LinkTest)
    # Offline decoding reports a capture whatever its time.
    offline = Dc09Codec(keys={"1234": key}, live=False, clock=lambda: NOW)
    frame = encode_dc09("NULL", 1, "1234", timestamp=NOW - timedelta(days=30), key=key)
    assert isinstance(decode(offline, frame)[0], LinkTest)


def test_encrypted_without_a_key_or_with_the_wrong_one_gets_duh() -> None:
    frame = encode_dc09("SIA-DCS", 3, "1234", "#1234|NMA1", timestamp=NOW, key=KEYS["ascii16"])
    no_key = codec()
    (event,) = decode(no_key, frame)
    assert isinstance(event, FrameError) and event.reason_code == "encrypted_no_key"
    assert check_frame(no_key.reply_for(event) or b"") == '"DUH"0003L0#1234[]'
    wrong = codec(keys={"1234": "fedcba9876543210"})
    (event,) = decode(wrong, frame)
    assert isinstance(event, FrameError) and event.reason_code == "decrypt"


def test_encrypted_frame_must_carry_a_timestamp_when_live() -> None:
    key = KEYS["ascii16"]
    body = f'"*NULL"0001L0#1234[{_encrypt_like(key.encode(), "x" * 14 + "|]")}'
    (event,) = decode(codec(keys={"1234": key}), _wrap(body))
    assert isinstance(event, FrameError) and event.reason_code == "timestamp"


def test_a_resend_has_the_same_dedupe_key_despite_new_padding_and_time() -> None:
    key = KEYS["ascii16"]
    c = codec(keys={"1234": key})
    data = sia_data("1234", "MA", "001")
    first = encode_dc09("SIA-DCS", 8, "1234", data, timestamp=NOW, key=key)
    again = encode_dc09("SIA-DCS", 8, "1234", data, timestamp=NOW + timedelta(seconds=4), key=key)
    assert first != again
    (a,) = decode(c, first)
    (b,) = decode(c, again)
    assert a.dedupe_key == b.dedupe_key
    (other,) = decode(c, encode_dc09("SIA-DCS", 9, "1234", data, timestamp=NOW, key=key))
    assert other.dedupe_key != a.dedupe_key


@pytest.mark.parametrize("bad", ["short", "0123456789abcdef0", "hex:0011", "ascii:abc"])
def test_unusable_keys_are_refused_at_configuration(bad: str) -> None:
    with pytest.raises(ValueError):
        Dc09Codec(keys={"1234": bad})


# -- data without the account; accounts outside hex ------------------------------------


@pytest.mark.parametrize(
    "data",
    ["|1602 00 000", "1602 00 000", "#1234|1602 00 000", "1234|1602 00 000", "|160200000"],
)
def test_adm_cid_data_without_the_account_takes_the_headers(data: str) -> None:
    # `[|1602 00 000]` is how pysiaalarm and some panels send it.
    c = codec()
    (event,) = decode(c, _wrap(f'"ADM-CID"0005L0#1234[{data}]'))
    assert isinstance(event, AlarmEvent), event
    assert (event.account, event.qualifier, event.event_code, event.partition, event.zone) == (
        "1234",
        "new",
        "602",
        "00",
        "000",
    )
    assert check_frame(c.reply_for(event) or b"") == '"ACK"0005L0#1234[]'


def test_encrypted_adm_cid_without_the_account_is_acknowledged() -> None:
    key = KEYS["ascii16"]
    c = codec(keys={"1234": key})
    stamp = "_16:20:01,09-24-2025"
    for seq, content in ((6, f"|1602 00 000]{stamp}"), (7, f"||3301 00 000]{stamp}")):
        pad = "0" * (-len(content) % 16)
        body = f'"*ADM-CID"000{seq}L0#1234[{_encrypt_like(key.encode(), pad + content)}'
        (event,) = decode(c, _wrap(body))
        assert isinstance(event, AlarmEvent), event
        assert event.account == "1234" and event.timestamp == NOW
        assert b'"*ACK"000' in (c.reply_for(event) or b"")


@pytest.mark.parametrize("data", ["Nri1/MA001", "|Nri1/MA001", "NMA001|Aliving room"])
def test_sia_data_without_the_account_takes_the_headers(data: str) -> None:
    c = codec()
    (event,) = decode(c, _wrap(f'"SIA-DCS"0012R2L3#5678[{data}]'))
    assert isinstance(event, AlarmEvent), event
    assert (event.account, event.event_code, event.zone, event.code_system) == (
        "5678",
        "MA",
        "001",
        "sia",
    )
    assert check_frame(c.reply_for(event) or b"") == '"ACK"0012R2L3#5678[]'


def test_adm_cid_data_that_is_not_contact_id_still_gets_duh() -> None:
    c = codec()
    for data in ("|9999", "#1234|", "12345678901234567|1602 00 000"):
        (event,) = decode(c, _wrap(f'"ADM-CID"0005L0#1234[{data}]'))
        assert isinstance(event, FrameError) and event.reason_code == "format", data
        assert check_frame(c.reply_for(event) or b"") == '"DUH"0005L0#1234[]'


@pytest.mark.parametrize("account", ["7", "A1", "GH12", "XYZ", "abcdefghijklmnop", "Z0000000001"])
def test_accounts_of_any_letters_and_digits_up_to_16(account: str) -> None:
    c = codec()
    events = decode(
        c,
        _wrap(f'"NULL"0001L0#{account}[]')
        + _wrap(f'"ADM-CID"0002L0#{account}[#{account}|1101 01 001]')
        + _wrap(f'"SIA-DCS"0003L0#{account}[#{account}|NMA002]'),
    )
    assert not errors(events), events
    assert [e.account for e in events] == [account.upper()] * 3
    assert [e.event_code for e in alarms(events)] == ["101", "MA"]
    # Answers echo the account as the panel spelled it: that is what it compares.
    answers = [check_frame(c.reply_for(e) or b"") for e in events]
    assert answers == [f'"ACK"000{n}L0#{account}[]' for n in (1, 2, 3)]


@pytest.mark.parametrize("account", ["", "12345678901234567", "12-4", "12 4", "ÄB1"])
def test_accounts_that_are_no_accounts_are_refused(account: str) -> None:
    c = codec()
    (event,) = decode(c, _wrap(f'"NULL"0001L0#{account}[]'))
    assert isinstance(event, FrameError) and event.reason_code == "account"
    assert c.reply_for(event) == c.nak()


def test_encrypted_frame_for_a_letter_account_finds_its_key() -> None:
    key = KEYS["ascii16"]
    c = codec(keys={"TX9": key})
    content = "|#tx9|NMA001]_16:20:01,09-24-2025"
    pad = "0" * (-len(content) % 16)
    (event,) = decode(
        c, _wrap(f'"*SIA-DCS"0004L0#tx9[{_encrypt_like(key.encode(), pad + content)}')
    )
    assert isinstance(event, AlarmEvent) and event.account == "TX9", event
    answer = c.reply_for(event) or b""
    assert b'"*ACK"0004L0#tx9[' in answer
    assert decrypt_answer(answer, key).endswith("|]_16:20:01,09-24-2025")
