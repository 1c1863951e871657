"""``anxin user add | list | passwd | unlock``: users from the command line.

For the installer on site (the first accounts, a forgotten password) and for scripts.
Whoever can run this against the database can already change anything in it, so these
commands act as an administrator; the audit log names the OS account that ran them.
A password is asked twice on the terminal, or read from $ANXIN_PASSWORD for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from app import auth, settings
from app.access import ROLES, Actor
from app.errors import AnxinError, UserFacingError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PASSWORD_ENV = "ANXIN_PASSWORD"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="console users: add, list, passwd, unlock")
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=f"add a user (password asked twice, or ${PASSWORD_ENV})")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", metavar="NAME", help="name shown on screen (default: USERNAME)")
    actions.add_parser("list", help="list users, their role and whether they can sign in")
    passwd = actions.add_parser("passwd", help="set a new password (also lifts a lockout)")
    passwd.add_argument("username")
    unlock = actions.add_parser("unlock", help="lift a lockout after too many wrong passwords")
    unlock.add_argument("username")


def _cli_actor() -> Actor:
    try:
        who = getpass.getuser()
    except Exception:
        who = "unknown"
    return Actor(f"cli:{who}"[:40], role="admin")


def read_new_password(
    env: dict[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
) -> str:
    """$ANXIN_PASSWORD when set, else asked twice; UserFacingError when they differ."""
    env = dict(os.environ) if env is None else env
    ask = ask or getpass.getpass
    if PASSWORD_ENV in env:
        return env[PASSWORD_ENV]
    try:
        first = ask("New password: ")
        second = ask("Same password again: ")
    except EOFError:
        raise UserFacingError(
            f"no password given: type it at the prompt, or set ${PASSWORD_ENV} for scripts"
        ) from None
    if first != second:
        raise UserFacingError("the two passwords differ; nothing was changed")
    return first


def run(db_url: str, args: argparse.Namespace, out: TextIO) -> int:
    from app.context import open_database

    db = open_database(db_url)
    try:
        with db.sessions() as session:
            return _run(session, args, out)
    finally:
        db.close()


def _explain(exc: AnxinError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(e.message for e in exc.errors)
    return exc.message


def _run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    actor = _cli_actor()
    command = args.user_command
    try:
        if command == "list":
            zone = ZoneInfo(settings.get(session, "centre.timezone"))
            _print_users(auth.list_users(session), zone, out)
            return 0
        if command == "add":
            password = read_new_password()
            info = auth.create_user(
                session,
                args.username,
                args.name or args.username,
                args.role,
                password,
                actor=actor,
            )
            print(f"user {info.username} added ({info.role}, {info.display_name})", file=out)
            return 0
        if command == "passwd":
            # Refuse an unknown name before asking for a password twice.
            _known(session, args.username)
            password = read_new_password()
            info = auth.set_password(session, args.username, password, actor=actor)
            print(f"password of {info.username} changed", file=out)
            return 0
        if command == "unlock":
            info = auth.unlock(session, args.username, actor=actor)
            print(f"{info.username} unlocked", file=out)
            return 0
    except UserFacingError:
        raise
    except AnxinError as exc:
        # A service's refusal becomes the command's: printed, exit 2, no traceback.
        raise UserFacingError(_explain(exc)) from None
    raise AssertionError(command)


def _known(session: Session, username: str) -> None:
    name = auth.normalise_username(username)
    if not any(u.username == name for u in auth.list_users(session)):
        raise UserFacingError(f"there is no user {name!r} (see 'anxin user list')")


def _print_users(users: list[auth.UserInfo], zone: ZoneInfo, out: TextIO) -> None:
    if not users:
        print("no users yet: add one with 'anxin user add NAME --role admin'", file=out)
        return
    now = datetime.now(UTC)
    rows = [("USERNAME", "ROLE", "STATUS", "NAME")]
    for u in users:
        if not u.active:
            status = "inactive"
        elif u.locked(now):
            assert u.locked_until is not None
            status = f"locked until {u.locked_until.astimezone(zone):%Y-%m-%d %H:%M}"
        else:
            status = "active"
        rows.append((u.username, u.role, status, u.display_name))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print(
            f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip(),
            file=out,
        )
