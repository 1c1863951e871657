"""Labels cover every code the database stores; messages cover every rule the registry has."""

from __future__ import annotations

import re
from pathlib import Path

import db.models as models
from app.errors import FieldError
from ui import labels, messages

REGISTRY = Path(__file__).resolve().parents[2] / "app" / "registry"


def test_every_stored_code_has_a_label() -> None:
    assert set(labels.sexes()) == set(models.SEXES)
    assert set(labels.sexes_short()) == set(models.SEXES)
    assert set(labels.subsidy_categories()) == set(models.SUBSIDY_CATEGORIES)
    assert set(labels.subsidy_short()) == set(models.SUBSIDY_CATEGORIES)
    assert set(labels.care_levels()) == set(models.CARE_LEVELS)
    assert set(labels.elder_statuses()) == set(models.ELDER_STATUSES)
    assert set(labels.phone_kinds()) == set(models.PHONE_KINDS)
    assert set(labels.special_groups()) == set(models.SPECIAL_GROUPS)
    assert set(labels.firm_statuses()) == set(models.FIRM_STATUSES)


def registry_codes() -> set[str]:
    """Every error code the registry can report, read from its source."""
    codes: set[str] = set()
    for path in REGISTRY.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r"\.add\(\s*[^,()]+,\s*\"(\w+)\"", text))
        codes |= set(re.findall(r"\bp\.add\(\s*\n\s*[^,]+,\s*\n\s*\"(\w+)\"", text))
        if "p.text(" in text:
            codes |= {"required", "too_long"}
        if "p.choice(" in text:
            codes.add("invalid_choice")
        if "p.phone(" in text:
            codes |= {"phone_empty", "phone_impossible", "phone_unparsable", "phone_invalid"}
        if "p.id_number(" in text:
            codes |= {"required", "id_length", "id_chars", "id_birth_date", "id_check_digit"}
        if "p.date_order(" in text:
            codes.add("date_order")
    checks = (REGISTRY / "_checks.py").read_text(encoding="utf-8")
    codes |= set(re.findall(r"self\.add\(\s*[^,]+,\s*\"(\w+)\"", checks))
    return codes


def test_every_registry_error_code_has_a_translated_message() -> None:
    codes = registry_codes()
    assert {"id_check_digit", "date_order", "licence_duplicate"} <= codes  # the scan works
    assert codes - messages.known_codes() == set()


def test_a_message_is_filled_from_its_params() -> None:
    err = FieldError(
        "contract_end", "date_order", "…", {"first": "2025-06-01", "then": "2025-01-31"}
    )
    assert messages.error_text(err) == "Must be after 2025-06-01 (it is 2025-01-31)."


def test_an_unknown_code_falls_back_to_the_service_message() -> None:
    err = FieldError("name", "brand_new_rule", "Name breaks a brand new rule.")
    assert messages.error_text(err) == "Name breaks a brand new rule."


def test_a_missing_param_stays_visible_rather_than_failing() -> None:
    err = FieldError("phones[0].number", "phone_invalid", "…", {})
    assert "{number}" in messages.error_text(err)
    assert messages.field_label("contacts[2].phone") == "Contact 3 phone"
