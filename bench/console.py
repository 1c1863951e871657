"""The operator console's speed at a small and at a big centre.

    python -m bench.console [--rings N] [--small E,O] [--big E,O]

Two demo centres are seeded (deterministic, anchored at today) and kept in the bench
folder ($ANXIN_BENCH_DIR, else the user cache folder) so later runs start at once:
2,000 elders with 20,000 orders, and 200,000 elders with 2,000,000 orders (about three
minutes to seed on a 2-core machine). On each, measured in this process:

- screen pop: a caller-ID event goes through the gateway's real ``Ingestor.ingest`` on a
  worker thread (the call is stored, ``call.ringing`` reaches the feed), the Hotline screen of a
  real main window (offscreen) loads the card off the GUI thread and paints it; the time
  is from the ``ingest`` call to the card painted.
- elder search: ``search_elders`` for names, pinyin initials, phones, ID-number prefixes
  and address fragments taken from the data (the list's first page, as the screen asks).
- order board: the first page of ``list_orders`` with no filter, and filtered pages
  (open orders of one firm, overdue only, a text search), each a fresh session.

Ratios are big over small, measured in the same run. Resident memory is the peak of
this process. Last line: one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from platformdirs import user_cache_path
from sqlalchemy import func, select

from app.context import Database, open_database
from app.demo.seed import SeedOptions, seed_demo
from db.models import Elder, ElderPhone, Firm, WorkOrder


def bench_dir() -> Path:
    folder = os.environ.get("ANXIN_BENCH_DIR")
    path = Path(folder) if folder else user_cache_path("anxin", appauthor=False) / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def centre(elders: int, orders: int) -> Database:
    """The seeded centre of that size, built once and migrated to this program's schema."""
    path = bench_dir() / f"console-{elders}-{orders}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        print(f"seeding {elders:,} elders and {orders:,} orders into {path}", file=sys.stderr)
        started = time.perf_counter()
        db = open_database(f"sqlite:///{partial}", migrate=True)
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        seed_demo(db.engine, SeedOptions(elders=elders, orders=orders, anchor=today))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
        print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return open_database(url, migrate=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# -- screen pop ---------------------------------------------------------------------------


def measure_pop(db: Database, rings: int, seed: int) -> list[float]:
    """Milliseconds from the caller-ID event to the card painted, one per ring."""
    from PySide6.QtWidgets import QApplication

    from app.feed.changefeed import ChangeFeed
    from app.gateway.ingest import Ingestor
    from app.gateway.journal import Journal
    from hardware.events import YEAR_UNKNOWN, CallerIdEvent
    from ui.context import DatabaseHealth, Operator, UiContext
    from ui.hotline.screen import HotlineScreen
    from ui.main_window import MainWindow
    from ui.qt_workarounds import protect_bool_singletons
    from ui.tasks import Tasks

    protect_bool_singletons()
    app = QApplication.instance() or QApplication([])
    with db.sessions() as s:
        top = s.scalar(select(func.max(Elder.id))) or 0
        rng = random.Random(seed)
        numbers: list[str] = []
        while len(numbers) < rings:
            elder_id = rng.randint(1, top)
            number = s.scalar(
                select(ElderPhone.number_norm).where(ElderPhone.elder_id == elder_id).limit(1)
            )
            # A landline shared by a couple pops a pick list, not a card: those are left out.
            if number and (
                s.scalar(
                    select(func.count(func.distinct(ElderPhone.elder_id))).where(
                        ElderPhone.number_norm == number
                    )
                )
                == 1
            ):
                numbers.append(number)
    tasks = Tasks()
    ctx = UiContext(
        db=db,
        tasks=tasks,
        operator=Operator("bench", "bench", signed_in=True),
        demo=False,
        health=DatabaseHealth(),
    )
    # As in the console: the ring reaches the screen only through the change feed.
    feed = ChangeFeed(db, ctx.bus, name="bench feed").start()
    window = MainWindow(ctx)
    window.resize(1500, 900)
    window.show()
    screen = window.screens["hotline"]
    assert isinstance(screen, HotlineScreen)
    journal = bench_dir() / f"bench-journal-{os.getpid()}.jsonl"
    ingestor = Ingestor(db, ctx.bus, Journal(journal))
    shown: list[int] = []
    screen.card_shown.connect(lambda _elder, _ns: shown.append(time.perf_counter_ns()))

    def pump_until(done: Callable[[], bool], timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while not done() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.0005)
        if not done():
            raise RuntimeError(f"the card did not appear within 10 s ({len(shown)} shown before)")

    base = datetime(YEAR_UNKNOWN, 1, 1, 0, 0)
    run_line = f"b{os.getpid() % 100000}"
    latencies: list[float] = []
    for i, number in enumerate(numbers):
        # A distinct box minute per ring: each is a new call, not a re-sent one.
        # (and a line of this run's own: the bench centre keeps earlier runs' calls).
        event = CallerIdEvent(
            protocol="callerid", number=number, line=run_line, when=base + timedelta(minutes=i)
        )
        before = len(shown)
        started = time.perf_counter_ns()
        threading.Thread(target=ingestor.ingest, args=(event,), daemon=True).start()
        pump_until(lambda before=before: len(shown) > before)
        latencies.append((shown[-1] - started) / 1e6)
        # Between calls the operator's screen is idle for a moment.
        end = time.monotonic() + 0.01
        while time.monotonic() < end:
            app.processEvents()
    window.close()
    feed.stop()
    tasks.shutdown()
    journal.unlink(missing_ok=True)
    # The first rings warm the caches of a PC that has just started; an operator's
    # shift is the steady state, so the first 5 are left out.
    return latencies[5:]


# -- elder search ---------------------------------------------------------------------------


def measure_search(db: Database, count: int, seed: int) -> list[float]:
    from app.registry.elders import search_elders

    rng = random.Random(seed)
    with db.sessions() as s:
        top = s.scalar(select(func.max(Elder.id))) or 0
        samples = [
            s.execute(
                select(Elder.name, Elder.name_initials, Elder.id_number, Elder.address).where(
                    Elder.id == rng.randint(1, top)
                )
            ).one()
            for _ in range(count)
        ]
        phones = [
            s.scalar(
                select(ElderPhone.number_norm).where(ElderPhone.elder_id == rng.randint(1, top))
            )
            for _ in range(count)
        ]
    queries: list[str] = []
    for i, (name, initials, id_number, address) in enumerate(samples):
        kind = i % 6
        if kind == 0:
            queries.append(name)
        elif kind == 1:
            queries.append(initials)
        elif kind == 2:
            queries.append((phones[i] or "+8613800138000")[3:])
        elif kind == 3:
            queries.append(id_number[:10])
        elif kind == 4:
            queries.append(address.split(" ")[0])
        else:
            queries.append(name[0])
    timings: list[float] = []
    for q in queries:
        with db.sessions() as s:
            started = time.perf_counter()
            search_elders(s, q, limit=100)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


# -- order board ----------------------------------------------------------------------------


def measure_board(db: Database, repeats: int) -> tuple[float, float]:
    """(first page ms, slowest filtered page ms), each the median of ``repeats`` runs."""
    from app.orders.board import OrderFilter, list_orders

    with db.sessions() as s:
        firm_id = s.scalar(select(Firm.id).order_by(Firm.id).limit(1))
        some = s.execute(
            select(WorkOrder.order_no).order_by(WorkOrder.id.desc()).limit(1)
        ).scalar_one()
    filters = [
        OrderFilter(statuses=frozenset({"dispatched", "accepted", "in_service"}), firm_id=firm_id),
        OrderFilter(overdue_only=True),
        OrderFilter(text=some),
        OrderFilter(statuses=frozenset({"completed"}), sort="due_asc"),
    ]

    def timed(flt: OrderFilter) -> float:
        runs = []
        for _ in range(repeats):
            with db.sessions() as s:
                started = time.perf_counter()
                list_orders(s, flt, limit=100)
                runs.append((time.perf_counter() - started) * 1000)
        return statistics.median(runs)

    first = timed(OrderFilter())
    filtered = max(timed(f) for f in filters)
    return first, filtered


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.console", description=__doc__)
    p.add_argument("--rings", type=int, default=200)
    p.add_argument("--searches", type=int, default=300)
    p.add_argument("--small", default="2000,20000", help="elders,orders of the small centre")
    p.add_argument("--big", default="200000,2000000", help="elders,orders of the big centre")
    args = p.parse_args(argv)
    small = tuple(int(x) for x in args.small.split(","))
    big = tuple(int(x) for x in args.big.split(","))

    results: dict[str, float] = {}
    small_db = centre(*small)
    pops_small = measure_pop(small_db, args.rings, seed=1)
    board_small, filter_small = measure_board(small_db, 5)
    small_db.close()

    big_db = centre(*big)
    pops_big = measure_pop(big_db, args.rings, seed=2)
    searches = measure_search(big_db, args.searches, seed=3)
    board_big, filter_big = measure_board(big_db, 5)
    big_db.close()

    results["pop_p50_ms_200k"] = round(pct(pops_big, 50), 1)
    results["pop_p99_ms_200k"] = round(pct(pops_big, 99), 1)
    results["pop_p50_ms_2k"] = round(pct(pops_small, 50), 1)
    results["pop_p99_ms_2k"] = round(pct(pops_small, 99), 1)
    results["pop_ratio"] = round(pct(pops_big, 99) / pct(pops_small, 99), 2)
    results["search_p50_ms_200k"] = round(pct(searches, 50), 1)
    results["search_p99_ms_200k"] = round(pct(searches, 99), 1)
    results["board_first_page_ms_20k"] = round(board_small, 1)
    results["board_first_page_ms_2m"] = round(board_big, 1)
    results["board_filter_ms_20k"] = round(filter_small, 1)
    results["board_filter_ms_2m"] = round(filter_big, 1)
    results["board_ratio"] = round(max(board_big / board_small, filter_big / filter_small), 2)
    results["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results), flush=True)
    # Qt's teardown at interpreter exit adds nothing to the figures and can crash.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
