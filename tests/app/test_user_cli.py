"""``anxin user add | list | passwd | unlock`` as an installer or a script uses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import auth
from app.cli import main
from app.context import open_database
from db.migrate import upgrade


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    upgrade(url)
    return url


def test_add_list_passwd_unlock(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANXIN_PASSWORD", "correct horse")
    assert main(["--db", url, "user", "add", "ZhangLi", "--role", "admin", "--name", "张丽"]) == 0
    assert "user zhangli added (admin, 张丽)" in capsys.readouterr().out
    db = open_database(url)
    try:
        with db.sessions() as s:
            assert auth.authenticate(s, "zhangli", "correct horse").role == "admin"
            for _ in range(5):
                with pytest.raises(auth.SignInRefused):
                    auth.authenticate(s, "zhangli", "wrong")
        assert main(["--db", url, "user", "list"]) == 0
        listed = capsys.readouterr().out
        assert "zhangli" in listed and "locked until" in listed and "张丽" in listed
        assert main(["--db", url, "user", "unlock", "zhangli"]) == 0
        monkeypatch.setenv("ANXIN_PASSWORD", "battery staple")
        assert main(["--db", url, "user", "passwd", "zhangli"]) == 0
        with db.sessions() as s:
            assert auth.authenticate(s, "zhangli", "battery staple").username == "zhangli"
            entries = [u.username for u in auth.list_users(s)]
        assert entries == ["zhangli"]
    finally:
        db.close()


def test_bad_input_exits_2_with_a_message(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANXIN_PASSWORD", "short")
    assert main(["--db", url, "user", "add", "wang", "--role", "operator"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["--db", url, "user", "unlock", "nobody"]) == 2
    assert "no user 'nobody'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--db", url, "user", "add", "wang", "--role", "boss"])
    assert exc.value.code == 2
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_the_password_is_asked_twice(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANXIN_PASSWORD", raising=False)
    answers = iter(["correct horse", "correct hose"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert main(["--db", url, "user", "add", "wang", "--role", "operator"]) == 2
    assert "the two passwords differ" in capsys.readouterr().err
    answers = iter(["correct horse", "correct horse"])
    assert main(["--db", url, "user", "add", "wang", "--role", "operator"]) == 0


def test_refusals_are_user_facing_errors_of_the_one_hierarchy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.errors import AnxinError, UserFacingError
    from app.user_cli import read_new_password

    answers = iter(["correct horse", "correct hose"])
    with pytest.raises(UserFacingError, match="the two passwords differ") as exc:
        read_new_password(env={}, ask=lambda _prompt: next(answers))
    assert isinstance(exc.value, AnxinError)
    assert exc.value.message == str(exc.value) == "the two passwords differ; nothing was changed"
