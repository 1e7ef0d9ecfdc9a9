"""The demo-county hook: apps register the steps that `fazhi seed_demo` runs, in order.

The organisation step (order 0, in `fazhi.org.demo`) creates 示例县 and its peers, units and
users, and fills the context's lookups; each domain app registers a later step that adds its
records for the years in `DemoContext.years` (the three full years before the current one and
the current year to date) at the scale real county reports show:

    register_demo_step("行政复议与应诉", 30, seed_disputes)

A step receives the shared `DemoContext`, writes in bulk and returns its counts
({"行政复议案件": 1120, …}); the runner wraps it in one transaction and writes one audit line
(Event.IMPORT) with those counts. Every random choice comes from `ctx.random`, a generator seeded
from the step's name, so the same date always yields the same data, and adding a step never
changes what the other steps generate.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit

DEMO_SEED = "fazhi-demo-v1"
FULL_YEARS_BEFORE = 3

StepFn = Callable[["DemoContext"], Mapping[str, int] | None]


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    fn: StepFn


_steps: dict[str, DemoStep] = {}


def register_demo_step(name: str, order: int, fn: StepFn) -> None:
    """Add a step named `name` (a Chinese label, shown in the progress lines) at `order`.

    Registering the same function again is a no-op; another function under a taken name is an
    error, so two apps cannot silently replace each other's step.
    """
    existing = _steps.get(name)
    if existing is not None and existing.fn is not fn:
        raise ValueError(f"演示数据步骤“{name}”已由 {existing.fn.__module__} 注册")
    _steps[name] = DemoStep(name=name, order=order, fn=fn)


def unregister_demo_step(name: str) -> None:
    _steps.pop(name, None)


def demo_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))


def demo_years(today: dt.date) -> list[int]:
    """The three full years before `today`'s year, and `today`'s year to date."""
    return list(range(today.year - FULL_YEARS_BEFORE, today.year + 1))


def step_random(name: str, *labels: object) -> Random:
    """A generator seeded from the demo seed, a step name and optional sub-labels."""
    return Random(":".join([DEMO_SEED, name, *map(str, labels)]))


@dataclass
class DemoContext:
    """What every step shares: the date, the years, a seeded generator and the org lookups.

    `regions` (by code), `units` (by code) and `users` (by username) are filled by the
    organisation step; `anchor` is the demo county's region, the object the audit lines name.
    """

    today: dt.date
    random: Random = field(default_factory=lambda: step_random("context"))
    regions: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    anchor: Any = None
    step_name: str = ""

    @property
    def years(self) -> list[int]:
        return demo_years(self.today)

    def rng(self, *labels: object) -> Random:
        """An independent seeded stream of this step, e.g. one per unit, so that loops can be
        reordered without changing what each unit gets."""
        return step_random(self.step_name, "stream", *labels)

    def period(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of `year` that may carry records (the current year ends today)."""
        return dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.today)

    def random_date(self, year: int, rng: Random | None = None) -> dt.date:
        start, end = self.period(year)
        offset = (rng or self.random).randint(0, (end - start).days)
        return start + dt.timedelta(days=offset)

    def region(self, code: str) -> Any:
        return _lookup(self.regions, code, "区划代码")

    def unit(self, code: str) -> Any:
        return _lookup(self.units, code, "单位编码")

    def user(self, username: str) -> Any:
        return _lookup(self.users, username, "用户名")

    def region_named(self, name: str) -> Any:
        return _single((r for r in self.regions.values() if r.name == name), "区划", name)

    def unit_named(self, name: str) -> Any:
        return _single((u for u in self.units.values() if u.name == name), "单位", name)

    def regions_under(self, root: Any, level: str | None = None) -> list[Any]:
        """Regions strictly below `root` (a region or its code), optionally of one level."""
        path = self._region_of(root).path
        found = [
            r
            for r in self.regions.values()
            if r.path.startswith(path) and r.path != path and (level is None or r.level == level)
        ]
        return sorted(found, key=lambda r: r.path)

    def units_under(self, root: Any, kind: str | None = None) -> list[Any]:
        """Units whose region is `root` (a region or its code) or below it, optionally of a kind."""
        path = self._region_of(root).path
        found = [
            u
            for u in self.units.values()
            if u.region.path.startswith(path) and (kind is None or u.kind == kind)
        ]
        return sorted(found, key=lambda u: (u.region.path, u.sort_order, u.code))

    def _region_of(self, root: Any) -> Any:
        return self.region(root) if isinstance(root, str) else root


def _lookup(table: Mapping[str, Any], key: str, what: str) -> Any:
    try:
        return table[key]
    except KeyError:
        raise LookupError(f"演示数据中没有{what}“{key}”") from None


def _single(candidates: Iterable[Any], what: str, name: str) -> Any:
    found = list(candidates)
    if len(found) != 1:
        raise LookupError(f"演示数据中名为“{name}”的{what}有 {len(found)} 个，应恰好 1 个")
    return found[0]


@dataclass(frozen=True)
class StepOutcome:
    step: DemoStep
    counts: dict[str, int]
    seconds: float


def run_step(ctx: DemoContext, step: DemoStep) -> StepOutcome:
    """Run one step in its own transaction, with one audit line summarising what it created.

    A seed is a bulk load: its rows are not audited one by one (that would double the work and
    bury real events); the IMPORT line names the step, the counts and the years instead.
    """
    started = time.perf_counter()
    ctx.step_name = step.name
    ctx.random = step_random(step.name)
    with transaction.atomic():
        counts = dict(step.fn(ctx) or {})
        if ctx.anchor is None:
            raise RuntimeError("演示数据的组织机构步骤须最先运行（order 0）")
        audit.record_change(
            actor=None,
            event=audit.Event.IMPORT,
            obj=ctx.anchor,
            changes={"步骤": step.name, "数量": counts, "年度": ctx.years},
            message=f"演示数据批量导入：{step.name}（{_summary(counts)}）",
        )
    return StepOutcome(step=step, counts=counts, seconds=time.perf_counter() - started)


def new_context(today: dt.date | None = None) -> DemoContext:
    return DemoContext(today=today or timezone.localdate())


def _summary(counts: Mapping[str, int]) -> str:
    return "，".join(f"{label} {number}" for label, number in counts.items()) or "无新增"
