"""How fast the demo centre is seeded: ``python -m bench.seed [ELDERS ORDERS]``.

Seeds a temporary SQLite database (default 20,000 elders and 200,000 orders, or
$ANXIN_BENCH_ELDERS / $ANXIN_BENCH_ORDERS) and prints, as its last line, one JSON object:
{"seed_s_20k_200k": 12.3, "orders_per_s": ..., ...}. A figure, not a test: nothing fails
on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from app.context import open_database
from app.demo.seed import SeedOptions, seed_demo


def _short(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__)
    p.add_argument(
        "elders", nargs="?", type=int, default=int(os.environ.get("ANXIN_BENCH_ELDERS", 20_000))
    )
    p.add_argument(
        "orders", nargs="?", type=int, default=int(os.environ.get("ANXIN_BENCH_ORDERS", 200_000))
    )
    p.add_argument("--months", type=int, default=6)
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="anxin-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        db = open_database(f"sqlite:///{path}", migrate=True)
        started = time.perf_counter()
        stats = seed_demo(
            db.engine,
            SeedOptions(
                elders=args.elders,
                orders=args.orders,
                months=args.months,
                anchor=datetime(2026, 1, 1, tzinfo=UTC),
            ),
            progress=lambda msg: print(
                f"{time.perf_counter() - started:7.1f}s {msg}", file=sys.stderr
            ),
        )
        seconds = time.perf_counter() - started
        db.close()
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())

    key = f"seed_s_{_short(args.elders)}_{_short(args.orders)}"
    result = {
        key: round(seconds, 1),
        "orders_per_s": round(int(stats["orders"]) / seconds) if seconds else 0,
        "transitions": stats["transitions"],
        "db_mb": round(size / 1e6, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
