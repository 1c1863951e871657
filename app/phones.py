"""Phone numbers: normalised once to E.164 (region CN) and indexed in that form."""

from __future__ import annotations

import phonenumbers

REGION = "CN"


class PhoneError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def normalise(raw: str, *, default_area_code: str = "") -> str:
    """E.164 form of a number as a caller-ID box or an operator writes it.

    A local landline number without its area code gets ``default_area_code``
    (the centre's city), as the telephone network itself would.
    """
    digits = "".join(c for c in raw if c.isdigit() or c == "+")
    if not digits:
        raise PhoneError("phone_empty", "no digits")
    if default_area_code and not digits.startswith(("+", "0", "1")) and len(digits) in (7, 8):
        digits = "0" + default_area_code.lstrip("0") + digits
    try:
        parsed = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("phone_unparsable", str(exc)) from None
    if not phonenumbers.is_possible_number(parsed):
        raise PhoneError("phone_impossible", f"{raw!r} is not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def lookup_key(raw: str, *, default_area_code: str = "") -> str | None:
    """The normal form for searching; None when the text is not a number at all."""
    try:
        return normalise(raw, default_area_code=default_area_code)
    except PhoneError:
        return None


def display(e164: str) -> str:
    """National format, as staff read numbers aloud: 138 0013 8000, 0931 8812345."""
    try:
        parsed = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
