"""The official holiday calendar (法定节假日与调休): working days, periods, and its upkeep.

Counting rules, in one place:
- 工作日 (RULES.md §9, [inferred] standard practice): Monday to Friday, minus every weekday in a
  放假 block of the yearly 国务院办公厅 notice (CalendarDay REST), plus the weekend days the notice
  designates 上班 (CalendarDay WORK).
- 自然日 periods: 民事诉讼法(2023) 第85条, which 行政复议法 第88条 and 行政诉讼法 第101条 follow:
  the start day is not counted; when the last day is a 法定休假日 the period ends on the first
  working day after it. Plain weekends count as 法定休假日 here (they are 公休日 on which no
  office works, and RULES.md §11.B: "a deadline falling on a non-working day rolls forward"); a
  weekend day the notice makes a 上班 day is a working day and does not roll.
- Month periods: 民法典 第202条 (the corresponding day of the last month, or its last day when it
  has none), then the same roll-forward (民法典 第203条).
- Never assume: any computation that touches a year with no CalendarYear row raises
  CalendarMissingError naming that year; a year not yet announced is not a plain week.

Per-year data is cached in each process and checked against a token that every edit changes
(fazhi/core/stamp.py): one query per computation, or per `with calendar.batch():` of many; an
edit in any process is seen by all at their next computation. A cold year costs one query.
"""

from __future__ import annotations

import bisect
import calendar as stdcalendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fazhi.core import audit, stamp
from fazhi.core.exceptions import ApplicationError, CalendarMissingError
from fazhi.core.models import CalendarDay, CalendarYear, DayKind

FIRST_YEAR = 1990
LAST_YEAR = 2100
WEEKDAYS = "一二三四五六日"


# ---------------------------------------------------------------------------------------------
# Per-year data and its cache


@dataclass(frozen=True)
class YearData:
    """The working days of one entered year, as ordinals for bisection."""

    year: int
    rest: frozenset[dt.date]
    work: frozenset[dt.date]
    working: tuple[int, ...]


# The cache lives in fazhi.core.stamp: a computation reads one token, and every edit changes it.
batch = stamp.batch


def clear_cache() -> None:
    """Forget this process's cached calendar (the next computation reloads it)."""
    stamp.clear()


@stamp.fresh
def entered_years() -> frozenset[int]:
    """The years whose official arrangement has been entered."""
    return _entered_years()


def _entered_years() -> frozenset[int]:
    return stamp.cached("calendar.years", _load_years)


def _load_years() -> frozenset[int]:
    return frozenset(CalendarYear.objects.values_list("year", flat=True))


@stamp.fresh
def is_year_entered(year: int) -> bool:
    return year in _entered_years()


@stamp.fresh
def year_data(year: int) -> YearData:
    """The data of `year`; CalendarMissingError when it has not been entered."""
    return _year_data(year)


def _year_data(year: int) -> YearData:
    if year not in _entered_years():
        raise CalendarMissingError(year)
    return stamp.cached(("calendar.year", year), functools.partial(_load_year, year))


def _load_year(year: int) -> YearData:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = CalendarDay.objects.filter(date__gte=first, date__lte=last).values_list("date", "kind")
    rest = frozenset(day for day, kind in rows if kind == DayKind.REST)
    work = frozenset(day for day, kind in rows if kind == DayKind.WORK)
    working = tuple(
        ordinal
        for ordinal in range(first.toordinal(), last.toordinal() + 1)
        if _plain_working(dt.date.fromordinal(ordinal), rest, work)
    )
    return YearData(year=year, rest=rest, work=work, working=working)


def _plain_working(day: dt.date, rest: frozenset[dt.date], work: frozenset[dt.date]) -> bool:
    if day in work:
        return True
    return day.weekday() < 5 and day not in rest


# ---------------------------------------------------------------------------------------------
# Arithmetic


@stamp.fresh
def is_working_day(day: dt.date) -> bool:
    """True when government offices work on `day` under the official calendar."""
    data = _year_data(day.year)
    return _plain_working(day, data.rest, data.work)


@stamp.fresh
def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    year = day.year
    while True:
        working = _year_data(year).working
        index = bisect.bisect_left(working, day.toordinal())
        if index < len(working):
            return dt.date.fromordinal(working[index])
        year += 1


@stamp.fresh
def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (the start day is not counted; n=0 gives `start`)."""
    _check_count(n)
    if n == 0:
        return start
    remaining, year, origin = n, start.year, start.toordinal()
    while True:
        working = _year_data(year).working
        index = bisect.bisect_right(working, origin)
        available = len(working) - index
        if remaining <= available:
            return dt.date.fromordinal(working[index + remaining - 1])
        remaining -= available
        year += 1


@stamp.fresh
def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """The end of an n-day (自然日) period from `start`.

    民事诉讼法 第85条: the start day is not counted; a last day that is not a working day (a
    holiday, or a plain weekend) moves to the next working day.
    """
    _check_count(n)
    return next_working_day(start + dt.timedelta(days=n))


@stamp.fresh
def add_months(start: dt.date, n: int) -> dt.date:
    """The end of an n-month period from `start`.

    民法典 第202条: the same day of the last month, or that month's last day when it has none;
    民法典 第203条: a last day that is not a working day moves to the next working day.
    """
    _check_count(n)
    return next_working_day(shift_months(start, n))


def shift_months(start: dt.date, n: int) -> dt.date:
    """The same day `n` months on, or that month's last day when it has none (民法典 第202条's
    month arithmetic alone: no move to a working day, so no calendar year is needed)."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, stdcalendar.monthrange(year, month)[1]))


@stamp.fresh
def working_days_between(a: dt.date, b: dt.date) -> int:
    """The working days after `a` up to and including `b`; negative when `b` is before `a`.

    So that `add_working_days(a, working_days_between(a, b)) == b` for a working day `b`.
    """
    if b < a:
        return -_count_working_days(b, a)
    return _count_working_days(a, b)


def _count_working_days(a: dt.date, b: dt.date) -> int:
    total = 0
    for year in range(a.year, b.year + 1):
        working = _year_data(year).working
        low = bisect.bisect_right(working, a.toordinal())
        high = bisect.bisect_right(working, b.toordinal())
        total += high - low
    return total


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError("期间长度不能为负数")


# ---------------------------------------------------------------------------------------------
# Entering days: parsing the official notice's periods


@dataclass(frozen=True, order=True)
class DayEntry:
    """One date that departs from the plain week."""

    date: dt.date
    kind: str
    name: str

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {DayKind(self.kind).label} {self.name}"


class CalendarInputError(ApplicationError):
    """Entered days are not valid; `errors` names each problem (and its line)."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = list(errors)


_KINDS = {"休": DayKind.REST, "休息": DayKind.REST, "放假": DayKind.REST}
_KINDS |= {"班": DayKind.WORK, "上班": DayKind.WORK}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_RANGE = re.compile(r"\s*(?:至|到|~|～)\s*")
LINE_FORMAT = "“2027-01-01 至 2027-01-03 休 元旦”或“2027-02-07 班 春节”"
MAX_PERIOD_DAYS = 31


def weekday_label(day: dt.date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def entry_problem(entry: DayEntry, year: int | None = None) -> str | None:
    """Why `entry` cannot be stored (a Chinese message), or None when it can."""
    if year is not None and entry.date.year != year:
        return f"{entry.date:%Y-%m-%d} 不在 {year} 年内"
    if not entry.name.strip():
        return f"{entry.date:%Y-%m-%d} 缺少节日名称"
    if len(entry.name) > 50:
        return f"{entry.date:%Y-%m-%d} 的节日名称超过 50 个字"
    weekend = entry.date.weekday() >= 5
    if entry.kind == DayKind.REST and weekend:
        return f"{entry.date:%Y-%m-%d} 是{weekday_label(entry.date)}，本来就休息，无需登记为休息日"
    if entry.kind == DayKind.WORK and not weekend:
        return (
            f"{entry.date:%Y-%m-%d} 是{weekday_label(entry.date)}，本来就上班，无需登记为调休上班"
        )
    return None


def parse_days(text: str, year: int) -> list[DayEntry]:
    """The days that lines like 2027-01-01 至 2027-01-03 休 元旦 or 2027-02-07 班 春节 describe.

    Weekend days inside a 休 period are skipped (they are rest days anyway). Blank lines and lines
    starting with # are ignored. Raises CalendarInputError listing every bad line by number.
    """
    errors: list[str] = []
    seen: dict[dt.date, int] = {}
    entries: list[DayEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            days = _parse_line(line, year)
        except ValueError as exc:
            errors.append(f"第 {number} 行：{exc}")
            continue
        for entry in days:
            if entry.date in seen:
                errors.append(
                    f"第 {number} 行：{entry.date:%Y-%m-%d} 与第 {seen[entry.date]} 行重复"
                )
                continue
            seen[entry.date] = number
            entries.append(entry)
    if not entries and not errors:
        errors.append(f"请至少录入一行，格式如{LINE_FORMAT}")
    if errors:
        raise CalendarInputError(errors)
    return sorted(entries)


def _parse_line(line: str, year: int) -> list[DayEntry]:
    tokens = _RANGE.sub(" 至 ", line).split()
    ranged = len(tokens) > 1 and tokens[1] == "至"
    needed = 5 if ranged else 3
    if len(tokens) == needed - 1 and tokens[-1] in _KINDS:
        raise ValueError("缺少节日名称，如“春节”")
    if len(tokens) < needed:
        raise ValueError(f"无法识别，格式应为{LINE_FORMAT}")
    first, last = tokens[0], tokens[2] if ranged else tokens[0]
    kind_word, name_tokens = tokens[needed - 2], tokens[needed - 1 :]
    kind = _KINDS.get(kind_word)
    if kind is None:
        raise ValueError(f"“{kind_word}”应为“休”或“班”")
    start, end = _parse_date(first), _parse_date(last)
    if end < start:
        raise ValueError(f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValueError(f"期间超过 {MAX_PERIOD_DAYS} 天，请检查日期")
    if kind == DayKind.WORK and end != start:
        raise ValueError("调休上班请逐日登记，每行一天")
    name = " ".join(name_tokens)
    span = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    if kind == DayKind.REST and end != start:
        span = [day for day in span if day.weekday() < 5] or span[:1]
    entries = [DayEntry(day, kind, name) for day in span]
    for entry in entries:
        problem = entry_problem(entry, year)
        if problem:
            raise ValueError(problem)
    return entries


def _parse_date(token: str) -> dt.date:
    match = _DATE.fullmatch(token)
    if match is None:
        raise ValueError(f"“{token}”不是日期，应写作 2027-01-01")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"日期“{token}”不存在") from None


# ---------------------------------------------------------------------------------------------
# Services: every edit is one transaction that writes its data, then bumps the calendar's token
# (so that every process sees the edit), then its audit record, always in that order


@transaction.atomic
def enter_year(
    *, actor: Any, year: int, source: str, days: Sequence[DayEntry], note: str = ""
) -> CalendarYear:
    """Store a year's arrangement (the year and all its days) or nothing at all.

    Refuses a year already entered, and any day that is outside the year, duplicated, or not a
    departure from the plain week (CalendarInputError names each).
    """
    _check_year(year)
    if CalendarYear.objects.filter(year=year).exists():
        raise ApplicationError(f"{year} 年节假日安排已录入；如需调整，请逐日修改")
    _check_entries(days, year)
    stored = CalendarDay.objects.filter(date__year=year).order_by("date")
    if stored.exists():
        listed = "、".join(f"{d.date:%Y-%m-%d}" for d in stored[:5])
        raise ApplicationError(f"{year} 年已有零散的节假日记录（{listed}），请先删除")
    obj = CalendarYear(year=year, source=source.strip(), note=note.strip())
    obj.full_clean()
    obj.save()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=e.date, kind=e.kind, name=e.name) for e in days
    )
    stamp.bump()
    changes = {k: [None, v] for k, v in audit.snapshot(obj).items()}
    changes["days"] = [None, [str(e) for e in sorted(days)]]
    audit.record_change(actor=actor, event=audit.Event.CREATE, obj=obj, changes=changes)
    return obj


@transaction.atomic
def add_day(*, actor: Any, date: dt.date, kind: str, name: str) -> CalendarDay:
    """Add one special day to an entered year."""
    entry = DayEntry(date, kind, name.strip())
    _check_entries([entry], date.year)
    if not CalendarYear.objects.filter(year=date.year).exists():
        raise ApplicationError(f"{date.year} 年节假日安排未录入，请先录入该年度")
    if CalendarDay.objects.filter(date=date).exists():
        raise ApplicationError(f"{date:%Y-%m-%d} 已登记，请修改该日")
    day = CalendarDay(date=date, kind=kind, name=entry.name)
    day.full_clean()
    day.save()
    stamp.bump()
    changes = {k: [None, v] for k, v in audit.snapshot(day).items()}
    audit.record_change(actor=actor, event=audit.Event.CREATE, obj=day, changes=changes)
    return day


@transaction.atomic
def change_day(*, actor: Any, day: CalendarDay, kind: str, name: str) -> CalendarDay:
    """Change the kind or name of a stored special day."""
    stored = CalendarDay.objects.select_for_update().get(pk=day.pk)
    entry = DayEntry(stored.date, kind, name.strip())
    _check_entries([entry], stored.date.year)
    before = audit.snapshot(stored, ["kind", "name"])
    stored.kind, stored.name = entry.kind, entry.name
    stored.full_clean()
    stored.save(update_fields=["kind", "name", "updated_at"])
    after = audit.snapshot(stored, ["kind", "name"])
    stamp.bump()
    audit.record_change(
        actor=actor, event=audit.Event.UPDATE, obj=stored, changes=audit.diff(before, after)
    )
    return stored


@transaction.atomic
def delete_day(*, actor: Any, day: CalendarDay) -> None:
    """Delete a special day: the date follows the plain week again."""
    stored = CalendarDay.objects.select_for_update().get(pk=day.pk)
    ref, values = audit.ObjectRef.of(stored), audit.snapshot(stored)
    stored.delete()
    stamp.bump()
    audit.record_change(
        actor=actor,
        event=audit.Event.DELETE,
        obj=ref,
        changes={k: [v, None] for k, v in values.items()},
    )


@transaction.atomic
def delete_year(*, actor: Any, year: int) -> None:
    """Remove an entered year and all its days, or nothing.

    Afterwards every computation that touches the year raises CalendarMissingError, as for a
    year never entered, until it is entered again (enter_year, or seed_calendar for a year the
    chinesecalendar package knows).
    """
    record = CalendarYear.objects.select_for_update().filter(year=year).first()
    if record is None:
        raise ApplicationError(f"{year} 年节假日安排未录入，无需删除")
    ref, values = audit.ObjectRef.of(record), audit.snapshot(record)
    days = [str(e) for e in _stored_entries(year)]
    CalendarDay.objects.filter(date__year=year).delete()
    record.delete()
    stamp.bump()
    changes: dict[str, list[Any]] = {k: [v, None] for k, v in values.items()}
    changes["days"] = [days, None]
    audit.record_change(actor=actor, event=audit.Event.DELETE, obj=ref, changes=changes)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(f"年度 {year} 超出范围（{FIRST_YEAR}–{LAST_YEAR}）")


def _check_entries(days: Iterable[DayEntry], year: int) -> None:
    errors, seen = [], set()
    for entry in days:
        if entry.date in seen:
            errors.append(f"{entry.date:%Y-%m-%d} 重复")
        seen.add(entry.date)
        problem = entry_problem(entry, year)
        if problem:
            errors.append(problem)
    if errors:
        raise CalendarInputError(errors)


# ---------------------------------------------------------------------------------------------
# Seeding from the chinesecalendar package

_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_source() -> str:
    from importlib.metadata import version

    return f"chinesecalendar {version('chinesecalendar')}（据国务院办公厅历年节假日安排通知）"


def package_years() -> list[int]:
    """The years the installed chinesecalendar package has data for."""
    import chinese_calendar

    return list(range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1))


def package_days(year: int) -> list[DayEntry]:
    """The departures from the plain week in `year`, by the chinesecalendar package."""
    import chinese_calendar

    entries = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        working = chinese_calendar.is_workday(day)
        if working == (day.weekday() >= 5):
            _on_holiday, english = chinese_calendar.get_holiday_detail(day)
            kind = DayKind.WORK if working else DayKind.REST
            entries.append(DayEntry(day, kind, _holiday_name(english)))
        day += dt.timedelta(days=1)
    return entries


def _holiday_name(english: str | None) -> str:
    if english is None:
        return "调休"
    if english in _PACKAGE_NAMES:
        return _PACKAGE_NAMES[english]
    import chinese_calendar

    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english[:50]


@dataclass
class SeedReport:
    added: list[int]
    synced: list[int]
    differing: list[int]
    unchanged: list[int]


def seed_from_package(*, actor: Any = None, sync: bool = False) -> SeedReport:
    """Enter every year the package knows and the database lacks (idempotent).

    A year already stored that differs from the package is reported, and replaced by the
    package's days only when `sync` is true (one audited transaction per year).
    """
    report = SeedReport([], [], [], [])
    source = package_source()
    for year in package_years():
        days = package_days(year)
        if not CalendarYear.objects.filter(year=year).exists():
            enter_year(actor=actor, year=year, source=source, days=days)
            report.added.append(year)
        elif _stored_entries(year) == days:
            report.unchanged.append(year)
        elif sync:
            _replace_days(actor=actor, year=year, days=days, source=source)
            report.synced.append(year)
        else:
            report.differing.append(year)
    return report


def _stored_entries(year: int) -> list[DayEntry]:
    rows = CalendarDay.objects.filter(date__year=year).order_by("date")
    return [DayEntry(row.date, row.kind, row.name) for row in rows]


@transaction.atomic
def _replace_days(*, actor: Any, year: int, days: Sequence[DayEntry], source: str) -> None:
    obj = CalendarYear.objects.select_for_update().get(year=year)
    before = [str(e) for e in _stored_entries(year)]
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=e.date, kind=e.kind, name=e.name) for e in days
    )
    changes: dict[str, list[Any]] = {"days": [before, [str(e) for e in days]]}
    if obj.source != source:
        changes["source"] = [obj.source, source]
        obj.source = source
        obj.save(update_fields=["source", "updated_at"])
    stamp.bump()
    audit.record_change(
        actor=actor, event=audit.Event.UPDATE, obj=obj, changes=changes, message="按软件包同步"
    )


# ---------------------------------------------------------------------------------------------
# Reads for the calendar page


@dataclass(frozen=True)
class DayCell:
    day: int
    css: str
    title: str


@dataclass(frozen=True)
class MonthGrid:
    month: int
    weeks: list[list[DayCell | None]]


@dataclass(frozen=True)
class YearOverview:
    year: int
    record: CalendarYear | None
    months: list[MonthGrid]
    special_days: list[CalendarDay]
    entered: list[int]


def year_overview(year: int) -> YearOverview:
    """The page of one year: its record, 12 month grids and special days (empty if not entered)."""
    record = CalendarYear.objects.filter(year=year).first()
    entered = sorted(CalendarYear.objects.values_list("year", flat=True), reverse=True)
    if record is None:
        return YearOverview(year, None, [], [], entered)
    special = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    cells = _year_cells(year, {day.date: day for day in special})
    months = [MonthGrid(m, _weeks(year, m, cells)) for m in range(1, 13)]
    return YearOverview(year, record, months, special, entered)


def _weeks(year: int, month: int, cells: dict[dt.date, DayCell]) -> list[list[DayCell | None]]:
    weeks = []
    for week in stdcalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([cells[day] if day.month == month else None for day in week])
    return weeks


def _year_cells(year: int, by_date: dict[dt.date, CalendarDay]) -> dict[dt.date, DayCell]:
    """A cell per day. A run of days off that holds a 休息 day is shown whole as the holiday
    (so 10/1-10/7 reads as the notice's block, its weekend included)."""
    first = dt.date(year, 1, 1)
    cells: dict[dt.date, DayCell] = {}
    run: list[dt.date] = []
    for offset in range(366 if stdcalendar.isleap(year) else 365):
        day = first + dt.timedelta(days=offset)
        special = by_date.get(day)
        if special.kind == DayKind.REST if special else day.weekday() >= 5:
            run.append(day)
            continue
        cells.update(_run_cells(run, by_date))
        run = []
        cells[day] = _work_cell(day, special)
    cells.update(_run_cells(run, by_date))
    return cells


def _run_cells(run: list[dt.date], by_date: dict[dt.date, CalendarDay]) -> dict[dt.date, DayCell]:
    names = [by_date[day].name for day in run if day in by_date]
    if not names:
        return {day: DayCell(day.day, "fz-day-weekend", "周末") for day in run}
    return {day: DayCell(day.day, "fz-day-rest", f"{names[0]} 放假") for day in run}


def _work_cell(day: dt.date, special: CalendarDay | None) -> DayCell:
    if special is not None:
        return DayCell(day.day, "fz-day-work", f"{special.name} 调休上班")
    return DayCell(day.day, "", "")
