from __future__ import annotations

import pytest

from app import settings
from app.context import Database


def test_defaults_then_stored_values_shared_by_every_session(db: Database) -> None:
    with db.sessions() as s:
        assert settings.get(s, "elders.enrol_min_age") == 65
        settings.put(s, "elders.enrol_min_age", 60)
        s.commit()
    with db.sessions() as s:
        assert settings.get(s, "elders.enrol_min_age") == 60
        assert settings.all_values(s)["centre.area_code"] == "0931"


def test_wrong_type_and_unknown_key_are_refused(db: Database) -> None:
    with db.sessions() as s:
        with pytest.raises(TypeError):
            settings.put(s, "elders.enrol_min_age", "sixty")
        with pytest.raises(settings.UnknownSetting):
            settings.get(s, "no.such.key")
