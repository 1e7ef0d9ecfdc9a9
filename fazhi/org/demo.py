"""The organisation step of the demo county (step 0 of `fazhi seed_demo`).

示例省 > 示例市 > 示例县 (12 乡镇(街道), 200 村(社区), 40 departments) and four peer counties
(临溪县, 青山县, 安澜县, 丰乐县: 6 乡镇(街道), 60 村(社区), 14 departments each), so that a
city ranks its counties; the units of each (every county with its court); one demo user per
role, and a county administrator and a reviewer in each peer county.
The `*_specs()` functions build the plain data without touching the database (the same lists
every run: names come from fixed lists and seeded generators); `seed_org` writes it in bulk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from fazhi.core.demo import DemoContext, register_demo_step, step_random
from fazhi.org.data import demo_county as data
from fazhi.org.models import (
    Region,
    RegionLevel,
    RoleAssignment,
    Unit,
    UnitKind,
    User,
    oversees_by_default,
)
from fazhi.org.roles import Role

STEP_NAME = "组织机构"
MAIN_COUNTY_CODE = f"{data.MAIN_COUNTY.code6}000000"
PEER_COUNTY_CODES = tuple(f"{c.code6}000000" for c in data.PEER_COUNTIES)
COUNTIES = (data.MAIN_COUNTY, *data.PEER_COUNTIES)
JUSTICE_BUREAU = "SFJ"  # the department code of a county's 司法局
# The logins printed after seeding, in this order.
MAIN_LOGINS = (
    "county_admin",
    "reviewer",
    "clerk_qingshi",
    "clerk_gaj",
    "leader",
    "sysadmin",
    "secadmin",
    "auditor",
)


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    region_code: str
    parent_code: str | None
    sort_order: int = 0
    oversees_region: bool = False


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    unit_code: str
    position: str
    phone: str
    roles: tuple[str, ...]


# --- regions -----------------------------------------------------------------------------


def region_specs() -> list[RegionSpec]:
    """Every demo region, parents before children."""
    province, city = data.PROVINCE, data.CITY
    specs = [
        RegionSpec(province[0], province[1], RegionLevel.PROVINCE, None),
        RegionSpec(city[0], city[1], RegionLevel.CITY, province[0]),
    ]
    for county in COUNTIES:
        specs.extend(_county_regions(county))
    return specs


def _county_regions(county: data.County) -> Iterator[RegionSpec]:
    county_code = f"{county.code6}000000"
    yield RegionSpec(county_code, county.name, RegionLevel.COUNTY, data.CITY[0])
    for township in county.townships:
        township_code = f"{county.code6}{township.number}000"
        yield RegionSpec(township_code, township.name, RegionLevel.TOWNSHIP, county_code)
        for number, name in village_names(county, township):
            code = f"{county.code6}{township.number}{number}"
            yield RegionSpec(code, name, RegionLevel.VILLAGE, township_code)


def village_names(county: data.County, township: data.Township) -> list[tuple[str, str]]:
    """(three village digits, name) of a township's 社区 (街道) or 村 (镇, 乡).

    The first is the seat, named after the township (青石镇 → 青石村); the others are
    two-character names drawn without repetition from the name-part lists.
    """
    if township.is_subdistrict:
        suffix, start = "社区", 1
        pairs = [(data.COMMUNITY_FIRST, data.COMMUNITY_SECOND)]
    else:
        suffix, start = "村", 201
        pairs = [
            (data.VILLAGE_SURNAMES, data.SURNAME_PLACES),
            (data.VILLAGE_FEATURES, data.FEATURE_PLACES),
        ]
    reserved = {t.stem for c in COUNTIES for t in c.townships} | {c.stem for c in COUNTIES}
    combined = (a + b for first, second in pairs for a in first for b in second if a != b)
    candidates = [name for name in dict.fromkeys(combined) if name not in reserved]
    step_random(STEP_NAME, "villages", county.code6, township.number).shuffle(candidates)
    names = [township.stem, *candidates[: township.villages - 1]]
    return [(f"{start + i:03d}", name + suffix) for i, name in enumerate(names)]


# --- units -------------------------------------------------------------------------------


def unit_specs() -> list[UnitSpec]:
    """Every demo unit; a unit's parent may come later in the list (see `_create_units`)."""
    city_code6 = data.CITY[0][:6]
    specs = [
        UnitSpec(
            f"{city_code6}-{suffix}",
            name,
            "",
            kind,
            data.CITY[0],
            None,
            index,
            oversees_region=oversees_by_default(kind),
        )
        for index, (suffix, name, kind) in enumerate(data.CITY_UNITS)
    ]
    for county in COUNTIES:
        specs.extend(_county_units(county))
        for township in county.townships:
            specs.extend(_township_units(county, township))
    return specs


def _county_units(county: data.County) -> Iterator[UnitSpec]:
    code6, region = county.code6, f"{county.code6}000000"
    government = f"{code6}-GOV"
    yield UnitSpec(
        government,
        f"{county.name}人民政府",
        "县政府",
        UnitKind.GOVERNMENT,
        region,
        None,
        oversees_region=True,
    )
    wanted = county.departments
    departments = [d for d in data.DEPARTMENTS if wanted is None or d.code in wanted]
    for index, dept in enumerate(departments, start=1):
        name = dept.template.format(county=county.name, stem=county.stem)
        parent = None if dept.vertical else government
        yield UnitSpec(
            code=f"{code6}-{dept.code}",
            name=name,
            short_name=dept.short_name,
            kind=UnitKind.DEPARTMENT,
            region_code=region,
            parent_code=parent,
            sort_order=index,
            # The county's 合法性审查中心 sits in the 司法局: its reviewers review for the county.
            oversees_region=dept.code == JUSTICE_BUREAU,
        )
    # Every county has its court (a peer county's cases are heard there too).
    for index, (suffix, template, kind) in enumerate(data.COUNTY_EXTERNAL, start=100):
        name = template.format(county=county.name)
        yield UnitSpec(f"{code6}-{suffix}", name, "", kind, region, None, index)


def _township_units(county: data.County, township: data.Township) -> Iterator[UnitSpec]:
    prefix = f"{county.code6}{township.number}"
    region = f"{prefix}000"
    government = f"{prefix}-GOV"
    office = "办事处" if township.is_subdistrict else "人民政府"
    yield UnitSpec(
        code=government,
        name=township.name + office,
        short_name=township.name,
        kind=UnitKind.TOWNSHIP_GOV,
        region_code=region,
        parent_code=f"{county.code6}-GOV",
        oversees_region=True,  # a village's matters go to its township's reviewer
    )
    yield UnitSpec(  # 司法所: the county 司法局's office in the township
        code=f"{prefix}-SFS",
        name=f"{county.name}司法局{township.stem}司法所",
        short_name=f"{township.stem}司法所",
        kind=UnitKind.JUDICIAL_OFFICE,
        region_code=region,
        parent_code=f"{county.code6}-SFJ",
        sort_order=1,
    )
    committee, suffix = ("居民委员会", "JWH") if township.is_subdistrict else ("村民委员会", "CWH")
    for number, name in village_names(county, township):
        code = f"{prefix}{number}"
        kind = UnitKind.VILLAGE_COMMITTEE
        yield UnitSpec(f"{code}-{suffix}", name + committee, name, kind, code, government)


# --- users -------------------------------------------------------------------------------


def user_specs() -> list[UserSpec]:
    """The demo users: administrators, county staff, clerks, reviewers and a leader."""
    rows = [*_county_staff(), *_township_staff(), *_peer_admins()]
    if len(rows) > len(data.PEOPLE):
        raise ValueError("演示人员姓名不够分配，请在 demo_county.PEOPLE 中补充")
    return [
        UserSpec(username, full_name, unit, position, f"{data.PHONE_PREFIX}{i:04d}", roles)
        for i, ((username, unit, position, roles), full_name) in enumerate(
            zip(rows, data.PEOPLE, strict=False), start=1
        )
    ]


Row = tuple[str, str, str, tuple[str, ...]]


def _county_staff() -> Iterator[Row]:
    c = data.MAIN_COUNTY.code6
    yield "sysadmin", f"{c}-DSJ", "信息化运维工程师", (Role.SYSADMIN,)
    yield "secadmin", f"{c}-DSJ", "网络安全管理员", (Role.SECADMIN,)
    yield "auditor", f"{c}-SFJ", "安全审计员", (Role.AUDITOR,)
    yield "county_admin", f"{c}-SFJ", "法治督察科科长", (Role.COUNTY_ADMIN,)
    yield "reviewer", f"{c}-SFJ", "合法性审查中心法审员", (Role.REVIEWER,)
    yield "leader", f"{c}-GOV", "副县长", (Role.LEADER,)
    for suffix, dept, position in data.DEPARTMENT_CLERKS:
        yield f"clerk_{suffix}", f"{c}-{dept}", position, (Role.CLERK,)


def _township_staff() -> Iterator[Row]:
    county = data.MAIN_COUNTY
    for t in county.townships:
        prefix = f"{county.code6}{t.number}"
        if t.pinyin in data.TOWNSHIP_REVIEWERS:
            yield f"reviewer_{t.pinyin}", f"{prefix}-GOV", "合法性审查员", (Role.REVIEWER,)
        yield f"clerk_{t.pinyin}", f"{prefix}-GOV", "党政综合办公室科员", (Role.CLERK,)
        yield f"clerk_sfs_{t.pinyin}", f"{prefix}-SFS", "司法所所长", (Role.CLERK,)


def _peer_admins() -> Iterator[Row]:
    # Administrators first, reviewers after: the users listed earlier keep their names.
    for county in data.PEER_COUNTIES:
        unit = f"{county.code6}-SFJ"
        yield f"county_admin_{county.pinyin}", unit, "法治督察科科长", (Role.COUNTY_ADMIN,)
    for county in data.PEER_COUNTIES:
        unit = f"{county.code6}-SFJ"
        yield f"reviewer_{county.pinyin}", unit, "合法性审查中心法审员", (Role.REVIEWER,)


# --- writing -----------------------------------------------------------------------------


def seed_org(ctx: DemoContext) -> dict[str, int]:
    """Create the demo regions, units and users in bulk and fill the context's lookups."""
    regions = _create_regions(region_specs())
    units = _create_units(unit_specs(), regions)
    users, assignments = _create_users(user_specs(), units)
    ctx.regions.update(regions)
    ctx.units.update(units)
    ctx.users.update(users)
    ctx.anchor = regions[MAIN_COUNTY_CODE]
    return {"区划": len(regions), "单位": len(units), "用户": len(users), "角色分配": assignments}


def _create_regions(specs: Sequence[RegionSpec]) -> dict[str, Region]:
    by_code: dict[str, Region] = {}
    for level in RegionLevel:
        batch = []
        for spec in (s for s in specs if s.level == level):
            parent = by_code[spec.parent_code] if spec.parent_code else None
            region = Region(code=spec.code, name=spec.name, level=spec.level, parent=parent)
            region.path = region.compute_path()
            batch.append(region)
        by_code.update(_bulk_create(Region, batch, "code"))
    return by_code


def _create_units(specs: Sequence[UnitSpec], regions: dict[str, Region]) -> dict[str, Unit]:
    """Create units generation by generation, so that each parent has its id first."""
    parents = {s.code: s.parent_code for s in specs}
    depths: dict[str, int] = {}

    def depth(code: str) -> int:
        if code not in depths:
            parent = parents[code]
            depths[code] = 0 if parent is None else depth(parent) + 1
        return depths[code]

    by_code: dict[str, Unit] = {}
    for generation in range(max(depth(s.code) for s in specs) + 1):
        batch = [
            Unit(
                code=s.code,
                name=s.name,
                short_name=s.short_name,
                kind=s.kind,
                region=regions[s.region_code],
                parent=by_code[s.parent_code] if s.parent_code else None,
                sort_order=s.sort_order,
                oversees_region=s.oversees_region,
            )
            for s in specs
            if depth(s.code) == generation
        ]
        by_code.update(_bulk_create(Unit, batch, "code"))
    return by_code


def _create_users(specs: Sequence[UserSpec], units: dict[str, Unit]) -> tuple[dict[str, User], int]:
    # One hash for all: argon2 is slow on purpose, and every demo user shares the password.
    password = make_password(data.DEMO_PASSWORD)
    batch = [
        User(
            username=s.username,
            full_name=s.full_name,
            unit=units[s.unit_code],
            position=s.position,
            phone=s.phone,
            password=password,
            must_change_password=True,
            demo_account=True,
        )
        for s in specs
    ]
    users = _bulk_create(User, batch, "username")
    roles = [RoleAssignment(user=users[s.username], role=r) for s in specs for r in s.roles]
    RoleAssignment.objects.bulk_create(roles)
    return users, len(roles)


def _bulk_create(model: type[Any], objs: list[Any], key: str) -> dict[str, Any]:
    """Bulk insert and return the rows by `key`, with their ids (re-read where the database
    cannot return them from the insert)."""
    model.objects.bulk_create(objs, batch_size=500)
    if any(obj.pk is None for obj in objs):
        stored = model.objects.in_bulk([getattr(o, key) for o in objs], field_name=key)
        for obj in objs:
            obj.pk = stored[getattr(obj, key)].pk
    return {getattr(obj, key): obj for obj in objs}


# --- reading back ------------------------------------------------------------------------


def demo_seeded() -> bool:
    return Region.objects.filter(code=MAIN_COUNTY_CODE).exists()


def org_row_counts() -> dict[str, int]:
    return {
        "区划": Region.objects.count(),
        "单位": Unit.objects.count(),
        "用户": User.objects.count(),
    }


def conflicts() -> list[str]:
    """Demo codes and usernames that already exist, as "区划代码 990121000000" lines."""
    found: list[str] = []
    checks: list[tuple[str, type[models.Model], str, list[str]]] = [
        ("区划代码", Region, "code", [s.code for s in region_specs()]),
        ("单位编码", Unit, "code", [s.code for s in unit_specs()]),
        ("用户名", User, "username", [s.username for s in user_specs()]),
    ]
    for label, model, field, values in checks:
        taken = model._default_manager.filter(**{f"{field}__in": values})
        found.extend(f"{label} {v}" for v in taken.values_list(field, flat=True).order_by(field))
    return found


def main_logins() -> list[User]:
    """The demo accounts worth printing, in `MAIN_LOGINS` order (those that exist)."""
    users = User.objects.filter(username__in=MAIN_LOGINS, demo_account=True).select_related("unit")
    by_name = {u.username: u for u in users}
    return [by_name[name] for name in MAIN_LOGINS if name in by_name]


register_demo_step(STEP_NAME, 0, seed_org)
