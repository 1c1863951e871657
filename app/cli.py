"""The ``anxin`` command's parser and its headless commands: database, demo data, export,
reports, receiver and caller-ID tools, the gateway, users.

They run where there is no display (a server, a service manager). The console's entry
point lives with the console: it adds its subcommand to this parser and passes its
handler to :func:`main` in ``commands``, so nothing here loads a GUI toolkit.
``python -m app.cli`` runs these commands alone.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping, Sequence

from app import __version__
from app.config import resolve_db_url
from app.errors import UserFacingError

log = logging.getLogger("anxin")

EXPORT_TABLES = (
    "elders",
    "firms",
    "items",
    "orders",
    "calls",
    "alarms",
    "followups",
    "assessments",
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="anxin",
        description="Anxin (安心) elderly-care hotline console and tools.",
    )
    p.add_argument("--version", action="version", version=f"anxin {__version__}")
    p.add_argument(
        "--db",
        metavar="URL",
        help="database URL (sqlite:///path or postgresql://user@host/db); "
        "default: $ANXIN_DB, else SQLite in the user data folder",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    dbp = sub.add_parser("db", help="database schema (Alembic)")
    dbsub = dbp.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", help="bring the schema to the newest revision").add_argument(
        "revision", nargs="?", default="head"
    )
    dbsub.add_parser("current", help="print the schema revision")
    dbsub.add_parser("downgrade", help="go back to REV ('base' empties it)").add_argument(
        "revision"
    )

    seed = sub.add_parser("seed", help="fill the database with a demo centre")
    seed.add_argument("--demo", action="store_true", required=True, help="the demo centre")
    seed.add_argument("--elders", type=int, default=2000, metavar="N")
    seed.add_argument("--orders", type=int, default=20000, metavar="N")
    seed.add_argument("--months", type=int, default=6, metavar="M")
    seed.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")

    ex = sub.add_parser("export", help="write a table as JSON lines or CSV to stdout")
    ex.add_argument("table", choices=EXPORT_TABLES)
    ex.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    ex.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")

    rep = sub.add_parser(
        "report", help="write the month's assessment, settlement or statistics as PDF or Excel"
    )
    rep.add_argument("report", choices=("assessment", "settlement", "statistics"))
    rep.add_argument("--month", required=True, metavar="YYYY-MM")
    rep.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.xlsx")
    rep.add_argument(
        "--format", choices=("pdf", "xlsx"), help="default: from the --out file's extension"
    )

    dec = sub.add_parser(
        "decode", help="decode raw receiver / caller-ID bytes from stdin to JSON lines"
    )
    dec.add_argument("--protocol", required=True, choices=_protocols())
    dec.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="ACCOUNT=KEY",
        help="DC-09 encryption key of an account (repeatable)",
    )
    ev = sub.add_parser("events", help="print the change feed as JSON lines")
    ev.add_argument("--since", type=int, metavar="SEQ", help="only changes after SEQ")
    ev.add_argument(
        "--follow", action="store_true", help="keep printing new changes until Ctrl+C / SIGTERM"
    )
    ev.add_argument(
        "--topics", metavar="P1,P2", help="topic prefixes to print, e.g. alarm.,order. (all)"
    )
    _add_gateway_commands(sub)
    from app import user_cli

    user_cli.add_parser(sub)
    return p


def _add_gateway_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gw = sub.add_parser("gateway", help="run the headless gateway (receivers, caller ID, DC-09)")
    gw.add_argument(
        "--serial",
        action="append",
        default=[],
        metavar="SPEC",
        help="a port, e.g. /dev/ttyUSB0,protocol=surgard,baud=9600 (repeatable)",
    )
    gw.add_argument("--dc09", metavar="HOST:PORT", help="listen for SIA DC-09 over TCP")
    gw.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="ACCOUNT=KEY",
        help="DC-09 encryption key of an account (repeatable)",
    )
    gw.add_argument(
        "--journal", metavar="PATH", help="journal file used while the database is unreachable"
    )

    sim = sub.add_parser("simulate", help="act as an alarm receiver or caller-ID box on a port")
    sim.add_argument("--port", required=True, help="serial port or pyserial URL")
    sim.add_argument("--protocol", default="surgard", help="surgard, ademco685, dc09, callerid")
    sim.add_argument(
        "--scenario",
        required=True,
        choices=("single", "storm", "garbage", "callerid", "heartbeat"),
    )
    sim.add_argument("--count", type=int, default=100, metavar="N")
    sim.add_argument(
        "--rate", type=float, metavar="R", help="events per second (default: as fast as ACKs come)"
    )
    sim.add_argument(
        "--accounts", metavar="A1,A2", help="accounts to use (phone numbers for callerid)"
    )
    sim.add_argument("--baud", type=int, default=9600)
    sim.add_argument("--ack-timeout", type=float, default=4.0, metavar="S")
    sim.add_argument(
        "--give-up",
        type=float,
        default=120.0,
        metavar="S",
        help="stop after S seconds even if frames are still unacknowledged (0: never)",
    )

    mon = sub.add_parser("serial-monitor", help="print a port's raw traffic (hex and text)")
    mon.add_argument("port")
    mon.add_argument("--baud", type=int, default=9600)
    mon.add_argument("--bytesize", type=int, default=8, choices=(5, 6, 7, 8))
    mon.add_argument("--parity", default="N", choices=("N", "E", "O", "M", "S"))
    mon.add_argument("--stopbits", type=float, default=1, choices=(1, 1.5, 2))


def _protocols() -> list[str]:
    from hardware.codecs import CODECS

    return sorted(CODECS)


# A command registered from outside app: called with the resolved database URL and the
# parsed arguments, returns the exit code.
Command = Callable[[str, argparse.Namespace], int]


def subcommands(
    parser: argparse.ArgumentParser,
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The COMMAND group of ``build_parser()``'s parser, to add a command to it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError("the parser has no subcommands")


def names_a_command(parser: argparse.ArgumentParser, args: Sequence[str]) -> bool:
    """Whether ``args`` already say which COMMAND to run (so no default is needed)."""
    known = set(subcommands(parser).choices)
    return any(a in known for a in args if not a.startswith("-"))


def main(
    argv: Sequence[str] | None = None,
    *,
    parser: argparse.ArgumentParser | None = None,
    commands: Mapping[str, Command] | None = None,
) -> int:
    """Parse ``argv`` and run the command; ``commands`` handles those added to ``parser``."""
    parser = parser or build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return _dispatch(args, commands or {})
    except KeyboardInterrupt:
        return 130
    except UserFacingError as exc:
        print(f"anxin: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, commands: Mapping[str, Command]) -> int:
    url = resolve_db_url(args.db)
    if args.command in commands:
        return int(commands[args.command](url, args))
    if args.command == "db":
        return _db_command(url, args)
    if args.command == "seed":
        return _seed_command(url, args)
    if args.command == "export":
        return _export_command(url, args)
    if args.command == "report":
        return _report_command(url, args)
    if args.command == "decode":
        return _decode_command(args)
    if args.command == "gateway":
        return _gateway_command(url, args)
    if args.command == "simulate":
        return _simulate_command(args)
    if args.command == "serial-monitor":
        return _monitor_command(args)
    if args.command == "events":
        return _events_command(url, args)
    if args.command == "user":
        from app import user_cli

        return user_cli.run(url, args, sys.stdout)
    raise AssertionError(args.command)


def _db_command(url: str, args: argparse.Namespace) -> int:
    from db import migrate

    if args.db_command == "upgrade":
        migrate.upgrade(url, args.revision)
        print(f"schema at {args.revision}")
    elif args.db_command == "downgrade":
        migrate.downgrade(url, args.revision)
        print(f"schema at {args.revision}")
    else:
        from db.engine import make_engine

        engine = make_engine(url)
        print(migrate.current_revision(engine) or "(empty)")
        engine.dispose()
    return 0


def _seed_command(url: str, args: argparse.Namespace) -> int:
    from app.context import open_database
    from app.demo.seed import SeedOptions, seed_demo

    db = open_database(url, migrate=True)
    try:
        opts = SeedOptions(
            elders=args.elders, orders=args.orders, months=args.months, seed=args.seed
        )
        stats = seed_demo(db.engine, opts, progress=lambda msg: log.info("%s", msg))
    finally:
        db.close()
    for k, v in stats.items():
        print(f"{k}: {v}")
    return 0


def _export_command(url: str, args: argparse.Namespace) -> int:
    from app.context import open_database
    from app.export import export_table

    db = open_database(url)
    try:
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as f:
                n = export_table(db.engine, args.table, args.format, f)
            print(f"{n} rows written to {args.out}", file=sys.stderr)
        else:
            export_table(db.engine, args.table, args.format, sys.stdout)
    except BrokenPipeError:
        # `anxin export elders | head -3` closes the pipe early: that is not an error.
        sys.stderr.close()
    finally:
        db.close()
    return 0


def _report_command(url: str, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from app.context import open_database
    from app.errors import AnxinError
    from app.reports import write_report
    from app.reports.fonts import FontMissing

    fmt = args.format or ("xlsx" if args.out.lower().endswith(".xlsx") else "pdf")
    db = open_database(url)
    try:
        with db.sessions() as session:
            pages = write_report(session, args.report, args.month, args.out, fmt, datetime.now(UTC))
    except (AnxinError, FontMissing) as exc:
        raise UserFacingError(str(exc)) from None
    except OSError as exc:
        raise UserFacingError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    finally:
        db.close()
    what = f"{pages} pages" if fmt == "pdf" else "workbook"
    print(f"{args.report} of {args.month}: {what} written to {args.out}", file=sys.stderr)
    return 0


def _decode_command(args: argparse.Namespace) -> int:
    from app.decode_cli import run_decode

    keys: dict[str, str] = {}
    for item in args.key:
        account, eq, key = item.partition("=")
        if not eq or not account or not key:
            raise UserFacingError(f"--key {item!r}: write ACCOUNT=KEY")
        keys[account.strip()] = key.strip()
    try:
        return run_decode(args.protocol, sys.stdin.buffer, sys.stdout, keys=keys or None)
    except ValueError as exc:
        raise UserFacingError(str(exc)) from None


def _keys(items: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for item in items:
        account, eq, key = item.partition("=")
        if not eq or not account or not key:
            raise UserFacingError(f"--key {item!r}: write ACCOUNT=KEY")
        keys[account.strip()] = key.strip()
    return keys


def _gateway_command(url: str, args: argparse.Namespace) -> int:
    from app.context import open_database
    from app.gateway.service import GatewayConfig, parse_hostport, parse_specs, run_gateway
    from hardware.transport.spec import SpecError

    if not args.serial and not args.dc09:
        # The ports set in the console's Settings (this PC's station file).
        from app import station

        try:
            saved = station.load()
        except station.StationConfigError as exc:
            raise UserFacingError(str(exc)) from None
        args.serial, args.dc09 = saved.serial, saved.dc09 or None
    if not args.serial and not args.dc09:
        raise UserFacingError(
            "nothing to listen to: give --serial SPEC and/or --dc09 HOST:PORT, "
            "or set this PC's ports in the console (Settings)"
        )
    try:
        parse_specs(args.serial)  # before opening anything: a typo must not half-start
        if args.dc09:
            parse_hostport(args.dc09)
    except SpecError as exc:
        raise UserFacingError(str(exc)) from None
    config = GatewayConfig(
        serial=args.serial, dc09=args.dc09, dc09_keys=_keys(args.key), journal=args.journal
    )
    db = open_database(url)
    try:
        return run_gateway(db, config)
    finally:
        db.close()


def _simulate_command(args: argparse.Namespace) -> int:
    from app.simulate import run_cli

    accounts = [a.strip() for a in args.accounts.split(",") if a.strip()] if args.accounts else None
    try:
        return run_cli(
            args.port,
            args.protocol,
            args.scenario,
            count=args.count,
            rate=args.rate,
            accounts=accounts,
            baudrate=args.baud,
            ack_timeout=args.ack_timeout,
            give_up_s=args.give_up or None,
        )
    except (ValueError, OSError) as exc:
        raise UserFacingError(str(exc)) from None


def _events_command(url: str, args: argparse.Namespace) -> int:
    from app.context import open_database
    from app.feed.events_cli import parse_topics, run_events

    db = open_database(url)
    try:
        return run_events(
            db, since=args.since, follow=args.follow, topics=parse_topics(args.topics)
        )
    except BrokenPipeError:
        # `anxin events | head` closes the pipe early: that is not an error.
        sys.stderr.close()
        return 0
    finally:
        db.close()


def _monitor_command(args: argparse.Namespace) -> int:
    from app.serial_monitor import monitor

    try:
        return monitor(
            args.port,
            baudrate=args.baud,
            bytesize=args.bytesize,
            parity=args.parity,
            stopbits=args.stopbits,
        )
    except ValueError as exc:
        raise UserFacingError(str(exc)) from None


if __name__ == "__main__":
    raise SystemExit(main())
