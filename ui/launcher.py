"""The ``anxin`` console script: app.cli's commands plus ``ui``, the console.

The entry point lives here, not in app.cli, so that app never reaches up into ui. It adds
the ``ui`` subcommand to app.cli's parser, makes it the default (``anxin`` alone, or
``anxin --demo``, opens the console) and leaves every other command to app.cli. Qt is
imported only once the console really starts: ``anxin gateway`` on a server without a
display, or ``anxin db upgrade`` from an installer, never loads PySide6.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import cli

CONSOLE = "ui"


def build_parser() -> argparse.ArgumentParser:
    parser = cli.build_parser()
    console = cli.subcommands(parser).add_parser(
        CONSOLE, help="start the console (the default command)"
    )
    console.add_argument(
        "--demo",
        action="store_true",
        help="demo centre in a temporary folder with the built-in simulated gateway",
    )
    console.add_argument(
        "--lang", metavar="LANG", help="zh_CN or en; default $ANXIN_LANG, else the system's"
    )
    return parser


def with_default_command(parser: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """``args`` with the console's subcommand added when they name no command.

    ``--demo`` is an option of ``ui``, not of ``anxin``: ``anxin --demo`` moves it there.
    """
    args_list = list(args)
    if cli.names_a_command(parser, args_list):
        return args_list
    if "--demo" in args_list:
        args_list.remove("--demo")
        return [*args_list, CONSOLE, "--demo"]
    return [*args_list, CONSOLE]


def run_console(url: str, args: argparse.Namespace) -> int:
    # ui.launch brings in Qt; loaded here so the other commands never pay for it.
    from ui import launch

    # --demo without --db means a throwaway database, not the default one.
    return int(
        launch.run(url if args.db or not args.demo else None, demo=args.demo, lang=args.lang)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = with_default_command(parser, sys.argv[1:] if argv is None else argv)
    return cli.main(args, parser=parser, commands={CONSOLE: run_console})


if __name__ == "__main__":
    raise SystemExit(main())
