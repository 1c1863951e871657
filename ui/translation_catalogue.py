"""Keep the translation catalogues in step with the source: ``python -m ui.translation_catalogue``.

Runs ``pyside6-lupdate`` over every module of ``ui/`` into the shipped ``.ts`` files
(zh_CN in full; English for plural forms only, so "1 elder" / "2 elders" read right)
and ``pyside6-lrelease`` to compile them to the ``.qm`` files the console loads.
Locations are left out of the ``.ts`` so that moving code does not churn the catalogue.
The tests in ``tests/ui/test_translations.py`` run the same commands into a temporary
folder and fail when a string lacks a finished translation or a ``.qm`` is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = UI_DIR.parent / "resources" / "translations"
CATALOGUE = "anxin"
# (locale, plural forms only)
LANGUAGES = (("zh_CN", False), ("en", True))


def tool(name: str) -> str:
    """A PySide6 tool from the running environment, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found: install PySide6 in this environment")
    return found


def source_files() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def ts_path(locale: str, folder: Path = TRANSLATIONS_DIR) -> Path:
    return folder / f"{CATALOGUE}_{locale}.ts"


def qm_path(locale: str, folder: Path = TRANSLATIONS_DIR) -> Path:
    return folder / f"{CATALOGUE}_{locale}.qm"


def update(ts: Path, locale: str, *, plural_only: bool) -> str:
    """Merge the source strings into ``ts`` (created if missing); returns lupdate's report."""
    args = [
        tool("pyside6-lupdate"),
        *map(str, source_files()),
        "-ts",
        str(ts),
        "-target-language",
        locale,
        "-source-language",
        "en",
        "-locations",
        "none",
        "-no-obsolete",
    ]
    if plural_only:
        args.append("-pluralonly")
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return done.stdout + done.stderr


def release(ts: Path, qm: Path) -> str:
    done = subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr


def main() -> int:
    for locale, plural_only in LANGUAGES:
        print(update(ts_path(locale), locale, plural_only=plural_only).strip())
        print(release(ts_path(locale), qm_path(locale)).strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
