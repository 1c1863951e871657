"""Field errors in the operator's language: error codes and field names → tr() text.

Services report problems as ``FieldError(field, code, message, params)`` with an
English message; here each stable ``code`` gets a translated template filled from
``params``. An unknown code falls back to the service's English message, so a new
rule is never silent — and ``tests/ui/test_messages.py`` fails until it is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.errors import FieldError
from ui import labels

_ROW_FIELD = re.compile(r"^(?P<table>\w+)\[(?P<row>\w+)\](?:\.(?P<column>\w+))?$")


def _field_labels() -> dict[str, str]:
    return {
        "name": QCoreApplication.translate("Fields", "Name"),
        "sex": QCoreApplication.translate("Fields", "Sex"),
        "id_number": QCoreApplication.translate("Fields", "ID number"),
        "birth_date": QCoreApplication.translate("Fields", "Birth date"),
        "community_id": QCoreApplication.translate("Fields", "Community"),
        "address": QCoreApplication.translate("Fields", "Address"),
        "building": QCoreApplication.translate("Fields", "Building"),
        "unit": QCoreApplication.translate("Fields", "Unit"),
        "floor": QCoreApplication.translate("Fields", "Floor"),
        "door": QCoreApplication.translate("Fields", "Door"),
        "subsidy_category": QCoreApplication.translate("Fields", "Subsidy category"),
        "care_level": QCoreApplication.translate("Fields", "Care level"),
        "status": QCoreApplication.translate("Fields", "Status"),
        "phones": QCoreApplication.translate("Fields", "Phones"),
        "contacts": QCoreApplication.translate("Fields", "Emergency contacts"),
        "groups": QCoreApplication.translate("Fields", "Special groups"),
        "medical_notes": QCoreApplication.translate("Fields", "Medical notes"),
        "allergies": QCoreApplication.translate("Fields", "Allergies"),
        "medicines": QCoreApplication.translate("Fields", "Medicines"),
        "preferred_firm_id": QCoreApplication.translate("Fields", "Preferred firm"),
        "daily_checkin": QCoreApplication.translate("Fields", "Daily check-in call"),
        "checkin_hour": QCoreApplication.translate("Fields", "Check-in hour"),
        "enrolled_on": QCoreApplication.translate("Fields", "Enrolled on"),
        "reason": QCoreApplication.translate("Fields", "Reason"),
        "licence_no": QCoreApplication.translate("Fields", "Licence number"),
        "legal_rep": QCoreApplication.translate("Fields", "Legal representative"),
        "contact_name": QCoreApplication.translate("Fields", "Contact person"),
        "contact_phone": QCoreApplication.translate("Fields", "Contact phone"),
        "contract_start": QCoreApplication.translate("Fields", "Contract start"),
        "contract_end": QCoreApplication.translate("Fields", "Contract end"),
        "notes": QCoreApplication.translate("Fields", "Notes"),
        "area_ids": QCoreApplication.translate("Fields", "Communities covered"),
        "item_ids": QCoreApplication.translate("Fields", "Service items"),
        "phone": QCoreApplication.translate("Fields", "Phone"),
        "role": QCoreApplication.translate("Fields", "Role"),
        "certificate": QCoreApplication.translate("Fields", "Certificate"),
        "certified_until": QCoreApplication.translate("Fields", "Certified until"),
        "active": QCoreApplication.translate("Fields", "Active"),
        "firm_id": QCoreApplication.translate("Fields", "Firm"),
        "code": QCoreApplication.translate("Fields", "Code"),
        "category_id": QCoreApplication.translate("Fields", "Category"),
        "market_price_fen": QCoreApplication.translate("Fields", "Market price"),
        "time_limit_min": QCoreApplication.translate("Fields", "Time limit"),
        "standard": QCoreApplication.translate("Fields", "Service standard"),
        "kind": QCoreApplication.translate("Fields", "Kind"),
    }


def _row_label(table: str, row_key: str, column: str | None) -> str:
    """Rows count from 1 for people; a key that is not a number (prices[A]) stays as is."""
    n = str(int(row_key) + 1) if row_key.isdigit() else row_key
    if table == "phones":
        columns = {
            "kind": QCoreApplication.translate("Fields", "Phone %1 kind"),
            "number": QCoreApplication.translate("Fields", "Phone %1"),
        }
        return columns.get(column or "", QCoreApplication.translate("Fields", "Phone %1")).replace(
            "%1", n
        )
    if table == "contacts":
        columns = {
            "name": QCoreApplication.translate("Fields", "Contact %1 name"),
            "relation": QCoreApplication.translate("Fields", "Contact %1 relation"),
            "phone": QCoreApplication.translate("Fields", "Contact %1 phone"),
        }
        return columns.get(
            column or "", QCoreApplication.translate("Fields", "Contact %1")
        ).replace("%1", n)
    if table == "prices":
        return QCoreApplication.translate("Fields", "Price for category %1").replace("%1", row_key)
    return f"{table} {n} {column or ''}".strip()


def field_label(field: str) -> str:
    """'phones[1].number' → 'Phone 2'; 'id_number' → 'ID number' (translated)."""
    m = _ROW_FIELD.match(field)
    if m:
        return _row_label(m["table"], m["row"], m["column"])
    return _field_labels().get(field, field)


def _sex_label(code: str) -> str:
    return labels.label(labels.sexes(), code)


def _group_label(code: str) -> str:
    return labels.label(labels.special_groups(), code)


def _templates() -> dict[str, Callable[[dict[str, str]], str]]:

    def fill(template: str) -> Callable[[dict[str, str]], str]:
        return lambda params: _format(template, params)

    def phone_empty(params: dict[str, str]) -> str:
        if params.get("number"):
            return _format(
                QCoreApplication.translate("Errors", "“{number}” contains no digits."), params
            )
        return QCoreApplication.translate("Errors", "No number was entered.")

    def id_duplicate(params: dict[str, str]) -> str:
        if params.get("other_name"):
            return _format(
                QCoreApplication.translate("Errors", "Already registered, for {other_name}."),
                params,
            )
        return QCoreApplication.translate("Errors", "This ID number is already registered.")

    def licence_duplicate(params: dict[str, str]) -> str:
        if params.get("other_name"):
            return _format(
                QCoreApplication.translate(
                    "Errors", "Already registered, for {other_name} (firm #{other_id})."
                ),
                params,
            )
        return QCoreApplication.translate("Errors", "This licence number is already registered.")

    def code_duplicate(params: dict[str, str]) -> str:
        if params.get("other_name"):
            return _format(
                QCoreApplication.translate(
                    "Errors", "Code {code} is already used by {other_name}."
                ),
                params,
            )
        return _format(QCoreApplication.translate("Errors", "Code {code} is already used."), params)

    def id_sex_mismatch(params: dict[str, str]) -> str:
        return QCoreApplication.translate(
            "Errors", "Does not match the ID number, which says %1."
        ).replace("%1", _sex_label(params.get("id_sex", "")))

    def group_age(params: dict[str, str]) -> str:
        return _format(
            QCoreApplication.translate(
                "Errors", "“{group}” is for elders aged {min} and over; this elder is {age}."
            ),
            {**params, "group": _group_label(params.get("group", ""))},
        )

    def date_order(params: dict[str, str]) -> str:
        return _format(
            QCoreApplication.translate("Errors", "Must be after {first} (it is {then})."), params
        )

    return {
        "required": fill(QCoreApplication.translate("Errors", "Required.")),
        "too_long": fill(
            QCoreApplication.translate("Errors", "Too long: {length} characters, at most {max}.")
        ),
        "invalid_choice": fill(
            QCoreApplication.translate("Errors", "“{value}” is not one of the choices.")
        ),
        "out_of_range": fill(
            QCoreApplication.translate("Errors", "Must be between {min} and {max}.")
        ),
        "phone_empty": phone_empty,
        "phone_impossible": fill(
            QCoreApplication.translate(
                "Errors", "“{number}” has the wrong number of digits for a phone number."
            )
        ),
        "phone_unparsable": fill(
            QCoreApplication.translate("Errors", "“{number}” is not a phone number.")
        ),
        "phone_invalid": fill(
            QCoreApplication.translate(
                "Errors",
                "“{number}” is not a number in use: a mobile has 11 digits starting with 1, "
                "a landline is the area code and 7–8 digits.",
            )
        ),
        "phone_repeated": fill(
            QCoreApplication.translate("Errors", "The same number as phone {other}.")
        ),
        "id_length": fill(
            QCoreApplication.translate("Errors", "Must be 18 characters; {length} were entered.")
        ),
        "id_chars": fill(
            QCoreApplication.translate("Errors", "Only digits, and X as the last character.")
        ),
        "id_birth_date": fill(
            QCoreApplication.translate(
                "Errors", "Holds the birth date {birth} (characters 7–14), which does not exist."
            )
        ),
        "id_check_digit": fill(
            QCoreApplication.translate(
                "Errors",
                "The check digit should be {expected}, not {got}: a character was "
                "probably mistyped.",
            )
        ),
        "id_duplicate": id_duplicate,
        "id_birth_mismatch": fill(
            QCoreApplication.translate(
                "Errors", "Does not match the ID number, which says {id_birth_date}."
            )
        ),
        "id_sex_mismatch": id_sex_mismatch,
        "too_young": fill(
            QCoreApplication.translate("Errors", "The birth date {birth_date} is in the future.")
        ),
        "too_old": fill(
            QCoreApplication.translate(
                "Errors",
                "The birth date {birth_date} makes the elder {age} years old; more than "
                "{max} is surely a typing error.",
            )
        ),
        "enrol_age": fill(
            QCoreApplication.translate(
                "Errors",
                "Elders are registered from age {min}; born {birth_date}, this person is "
                "only {age} on the enrolment date.",
            )
        ),
        "group_age": group_age,
        "date_order": date_order,
        "date_future": fill(
            QCoreApplication.translate("Errors", "The date {date} is in the future.")
        ),
        "date_format": fill(
            QCoreApplication.translate("Errors", "“{text}” is not a date: write it as 2024-03-01.")
        ),
        "unknown_community": fill(
            QCoreApplication.translate("Errors", "Choose a community from the list.")
        ),
        "community_not_chosen": fill(
            QCoreApplication.translate(
                "Errors", "“{text}” is not a community on the list: pick one from the list."
            )
        ),
        "unknown_firm": fill(
            QCoreApplication.translate("Errors", "Firm #{firm_id} does not exist.")
        ),
        "firm_not_chosen": fill(
            QCoreApplication.translate(
                "Errors", "“{text}” is not a firm on the list: pick one from the list."
            )
        ),
        "licence_duplicate": licence_duplicate,
        "licence_chars": fill(
            QCoreApplication.translate(
                "Errors", "Only digits, Latin capital letters and “-” are allowed."
            )
        ),
        "licence_check_digit": fill(
            QCoreApplication.translate(
                "Errors",
                "The last character of the unified social credit code should be {expected}, "
                "not {got}: a character was probably mistyped.",
            )
        ),
        "exited_final": fill(
            QCoreApplication.translate(
                "Errors",
                "This firm has exited the network and cannot be taken back; register a new "
                "contract instead.",
            )
        ),
        "unknown_item": fill(
            QCoreApplication.translate("Errors", "Service item #{item_id} does not exist.")
        ),
        "code_duplicate": code_duplicate,
        "unknown_category": fill(
            QCoreApplication.translate("Errors", "Category #{category_id} does not exist.")
        ),
        "not_integer": fill(
            QCoreApplication.translate("Errors", "Must be a whole number of fen, not “{value}”.")
        ),
        "negative": fill(QCoreApplication.translate("Errors", "Cannot be negative ({value} fen).")),
        "price_over_market": fill(
            QCoreApplication.translate(
                "Errors",
                "Category {category}: elder {elder} + government {government} fen is more "
                "than the market price of {market} fen.",
            )
        ),
        "firm_exited": fill(
            QCoreApplication.translate(
                "Errors", "This firm has left the network and can take no orders."
            )
        ),
    }


def _format(template: str, params: dict[str, str]) -> str:
    """str.format that leaves a missing parameter visible instead of failing."""

    class _Keep(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(params))


def known_codes() -> set[str]:
    return set(_templates())


def error_text(err: FieldError) -> str:
    """The message for one field error, translated when its code is known."""
    template = _templates().get(err.code)
    if template is None:
        return err.message
    return template(err.params)


def error_line(err: FieldError) -> str:
    """'ID number: the check digit should be 7, not 3 …' for lists and summaries."""
    return (
        QCoreApplication.translate("Errors", "%1: %2", "field label: problem")
        .replace("%1", field_label(err.field))
        .replace("%2", error_text(err))
    )
