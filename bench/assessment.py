"""The monthly assessment at the scale of a real centre.

    python -m bench.assessment [--runs N]

Two demo centres with 126 firms are seeded (deterministic, anchored at the start of the
current UTC month) and kept in the bench folder ($ANXIN_BENCH_DIR, else the user cache
folder): 2,000,000 orders over 20 months and 200,000 orders over 2 months, so the month
assessed (the last full one) holds about 100,000 orders in both. On each, measured in this
process, a fresh session per run: ``compute_month`` (every firm's indicators, scores,
grade, rank) and the PDF written (ranking plus a page per firm). The figure is the median
of the runs; the ratio is big over small: the month's work should not grow with the
history around it.

Last line: one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.assessment.rules import month_bounds, previous_month
from app.assessment.service import compute_month
from app.context import Database, open_database
from app.demo.seed import SeedOptions, seed_demo
from app.reports.pdf import assessment_pdf
from bench.console import bench_dir
from db.models import WorkOrder

FIRMS = 126


def anchor() -> datetime:
    now = datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def centre(orders: int, months: int, elders: int) -> Database:
    stamp = anchor().strftime("%Y%m")
    path = bench_dir() / f"assessment-{orders}-{months}m-{FIRMS}f-{stamp}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        print(f"seeding {orders:,} orders over {months} months into {path}", file=sys.stderr)
        started = time.perf_counter()
        db = open_database(f"sqlite:///{partial}", migrate=True)
        seed_demo(
            db.engine,
            SeedOptions(elders=elders, orders=orders, months=months, firms=FIRMS, anchor=anchor()),
        )
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
        print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return open_database(f"sqlite:///{path}", migrate=True)


def measure(db: Database, month: str, runs: int, out_dir: Path) -> tuple[float, int, int, int]:
    """(median seconds, orders in the month, firms assessed, PDF pages)."""
    now = datetime.now(UTC)
    times: list[float] = []
    pages = firms = 0
    for i in range(runs):
        with db.sessions() as session:
            started = time.perf_counter()
            result = compute_month(session, month, now)
            pages = assessment_pdf(result, out_dir / f"assessment-{i}.pdf")
            times.append(time.perf_counter() - started)
            firms = len(result.firms)
    with db.sessions() as session:
        start, end = month_bounds(month, "Asia/Shanghai")
        n = session.scalar(
            select(func.count()).where(WorkOrder.created_at >= start, WorkOrder.created_at < end)
        )
    return statistics.median(times), int(n or 0), firms, pages


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.assessment")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    month = previous_month(anchor().strftime("%Y-%m"))
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, orders, months, elders in (
            ("2m", 2_000_000, 20, 200_000),
            ("200k", 200_000, 2, 20_000),
        ):
            db = centre(orders, months, elders)
            try:
                seconds, n, firms, pages = measure(db, month, args.runs, Path(tmp))
            finally:
                db.close()
            print(
                f"{label}: month {month}, {n:,} orders, {firms} firms: "
                f"{seconds:.2f} s (median of {args.runs}), {pages} PDF pages",
                file=sys.stderr,
            )
            figures[f"assessment_s_{label}"] = round(seconds, 3)
            figures["pdf_pages"] = pages
    figures["assessment_ratio"] = round(
        figures["assessment_s_2m"] / max(figures["assessment_s_200k"], 1e-9), 2
    )
    ordered = {
        k: figures[k]
        for k in ("assessment_s_2m", "assessment_s_200k", "assessment_ratio", "pdf_pages")
    }
    print(json.dumps(ordered))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
