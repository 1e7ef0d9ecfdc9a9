"""Working-day arithmetic and due dates: how fast, from a warm per-year cache, inside one batch
(one token read for all, as the inbox does) and call by call (one token read each).

Run with `make bench`, or `DJANGO_SETTINGS_MODULE=fazhi.settings_test .venv/bin/python
bench/bench_calendar.py`. Builds a temporary SQLite database (the migrations seed 2004-2026 from
chinesecalendar) and prints figures; asserts nothing about timing.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
_tmp = tempfile.mkdtemp(prefix="fazhi-bench-calendar-")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.core import calendar, deadlines  # noqa: E402

START = dt.date(2024, 1, 1)
LAST_START = dt.date(2026, 10, 31)  # every start date's period ends within 2026


def starts(count: int) -> list[dt.date]:
    span = (LAST_START - START).days
    return [START + dt.timedelta(days=(i * 7919) % span) for i in range(count)]


def bench_add_working_days(count: int) -> None:
    days = starts(count)
    calendar.add_working_days(days[0], 10)  # warm the cache
    with calendar.batch():
        began = time.perf_counter()
        for i, day in enumerate(days):
            calendar.add_working_days(day, 1 + i % 40)
        elapsed = time.perf_counter() - began
    print(
        f"add_working_days in a batch: {count / elapsed:,.0f} calls/s ({count:,} calls, n = 1…40)"
    )


def bench_add_working_days_unbatched(count: int) -> None:
    days = starts(count)
    began = time.perf_counter()
    for i, day in enumerate(days):
        calendar.add_working_days(day, 1 + i % 40)
    elapsed = time.perf_counter() - began
    with CaptureQueriesContext(connection) as queries:
        calendar.add_working_days(days[0], 10)
    print(
        f"add_working_days call by call: {count / elapsed:,.0f} calls/s "
        f"({count:,} calls, {len(queries)} query each: the token)"
    )


def bench_due_dates(count: int) -> None:
    rules = [
        deadlines.register_rule(
            deadlines.DeadlineRule(
                key=f"bench.{unit.value}",
                name="bench",
                event="bench",
                count=n,
                unit=unit,
                basis="bench",
            )
        )
        for unit, n in (
            (deadlines.PeriodUnit.WORKING_DAYS, 10),
            (deadlines.PeriodUnit.CALENDAR_DAYS, 15),
            (deadlines.PeriodUnit.MONTHS, 2),
        )
    ]
    days = starts(count)
    calendar.clear_cache()
    deadlines.clear_override_cache()
    with CaptureQueriesContext(connection) as queries, calendar.batch():
        began = time.perf_counter()
        for i, day in enumerate(days):
            deadlines.due_date(rules[i % 3], day)
        elapsed = time.perf_counter() - began
    print(
        f"due_date: {count:,} due dates (工作日/自然日/月 mixed) in {elapsed * 1000:,.1f} ms "
        f"from a cold cache in one batch, {len(queries)} queries"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    bench_add_working_days(100_000)
    bench_add_working_days_unbatched(20_000)
    bench_due_dates(10_000)


if __name__ == "__main__":
    main()
