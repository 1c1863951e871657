from __future__ import annotations

import pytest

from app import settings
from app.context import Database
from app.errors import Conflict
from db.models import User


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


def test_every_put_bumps_the_version(db: Database) -> None:
    with db.sessions() as s:
        assert settings.version(s, "followup.due_days") == 0  # the default, never stored
        settings.put(s, "followup.due_days", 2)
        s.commit()
        assert settings.version(s, "followup.due_days") == 1
        settings.put(s, "followup.due_days", 3)
        s.commit()
        assert settings.version(s, "followup.due_days") == 2


def test_a_stale_put_names_who_saved_it_and_changes_nothing(db: Database) -> None:
    with db.sessions() as s:
        zhang = User(username="zhangli", display_name="张丽", role="admin", password_hash="-")
        s.add(zhang)
        s.commit()
        zhang_id = zhang.id
    with db.sessions() as a, db.sessions() as b:
        seen_a = settings.version(a, "checkin.default_hour")
        seen_b = settings.version(b, "checkin.default_hour")
        settings.put(b, "checkin.default_hour", 9, seen_b, actor="zhangli", user_id=zhang_id)
        b.commit()
        with pytest.raises(Conflict) as err:
            settings.put(a, "checkin.default_hour", 11, seen_a, actor="admin")
        a.rollback()
        assert "Setting checkin.default_hour was changed by 张丽 at " in err.value.message
        # Again from what is stored now: saved, and the next stale one is refused.
        seen = settings.version(a, "checkin.default_hour")
        settings.put(a, "checkin.default_hour", 11, seen, actor="admin")
        a.commit()
        with pytest.raises(Conflict) as err:
            settings.put(b, "checkin.default_hour", 8, seen, actor="zhangli")
        assert "changed by admin" in err.value.message
        b.rollback()
    with db.sessions() as s:
        assert settings.get(s, "checkin.default_hour") == 11
        assert settings.version(s, "checkin.default_hour") == 2
