"""Which language the console speaks, and loading its translations.

Source strings are English (``tr()``); the zh_CN catalogue ships as a compiled
``.qm`` inside the ``resources.translations`` package so an installed copy finds
it without knowing where it was unpacked.
"""

from __future__ import annotations

import logging
import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

ENV_LANG = "ANXIN_LANG"
CATALOGUE = "anxin"
SHIPPED = ("zh_CN", "en")


def choose_locale(cli_lang: str | None = None, env: dict[str, str] | None = None) -> QLocale:
    """Command line first, then $ANXIN_LANG, then the system's locale."""
    env = os.environ if env is None else env  # type: ignore[assignment]
    wanted = cli_lang or env.get(ENV_LANG, "")
    if wanted:
        locale = QLocale(wanted.replace("-", "_"))
        if locale.language() == QLocale.Language.C:
            log.warning("unknown language %r, using the system's", wanted)
            return _system_locale()
        return locale
    return _system_locale()


def _system_locale() -> QLocale:
    # A machine with no locale set (C/POSIX: a fresh server install, a service account)
    # says nothing about its user; the console is made for Chinese hotline staff, so
    # only a locale that asks for another language gets one.
    system = QLocale.system()
    if system.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return system


def catalogue_name(locale: QLocale) -> str:
    """The shipped catalogue for ``locale``: any Chinese gets zh_CN, everything else English.

    Traditional-script users still read simplified characters better than English,
    which is why zh_TW/zh_HK map to zh_CN. The English catalogue holds only plural
    forms ("1 elder", "2 elders"); every other English string is its own source.
    """
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def load_catalogue(name: str) -> QTranslator | None:
    """Our own compiled catalogue, read from the package data."""
    try:
        data = (resources.files("resources.translations") / f"{CATALOGUE}_{name}.qm").read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        log.warning(
            "translation %s_%s.qm is missing; the console stays in English", CATALOGUE, name
        )
        return None
    translator = QTranslator()
    if not translator.load(data):
        log.warning("translation %s_%s.qm could not be read", CATALOGUE, name)
        return None
    # Qt keeps a pointer into the buffer, not a copy: it must live as long as the translator.
    translator._anxin_data = data  # type: ignore[attr-defined]
    return translator


def load_qt_catalogue(locale: QLocale) -> QTranslator | None:
    """Qt's own strings (OK/Cancel, context menus of line edits) in the same language."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        return translator
    return None


def install_translators(app: QCoreApplication, locale: QLocale) -> list[QTranslator]:
    """Install the catalogues for ``locale``; returns them so the caller keeps them alive."""
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    name = catalogue_name(locale)
    qt_own = load_qt_catalogue(locale) if name != "en" else None
    for translator in (qt_own, load_catalogue(name)):
        if translator is not None:
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
