"""Signing in, and the console's users: passwords, lockout, roles, the first administrator.

Passwords are stored as argon2id hashes (``argon2.PasswordHasher``) and re-hashed on the
next good sign-in when the hasher's parameters have changed. A wrong user name and a wrong
password get the same message, so the sign-in screen never tells a stranger which user
names exist. After ``auth.max_failures`` wrong passwords in a row an account is locked for
``auth.lockout_minutes``; every sign-in, refusal and lockout is in the audit log.

Changing users needs the ``user.manage`` permission (admins), checked here, so the
console, ``anxin user ...`` and tests are refused alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, settings
from app.access import ROLES, Actor, require
from app.errors import AnxinError, FieldError, NotFound, ValidationError
from app.feed import announce, changed
from db.models import User

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8
# Hashing a very long text costs time and proves nothing; no one types more than this.
MAX_PASSWORD = 128
MAX_DISPLAY_NAME = 40

# What the audit log names when nobody is signed in yet.
SIGN_IN_ACTOR = "sign-in"
FIRST_START_ACTOR = "first-start"
DEMO_ACTOR = "demo"

_hasher = PasswordHasher()
_dummy_hash: str | None = None


class SignInRefused(AnxinError):
    """The sign-in did not succeed; ``message`` is fit to show on the sign-in screen.

    ``code``: "wrong" (unknown user or wrong password: deliberately not told apart),
    "locked" (``until`` is the local time it opens again, "YYYY-MM-DD HH:MM"),
    "inactive" (right password, but an administrator has deactivated the account).
    """

    def __init__(self, code: str, message: str, *, until: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.until = until


@dataclass(frozen=True)
class SignedIn:
    """Who has just signed in: what the console shows and the services are given."""

    user_id: int
    username: str
    display_name: str
    role: str

    def actor(self) -> Actor:
        return Actor(
            self.username, role=self.role, user_id=self.user_id, display_name=self.display_name
        )


@dataclass(frozen=True)
class UserInfo:
    """One user as the users list shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime

    def locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or datetime.now(UTC))


# -- passwords ---------------------------------------------------------------------------


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _burn_time(password: str) -> None:
    """Verify against a throwaway hash, so an unknown user name takes as long to refuse
    as a wrong password (the time would otherwise tell which names exist)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not the password of anyone")
    _verify(_dummy_hash, password)


# -- checks ------------------------------------------------------------------------------


def normalise_username(text: str) -> str:
    """Trimmed, lower case, full-width letters (a Chinese IME types them) folded to ASCII."""
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def _check_username(session: Session, username: str, errors: list[FieldError]) -> None:
    if not username:
        errors.append(FieldError("username", "required", "User name is required."))
    elif not USERNAME_RE.match(username):
        errors.append(
            FieldError(
                "username",
                "username_pattern",
                f"User name {username!r}: use 2 to 40 lower-case letters, digits, '.', '_' "
                f"or '-', starting with a letter.",
                {"value": username},
            )
        )
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors.append(
            FieldError(
                "username",
                "username_taken",
                f"User name {username!r} is already taken.",
                {"value": username},
            )
        )


def _check_display_name(name: str, errors: list[FieldError]) -> None:
    if not name:
        errors.append(FieldError("display_name", "required", "Name is required."))
    elif len(name) > MAX_DISPLAY_NAME:
        errors.append(
            FieldError(
                "display_name",
                "too_long",
                f"Name is too long: {len(name)} characters, at most {MAX_DISPLAY_NAME}.",
                {"length": str(len(name)), "max": str(MAX_DISPLAY_NAME)},
            )
        )


def _check_role(role: str, errors: list[FieldError]) -> None:
    if role not in ROLES:
        errors.append(
            FieldError(
                "role",
                "invalid_choice",
                f"Role {role!r} is not one of {', '.join(ROLES)}.",
                {"value": role},
            )
        )


def _check_password(password: str, errors: list[FieldError], field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        errors.append(
            FieldError(
                field,
                "password_short",
                f"The password must be at least {MIN_PASSWORD} characters "
                f"({len(password)} were given).",
                {"min": str(MIN_PASSWORD), "length": str(len(password))},
            )
        )
    elif len(password) > MAX_PASSWORD:
        errors.append(
            FieldError(
                field,
                "too_long",
                f"The password is too long: {len(password)} characters, at most {MAX_PASSWORD}.",
                {"length": str(len(password)), "max": str(MAX_PASSWORD)},
            )
        )


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        active=user.active,
        failed_attempts=user.failed_attempts,
        locked_until=user.locked_until,
        created_at=user.created_at,
    )


def _load(session: Session, username: str, *, lock: bool = False) -> User | None:
    query = select(User).where(User.username == normalise_username(username))
    if lock:
        # Two seats failing at once must both count (PostgreSQL; SQLite has one writer).
        query = query.with_for_update()
    return session.scalars(query).first()


def _require_user(session: Session, username: str) -> User:
    user = _load(session, username, lock=True)
    if user is None:
        raise NotFound(f"There is no user {normalise_username(username)!r}.")
    return user


def _announce(session: Session, user_id: int) -> None:
    # Called before the commit: the users panel of every seat hears it only if it holds.
    announce(session, changed("user", [user_id]))


def _local(when: datetime, session: Session) -> str:
    zone = ZoneInfo(settings.get(session, "centre.timezone"))
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


# -- users -------------------------------------------------------------------------------


def _new_user(session: Session, username: str, display_name: str, role: str, password: str) -> User:
    """Validate everything (every problem at once) and add the row; the caller audits."""
    username = normalise_username(username)
    display_name = (display_name or "").strip()
    errors: list[FieldError] = []
    _check_username(session, username, errors)
    _check_display_name(display_name, errors)
    _check_role(role, errors)
    _check_password(password, errors)
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        failed_attempts=0,
        locked_until=None,
        active=True,
    )
    session.add(user)
    return user


def _commit_new(session: Session, user: User) -> None:
    try:
        session.commit()
    except IntegrityError:
        # Another seat created the same name between our check and our insert.
        session.rollback()
        raise ValidationError(
            [
                FieldError(
                    "username",
                    "username_taken",
                    f"User name {user.username!r} is already taken.",
                    {"value": user.username},
                )
            ]
        ) from None


def create_user(
    session: Session,
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    actor: Actor,
) -> UserInfo:
    """Add a user who can sign in at once. Admins only."""
    require(actor, "user.manage")
    user = _new_user(session, username, display_name, role, password)
    session.flush()
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="user.create",
        entity="user",
        entity_id=user.id,
        detail={"username": user.username, "display_name": user.display_name, "role": role},
    )
    _announce(session, user.id)
    _commit_new(session, user)
    return _info(user)


def set_password(
    session: Session,
    username: str,
    password: str,
    *,
    actor: Actor,
) -> UserInfo:
    """An administrator sets a new password; it also lifts a lockout (the usual reason
    to reset one is a user who has locked themselves out)."""
    require(actor, "user.manage")
    errors: list[FieldError] = []
    _check_password(password, errors)
    if errors:
        raise ValidationError(errors)
    user = _require_user(session, username)
    user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="user.password",
        entity="user",
        entity_id=user.id,
        detail={"username": user.username},
    )
    _announce(session, user.id)
    session.commit()
    return _info(user)


def unlock(session: Session, username: str, *, actor: Actor) -> UserInfo:
    """Lift a lockout before its time and forget the failed attempts."""
    require(actor, "user.manage")
    user = _require_user(session, username)
    was = user.locked_until
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="user.unlock",
        entity="user",
        entity_id=user.id,
        detail={"username": user.username, "was_locked_until": was},
    )
    _announce(session, user.id)
    session.commit()
    return _info(user)


def set_active(
    session: Session,
    username: str,
    active: bool,
    *,
    actor: Actor,
) -> UserInfo:
    """Deactivate (cannot sign in any more; their past work keeps their name) or reactivate.

    The last active administrator cannot be deactivated: nobody could manage users again.
    """
    require(actor, "user.manage")
    user = _require_user(session, username)
    if user.active == active:
        session.rollback()
        return _info(user)
    if not active and user.role == "admin" and _active_admins(session) <= 1:
        session.rollback()
        raise ValidationError(
            [
                FieldError(
                    "active",
                    "last_admin",
                    f"{user.display_name} is the only active administrator; add another "
                    f"administrator before deactivating this one.",
                    {"name": user.display_name},
                )
            ]
        )
    user.active = active
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user.id,
        detail={"username": user.username},
    )
    _announce(session, user.id)
    session.commit()
    return _info(user)


def list_users(session: Session) -> list[UserInfo]:
    """Every user, active ones first, then by role (admins last) and user name."""
    rank = {role: i for i, role in enumerate(ROLES)}
    users = [_info(u) for u in session.scalars(select(User))]
    return sorted(users, key=lambda u: (not u.active, rank.get(u.role, 99), u.username))


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(User).where(User.role == "admin", User.active)
        )
        or 0
    )


# -- signing in --------------------------------------------------------------------------

WRONG = "Wrong user name or password."


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> SignedIn:
    """Check a sign-in; raises ``SignInRefused``. Commits the counters and the audit entry."""
    now = now or datetime.now(UTC)
    name = normalise_username(username)
    user = _load(session, name, lock=True) if name else None
    if user is None:
        _burn_time(password)
        _audit_sign_in(session, None, "auth.failed", {"username": name[:40], "reason": "unknown"})
        session.commit()
        raise SignInRefused("wrong", WRONG)

    if user.locked_until is not None:
        if user.locked_until > now:
            until = _local(user.locked_until, session)
            _audit_sign_in(session, user, "auth.refused_locked", {"until": user.locked_until})
            session.commit()
            raise SignInRefused("locked", _locked_message(until), until=until)
        # The lockout is over: a fresh run of attempts.
        user.locked_until = None
        user.failed_attempts = 0

    if not _verify(user.password_hash, password):
        user.failed_attempts += 1
        limit = max(1, int(settings.get(session, "auth.max_failures")))
        if user.failed_attempts >= limit:
            minutes = int(settings.get(session, "auth.lockout_minutes"))
            user.locked_until = now + timedelta(minutes=minutes)
            until = _local(user.locked_until, session)
            _audit_sign_in(
                session,
                user,
                "auth.locked",
                {"failures": user.failed_attempts, "until": user.locked_until},
            )
            # The users panel shows who is locked out (and offers to unlock them).
            _announce(session, user.id)
            session.commit()
            raise SignInRefused("locked", _locked_message(until), until=until)
        _audit_sign_in(
            session,
            user,
            "auth.failed",
            {"reason": "password", "failures": user.failed_attempts},
        )
        session.commit()
        raise SignInRefused("wrong", WRONG)

    if not user.active:
        # Said only to someone who knows the password: it tells a stranger nothing.
        _audit_sign_in(session, user, "auth.failed", {"reason": "inactive"})
        session.commit()
        raise SignInRefused(
            "inactive",
            "This account has been deactivated. Ask an administrator to reactivate it.",
        )

    user.failed_attempts = 0
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    _audit_sign_in(session, user, "auth.signed_in", {})
    session.commit()
    return SignedIn(user.id, user.username, user.display_name, user.role)


def _locked_message(until: str) -> str:
    return (
        f"Too many wrong passwords: this account is locked until {until}. "
        f"Try again then, or ask an administrator to unlock it."
    )


def _audit_sign_in(
    session: Session, user: User | None, action: str, detail: dict[str, object]
) -> None:
    audit.record(
        session,
        actor=user.username if user is not None else SIGN_IN_ACTOR,
        user_id=user.id if user is not None else None,
        action=action,
        entity="user",
        entity_id=user.id if user is not None else None,
        detail=detail,
    )


def sign_out(session: Session, actor: Actor) -> None:
    """Record that ``actor`` left the seat (sign out or switch user)."""
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="auth.signed_out",
        entity="user",
        entity_id=actor.user_id,
    )
    session.commit()


# -- a new installation ------------------------------------------------------------------


def needs_first_admin(session: Session) -> bool:
    """True on a new installation: nobody could manage users, so the console asks for one."""
    return _active_admins(session) == 0


def create_first_admin(
    session: Session, username: str, display_name: str, password: str
) -> UserInfo:
    """The first administrator, allowed only while no active administrator exists."""
    if not needs_first_admin(session):
        session.rollback()
        raise AnxinError(
            "An administrator already exists: sign in, and ask an administrator to add users."
        )
    user = _new_user(session, username, display_name, "admin", password)
    session.flush()
    audit.record(
        session,
        actor=FIRST_START_ACTOR,
        user_id=None,
        action="user.create_first_admin",
        entity="user",
        entity_id=user.id,
        detail={"username": user.username, "display_name": user.display_name},
    )
    _announce(session, user.id)
    _commit_new(session, user)
    return _info(user)


# -- the demo centre ---------------------------------------------------------------------


def seed_demo_users(session: Session) -> list[tuple[str, str, str]]:
    """The demo sign-ins (``app.demo.DEMO_USERS``, one per role); returns (username, role,
    password) for each. Idempotent: a user name that exists is left exactly as it is."""
    from app.demo import DEMO_USERS

    existing = set(session.scalars(select(User.username)))
    for demo in DEMO_USERS:
        if demo.username in existing:
            continue
        user = _new_user(session, demo.username, demo.display_name, demo.role, demo.password)
        session.flush()
        audit.record(
            session,
            actor=DEMO_ACTOR,
            user_id=None,
            action="user.create",
            entity="user",
            entity_id=user.id,
            detail={"username": user.username, "role": user.role, "demo": True},
        )
    session.commit()
    return [(u.username, u.role, u.password) for u in DEMO_USERS]
