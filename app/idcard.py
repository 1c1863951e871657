"""Chinese resident ID numbers (GB 11643): 18 characters, ISO 7064 MOD 11-2 check digit."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


class IdNumberError(ValueError):
    """Why an ID number is not valid; ``code`` names the reason for translation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_id_number(value: str) -> tuple[str, date, str]:
    """Return (normalised number, birth date, sex 'M'/'F') or raise IdNumberError."""
    v = value.strip().upper()
    if len(v) != 18:
        raise IdNumberError("id_length", f"must be 18 characters, got {len(v)}")
    if not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        raise IdNumberError("id_chars", "only digits, and X as the last character")
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise IdNumberError("id_birth_date", f"no such birth date {v[6:14]}") from None
    expected = check_digit(v[:17])
    if v[17] != expected:
        raise IdNumberError("id_check_digit", f"check digit should be {expected}, not {v[17]}")
    sex = "M" if int(v[16]) % 2 else "F"
    return v, born, sex


def make_id_number(area_code: str, born: date, sequence: int, sex: str) -> str:
    """Build a valid number (demo data, tests): sequence 0-99, odd 17th digit for men."""
    seq3 = sequence % 100 * 10 + (1 if sex == "M" else 0)
    if (sex == "M" and seq3 % 2 == 0) or (sex == "F" and seq3 % 2 == 1):
        seq3 += 1
    first17 = f"{area_code[:6]}{born:%Y%m%d}{seq3 % 1000:03d}"
    return first17 + check_digit(first17)


def mask_id_number(v: str) -> str:
    """As lists show it: region and check digit kept, birth date hidden."""
    if len(v) != 18:
        return "*" * len(v)
    return f"{v[:6]}********{v[14:]}"
