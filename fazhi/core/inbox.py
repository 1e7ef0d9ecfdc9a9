"""The 待办与预警 registry: domain apps register providers of due items; the inbox lists them.

A provider is a callable `(user, today) -> Iterable[DueItem]` that returns the items of the
records the user may see (it applies `visible_to(user)` itself), built with
`fazhi.core.deadlines.due_item`. A domain app registers it from its `deadlines.py`, which
`CoreConfig.ready()` imports for every installed app:

    inbox.register("行政复议", reconsideration_items)

The contract, so that the inbox costs what the user's open work costs, not what is stored:
- return **open items only**, filtered in SQL: the queryset itself excludes closed records
  (`.filter(closed_on__isnull=True)`, `.exclude(status__in=CLOSED)` …), so no DueItem is built
  for a finished record; never iterate all visible records and drop the closed ones in Python;
- fetch what the titles name in the same query (`select_related`, `only`), one query per
  provider, not one per item;
- compute dates with `due_item` / `due_date`: `items_for` runs every provider inside one
  calendar batch, so the calendar is checked once for the whole inbox.

`core` never imports a domain app; the calendar's own warning is registered below.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core import calendar, stamp
from fazhi.core.deadlines import DueItem, DueStatus
from fazhi.core.permissions import Perm, has_perm

Provider = Callable[[Any, dt.date], Iterable[DueItem]]

_providers: list[tuple[str, Provider]] = []

LISTED_STATUSES = (DueStatus.OVERDUE, DueStatus.SOON, DueStatus.NORMAL)


def register(module: str, provider: Provider) -> None:
    """Add a provider of due items for the module named `module` (a Chinese label)."""
    if (module, provider) not in _providers:
        _providers.append((module, provider))


def modules() -> list[str]:
    """The module labels with a provider, in registration order, each once."""
    return list(dict.fromkeys(module for module, _provider in _providers))


def items_for(user: Any, today: dt.date | None = None, module: str = "") -> list[DueItem]:
    """Every open item the user may see (已完成 left out), most urgent first."""
    today = today or timezone.localdate()
    items: list[DueItem] = []
    with stamp.batch():  # one calendar check for every item of every provider
        for name, provider in _providers:
            if module and name != module:
                continue
            items.extend(item for item in provider(user, today) if item.status != DueStatus.DONE)
    return sorted(items, key=lambda item: item.sort_key)


@dataclass(frozen=True)
class Inbox:
    items: list[DueItem]
    counts: dict[str, int]
    total: int


def inbox_for(
    user: Any, *, today: dt.date | None = None, module: str = "", status: str = ""
) -> Inbox:
    """The inbox page's items (filtered by module and status) and the counts per status.

    The counts cover the module filter but not the status filter, so each tile says how many
    items choosing it would list.
    """
    items = items_for(user, today, module)
    counter = Counter(item.status for item in items)
    counts = {s.value: counter.get(s, 0) for s in LISTED_STATUSES}
    if status:
        items = [item for item in items if item.status == status]
    return Inbox(items=items, counts=counts, total=sum(counts.values()))


# ---------------------------------------------------------------------------------------------
# The calendar's own warning: next year's arrangement is due from the 国务院办公厅 notice, which
# usually appears in October to December; every working-day deadline that reaches past 31
# December needs it.

CALENDAR_MODULE = "节假日安排"


def calendar_warnings(user: Any, today: dt.date) -> Iterable[DueItem]:
    """For calendar and organisation administrators: the current year, or in the last quarter
    next year, whose arrangement is not entered."""
    if not (has_perm(user, Perm.EDIT_CALENDAR) or has_perm(user, Perm.MANAGE_ORG)):
        return []
    entered = calendar.entered_years()
    url = reverse("core:calendar")
    items = []
    if today.year not in entered:
        items.append(_missing_year_item(today.year, DueStatus.OVERDUE, url))
    if today.month >= 10 and today.year + 1 not in entered:
        items.append(_missing_year_item(today.year + 1, DueStatus.SOON, url))
    return items


def _missing_year_item(year: int, status: DueStatus, url: str) -> DueItem:
    return DueItem(
        module=CALENDAR_MODULE,
        title=f"{year} 年节假日安排未录入",
        unit_name="",
        due=None,
        status=status,
        url=f"{url}?year={year}",
        missing_year=year,
    )


register(CALENDAR_MODULE, calendar_warnings)
