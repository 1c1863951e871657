from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.codecs.contact_id import (
    ContactId,
    Priority,
    Refusal,
    check_digit,
    checksum_ok,
    encode_contact_id,
    event_name,
    is_restore,
    parse_contact_id,
    priority_of,
)
from hardware.codecs.priority import priority_for
from hardware.events import AlarmEvent, Qualifier

HEX = "0123456789BCDEF"  # A is not a Contact ID digit on the wire


def test_published_example_has_a_valid_check_digit() -> None:
    # The worked example circulating with the DC-05 description: 1234 18 1 131 01 015 8.
    assert checksum_ok("1234181131010158")
    assert check_digit("123418113101015") == "8"
    assert encode_contact_id("1234", "new", "131", "01", "015") == "1234181131010158"


def test_zero_weighs_ten_and_hex_digits_eleven_to_fifteen() -> None:
    # 0000 18 1 100 00 000: eleven 0s weigh 110, plus 1+8+1+1 = 121, so S must weigh 14.
    assert check_digit("000018110000000") == "E"
    assert checksum_ok("B23418110101001" + check_digit("B23418110101001"))
    # A sum already a multiple of 15 needs a check digit of weight 15, written F.
    assert check_digit("0" * 15) == "F"


def test_parse_16_digits() -> None:
    cid = parse_contact_id("1234 18 1 131 01 015 8")
    assert cid == ContactId("1234", "new", "131", "01", "015", "18", "8")
    assert cid.zone == "015" and cid.user is None and cid.event_name == "Perimeter"


def test_parse_rejects_a_bad_check_digit() -> None:
    refusal = parse_contact_id("1234181131010159")
    assert isinstance(refusal, Refusal) and refusal.reason == "checksum"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("123418E10101001", "new"),
        ("123418R10101001", "restore"),
        ("123418P10101001", "repeat"),
        ("123418110101001", "new"),
        ("123418310101001", "restore"),
        ("123418610101001", "repeat"),
    ],
)
def test_every_qualifier_spelling(text: str, qualifier: str) -> None:
    cid = parse_contact_id(text)
    assert isinstance(cid, ContactId) and cid.qualifier == qualifier


def test_unknown_qualifier_and_message_type_are_refused() -> None:
    assert isinstance(parse_contact_id("123418210101001"), Refusal)
    assert isinstance(parse_contact_id("123428110101001"), Refusal)
    assert parse_contact_id("12341811010100") == Refusal(
        "length", "14 characters, Contact ID has 15 or 16"
    )


def test_hex_account_digits() -> None:
    cid = parse_contact_id(encode_contact_id("BCDF", "restore", "602", "00", "000"))
    assert isinstance(cid, ContactId)
    assert (cid.account, cid.qualifier, cid.event_code) == ("BCDF", "restore", "602")


def test_open_close_and_duress_report_a_user() -> None:
    cid = parse_contact_id(encode_contact_id("1234", "restore", "401", "01", "007"))
    assert isinstance(cid, ContactId) and cid.user == "007" and cid.zone is None
    duress = parse_contact_id(encode_contact_id("1234", "new", "121", "01", "003"))
    assert isinstance(duress, ContactId) and duress.user == "003"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("100", "Medical"),
        ("101", "Personal Emergency"),
        ("110", "Fire"),
        ("120", "Panic"),
        ("121", "Duress"),
        ("301", "AC Loss"),
        ("302", "Low System Battery"),
        ("384", "RF Low Battery"),
        ("602", "Periodic Test"),
        ("654", "System Inactivity"),
        ("641", "Senior Watch Trouble"),
        ("9F9", "Unknown event 9F9"),
        ("799", "Unknown event 799"),
    ],
)
def test_event_names(code: str, name: str) -> None:
    assert event_name(code) == name


@pytest.mark.parametrize(
    ("code", "priority"),
    [
        ("100", Priority.LIFE),
        ("101", Priority.LIFE),
        ("110", Priority.LIFE),
        ("121", Priority.LIFE),
        ("147", Priority.SUPERVISION),
        ("102", Priority.SUPERVISION),
        ("301", Priority.SUPERVISION),
        ("354", Priority.SUPERVISION),
        ("381", Priority.SUPERVISION),
        ("383", Priority.SUPERVISION),
        ("384", Priority.SUPERVISION),
        ("641", Priority.SUPERVISION),
        ("601", Priority.TEST),
        ("602", Priority.TEST),
        ("401", Priority.OPEN_CLOSE),
        ("654", Priority.WELFARE),
        ("606", Priority.OTHER),
        ("1C0", Priority.OTHER),
    ],
)
def test_priority(code: str, priority: Priority) -> None:
    assert priority_of(code) is priority


def test_priority_rank_puts_life_first() -> None:
    assert Priority.LIFE.rank < Priority.WELFARE.rank < Priority.SUPERVISION.rank
    assert min(Priority, key=lambda p: p.rank) is Priority.LIFE


def test_is_restore_whatever_the_spelling() -> None:
    assert all(is_restore(q) for q in ("restore", "3", "R"))
    assert not any(is_restore(q) for q in ("new", "repeat", "1", "E", "6", "P"))


@settings(max_examples=200, deadline=None)
@given(
    account=st.text(HEX, min_size=4, max_size=4),
    qualifier=st.sampled_from(["new", "restore", "repeat"]),
    code=st.text(HEX, min_size=3, max_size=3),
    partition=st.text(HEX, min_size=2, max_size=2),
    ccc=st.text(HEX, min_size=3, max_size=3),
    flip=st.integers(0, 15),
    other=st.sampled_from(HEX),
)
def test_round_trip_and_any_single_digit_change_is_caught(
    account: str,
    qualifier: Qualifier,
    code: str,
    partition: str,
    ccc: str,
    flip: int,
    other: str,
) -> None:
    digits = encode_contact_id(account, qualifier, code, partition, ccc)
    cid = parse_contact_id(digits)
    assert isinstance(cid, ContactId)
    assert (cid.account, cid.qualifier, cid.event_code, cid.partition, cid.ccc) == (
        account,
        qualifier,
        code,
        partition,
        ccc,
    )
    if digits[flip] != other:
        changed = digits[:flip] + other + digits[flip + 1 :]
        # A different digit always changes the weighted sum by 1..14: never a multiple of 15.
        assert not checksum_ok(changed)


def test_priority_for_either_code_system() -> None:
    cid = AlarmEvent("surgard", "1234", "new", "654", "System Inactivity")
    sia = AlarmEvent("dc09", "1234", "restore", "YR", "System Battery Restoral", code_system="sia")
    assert priority_for(cid) is Priority.WELFARE
    assert priority_for(sia) is Priority.SUPERVISION
