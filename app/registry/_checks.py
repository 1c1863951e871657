"""Shared field checks: each adds a FieldError that says what is wrong and where, and goes on,
so a form learns about every problem at once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date

import phonenumbers
from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import FieldError, ValidationError
from app.idcard import IdNumberError, check_digit, parse_id_number
from app.phones import PhoneError, display, normalise
from app.registry import DEFAULT_AREA_CODE

ID_NUMBER_LABEL = "ID number"


def clean(text: str | None) -> str:
    """Trim, and fold full-width letters and digits (a Chinese IME types them) to ASCII."""
    return unicodedata.normalize("NFKC", text or "").strip()


class Problems:
    """Collects FieldErrors in form order."""

    def __init__(self, area_code: str = DEFAULT_AREA_CODE) -> None:
        self.errors: list[FieldError] = []
        self.area_code = area_code

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, field: str, code: str, message: str, /, **params: object) -> None:
        self.errors.append(FieldError(field, code, message, {k: str(v) for k, v in params.items()}))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def text(
        self,
        field: str,
        value: str | None,
        label: str,
        *,
        max_len: int,
        required: bool = False,
    ) -> str:
        """The trimmed text; "required" if empty and needed, "too_long" past the column."""
        v = (value or "").strip()
        if required and not v:
            self.add(field, "required", f"{label} is required.", label=label)
        elif len(v) > max_len:
            self.add(
                field,
                "too_long",
                f"{label} is too long: {len(v)} characters, at most {max_len}.",
                label=label,
                length=len(v),
                max=max_len,
            )
        return v

    def choice(self, field: str, value: str, label: str, allowed: Collection[str]) -> str:
        if value not in allowed:
            self.add(
                field,
                "invalid_choice",
                f"{label} '{value}' is not one of: {', '.join(allowed)}.",
                label=label,
                value=value,
                allowed=", ".join(allowed),
            )
        return value

    def phone(
        self, field: str, raw: str | None, label: str, *, required: bool = True
    ) -> str | None:
        """E.164 form of a phone number, or None after recording why it is not one."""
        text = clean(raw)
        if not text:
            if required:
                self.add(field, "phone_empty", f"{label}: no number was entered.", label=label)
            return None
        try:
            e164 = normalise(text, default_area_code=self.area_code)
        except PhoneError as exc:
            if exc.code == "phone_empty":
                self.add(
                    field,
                    "phone_empty",
                    f"{label} '{text}' contains no digits.",
                    label=label,
                    number=text,
                )
            elif exc.code == "phone_impossible":
                self.add(
                    field,
                    "phone_impossible",
                    f"{label} '{text}' has the wrong number of digits for a phone number.",
                    label=label,
                    number=text,
                )
            else:
                self.add(
                    field,
                    exc.code,
                    f"{label} '{text}' is not a phone number.",
                    label=label,
                    number=text,
                )
            return None
        # normalise() only checks the length; "12345" would pass it, so ask whether
        # the number belongs to a range that exists (mobile 1xx, or area code + local).
        if not phonenumbers.is_valid_number(phonenumbers.parse(e164)):
            self.add(
                field,
                "phone_invalid",
                f"{label} '{text}' is not a number in use: a mobile has 11 digits starting "
                f"with 1, a landline is the area code and 7-8 digits.",
                label=label,
                number=text,
            )
            return None
        return e164

    def id_number(self, field: str, raw: str | None) -> tuple[str, date, str] | None:
        """(number, birth date, sex) of an 18-character resident ID number, or None."""
        text = "".join(clean(raw).split()).upper()
        if not text:
            self.add(field, "required", f"{ID_NUMBER_LABEL} is required.", label=ID_NUMBER_LABEL)
            return None
        try:
            return parse_id_number(text)
        except IdNumberError as exc:
            message, params = _id_error(exc.code, text)
            self.add(field, exc.code, message, number=text, **params)
            return None

    def date_order(
        self, field: str, first: date, then: date, first_label: str, then_label: str
    ) -> None:
        if then <= first:
            self.add(
                field,
                "date_order",
                f"{then_label} ({then:%Y-%m-%d}) must be after {first_label} ({first:%Y-%m-%d}).",
                first=first.isoformat(),
                then=then.isoformat(),
                first_label=first_label,
                then_label=then_label,
            )


def _id_error(code: str, text: str) -> tuple[str, dict[str, str]]:
    """Message and translation parameters for one IdNumberError code."""
    if code == "id_length":
        return (
            f"{ID_NUMBER_LABEL} must be 18 characters; {len(text)} were entered.",
            {"length": str(len(text))},
        )
    if code == "id_chars":
        return (
            f"{ID_NUMBER_LABEL} may contain only digits, and X as the last character.",
            {},
        )
    if code == "id_birth_date":
        return (
            f"{ID_NUMBER_LABEL} holds the birth date {text[6:14]} (characters 7-14), "
            f"which does not exist.",
            {"birth": text[6:14]},
        )
    if code == "id_check_digit":
        expected = check_digit(text[:17])
        return (
            f"{ID_NUMBER_LABEL} check digit should be {expected}, not {text[17]}: "
            f"a character was probably mistyped.",
            {"expected": expected, "got": text[17]},
        )
    return f"{ID_NUMBER_LABEL} is not valid.", {}


_CN_MOBILE = re.compile(r"\+861[3-9]\d{9}")


def phone_display(e164: str) -> str:
    """app.phones.display, with a shortcut for Chinese mobiles (always 3-4-4): a list page
    formats a hundred numbers, and the library takes a tenth of a millisecond for each."""
    if not e164:
        return ""
    if _CN_MOBILE.fullmatch(e164):
        return f"{e164[3:6]} {e164[6:10]} {e164[10:]}"
    return display(e164)


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: InstrumentedAttribute[str], fragment: str) -> ColumnElement[bool]:
    return column.like(f"%{like_escape(fragment)}%", escape="\\")


def _successor(start: str) -> str | None:
    """The smallest string after every string that begins with ``start`` (letters, digits).

    Trailing 'z'/'9' are dropped before the increment so the bound stays a letter or a
    digit: a bound like 'w{' would sort differently under a linguistic collation.
    """
    s = start.rstrip("z9Z")
    if not s:
        return None
    return s[:-1] + chr(ord(s[-1]) + 1)


def prefix(column: InstrumentedAttribute[str], start: str) -> ColumnElement[bool]:
    """``column`` begins with ``start``, written so a plain b-tree index serves it.

    SQLite uses an index for LIKE only on NOCASE columns, PostgreSQL only under the C
    collation or with pattern_ops; a range works with the ordinary index on both. The LIKE
    that follows the range only drops what a collation's quirks might let in.
    """
    if not start:
        return true()
    cond = column >= start
    upper = _successor(start)
    if upper is not None:
        cond = cond & (column < upper)
    return cond & column.like(f"{like_escape(start)}%", escape="\\")
