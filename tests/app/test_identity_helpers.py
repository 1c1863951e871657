"""ID numbers, phone numbers and pinyin initials: the three keys operators search by."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.idcard import IdNumberError, make_id_number, mask_id_number, parse_id_number
from app.phones import PhoneError, display, lookup_key, normalise
from app.pinyin import initials


def test_published_example_with_x_check_digit() -> None:
    assert parse_id_number("11010519491231002x") == ("11010519491231002X", date(1949, 12, 31), "F")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1101051949123100", "id_length"),
        ("11010519491231002A", "id_chars"),
        ("110105194502300021", "id_birth_date"),
        ("110105194912310021", "id_check_digit"),
    ],
)
def test_each_fault_has_its_own_reason(value: str, code: str) -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(value)
    assert exc.value.code == code


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(1961, 12, 31)),
    seq=st.integers(0, 99),
    sex=st.sampled_from(["M", "F"]),
)
def test_generated_numbers_parse_back(born: date, seq: int, sex: str) -> None:
    number = make_id_number("620102", born, seq, sex)
    assert parse_id_number(number) == (number, born, sex)


def test_mask_hides_the_birth_date() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("0931-8812345", "+869318812345"),
        ("(0931) 881 2345", "+869318812345"),
    ],
)
def test_every_written_form_normalises_to_one_key(raw: str, e164: str) -> None:
    assert normalise(raw) == e164


def test_local_landline_takes_the_centres_area_code() -> None:
    assert normalise("8812345", default_area_code="0931") == "+869318812345"


def test_impossible_number_is_refused_with_a_reason() -> None:
    with pytest.raises(PhoneError) as exc:
        normalise("12")
    assert exc.value.code == "phone_impossible"
    assert lookup_key("no digits here") is None


def test_display_is_national_format() -> None:
    assert display("+8613800138000") == "138 0013 8000"


def test_pinyin_initials() -> None:
    assert initials("张三") == "zs"
    assert initials("欧阳秀英") == "oyxy"
