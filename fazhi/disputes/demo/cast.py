"""Who is who in a county of the demo, the synthetic parties, and the calendar helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random
from typing import Any

from fazhi.core import calendar
from fazhi.core.demo import DemoContext
from fazhi.core.exceptions import CalendarMissingError
from fazhi.org.models import RegionLevel, UnitKind

from ..enums import HeadRank, PartyKind
from ..models import DisputeField
from ..services import PartyData
from .data import (
    DEFENDANT_WEIGHTS,
    FIRMS,
    GIVEN,
    MATTERS,
    RESPONDENT_WEIGHTS,
    SURNAMES,
    TRADES,
    A,
    CountyProfile,
    Matter,
)


def weighted(rng: Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def quota(shares: Sequence[tuple[str, float]], n: int, rest: str, rng: Random) -> list[str]:
    """`n` outcomes in the declared shares (rounded), the remainder `rest`, shuffled."""
    dealt = [value for value, share in shares for _ in range(round(share * n))][:n]
    dealt += [rest] * (n - len(dealt))
    rng.shuffle(dealt)
    return dealt


def draw_until(make: Callable[[], Any], ok: Callable[[Any], bool]) -> Any:
    """The first of up to 200 draws that is `ok`, or None. The open cases the current year
    shows in each status are decoration: on a day where the calendar allows none of a kind
    (a holiday shifting every deadline past the 临期 window), the demo goes without it."""
    for _ in range(200):
        draft = make()
        if ok(draft):
            return draft
    return None


# --- calendar helpers --------------------------------------------------------------------


def add_wd(start: dt.date, n: int) -> dt.date:
    """`n` working days after `start`; past the entered calendar (only ever after today, so
    the date is cut away later) an estimate."""
    try:
        return calendar.add_working_days(start, n)
    except CalendarMissingError:
        return start + dt.timedelta(days=n * 7 // 5 + 1)


def workday(day: dt.date) -> dt.date:
    """`day`, or the next working day: offices sign and receive on working days."""
    try:
        return calendar.next_working_day(day)
    except CalendarMissingError:
        return day


def after_days(day: dt.date, n: int) -> dt.date:
    return workday(day + dt.timedelta(days=n))


# --- people ------------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number(body: str) -> str:
    """A 居民身份证号 with its ISO 7064 MOD 11-2 check digit (GB 11643) after 17 digits."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def credit_code(body: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character after 17 characters."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return body + CREDIT_CHARS[(31 - total % 31) % 31]


class People:
    """Synthetic parties: plausible names, ID numbers of the county's 99xxxx code (a code no
    real county has), 138 0099 xxxx phones and addresses in the county's villages."""

    def __init__(self, rng: Random, places: list[str], code6: str, county: str) -> None:
        self.rng = rng
        self.places = places
        self.code6 = code6
        self.county = county
        self.serial = 0

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def person(self) -> PartyData:
        self.serial += 1
        born = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randrange(50 * 365))
        body = f"{self.code6}{born:%Y%m%d}{self.serial % 1000:03d}"
        return PartyData(
            name=self.name(),
            kind=PartyKind.PERSON,
            id_number=id_number(body),
            phone=f"1380099{self.serial % 10000:04d}",
            address=self.address(),
        )

    def address(self) -> str:
        place, rng = self.rng.choice(self.places), self.rng
        if place.endswith("社区"):
            return f"{place}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        return f"{place}{rng.randint(1, 12)}组{rng.randint(1, 60)}号"

    def firm(self) -> PartyData:
        self.serial += 1
        name = f"{self.county}{self.rng.choice(FIRMS)}{self.rng.choice(TRADES)}有限公司"
        body = f"91{self.code6}MA{self.serial:07d}"
        return PartyData(
            name=name,
            kind=PartyKind.ORGANISATION,
            id_number=credit_code(body),
            phone=f"1380099{self.serial % 10000:04d}",
            address=f"{self.rng.choice(self.places)}",
        )

    def group(self, matter: Matter) -> list[PartyData]:
        """One applicant mostly; a firm in market and licensing matters; several neighbours
        in 征迁 and 拆违 matters now and then."""
        roll = self.rng.random()
        if (matter.field == "market" and roll < 0.3) or (matter.act == A.LICENSING and roll < 0.5):
            return [self.firm()]
        if matter.field in ("housing", "land", "demolition") and roll < 0.15:
            return [self.person() for _ in range(self.rng.randint(2, 6))]
        return [self.person()] if roll < 0.92 else [self.person(), self.person()]


# --- who is who --------------------------------------------------------------------------


@dataclass(frozen=True)
class Roster:
    """Who may appear in court for a unit: its heads (with their HeadRank) and a staff member."""

    heads: tuple[tuple[str, str, str], ...]  # (name, position, rank)
    staff: tuple[str, str]

    @classmethod
    def of(cls, unit: Any, people: People) -> Roster:
        top, deputy = _titles(unit)
        ranks = [HeadRank.DEPUTY, HeadRank.IN_CHARGE, HeadRank.IN_CHARGE]
        heads = [(people.name(), top, HeadRank.PRINCIPAL)]
        heads += [(people.name(), deputy, rank) for rank in ranks]
        if unit.code.endswith("-GAJ"):
            heads.append((people.name(), "政委", HeadRank.OTHER_IN_CHARGE))
        staff = "党政综合办公室主任" if unit.kind == UnitKind.TOWNSHIP_GOV else "法制股股长"
        return cls(tuple(heads), (people.name(), staff))


def _titles(unit: Any) -> tuple[str, str]:
    if unit.kind == UnitKind.GOVERNMENT:
        return "县长", "副县长"
    if unit.kind == UnitKind.TOWNSHIP_GOV:
        if unit.name.endswith("办事处"):
            return "街道办事处主任", "街道办事处副主任"
        return ("乡长", "副乡长") if unit.name.endswith("乡人民政府") else ("镇长", "副镇长")
    if unit.name.endswith(("办公室", "中心", "社")):
        return "主任", "副主任"
    return "局长", "副局长"


@dataclass
class Cast:
    """One county's units, users and lookups every part of the step uses."""

    ctx: DemoContext  # the step's: today, the years' periods, random dates
    profile: CountyProfile
    government: Any
    justice: Any
    court: Any
    mid_court: Any
    units: dict[str, Any]  # department code → unit
    townships: list[tuple[Any, int]]  # (township government, weight)
    fields: dict[str, DisputeField]
    users: dict[str, Any]
    people: People
    rosters: dict[Any, Roster] = field(default_factory=dict)
    # (kind, year, court) → last number given; shared by the counties, whose cases the
    # 中级人民法院 numbers in one series.
    case_numbers: dict[tuple[str, int, str], int] = field(default_factory=dict)

    def rng(self, *labels: object) -> Random:
        """The county's seeded stream named by `labels` (示例县's are the step's own)."""
        return county_rng(self.ctx, self.profile, *labels)

    @property
    def recon_prefix(self) -> str:
        """The county government's 复议 document prefix: 示政复 for 示例县人民政府."""
        return f"{self.government.name[0]}政复"

    @property
    def court_code(self) -> str:
        """The county court's code in case numbers: 示0121 for 990121."""
        return f"示{self.profile.code6[2:]}"

    def unit_for(self, key: str, rng: Random) -> Any:
        if key == "TOWNSHIP":
            return weighted(rng, self.townships)
        return self.government if key == "GOV" else self.units[key]

    def roster(self, unit: Any) -> Roster:
        if unit.pk not in self.rosters:
            self.rosters[unit.pk] = Roster.of(unit, self.people)
        return self.rosters[unit.pk]

    @property
    def today(self) -> dt.date:
        return self.ctx.today

    def random_day(self, year: int, rng: Random) -> dt.date:
        """A day of `year` up to today, moved on to a working day unless that is after today."""
        day = self.ctx.random_date(year, rng)
        moved = workday(day)
        return moved if moved <= self.today else day


def county_rng(ctx: DemoContext, profile: CountyProfile, *labels: object) -> Random:
    if profile.showcase:
        return ctx.rng(*labels)
    return ctx.rng(profile.code6, *labels)


def build_cast(
    ctx: DemoContext,
    profile: CountyProfile,
    fields: dict[str, DisputeField],
    case_numbers: dict[tuple[str, int, str], int],
) -> Cast:
    code6 = profile.code6
    county = ctx.region(f"{code6}000000")
    keys = {key for key, _ in (*RESPONDENT_WEIGHTS, *DEFENDANT_WEIGHTS)} - {"TOWNSHIP", "GOV"}
    rng = county_rng(ctx, profile, "townships")
    townships = ctx.units_under(county, kind=UnitKind.TOWNSHIP_GOV)
    villages = ctx.regions_under(county, level=RegionLevel.VILLAGE)
    places = [f"{county.name}{v.parent.name}{v.name}" for v in villages]
    users = ("leader", "clerk_sfj", "county_admin") if profile.showcase else ()
    return Cast(
        ctx=ctx,
        profile=profile,
        government=ctx.unit(f"{code6}-GOV"),
        justice=ctx.unit(f"{code6}-SFJ"),
        court=ctx.unit(f"{code6}-FY"),
        mid_court=ctx.unit("990100-ZY"),
        units={key: ctx.unit(f"{code6}-{key}") for key in sorted(keys)},
        townships=[(t, rng.randint(1, 4)) for t in townships],
        fields=fields,
        users={name: ctx.user(name) for name in users},
        people=People(county_rng(ctx, profile, "people"), places, code6, county.name),
        case_numbers=case_numbers,
    )


def subject(cast: Cast, weights: Sequence[tuple[str, int]], rng: Random) -> tuple[Any, Matter]:
    key = weighted(rng, weights)
    matters = MATTERS[key]
    return cast.unit_for(key, rng), weighted(rng, [(m, m.weight) for m in matters])


def amount_at_stake(matter: Matter, rng: Random) -> Decimal | None:
    if matter.amount is None:
        return None
    low, high = matter.amount
    return Decimal(rng.randint(low // 50, high // 50) * 50)
