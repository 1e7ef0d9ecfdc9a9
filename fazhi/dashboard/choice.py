"""What a dashboard page was asked for: a scope within the user's reach, a year, and whether the
year runs whole or to date (同期).

A scope is named in the URL (`/dashboard/region/<code>/`, `/dashboard/unit/<code>/`) so that
every page naming one answers 404 outside the user's reach, like any record; `/dashboard/`
is the user's own scope (`Scope.for_user`). A region needs a region-wide role
(`sees_region`): a township clerk sees their own unit's figures, never their township's.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from fazhi.core.exceptions import ApplicationError
from fazhi.dashboard import cache
from fazhi.indicators.periods import MIN_YEAR, Period, parse_year
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Region, RegionLevel, Unit
from fazhi.org.scoping import get_visible_or_404, sees_region, visible_regions

# The earliest year the selector offers (the platform's records start with the demo years).
FIRST_YEAR = 2020
# The region selector offers regions down to counties, and townships to a county's users.
SELECTOR_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)


@dataclass(frozen=True)
class Choice:
    """A validated scope and period, and the links that keep them."""

    scope: Scope
    year: int
    ytd: bool  # 1 January to today's date of `year` (同期), else the whole year
    period: Period
    today: dt.date

    @property
    def kind(self) -> str:
        return "unit" if self.scope.unit is not None else "region"

    @property
    def code(self) -> str:
        subject = self.scope.unit if self.scope.unit is not None else self.scope.region
        return subject.code if subject is not None else ""

    @property
    def key(self) -> str:
        """What a cached view of this choice is keyed by."""
        return f"{self.kind}:{self.code}:{self.period.start}:{self.period.end}"

    def query(self, **extra: str) -> str:
        params = {"year": str(self.year), "ytd": "1" if self.ytd else "0", **extra}
        return urlencode({k: v for k, v in params.items() if v})

    def page_url(self, **extra: str) -> str:
        return f"{scope_url('dashboard:page', self.scope)}?{self.query(**extra)}"

    def export_url(self, table: str) -> str:
        return f"{scope_url('dashboard:export', self.scope, table=table)}?{self.query()}"

    @property
    def export_urls(self) -> dict[str, str]:
        """The Excel links of the tables the templates name (a ranking's is on its table)."""
        return {key: self.export_url(key) for key in ("all", "figures", "trend", "overdue")}

    def records_url(self, code: str, part: str, scope: Scope | None = None) -> str:
        url = scope_url("dashboard:records", scope or self.scope, indicator=code, part=part)
        return f"{url}?{self.query()}"

    def for_scope(self, scope: Scope) -> Choice:
        return Choice(scope, self.year, self.ytd, self.period, self.today)


def scope_url(name: str, scope: Scope, **kwargs: Any) -> str:
    """The URL `name` for a region or a unit (each pattern exists in both forms)."""
    if scope.unit is not None:
        return reverse(f"{name}-unit", kwargs={"unit_code": scope.unit.code, **kwargs})
    assert scope.region is not None  # noqa: S101 (a Scope holds one of the two)
    return reverse(f"{name}-region", kwargs={"region_code": scope.region.code, **kwargs})


def resolve_scope(user: Any, *, region_code: str = "", unit_code: str = "") -> Scope:
    """The scope a URL names, within `user`'s reach (404 outside it); the user's own without."""
    if unit_code:
        unit = get_visible_or_404(Unit.objects.select_related("region"), user, code=unit_code)
        return Scope.of_unit(unit)
    if region_code:
        # A unit-scoped user may not read a region's totals, not even their own region's.
        regions = visible_regions(user) if sees_region(user) else Region.objects.none()
        return Scope.of_region(get_visible_or_404(regions, user, code=region_code))
    own = Scope.for_user(user)
    if own is None:
        raise Http404("当前账号未归属单位")
    return own


def year_period(year: int, *, ytd: bool, today: dt.date) -> Period:
    """The whole `year`, or 1 January to today's month and day in `year` (2月29日 → 2月28日)."""
    if not ytd:
        return Period.year(year)
    last = calendar.monthrange(year, today.month)[1]
    return Period(dt.date(year, 1, 1), dt.date(year, today.month, min(today.day, last)))


def parse_choice(
    user: Any, params: Mapping[str, Any], today: dt.date, **scope_kwargs: str
) -> tuple[Choice, str]:
    """The page's choice, and a Chinese note on a year not understood (then the current one).

    The current year defaults to 截至今日 (its 同比 is the same span a year earlier); a past year
    to the whole year.
    """
    scope = resolve_scope(user, **scope_kwargs)
    year, note = today.year, ""
    raw = str(params.get("year") or "").strip()
    if raw:
        try:
            year = parse_year(raw, today=today)
        except ApplicationError as exc:
            note = f"{exc.message}；已显示 {year} 年"
    ytd_raw = str(params.get("ytd") or "")
    ytd = ytd_raw == "1" if ytd_raw in ("0", "1") else year == today.year
    period = year_period(year, ytd=ytd, today=today)
    return Choice(scope, year, ytd, period, today), note


def year_options(choice: Choice) -> list[int]:
    first = max(MIN_YEAR, min(FIRST_YEAR, choice.year))
    return list(range(choice.today.year, first - 1, -1))


def scope_options(user: Any, picked: Choice) -> list[tuple[str, str, bool]]:
    """The regions within the user's reach as (url, label, current), for the region selector;
    none for a user whose reach is their own unit. Cached briefly by the user's region."""
    if not sees_region(user):
        return []
    region = user.unit.region
    return cache.cached(f"scopes:{region.pk}:{picked.key}", lambda: _options(user, region, picked))


def _options(user: Any, region: Region, picked: Choice) -> list[tuple[str, str, bool]]:
    levels = list(SELECTOR_LEVELS)
    if region.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        levels.append(RegionLevel.TOWNSHIP)
    regions = visible_regions(user).filter(level__in=levels).order_by("path")
    current = picked.scope.region.pk if picked.scope.region is not None else None
    return [
        (picked.for_scope(Scope.of_region(r)).page_url(), _indented(r), r.pk == current)
        for r in regions
    ]


def _indented(region: Region) -> str:
    return "　" * max(0, len(region.path_codes()) - 1) + region.name
