"""Signing in and managing users, on SQLite and PostgreSQL: what a user at the sign-in
screen, an administrator and the audit log each see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import auth, settings
from app.access import Actor
from app.auth import SignInRefused
from app.context import Database
from app.demo import DEMO_USERS
from app.errors import AnxinError, NotFound, PermissionDenied, ValidationError
from db.models import AuditEntry, User
from tests.feed_helpers import Announced

ADMIN = Actor("boss", role="admin")
T0 = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def _add(s: Session, username: str = "zhangli", role: str = "operator") -> auth.UserInfo:
    return auth.create_user(s, username, "张丽", role, "correct horse", actor=ADMIN)


def _actions(s: Session) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _refusal(s: Session, username: str, password: str, now: datetime) -> SignInRefused:
    with pytest.raises(SignInRefused) as exc:
        auth.authenticate(s, username, password, now=now)
    return exc.value


def test_password_is_stored_as_argon2_and_signs_in(db: Database) -> None:
    with db.sessions() as s:
        info = _add(s, " ZhangLi ")
        assert info.username == "zhangli"  # trimmed and lower-cased, as it is typed
        stored = s.scalar(select(User.password_hash).where(User.id == info.id))
        assert stored is not None and stored.startswith("$argon2id$")
        assert "correct horse" not in stored
        who = auth.authenticate(s, "ZhangLi", "correct horse", now=T0)
    assert (who.user_id, who.username, who.display_name, who.role) == (
        info.id,
        "zhangli",
        "张丽",
        "operator",
    )
    actor = who.actor()
    assert (actor.name, actor.role, actor.user_id, actor.display_name) == (
        "zhangli",
        "operator",
        info.id,
        "张丽",
    )
    with db.sessions() as s:
        assert ("zhangli", "auth.signed_in") in _actions(s)


def test_an_old_hash_is_replaced_at_the_next_good_sign_in(db: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    with db.sessions() as s:
        info = _add(s)
        user = s.get(User, info.id)
        assert user is not None
        user.password_hash = weak.hash("correct horse")
        s.commit()
        auth.authenticate(s, "zhangli", "correct horse", now=T0)
        s.expire_all()
        stored = s.scalar(select(User.password_hash).where(User.id == info.id))
    assert stored is not None and not PasswordHasher().check_needs_rehash(stored)
    assert PasswordHasher().verify(stored, "correct horse")


def test_wrong_password_and_unknown_user_get_the_same_message(db: Database) -> None:
    with db.sessions() as s:
        _add(s)
        wrong_password = _refusal(s, "zhangli", "wrong horse", T0)
        unknown_user = _refusal(s, "nobody", "wrong horse", T0)
        actions = _actions(s)
    assert wrong_password.message == unknown_user.message == "Wrong user name or password."
    assert wrong_password.code == unknown_user.code == "wrong"
    # Both are in the audit log, the unknown name under "sign-in" with what was typed.
    assert ("zhangli", "auth.failed") in actions and ("sign-in", "auth.failed") in actions


def test_lockout_after_five_failures_then_open_again_after_fifteen_minutes(
    db: Database,
) -> None:
    with db.sessions() as s:
        _add(s)
        for i in range(4):
            assert _refusal(s, "zhangli", "wrong horse", T0 + timedelta(seconds=i)).code == "wrong"
        fifth = _refusal(s, "zhangli", "wrong horse", T0 + timedelta(seconds=4))
        # Locked at 09:00:04 local time for 15 minutes: the message says until when, locally.
        assert fifth.code == "locked"
        assert "locked until 2026-12-03 09:15" in fifth.message
        assert fifth.until == "2026-12-03 09:15"
        # Even the right password is refused while locked.
        during = _refusal(s, "zhangli", "correct horse", T0 + timedelta(minutes=14))
        assert during.code == "locked"
        who = auth.authenticate(s, "zhangli", "correct horse", now=T0 + timedelta(minutes=16))
        assert who.username == "zhangli"
        assert [a for _, a in _actions(s) if a.startswith("auth.")] == ["auth.failed"] * 4 + [
            "auth.locked",
            "auth.refused_locked",
            "auth.signed_in",
        ]
        user = s.scalars(select(User).where(User.username == "zhangli")).one()
        assert user.failed_attempts == 0 and user.locked_until is None


def test_a_good_sign_in_resets_the_count_and_the_limits_are_settings(db: Database) -> None:
    with db.sessions() as s:
        settings.put(s, "auth.max_failures", 3)
        settings.put(s, "auth.lockout_minutes", 60)
        s.commit()
        _add(s)
        for _ in range(2):
            _refusal(s, "zhangli", "wrong horse", T0)
        auth.authenticate(s, "zhangli", "correct horse", now=T0)
        # The count started again: two more wrong ones do not lock.
        for _ in range(2):
            assert _refusal(s, "zhangli", "wrong horse", T0).code == "wrong"
        third = _refusal(s, "zhangli", "wrong horse", T0)
        assert third.code == "locked" and third.until == "2026-12-03 10:00"


def test_an_administrator_unlocks_or_resets_the_password(db: Database) -> None:
    with db.sessions() as s:
        _add(s)
        for _ in range(5):
            _refusal(s, "zhangli", "wrong horse", T0)
        [info] = auth.list_users(s)
        assert info.locked(T0)
        auth.unlock(s, "zhangli", actor=ADMIN)
        auth.authenticate(s, "zhangli", "correct horse", now=T0)
        for _ in range(5):
            _refusal(s, "zhangli", "wrong horse", T0)
        auth.set_password(s, "zhangli", "battery staple", actor=ADMIN)
        assert _refusal(s, "zhangli", "correct horse", T0).code == "wrong"
        assert auth.authenticate(s, "zhangli", "battery staple", now=T0).username == "zhangli"
        actions = _actions(s)
    assert ("boss", "user.unlock") in actions and ("boss", "user.password") in actions


def test_a_deactivated_account_cannot_sign_in_and_the_last_admin_stays(db: Database) -> None:
    with db.sessions() as s:
        _add(s)
        boss = _add(s, "boss", role="admin")
        auth.set_active(s, "zhangli", False, actor=ADMIN)
        # Only someone who knows the password learns that the account was deactivated.
        assert _refusal(s, "zhangli", "correct horse", T0).code == "inactive"
        assert _refusal(s, "zhangli", "wrong horse", T0).code == "wrong"
        with pytest.raises(ValidationError) as exc:
            auth.set_active(s, "boss", False, actor=ADMIN)
        assert exc.value.codes() == {"last_admin"}
        assert auth.list_users(s)[-1].username == "zhangli"  # inactive ones last
        auth.set_active(s, "zhangli", True, actor=ADMIN)
        assert auth.authenticate(s, "zhangli", "correct horse", now=T0).user_id != boss.id


def test_bad_input_names_every_field(db: Database) -> None:
    with db.sessions() as s:
        _add(s)
        with pytest.raises(ValidationError) as exc:
            auth.create_user(s, "zhangli", "", "boss", "short", actor=ADMIN)
        assert {(e.field, e.code) for e in exc.value.errors} == {
            ("username", "username_taken"),
            ("display_name", "required"),
            ("role", "invalid_choice"),
            ("password", "password_short"),
        }
        with pytest.raises(ValidationError) as exc:
            auth.create_user(s, "9 lives", "王", "operator", "long enough", actor=ADMIN)
        assert exc.value.codes() == {"username_pattern"}
        assert "'9 lives'" in exc.value.message
        with pytest.raises(NotFound):
            auth.unlock(s, "nobody", actor=ADMIN)
        assert [u.username for u in auth.list_users(s)] == ["zhangli"]


def test_only_an_administrator_manages_users(db: Database) -> None:
    with db.sessions() as s:
        _add(s)
        supervisor = Actor("li", role="supervisor", display_name="李主管")
        with pytest.raises(PermissionDenied) as exc:
            auth.create_user(s, "wang", "王", "operator", "long enough", actor=supervisor)
        assert "managing users" in exc.value.message
        for attempt in (
            lambda: auth.set_password(s, "zhangli", "long enough", actor=supervisor),
            lambda: auth.unlock(s, "zhangli", actor=supervisor),
            lambda: auth.set_active(s, "zhangli", False, actor=supervisor),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
        assert [u.username for u in auth.list_users(s)] == ["zhangli"]
        assert auth.list_users(s)[0].active


def test_first_admin_only_on_a_new_installation(db: Database) -> None:
    with db.sessions() as s:
        # Operators alone do not count: nobody could manage them.
        _add(s)
        assert auth.needs_first_admin(s)
        first = auth.create_first_admin(s, "admin", "张管理", "long enough")
        assert first.role == "admin"
        assert not auth.needs_first_admin(s)
        with pytest.raises(AnxinError) as exc:
            auth.create_first_admin(s, "admin2", "second", "long enough")
        assert "already exists" in exc.value.message
        assert ("first-start", "user.create_first_admin") in _actions(s)
        assert len(auth.list_users(s)) == 2


def test_demo_users_one_per_role_idempotent_and_never_overwritten(db: Database) -> None:
    with db.sessions() as s:
        accounts = auth.seed_demo_users(s)
        assert accounts == [(u.username, u.role, u.password) for u in DEMO_USERS]
        assert {role for _, role, _ in accounts} == {"operator", "supervisor", "admin"}
        for username, role, password in accounts:
            assert auth.authenticate(s, username, password, now=T0).role == role
        auth.set_password(s, "operator", "changed password", actor=ADMIN)
        assert auth.seed_demo_users(s) == accounts
        assert len(auth.list_users(s)) == 3
        # A second seeding kept the changed password.
        assert auth.authenticate(s, "operator", "changed password", now=T0).username == "operator"


def test_user_changes_and_lockouts_are_announced_refusals_are_not(db: Database) -> None:
    with db.sessions() as s:
        heard = Announced(db)
        first = auth.create_first_admin(s, "admin", "张管理", "long enough")
        info = _add(s)
        auth.set_password(s, "zhangli", "battery staple", actor=ADMIN)
        auth.set_active(s, "zhangli", False, actor=ADMIN)
        auth.set_active(s, "zhangli", True, actor=ADMIN)
        assert [(c.topic_name, c.ids) for c in heard.changes] == [
            ("user.changed", (first.id,)),
            *[("user.changed", (info.id,))] * 4,
        ]

        heard = Announced(db)
        supervisor = Actor("li", role="supervisor")
        with pytest.raises(PermissionDenied):
            auth.unlock(s, "zhangli", actor=supervisor)
        with pytest.raises(ValidationError):
            auth.set_active(s, "admin", False, actor=ADMIN)  # the last administrator
        with pytest.raises(ValidationError):
            _add(s)  # the name is taken
        auth.set_active(s, "zhangli", True, actor=ADMIN)  # already active: nothing to say
        for _ in range(4):
            _refusal(s, "zhangli", "wrong horse", T0)
        assert heard.topics() == []
        # The fifth wrong password locks the account: the users panel shows it.
        assert _refusal(s, "zhangli", "wrong horse", T0).code == "locked"
        auth.unlock(s, "zhangli", actor=ADMIN)
        assert [(c.topic_name, c.ids) for c in heard.changes] == [
            ("user.changed", (info.id,)),
            ("user.changed", (info.id,)),
        ]
