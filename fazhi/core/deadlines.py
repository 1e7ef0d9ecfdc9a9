"""The deadline engine: rules declared as data, due dates from the official calendar, status.

A domain app declares each statutory period once, with its source, in its own `deadlines.py`:

    ADMISSION = register_rule(DeadlineRule(
        key="disputes.reconsider.admission", name="受理审查", event="收到复议申请",
        count=5, unit=PeriodUnit.WORKING_DAYS, basis="行政复议法 第30条"))

and computes `due_date(ADMISSION, received_on)`. Never `timedelta(days=…)` for a period.
A rule marked `unconfirmed` (its source is not verified, RULES.md "UNCONFIRMED") may have its
count adjusted in the config admin (DeadlineRuleOverride); statutory counts are fixed in code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import models

from fazhi.core import calendar, stamp
from fazhi.core.exceptions import CalendarMissingError
from fazhi.core.models import DeadlineRuleOverride


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = "wd", "工作日"
    CALENDAR_DAYS = "cd", "自然日"
    MONTHS = "month", "月"


@dataclass(frozen=True)
class DeadlineRule:
    """One period: `count` `unit`s after `event`, as `basis` (the legal source) says."""

    key: str
    name: str
    event: str
    count: int
    unit: PeriodUnit
    basis: str
    unconfirmed: bool = False

    def describe(self, count: int | None = None) -> str:
        count = self.count if count is None else count
        if self.unit == PeriodUnit.MONTHS:
            return f"{count} 个月"
        return f"{count} 个{self.unit.label}"


_rules: dict[str, DeadlineRule] = {}


def register_rule(rule: DeadlineRule) -> DeadlineRule:
    """Declare `rule`; a second, different rule under the same key is a programming error."""
    if rule.count < 0:
        raise ValueError(f"期限规则 {rule.key} 的期限不能为负数")
    existing = _rules.get(rule.key)
    if existing is not None and existing != rule:
        raise ValueError(f"期限规则 {rule.key} 重复登记且内容不同")
    _rules[rule.key] = rule
    return rule


def get_rule(key: str) -> DeadlineRule:
    try:
        return _rules[key]
    except KeyError:
        raise LookupError(f"未登记的期限规则：{key}") from None


def all_rules() -> list[DeadlineRule]:
    return sorted(_rules.values(), key=lambda rule: rule.key)


# Overrides are cached with the calendar, under the same token (fazhi/core/stamp.py): every
# edit of an override bumps it, so a due date reads neither table once per item.


def clear_override_cache() -> None:
    """Forget this process's cached overrides (and calendar); the next computation reloads."""
    stamp.clear()


def _override_counts() -> dict[str, int]:
    return stamp.cached("deadlines.overrides", _load_overrides)


def _load_overrides() -> dict[str, int]:
    return dict(DeadlineRuleOverride.objects.values_list("rule_key", "count"))


@stamp.fresh
def effective_count(rule: DeadlineRule) -> int:
    """The rule's count, or the admin's confirmed count for an unconfirmed rule."""
    if rule.unconfirmed:
        return _override_counts().get(rule.key, rule.count)
    return rule.count


@stamp.fresh
def overridden(rule: DeadlineRule) -> bool:
    return rule.unconfirmed and rule.key in _override_counts()


@stamp.fresh
def due_date(rule: DeadlineRule | str, start: dt.date) -> dt.date:
    """The last day of `rule`'s period starting from `start` (the start day not counted).

    Raises CalendarMissingError when the period touches a year not entered.
    """
    if isinstance(rule, str):
        rule = get_rule(rule)
    count = effective_count(rule)
    if rule.unit == PeriodUnit.WORKING_DAYS:
        return calendar.add_working_days(start, count)
    if rule.unit == PeriodUnit.CALENDAR_DAYS:
        return calendar.add_calendar_days(start, count)
    return calendar.add_months(start, count)


def due_date_or_none(rule: DeadlineRule | str, start: dt.date | None) -> dt.date | None:
    """`due_date`, or None without a start or while the calendar lacks a year the period
    reaches into (stored as unknown; the inbox shows the missing year until it is entered)."""
    if start is None:
        return None
    try:
        return due_date(rule, start)
    except CalendarMissingError:
        return None


# ---------------------------------------------------------------------------------------------
# Status of a due item


class DueStatus(models.TextChoices):
    OVERDUE = "overdue", "超期"
    SOON = "soon", "临期"
    NORMAL = "normal", "正常"
    DONE = "done", "已完成"


_RANK = {DueStatus.OVERDUE: 0, DueStatus.SOON: 1, DueStatus.NORMAL: 2, DueStatus.DONE: 3}


def soon_threshold() -> int:
    """临期: this many working days or fewer left (settings.FAZHI_DUE_SOON_WORKING_DAYS)."""
    return int(getattr(settings, "FAZHI_DUE_SOON_WORKING_DAYS", 3))


@stamp.fresh
def due_status(due: dt.date, today: dt.date, done: bool = False) -> DueStatus:
    """正常, 临期 (≤ threshold working days left, due today included), 超期 (past), 已完成.

    When the days left reach into a year not entered, only the known part is counted: the item
    is 临期 unless that part alone already leaves more than the threshold.
    """
    if done:
        return DueStatus.DONE
    if due < today:
        return DueStatus.OVERDUE
    left, _missing = _left_or_lower_bound(today, due)
    return _open_status(due, today, left)


def _open_status(due: dt.date, today: dt.date, left: int) -> DueStatus:
    if due < today:
        return DueStatus.OVERDUE
    return DueStatus.SOON if left <= soon_threshold() else DueStatus.NORMAL


def _left_or_lower_bound(today: dt.date, due: dt.date) -> tuple[int, int | None]:
    """Working days after today through `due` (negative when past), and None; or, when the
    count needs a year not entered, a lower bound from the known part (0 when nothing after
    today is known) and that first missing year."""
    try:
        return calendar.working_days_between(today, due), None
    except CalendarMissingError as exc:
        if exc.year <= today.year:
            return 0, exc.year
        known_end = dt.date(exc.year - 1, 12, 31)
        return calendar.working_days_between(today, known_end), exc.year


@dataclass(frozen=True)
class DueItem:
    """One line of the 待办与预警 inbox.

    `due` is None when it cannot be computed because `missing_year` is not entered; `days_left`
    counts working days (negative: working days overdue) and is None when it cannot be counted.
    """

    module: str
    title: str
    unit_name: str
    due: dt.date | None
    status: DueStatus
    days_left: int | None = None
    url: str = ""
    missing_year: int | None = None
    rule_name: str = ""

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """超期 first (most overdue first), then 临期, then 正常 by date; unknowns first in group."""
        unknown = self.due is None or self.days_left is None
        due = self.due.toordinal() if self.due else 0
        return (_RANK[self.status], not unknown, self.days_left or 0, due, self.title)

    @property
    def status_label(self) -> str:
        return self.status.label


@stamp.fresh
def due_item(
    *,
    module: str,
    title: str,
    unit_name: str,
    today: dt.date,
    url: str = "",
    due: dt.date | None = None,
    rule: DeadlineRule | str | None = None,
    start: dt.date | None = None,
    done: bool = False,
) -> DueItem:
    """A DueItem for a record: its stored `due` date, or `rule` applied to `start`.

    A year missing from the calendar never raises here: the item carries it instead.
    """
    rule_obj = get_rule(rule) if isinstance(rule, str) else rule
    missing = None
    if due is None:
        if rule_obj is None or start is None:
            raise ValueError("需要期限日期，或期限规则与起算日")
        try:
            due = due_date(rule_obj, start)
        except CalendarMissingError as exc:
            missing = exc.year
    item = DueItem(
        module=module,
        title=title,
        unit_name=unit_name,
        due=due,
        status=DueStatus.DONE,
        url=url,
        missing_year=missing,
        rule_name=rule_obj.name if rule_obj else "",
    )
    if done:
        return replace(item, missing_year=None)
    if due is None:
        return replace(item, status=DueStatus.SOON)
    left, missing = _left_or_lower_bound(today, due)
    return replace(
        item,
        status=_open_status(due, today, left),
        days_left=left if missing is None else None,
        missing_year=missing,
    )
