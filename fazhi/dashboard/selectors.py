"""Reads of 一屏掌控: the key figures of a scope, and its subjects side by side (townships and
departments of a county; the counties of a city or province) ranked by any indicator.

Every number comes from `fazhi.indicators.figures` (value, target, colour, 同比, 无数据/—);
nothing is counted, coloured or compared with a target here. The subjects of a scope cost a
few grouped queries together (`figures_by_subject`), never one per unit or indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fazhi.dashboard.choice import Choice
from fazhi.dashboard.tables import Cell, Column, Table, number_cell
from fazhi.indicators import figures, scoring
from fazhi.indicators.figures import Figure, IndicatorMeta
from fazhi.indicators.models import Target, TargetLevel
from fazhi.indicators.output import BARE_UNITS
from fazhi.indicators.registry import Direction
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind

# The figures a county leads with (issue 6; RULES.md §2, §11.D): the assessed rates first, then
# the workload. Codes not registered (an app not installed, a manual indicator not set up) are
# left out; any other indicator with a target for the year joins after these.
KEY_CODES = (
    "disputes.litigation_loss_rate",  # 败诉率, target below 5%
    "disputes.litigation_mediation_rate",  # 调撤率, above 45%
    "disputes.reconsideration_litigation_ratio",  # 复议与一审诉讼收案比, above 1
    "disputes.reconsideration_mediation_rate",  # 复议调撤率, above 50%
    "disputes.head_appearance_rate",  # 负责人出庭应诉率, 100%
    "manual.public_lawyer_rate",  # 公职律师配备率, above 60%
    "disputes.reconsideration_correction_rate",
    "review.coverage",
    "review.filing_rate",
    "review.filing_timely_rate",
    "disputes.reconsideration_received",
    "disputes.litigation_received",
)
MAX_CARDS = 12
COLOURS = ("green", "yellow", "red")


# --- which indicators --------------------------------------------------------------------------


def key_codes(choice: Choice) -> list[str]:
    """The indicators the board shows for this scope and year, KEY_CODES first."""
    available = set(figures.all_codes())
    region = figures.region_of(choice.scope)
    targeted = (
        Target.objects.filter(year=choice.period.end.year, region__code__in=region.path_codes())
        .values_list("indicator_code", flat=True)
        .distinct()
    )
    extra = sorted(set(targeted) - set(KEY_CODES))
    return [c for c in [*KEY_CODES, *extra] if c in available][:MAX_CARDS]


def rank_code(cards: Sequence[Card], asked: str) -> str:
    """The indicator the subjects are ranked and the tree coloured by: the one asked for, else
    the first key figure with a target here, else the first that has a better direction."""
    codes = [c.figure.code for c in cards]
    if asked in codes:
        return asked
    targeted = [c.figure.code for c in cards if c.figure.target is not None]
    ranked = [c.figure.code for c in cards if c.figure.direction != Direction.NEUTRAL]
    return (targeted or ranked or codes or [""])[0]


# --- the key figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    figure: Figure
    url: str  # the records behind the numerator, or a manual figure's entered values
    denominator_url: str = ""


def card_for(choice: Choice, fig: Figure, scope: Scope | None = None) -> Card:
    if fig.is_manual:
        return Card(fig, choice.records_url(fig.code, "values", scope))
    denominator = ""
    if fig.denominator is not None:
        denominator = choice.records_url(fig.code, "denominator", scope)
    return Card(fig, choice.records_url(fig.code, "numerator", scope), denominator)


def key_cards(choice: Choice, codes: Sequence[str]) -> list[Card]:
    return [card_for(choice, f) for f in figures.figures(codes, choice.scope, choice.period)]


def cards_table(choice: Choice, cards: Sequence[Card]) -> Table:
    columns = ["指标", "数值", "目标", "颜色", "上年同期", "同比", "分子", "分母", "来源"]
    rows = [
        [
            Cell(c.figure.display_name, url=c.url),
            Cell(c.figure.value_text, colour=c.figure.colour, url=c.url),
            Cell(c.figure.thresholds_text),
            Cell(c.figure.colour_label, colour=c.figure.colour),
            Cell(c.figure.previous_text),
            Cell(c.figure.change_text, tone=c.figure.change_tone),
            number_cell(c.figure.numerator),
            number_cell(c.figure.denominator),
            Cell(figures.MANUAL_LABEL if c.figure.is_manual else "系统统计"),
        ]
        for c in cards
    ]
    numeric = {"数值", "上年同期", "同比", "分子", "分母"}
    return Table(
        "figures",
        "关键指标",
        [Column(label, label in numeric) for label in columns],
        rows,
        caption=caption(choice),
        export_url=choice.export_url("figures"),
    )


def caption(choice: Choice) -> str:
    kind = "截至今日（同期比较）" if choice.ytd else "全年"
    return f"{choice.scope.label} · {choice.period.label} · {kind}"


# --- the subjects: townships and departments, or counties ---------------------------------------


@dataclass(frozen=True)
class Group:
    """Subjects assessed side by side under a scope, at one target level."""

    key: str
    title: str
    level: str
    scopes: list[Scope]


def subject_groups(scope: Scope) -> list[Group]:
    """A county's townships and departments; a city's counties; a province's cities and
    counties; nothing for a township or a unit (their figures are the cards)."""
    region = scope.region
    if region is None:
        return []
    if region.level == RegionLevel.COUNTY:
        townships = Region.objects.filter(parent=region, level=RegionLevel.TOWNSHIP)
        departments = Unit.objects.filter(
            region=region, kind=UnitKind.DEPARTMENT, is_active=True
        ).select_related("region")
        return [
            Group("townships", "乡镇（街道）", TargetLevel.TOWNSHIP, _regions(townships)),
            Group("departments", "部门", TargetLevel.DEPARTMENT, _units(departments)),
        ]
    if region.level not in (RegionLevel.CITY, RegionLevel.PROVINCE):
        return []
    counties = Region.objects.filter(path__startswith=region.path, level=RegionLevel.COUNTY)
    groups = [Group("counties", "县（市、区）", TargetLevel.COUNTY, _regions(counties))]
    if region.level == RegionLevel.PROVINCE:
        cities = Region.objects.filter(parent=region, level=RegionLevel.CITY)
        groups.append(Group("cities", "市", TargetLevel.CITY, _regions(cities)))
    return groups


def _regions(qs: Any) -> list[Scope]:
    return [Scope.of_region(r) for r in qs.order_by("path")]


def _units(qs: Any) -> list[Scope]:
    return [Scope.of_unit(u) for u in qs.order_by("sort_order", "code")]


def subject_figures(
    choice: Choice, codes: Sequence[str], groups: Sequence[Group]
) -> dict[Scope, dict[str, Figure]]:
    """Every subject of every group, each at its own group's target level: one grouped
    computation for all groups when each subject's own level is its group's (a province's
    counties and cities, a county's townships and departments), else one per group."""
    groups = [g for g in groups if g.scopes]
    if all(figures.level_of(s) == g.level for g in groups for s in g.scopes):
        scopes = [s for g in groups for s in g.scopes]
        return figures.figures_by_subject(codes, scopes, choice.period) if scopes else {}
    found: dict[Scope, dict[str, Figure]] = {}
    for group in groups:
        found.update(
            figures.figures_by_subject(codes, group.scopes, choice.period, level=group.level)
        )
    return found


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    scope: Scope
    figures: dict[str, Figure]


def ranked(
    scopes: Sequence[Scope], by_scope: dict[Scope, dict[str, Figure]], code: str
) -> list[Ranked]:
    """The subjects in order of `code`'s value, best first by its direction (a neutral count:
    largest first), ties sharing a rank (`scoring.competition_ranks`, as assessment runs rank);
    subjects without a value last, unranked."""
    if not code or not scopes:
        return [Ranked(None, s, by_scope[s]) for s in scopes]
    column = [by_scope[s][code] for s in scopes]
    higher_first = column[0].direction != Direction.LOWER_IS_BETTER
    values = [f.value if f.status == figures.OK else None for f in column]
    ranks = scoring.competition_ranks(values, higher_first=higher_first)
    rows = [Ranked(rank, s, by_scope[s]) for rank, s in zip(ranks, scopes, strict=True)]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0))


def ranking_table(
    choice: Choice,
    group: Group,
    by_scope: dict[Scope, dict[str, Figure]],
    codes: Sequence[str],
    metas: dict[str, IndicatorMeta],
    by_code: str,
) -> Table:
    """Rank, name, each indicator's value in its colour (a click lists its records), and how
    many of the subject's figures are green, yellow and red."""
    columns = [Column("排名", True), Column(group.title)]
    columns += [
        Column(_column_label(metas[c]), True, url=choice.page_url(rank=c) + "#fz-rankings")
        for c in codes
    ]
    columns += [Column(label, True) for label in ("绿", "黄", "红")]
    rows = []
    for row in ranked(group.scopes, by_scope, by_code):
        cells = [
            Cell(str(row.rank) if row.rank else "—", number=row.rank),
            Cell(row.scope.label, url=choice.for_scope(row.scope).page_url()),
        ]
        cells += [_figure_cell(choice, row.figures[c], row.scope) for c in codes]
        counts = colour_counts(row.figures.values())
        cells += [Cell(str(counts[c]), number=counts[c], colour=c) for c in COLOURS]
        rows.append(cells)
    by_name = metas[by_code].display_name if by_code else ""
    note = f"，按“{by_name}”排名" if by_name else ""
    return Table(
        group.key,
        f"{group.title}排名",
        columns,
        rows,
        caption=caption(choice) + note,
        export_url=choice.export_url(group.key),
    )


def _column_label(meta: IndicatorMeta) -> str:
    unit = "" if meta.unit in BARE_UNITS else f"（{meta.unit}）"
    return f"{meta.display_name}{unit}"


def _figure_cell(choice: Choice, fig: Figure, scope: Scope) -> Cell:
    card = card_for(choice, fig, scope)
    return Cell(
        fig.value_text,
        number=fig.value,
        colour=fig.colour,
        url=card.url,
        hint=f"目标 {fig.target_text}",
    )


def colour_counts(found: Any) -> dict[str, int]:
    counts = dict.fromkeys(COLOURS, 0)
    for fig in found:
        if fig.colour in counts:
            counts[fig.colour] += 1
    return counts
