"""Statistical periods (统计期间): a year, the year to date, or any span of dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError

# The earliest year the platform reports on (法治政府建设实施纲要 2004 onwards, with margin).
MIN_YEAR = 2000


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ApplicationError(f"统计期间的起始日期 {self.start} 晚于截止日期 {self.end}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def year_to_date(cls, year: int, today: dt.date | None = None) -> Period:
        """A past year whole; the current year from 1 January to today; never a future year."""
        today = today or timezone.localdate()
        if year > today.year:
            raise ApplicationError(f"{year} 年尚未开始，无法统计")
        return cls(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today))

    @classmethod
    def months(cls, year: int, end: dt.date | None = None) -> list[Period]:
        """The calendar months of `year` (from January), up to the month of `end` when given,
        that last month cut at `end`."""
        if end is not None and end.year != year:
            raise ValueError(f"{end} is not in {year}")
        last = end or dt.date(year, 12, 31)
        months = []
        for month in range(1, last.month + 1):
            days = calendar.monthrange(year, month)[1]
            months.append(cls(dt.date(year, month, 1), min(dt.date(year, month, days), last)))
        return months

    @property
    def is_whole_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and (self.start.year == self.end.year)

    @property
    def label(self) -> str:
        if self.is_whole_year:
            return f"{self.start.year}年"
        end = f"{self.end.month}月{self.end.day}日"
        if self.end.year != self.start.year:
            end = f"{self.end.year}年{end}"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{end}"

    def previous(self) -> Period:
        """The same span one year earlier (同比): 2023 → 2022; 1月1日–11月21日 likewise."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def q(self, date_field: str, *, is_datetime: bool = False) -> Q:
        """A filter keeping the records whose `date_field` falls in the period."""
        if not is_datetime:
            return Q(**{f"{date_field}__gte": self.start, f"{date_field}__lte": self.end})
        # Local days: a record stamped 2023-12-31 23:30 in Beijing belongs to 2023.
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return Q(**{f"{date_field}__gte": start, f"{date_field}__lt": end})


def _year_earlier(day: dt.date) -> dt.date:
    """The same day a year earlier; a month's last day stays the month's last day (2月29日)."""
    last = calendar.monthrange(day.year, day.month)[1]
    previous_last = calendar.monthrange(day.year - 1, day.month)[1]
    if day.day == last:
        return dt.date(day.year - 1, day.month, previous_last)
    return dt.date(day.year - 1, day.month, min(day.day, previous_last))


def parse_year(text: str, *, today: dt.date | None = None) -> int:
    """A year typed by a user: four digits, from MIN_YEAR to the current year."""
    today = today or timezone.localdate()
    text = str(text).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ApplicationError(f"年度格式不正确：{text}（应为四位数字年份，如 2023）")
    year = int(text)
    if not MIN_YEAR <= year <= today.year:
        raise ApplicationError(f"年度超出范围：{year}（应在 {MIN_YEAR} 年至 {today.year} 年之间）")
    return year
