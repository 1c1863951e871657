"""Follow-up services on a big centre: the daily sweep, the queues and the care coverage.

    python -m bench.followups DB_URL

Give it a copy (the sweep writes follow-ups and welfare calls), migrated to head, e.g. the
200,000-elder / 2,000,000-order SQLite demo. Each figure is the wall time of one call,
run twice (the second run is the idempotent rerun a seat does every five minutes).
Last line: one JSON object of the figures in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from app import followups
from app.context import open_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    args = parser.parse_args()
    db = open_database(args.url)
    figures: dict[str, float] = {}

    def run(label: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        figures[label] = round((time.perf_counter() - t0) * 1000, 1)
        size = len(out) if isinstance(out, list) else out
        print(f"{label:34s} {figures[label]:8.1f} ms  {size}")
        return out

    with db.sessions() as s:
        now = datetime.now(UTC)
        month = followups.month_of(s, now)
        yesterday = now.date() - timedelta(days=1)
        run("sample_day", lambda: followups.sample_day(s, yesterday, now))
        run("sample_day_rerun", lambda: followups.sample_day(s, yesterday, now))
        run("followup_queue", lambda: followups.followup_queue(s, now))
        run("disputes_pending", lambda: followups.disputes_pending(s))
        run("care_coverage", lambda: followups.care_coverage(s, month))
        run("care_call_list_page", lambda: followups.care_call_list(s, month, now))
        run("checkins_due", lambda: followups.checkins_due(s, now))
        run("checkins_due_rerun", lambda: followups.checkins_due(s, now))
        run("complaints_open", lambda: followups.complaints(s))
    db.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
