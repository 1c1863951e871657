"""The zh_CN catalogue is complete and compiled: later screens cannot forget a string.

When one of these fails, run ``python -m ui.translation_catalogue``, translate what it
marks unfinished in resources/translations/anxin_zh_CN.ts (Qt Linguist, or by hand),
and run it again to compile the .qm.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import FieldError
from tests.ui.conftest import Language
from ui import i18n, messages
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.translation_catalogue import LANGUAGES, qm_path, release, ts_path, update

PLACEHOLDER = re.compile(r"\{\w+\}|%\d|%n")


def messages_of(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    out: dict[tuple[str, str, str], ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = message
    return out


def unfinished(ts: Path) -> list[tuple[str, str, str]]:
    bad = []
    for key, message in messages_of(ts).items():
        translation = message.find("translation")
        assert translation is not None
        texts = [f.text for f in translation.findall("numerusform")] or [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(texts):
            bad.append(key)
    return bad


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The committed catalogues with the current source strings merged in."""
    folder = tmp_path_factory.mktemp("ts")
    out = {}
    for locale, plural_only in LANGUAGES:
        ts = folder / ts_path(locale).name
        shutil.copy(ts_path(locale), ts)
        update(ts, locale, plural_only=plural_only)
        out[locale] = ts
    return out


@pytest.mark.parametrize("locale", [lang for lang, _ in LANGUAGES])
def test_every_source_string_has_a_finished_translation(
    fresh: dict[str, Path], locale: str
) -> None:
    missing = unfinished(fresh[locale])
    assert not missing, f"untranslated in {locale}: {missing[:20]}"


@pytest.mark.parametrize("locale", [lang for lang, _ in LANGUAGES])
def test_the_committed_catalogue_is_up_to_date(fresh: dict[str, Path], locale: str) -> None:
    assert set(messages_of(fresh[locale])) == set(messages_of(ts_path(locale)))


@pytest.mark.parametrize("locale", [lang for lang, _ in LANGUAGES])
def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path, locale: str) -> None:
    qm = tmp_path / "out.qm"
    release(ts_path(locale), qm)
    assert qm.read_bytes() == qm_path(locale).read_bytes()


def test_translations_keep_every_placeholder() -> None:
    for (context, source, _), message in messages_of(ts_path("zh_CN")).items():
        translation = message.find("translation")
        assert translation is not None
        wanted = sorted(PLACEHOLDER.findall(source))
        for text in [f.text for f in translation.findall("numerusform")] or [translation.text]:
            got = sorted(PLACEHOLDER.findall(text or ""))
            if "%n" in wanted and "%n" not in got:
                got.append("%n")  # Chinese may state the number once, without %n
                got.sort()
            assert got == wanted, f"{context}: {source!r} → {text!r}"


def test_the_catalogue_ships_inside_the_package() -> None:
    assert i18n.load_catalogue("zh_CN") is not None


def test_chinese_is_chosen_from_the_environment() -> None:
    assert i18n.catalogue_name(i18n.choose_locale(env={"ANXIN_LANG": "zh_CN"})) == "zh_CN"
    assert i18n.catalogue_name(i18n.choose_locale("en", env={"ANXIN_LANG": "zh_CN"})) == "en"


def test_the_console_speaks_chinese(qtbot: QtBot, ctx: UiContext, language: Language) -> None:
    language.use("zh_CN")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == [
        "热线",
        "报警",
        "工单",
        "老人",
        "加盟企业",
        "回访",
        "考核",
        "统计看板",
        "设置",
    ]
    assert window.status.gateway.text.text() == "未配置网关"
    error = FieldError(
        "id_number", "id_check_digit", "…", {"expected": "7", "got": "3", "length": "18"}
    )
    assert messages.field_label("id_number") == "身份证号"
    assert "7" in messages.error_text(error) and "校验码" in messages.error_text(error)
    assert messages.field_label("phones[1].number") == "电话2"


def test_a_machine_without_a_locale_gets_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: i18n.QLocale.c()))
    assert i18n.catalogue_name(i18n.choose_locale(env={})) == "zh_CN"
