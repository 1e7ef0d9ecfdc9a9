"""Demo review matters of 示例县: who submits what, when, and how each review went.

Each matter is planned as plain data first (`Plan`), its dates walked along the real calendar
(working days), then cut at today: a matter submitted last week is still under review, one
signed yesterday still waits for feedback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

from fazhi.core import calendar
from fazhi.core.demo import DemoContext
from fazhi.core.exceptions import CalendarMissingError
from fazhi.org.data import demo_county as data
from fazhi.org.models import UnitKind
from fazhi.review import deadlines
from fazhi.review.demo import texts
from fazhi.review.models import CatalogEntry, Conclusion, Level
from fazhi.review.workflow import Status

# Matters a full year brings, by (level, catalog key): a few hundred across the county.
VOLUME: dict[tuple[str, str], int] = {
    ("county", "normative"): 24, ("county", "decision"): 8, ("county", "enforcement"): 22,
    ("county", "contract"): 42, ("county", "meeting"): 12, ("county", "other"): 10,
    ("township", "normative"): 10, ("township", "decision"): 14, ("township", "enforcement"): 22,
    ("township", "contract"): 72, ("township", "other"): 30,
    ("village", "村级合同"): 78, ("village", "村规民约、村民自治章程"): 10, ("village", "其他村级涉法事务"): 14,
}  # fmt: skip
# Village review grew from 2023 on (services extended to 村社区); the rest grew a little.
GROWTH = {0: 0.82, 1: 0.9, 2: 1.0, 3: 1.05}
VILLAGE_GROWTH = {0: 0.55, 1: 0.75, 2: 0.95, 3: 1.05}
COUNTY_LEVEL = (UnitKind.GOVERNMENT, UnitKind.DEPARTMENT)
ENFORCING = ("GAJ", "SCJG", "ZRZY", "ZFJ", "SHJ", "YJJ", "RSJ", "JTJ", "WJJ", "NYJ")


@dataclass
class Lookups:
    """A demo county's units, people and catalog, found once."""

    ctx: DemoContext
    county: Any
    entries: dict[tuple[str, str], CatalogEntry]
    government: Any
    centre: Any
    departments: list[Any]
    townships: list[Any]
    villages: list[Any]
    posts: dict[str, Any] = field(default_factory=dict)  # township region code → reviewer
    reviewer: str = "reviewer"  # the username of the centre's reviewer

    def user(self, username: str) -> Any:
        return self.ctx.users.get(username)


def county_data(code6: str) -> data.County:
    return next(c for c in (data.MAIN_COUNTY, *data.PEER_COUNTIES) if c.code6 == code6)


def lookups(ctx: DemoContext, county: Any) -> Lookups:
    code6 = county.code[:6]
    about = county_data(code6)
    entries = {
        (e.level, e.matter_type if e.level != Level.VILLAGE else e.name): e
        for e in CatalogEntry.objects.filter(region=county).prefetch_related("materials")
    }
    units = ctx.units_under(county)
    found = Lookups(
        ctx=ctx,
        county=county,
        entries=entries,
        government=ctx.unit(f"{code6}-GOV"),
        centre=ctx.unit(f"{code6}-SFJ"),
        departments=[
            u for u in units if u.kind == UnitKind.DEPARTMENT and u.region_id == county.pk
        ],
        townships=[u for u in units if u.kind == UnitKind.TOWNSHIP_GOV],
        villages=[u for u in units if u.kind == UnitKind.VILLAGE_COMMITTEE],
        reviewer="reviewer" if about is data.MAIN_COUNTY else f"reviewer_{about.pinyin}",
    )
    if about is data.MAIN_COUNTY:  # only 示例县's townships have their own reviewer
        for township in about.townships:
            reviewer = ctx.users.get(f"reviewer_{township.pinyin}")
            if reviewer is not None:
                found.posts[f"{code6}{township.number}000"] = reviewer
    return found


@dataclass
class Plan:
    """One matter as generated, before it is written."""

    unit: Any
    review_unit: Any
    reviewer: Any
    submitter: Any
    entry: CatalogEntry
    title: str
    created: dt.date
    submitted_on: dt.date
    time_limit: int
    due_on: dt.date | None
    returned_on: dt.date | None = None
    missing_note: str = ""
    accepted_on: dt.date | None = None
    opinion_on: dt.date | None = None
    signed_on: dt.date | None = None
    answered_on: dt.date | None = None
    closed_on: dt.date | None = None
    decided_on: dt.date | None = None
    conclusion: str = ""
    issues: list[tuple[str, str, str, bool, str]] = field(default_factory=list)
    consultations: list[tuple[str, str, str]] = field(default_factory=list)
    waiting_supplement: bool = False  # returned, not yet resubmitted

    @property
    def status(self) -> Status:
        if self.waiting_supplement:
            return Status.RETURNED
        steps = (
            (self.closed_on, Status.CLOSED),
            (self.signed_on, Status.SIGNED),
            (self.opinion_on, Status.OPINION),
            (self.accepted_on, Status.IN_REVIEW),
        )
        for day, status in steps:
            if day is not None:
                return status
        return Status.SUBMITTED


def yearly_counts(year_index: int, fraction: float) -> dict[tuple[str, str], int]:
    counts = {}
    for key, volume in VOLUME.items():
        growth = (VILLAGE_GROWTH if key[0] == "village" else GROWTH)[year_index]
        counts[key] = round(volume * growth * fraction)
    return counts


def pick_unit(rng: Random, found: Lookups, level: str, key: str) -> Any:
    if level == Level.VILLAGE:
        return rng.choice(found.villages)
    if level == Level.TOWNSHIP:
        return rng.choice(found.townships)
    if key in ("decision", "meeting") or (key == "normative" and rng.random() < 0.4):
        return found.government
    if key == "enforcement":
        wanted = [u for u in found.departments if u.code.rsplit("-", 1)[-1] in ENFORCING]
        return rng.choice(wanted)
    if key == "normative":  # 垂直管理 bodies do not issue the county's normative documents
        return rng.choice([u for u in found.departments if u.parent_id is not None])
    return rng.choice([*found.departments, found.government])


def route(found: Lookups, unit: Any) -> tuple[Any, Any]:
    """(reviewing unit, reviewer): the township's post where it has a 法审员, else the centre."""
    region = unit.region if unit.kind == UnitKind.TOWNSHIP_GOV else None
    if unit.kind == UnitKind.VILLAGE_COMMITTEE:
        region = unit.region.parent
    if region is not None and region.code in found.posts:
        post = next(t for t in found.townships if t.region_id == region.pk)
        return post, found.posts[region.code]
    return found.centre, found.user(found.reviewer)


def submitter(found: Lookups, unit: Any) -> Any:
    """The unit's demo clerk (clerk_gaj, clerk_qingshi), if it has one."""
    code6 = found.county.code[:6]
    suffix = unit.code.rsplit("-", 1)[-1].lower()
    if unit.kind == UnitKind.TOWNSHIP_GOV:
        township = next(
            t for t in county_data(code6).townships if unit.code.startswith(f"{code6}{t.number}")
        )
        clerk = found.user(f"clerk_{township.pinyin}")
    elif unit.kind == UnitKind.DEPARTMENT:
        clerk = found.user(f"clerk_{suffix}")
    else:
        return None
    # Only 示例县 has clerks; clerk_gaj works at 示例县公安局, not at 临溪县公安局.
    return clerk if clerk is not None and clerk.unit_id == unit.pk else None


def title_for(rng: Random, key: str, unit: Any, year: int) -> str:
    template = rng.choice(texts.TITLES[key])
    short = unit.short_name or unit.name
    if key in ("normative", "decision", "meeting") and unit.kind in COUNTY_LEVEL:
        short = unit.region.name  # 示例县…办法: county documents carry the county's name
    return template.format(u=short, v=short, y=year, y2=year + 2)


def wd(day: dt.date, n: int) -> dt.date | None:
    try:
        return calendar.add_working_days(day, n)
    except CalendarMissingError:
        return None


def plan_matter(
    rng: Random, found: Lookups, level: str, key: str, day: dt.date, *, slow: bool = False
) -> Plan:
    entry = found.entries[(level, key)]
    unit = pick_unit(rng, found, level, key)
    review_unit, reviewer = route(found, unit)
    limit = entry.time_limit or deadlines.default_limit(entry.matter_type)
    submitted = calendar.next_working_day(day)
    plan = Plan(
        unit=unit, review_unit=review_unit, reviewer=reviewer, submitter=submitter(found, unit),
        entry=entry, title=title_for(rng, key, unit, day.year), created=submitted,
        submitted_on=submitted, time_limit=limit, due_on=wd(submitted, limit),
    )  # fmt: skip
    if rng.random() < 0.12:
        _supplement(rng, plan)
    _review(rng, plan, slow)
    return plan


def _supplement(rng: Random, plan: Plan) -> None:
    """Returned once for missing materials (补正); the clock starts again on resubmission."""
    plan.returned_on = wd(plan.submitted_on, rng.randint(1, 2))
    if plan.returned_on is None:
        return
    missing = [m.name for m in plan.entry.materials.all() if m.required][:1] or ["相关说明材料"]
    plan.missing_note = f"缺少必备材料：{missing[0]}"
    plan.submitted_on = wd(plan.returned_on, rng.randint(2, 6)) or plan.returned_on
    plan.due_on = wd(plan.submitted_on, plan.time_limit)


def _review(rng: Random, plan: Plan, slow: bool) -> None:
    plan.accepted_on = wd(plan.submitted_on, rng.randint(1, 3)) if slow else plan.submitted_on
    late = rng.random() < (0.25 if slow else 0.07)
    spent = (
        plan.time_limit + rng.randint(1, 4)
        if late
        else rng.randint(max(1, plan.time_limit // 3), plan.time_limit)
    )
    plan.signed_on = wd(plan.submitted_on, spent)
    plan.opinion_on = wd(plan.submitted_on, max(1, spent - 1))
    plan.conclusion = rng.choices(
        [Conclusion.LEGAL, Conclusion.LEGAL_IF_AMENDED, Conclusion.ILLEGAL], weights=[52, 43, 5]
    )[0]
    plan.issues = _issues(rng, plan)
    if plan.entry.matter_type == "decision":
        plan.consultations = [
            (kind, name, "经论证，该事项于法有据，建议完善程序性内容。")
            for kind, name in texts.CONSULTED[:2]
        ]
    if plan.signed_on is not None:
        wait = rng.randint(2, 12)
        plan.answered_on = plan.signed_on + dt.timedelta(days=wait)
        plan.closed_on = plan.answered_on
        # Decided (signed) after the review and reported when closing: 三不原则.
        plan.decided_on = plan.signed_on + dt.timedelta(days=rng.randint(0, wait))


def _issues(rng: Random, plan: Plan) -> list[tuple[str, str, str, bool, str]]:
    count = {
        Conclusion.LEGAL: rng.choice([0, 0, 0, 1]),
        Conclusion.LEGAL_IF_AMENDED: rng.randint(1, 4),
    }.get(Conclusion(plan.conclusion), rng.randint(2, 4))
    categories = list(texts.CATEGORY_WEIGHTS)
    weights = list(texts.CATEGORY_WEIGHTS.values())
    issues = []
    for _ in range(count):
        category = rng.choices(categories, weights=weights)[0]
        description, suggestion = rng.choice(texts.ISSUES[category])
        adopted = rng.random() < 0.89
        reason = "" if adopted else rng.choice(texts.NOT_ADOPTED)
        issues.append((category, description, suggestion, adopted, reason))
    return issues


def cut_at(plan: Plan, today: dt.date) -> Plan:
    """Forget every step dated after today (the matter is still on its way)."""
    if plan.returned_on is not None and plan.returned_on <= today < plan.submitted_on:
        plan.waiting_supplement = True
        plan.accepted_on = None
        plan.submitted_on = plan.created  # the clock restarts only on resubmission
        plan.due_on = wd(plan.created, plan.time_limit)
    for name in (
        "returned_on",
        "accepted_on",
        "opinion_on",
        "signed_on",
        "answered_on",
        "closed_on",
        "decided_on",
    ):
        value = getattr(plan, name)
        if value is not None and value > today:
            setattr(plan, name, None)
    if plan.signed_on is None:
        plan.answered_on = plan.closed_on = plan.decided_on = None
        if plan.opinion_on is None:
            plan.conclusion, plan.issues = "", []
    if plan.closed_on is None:
        plan.decided_on = None
    return plan
