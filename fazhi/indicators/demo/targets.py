"""What counties set and enter for the demo: targets with their warning bands, and the manual
indicator 公职律师配备率 with each unit's yearly staffing return."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from random import Random
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from fazhi.core.demo import DemoContext
from fazhi.indicators import figures
from fazhi.indicators.models import ManualIndicator, ManualValue, Target, TargetLevel
from fazhi.indicators.registry import Direction
from fazhi.org.models import UnitKind

MAIN_COUNTY = "990121000000"
CITY = "990100000000"
PUBLIC_LAWYER = "manual.public_lawyer_rate"
C, T, D = TargetLevel.COUNTY, TargetLevel.TOWNSHIP, TargetLevel.DEPARTMENT
CITY_LEVEL = TargetLevel.CITY

# --- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    """A target as counties set it: green at `green`, yellow down (or up) to `yellow`."""

    code: str
    green: str
    yellow: str | None
    levels: tuple[str, ...]
    basis: str


DISPUTES = "issue 6（县级考核实践）；RULES.md §5、§11.D"
REVIEW = "RULES.md §2（示范指标：合法性审查覆盖率、报备率、及时率）、§7"
TARGETS = (
    TargetSpec("disputes.litigation_loss_rate", "5", "8", (C, T, D), f"败诉率控制在5%以内；{DISPUTES}"),
    TargetSpec("disputes.litigation_mediation_rate", "45", "40", (C, T, D), f"诉讼调撤率45%以上；{DISPUTES}"),
    TargetSpec("disputes.head_appearance_rate", "100", "95", (C, T, D), "负责人出庭应诉率100%；RULES.md §2、§5"),
    TargetSpec("disputes.reconsideration_mediation_rate", "50", "45", (C, T, D), f"复议调撤率50%以上；{DISPUTES}"),
    TargetSpec("disputes.reconsideration_litigation_ratio", "1", "0.8", (C, T, D), f"复议与一审诉讼收案比不低于1（复议为化解行政争议主渠道）；{DISPUTES}"),
    TargetSpec("review.coverage", "100", "95", (C, T, D), f"应审尽审（浙江省行政合法性审查工作规定 第4条）；{REVIEW}"),
    TargetSpec("review.on_time_rate", "100", "90", (C, T, D), "审查期限内办结；issue 4"),
    TargetSpec("review.contract_rectify_rate", "100", "90", (C, T, D), "问题合同全部整改销号；issue 4"),
    TargetSpec("review.filing_rate", "100", "95", (C, T, D), f"规范性文件报备率100%；{REVIEW}"),
    TargetSpec("review.filing_timely_rate", "100", "90", (C, T, D), f"规范性文件报备及时率100%；{REVIEW}"),
    TargetSpec("review.village_coverage", "100", "90", (C, T), "村级涉法事务审查全覆盖；浙江省行政合法性审查工作规定"),
)  # fmt: skip
# 公职律师配备率 rises year by year (by demo year: 50%, 55%, then 60%), yellow 10 points below;
# the official Zhejiang target is unconfirmed (RULES.md §8), 60% is what counties set (issue 6).
LAWYER_GREEN = (50, 55, 60, 60)
LAWYER_BASIS = (
    "公职律师配备率逐年提高，2025年起不低于60%；issue 6（浙江官方目标值待核实，RULES.md §8）"
)


def target_specs(year_index: int) -> list[TargetSpec]:
    green = LAWYER_GREEN[min(year_index, len(LAWYER_GREEN) - 1)]
    lawyer = TargetSpec(PUBLIC_LAWYER, str(green), str(green - 10), (C, T, D), LAWYER_BASIS)
    return [*TARGETS, lawyer]


def target_problems(target: Target) -> list[str]:
    """What contradicts the indicator's direction (RULES: 黄 lies on the worse side of 绿)."""
    direction = figures.indicator_meta(target.indicator_code).direction
    where = (
        f"{target.region.name} {target.year} {target.get_level_display()} {target.indicator_code}"
    )
    if direction == Direction.NEUTRAL:
        return [f"{where}：不分高低的指标不设目标"]
    if target.yellow_at is not None and not figures.reaches(
        direction, target.green_at, target.yellow_at
    ):
        return [f"{where}：预警值 {target.yellow_at} 比达标值 {target.green_at} 更好"]
    return []


def seed_targets(ctx: DemoContext) -> list[Target]:
    """示例县's targets for itself, its townships and departments; 示例市's for itself and its
    counties (a county-level target of the city's applies to each county that sets none)."""
    setters = [(ctx.region(MAIN_COUNTY), (C, T, D)), (ctx.region(CITY), (CITY_LEVEL, C))]
    rows = [
        Target(
            region=region,
            indicator_code=spec.code,
            year=year,
            level=level,
            green_at=Decimal(spec.green),
            yellow_at=Decimal(spec.yellow) if spec.yellow is not None else None,
            basis=spec.basis,
        )
        for index, year in enumerate(ctx.years)
        for spec in target_specs(index)
        for region, levels in setters
        for level in (*spec.levels, CITY_LEVEL)
        if level in levels and (level != CITY_LEVEL or C in spec.levels)
    ]
    found = [problem for target in rows for problem in target_problems(target)]
    if found:
        raise ValueError("演示目标与指标方向矛盾：" + "；".join(found[:5]))
    return Target.objects.bulk_create(rows, batch_size=500)


# --- 公职律师配备率 (manual) ------------------------------------------------------------------

LAWYER_DEFINITION = (
    "本单位法制工作人员中取得公职律师证书的人数 ÷ 法制工作人员总数 × 100%；"
    "乡镇（街道）、县（市、区）为所辖单位人数合计之比"
)
# Share of units (green, yellow, red) in the last full year, by county: 示例县 mixed,
# 临溪县 mostly green, 青山县 mostly red.
LAWYER_MIX = {
    "990121": (0.5, 0.3, 0.2),
    "990122": (0.7, 0.2, 0.1),
    "990123": (0.2, 0.3, 0.5),
    "990125": (0.35, 0.4, 0.25),
    "990126": (0.55, 0.25, 0.2),
}
# Departments with a 法制科 of several people; the others have two to four.
LARGE = ("GAJ", "SCJG", "ZRZY", "ZFJ", "SFJ", "RSJ")
EVIDENCE = ("indicators/demo/公职律师配备情况表（示例）.pdf", "公职律师配备情况表.pdf")
SAMPLE_PDF = b"%PDF-1.4\n% fazhi demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def public_lawyer_indicator() -> ManualIndicator:
    return ManualIndicator.objects.create(
        code=PUBLIC_LAWYER,
        name="公职律师配备率",
        definition=LAWYER_DEFINITION,
        basis="RULES.md §8（公职律师）；按各单位年度人员配备情况表填报",
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        decimals=2,
        is_ratio=True,
        scale=Decimal(100),
    )


def lawyer_counts(rng: Random, staff: int, colour: str, years: int) -> list[tuple[int, int]]:
    """(公职律师, 法制工作人员) for each of `years` years, the last full year (the one before
    last) landing in `colour` against the 60% target with a yellow band from 50%."""
    if colour == "yellow" and staff % 2:
        staff += 1  # exactly half: 50% is yellow, and no other share of an odd staff is
    if colour == "green":
        lawyers = rng.randint(math.ceil(staff * 0.6), staff)
    elif colour == "yellow":
        lawyers = staff // 2
    else:
        lawyers = rng.randint(0, math.ceil(staff / 2) - 1)
    counts = [lawyers]
    for _ in range(years - 2):  # earlier years: fewer, as certificates were taken year by year
        counts.insert(0, max(counts[0] - (rng.random() < 0.5), 0))
    counts.append(min(lawyers + (rng.random() < 0.3), staff))  # this year's return
    return [(n, staff) for n in counts]


def seed_public_lawyers(ctx: DemoContext, indicator: ManualIndicator) -> int:
    """Each department's and township's return for every demo year, in every county."""
    if not default_storage.exists(EVIDENCE[0]):
        default_storage.save(EVIDENCE[0], ContentFile(SAMPLE_PDF))
    # Entered by the unit's clerk where it has one (only 示例县's units do), else by the
    # county's administrator at the 司法局.
    users = ctx.users.values()
    clerks = {u.unit_id: u for u in users if u.username.startswith("clerk_")}
    admins = {u.unit_id: u for u in users if u.username.startswith("county_admin")}
    rows = []
    for code6, mix in LAWYER_MIX.items():
        county = ctx.regions.get(f"{code6}000000")
        if county is None:
            continue
        units = returning_units(ctx, county)
        colours = _dealt(mix, len(units), ctx.rng(code6, "colours"))
        admin = admins.get(ctx.unit(f"{code6}-SFJ").pk)
        for unit, colour in zip(units, colours, strict=True):
            rng = ctx.rng(unit.code)
            staff = (
                rng.randint(4, 8) if unit.code.rsplit("-", 1)[-1] in LARGE else rng.randint(2, 4)
            )
            counts = lawyer_counts(rng, staff, colour, len(ctx.years))
            entered_by = clerks.get(unit.pk, admin)
            rows += [
                _value(indicator, unit, year, n, d, entered_by)
                for year, (n, d) in zip(ctx.years, counts, strict=True)
            ]
    ManualValue.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def returning_units(ctx: DemoContext, county: Any) -> list[Any]:
    """The county's departments and township governments: each files a staffing return."""
    return [
        u
        for u in ctx.units_under(county)
        if u.kind == UnitKind.TOWNSHIP_GOV
        or (u.kind == UnitKind.DEPARTMENT and u.region_id == county.pk)
    ]


def _dealt(mix: Sequence[float], n: int, rng: Random) -> list[str]:
    colours = [
        c
        for c, share in zip(("green", "yellow"), mix, strict=False)
        for _ in range(round(share * n))
    ]
    colours = (colours + ["red"] * n)[:n]
    rng.shuffle(colours)
    return colours


def _value(
    indicator: ManualIndicator, unit: Any, year: int, lawyers: int, staff: int, entered_by: Any
) -> ManualValue:
    return ManualValue(
        indicator=indicator,
        unit=unit,
        year=year,
        numerator=Decimal(lawyers),
        denominator=Decimal(staff),
        evidence=EVIDENCE[0],
        evidence_name=EVIDENCE[1],
        note=f"据{year}年度人员配备情况表：法制工作人员{staff}人，其中公职律师{lawyers}人",
        entered_by=entered_by,
    )
