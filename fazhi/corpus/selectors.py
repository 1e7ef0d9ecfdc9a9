"""Reads of the corpus: the list with its filters, a report with its figures marked, and the
comparison of regions by year, with the county's own computed figure where one is declared.

The corpus is public material: no `visible_to` narrowing (see `models.py`); the pages check
the permission to read business data.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fazhi.corpus.canonical import CANONICAL_NAMES
from fazhi.corpus.models import Fact, Report, SourceFile
from fazhi.corpus.numbers import format_number
from fazhi.corpus.outline import STATUTORY_PARTS, mentions_part
from fazhi.indicators import registry
from fazhi.indicators.engine import evaluate
from fazhi.indicators.output import TIGHT_UNITS
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Region

CHOICES_LIMIT = 300


@dataclass(frozen=True)
class ReportFilter:
    query: str = ""
    region: str = ""
    year: int | None = None
    level: str = ""
    missing_only: bool = False
    indicator: str = ""


def report_list(flt: ReportFilter) -> QuerySet[Report]:
    """Reports matching every given filter, newest year first; the text stays in the database."""
    reports = Report.objects.defer("text")
    if flt.query:
        reports = reports.filter(
            Q(title__icontains=flt.query)
            | Q(reporter__icontains=flt.query)
            | Q(region__icontains=flt.query)
        )
    if flt.region:
        reports = reports.filter(region__icontains=flt.region)
    if flt.year:
        reports = reports.filter(year=flt.year)
    if flt.level:
        reports = reports.filter(level=flt.level)
    if flt.missing_only:
        reports = reports.filter(outline_complete=False)
    if flt.indicator:
        reports = reports.filter(facts__indicator=flt.indicator).distinct()
    return reports.order_by("-year", "region", "pk")


def years_in_corpus() -> list[int | None]:
    return list(
        Report.objects.exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def report_for(report_id: int) -> Report:
    """A report with its outline and its original file's name (the file's bytes stay stored)."""
    reports = (
        Report.objects.select_related("source_file")
        .defer("source_file__content")
        .prefetch_related("sections")
    )
    return get_object_or_404(reports, pk=report_id)


def source_file_for(report_id: int) -> SourceFile:
    """The file a report was read from, as uploaded."""
    source = SourceFile.objects.filter(report_id=report_id).first()
    if source is None:
        raise Http404("该报告没有保存原文件")
    return source


# --- one report: the text with its figures marked --------------------------------------------


@dataclass
class Mark:
    """A run of the text: plain (no facts), a figure with every fact that reads it (合法性审查、
    备案审查率100% is two facts on one figure), or the empty spot where a heading starts."""

    text: str
    facts: list[Fact] = field(default_factory=list)
    section_anchor: str = ""

    @property
    def anchor(self) -> str:
        return f"f-{self.facts[0].position}" if self.facts else ""

    @property
    def canonical(self) -> bool:
        return any(f.canonical for f in self.facts)

    @property
    def target(self) -> bool:
        return all(f.target for f in self.facts)

    @property
    def title(self) -> str:
        return "；".join(f"{f.indicator}：{_figure(f)}" for f in self.facts)


@dataclass
class Paragraph:
    pieces: list[Mark] = field(default_factory=list)
    is_heading: bool = False


def _figure(fact: Fact) -> str:
    value = format_number(fact.value)
    marks = ("约" if fact.approx else "") + ("（目标）" if fact.target else "")
    return (
        f"{value}{fact.unit}{marks}" if fact.unit in TIGHT_UNITS else f"{value} {fact.unit}{marks}"
    )


def marked_paragraphs(report: Report, facts: list[Fact]) -> list[Paragraph]:
    """The clean text by paragraph, each figure a Mark, each heading an anchor for the outline."""
    by_span: dict[tuple[int, int], list[Fact]] = defaultdict(list)
    for fact in facts:
        by_span[(fact.value_start, fact.value_end)].append(fact)
    sections = list(report.sections.all())
    # Figures as (start, end, facts); a heading as (start, start, anchor): one sorted stream.
    events: list[tuple[int, int, Any]] = sorted(
        [(start, end, found) for (start, end), found in by_span.items()]
        + [(s.start, s.start, f"s-{s.position}") for s in sections],
        key=lambda event: (event[0], event[1]),
    )
    # A line that is a numbered heading and nothing more is shown as a heading (a 一是/二是 run,
    # or a 1. heading followed by its paragraph on the same line, is body text).
    line_headings = {
        s.start: len(s.number) + len(s.heading) for s in sections if not s.number.endswith("是")
    }
    paragraphs, offset = [], 0
    for line in report.text.split("\n"):
        end = offset + len(line)
        within = events[bisect_left(events, (offset,)) : bisect_left(events, (end,))]
        pieces = _pieces(report.text, offset, end, within)
        heading = line_headings.get(offset, 0) >= len(line.rstrip("。.；;：:")) > 0
        paragraphs.append(Paragraph(pieces=pieces, is_heading=heading))
        offset = end + 1
    return paragraphs


def _pieces(text: str, start: int, end: int, events: list[tuple[int, int, Any]]) -> list[Mark]:
    pieces: list[Mark] = []
    cursor = start
    for begin, finish, payload in events:
        if begin < cursor:
            continue  # overlapping figures: the first one wins the mark
        pieces.append(Mark(text[cursor:begin]))
        if isinstance(payload, str):
            pieces.append(Mark("", section_anchor=payload))
            cursor = begin
            continue
        mark = Mark(text[begin : min(finish, end)], payload)
        for fact in mark.facts:
            fact.mark_anchor = mark.anchor  # type: ignore[attr-defined]  # for the facts table
        pieces.append(mark)
        cursor = finish
    pieces.append(Mark(text[cursor:end]))
    return [p for p in pieces if p.text or p.section_anchor]


@dataclass(frozen=True)
class PartStatus:
    part: int
    name: str
    covered: bool
    mentioned: bool


def statutory_status(report: Report) -> list[PartStatus]:
    """Each of the five parts: covered by a top-level heading, or missing (and whether the body
    mentions it all the same). Parts 1–4 are covered unless the report lists them as missing
    (the outline's verdict, so a combined heading covers both its parts, as the badge says);
    part 5 is reported only when a top-level heading covers it."""
    missing = set(report.missing_parts)
    other = any(s.level == 1 and s.statutory_part == 5 for s in report.sections.all())
    rows = []
    for part, name in STATUTORY_PARTS.items():
        if part == 5:
            if other:
                rows.append(PartStatus(part, name, True, False))
            continue
        covered = part not in missing
        mentioned = not covered and mentions_part(report.text, part)
        rows.append(PartStatus(part, name, covered, mentioned))
    return rows


# --- comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: Decimal
    unit: str
    approx: bool
    report_id: int | None  # None for the county's own computed value


@dataclass
class Row:
    label: str  # the full path (浙江省绍兴市新昌县)
    short: str  # the place (新昌县), for the chart's legend
    cells: dict[int, Cell]
    own: bool = False  # the county's own figure, computed from its records


@dataclass
class Comparison:
    indicator: str
    years: list[int]
    rows: list[Row]
    unit: str
    own_note: str = ""

    def chart(self) -> dict[str, Any]:
        """What `corpus_compare.js` draws: years on the x axis, a line per region."""
        return {
            "indicator": self.indicator,
            "unit": self.unit,
            "years": [str(y) for y in self.years],
            "series": [
                {
                    "name": row.short or row.label,
                    "own": row.own,
                    "data": [
                        float(row.cells[y].value) if y in row.cells else None for y in self.years
                    ],
                }
                for row in self.rows
            ],
        }


def indicator_choices() -> list[tuple[str, int]]:
    """Indicator names with how many achieved figures each has: canonical names first."""
    counts = (
        Fact.objects.filter(target=False)
        .values("indicator")
        .annotate(n=Count("id"))
        .order_by("-n", "indicator")[:CHOICES_LIMIT]
    )
    found = {row["indicator"]: row["n"] for row in counts}
    canonical = [(name, found.get(name, 0)) for name in CANONICAL_NAMES if found.get(name)]
    rest = [(name, n) for name, n in found.items() if name not in set(CANONICAL_NAMES)]
    return canonical + rest


def region_choices() -> list[str]:
    return list(
        Report.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def comparison(indicator: str, region: str = "") -> Comparison:
    """Published values of `indicator` by region and year (achieved values, not targets).

    Several figures of one region and year: the one in the latest published report, first in
    its text. Regions are filtered by `region` (part of the full path: 浙江省, 示例市 …).
    """
    facts = (
        Fact.objects.filter(indicator=indicator, target=False)
        .exclude(year=None)
        .select_related("report")
        .only(
            "value",
            "unit",
            "approx",
            "year",
            "report__id",
            "report__region",
            "report__region_name",
            "report__published",
        )
        .order_by("report__region", "year", "-report__published", "position")
    )
    if region:
        facts = facts.filter(report__region__icontains=region)
    rows: dict[str, Row] = {}
    units: dict[str, int] = defaultdict(int)
    for fact in facts:
        report = fact.report
        row = rows.setdefault(
            report.region, Row(report.region or "（未知区域）", report.region_name, {})
        )
        if fact.year is not None and fact.year not in row.cells:
            row.cells[fact.year] = Cell(fact.value, fact.unit, fact.approx, fact.report_id)
            units[fact.unit] += 1
    years = sorted({y for row in rows.values() for y in row.cells})
    unit = max(units, key=lambda u: units[u]) if units else ""
    return Comparison(indicator, years, list(rows.values()), unit)


def county_of(user: Any) -> Region | None:
    """The county (县级区划) the user works in, when their unit sits in one."""
    unit = getattr(user, "unit", None)
    return unit.region.county() if unit is not None else None


def with_own_values(
    result: Comparison, county: Region | None, today: dt.date | None = None
) -> Comparison:
    """Add the county's own figure for each year, when an indicator of that name is declared.

    Matched by name against `fazhi.indicators.registry`; computed by the engine over the
    county's whole subtree. Without such an indicator (or a county), the comparison is as it was.
    """
    declared = next((i for i in registry.all() if i.name == result.indicator), None)
    if declared is None or county is None:
        result.own_note = "" if declared is None else "当前账号不属于某个县，无法计算本县数值"
        return result
    today = today or timezone.localdate()
    years = [y for y in result.years if y <= today.year] or [today.year - 1]
    cells = {}
    for year in years:
        value = evaluate(declared, Scope.of_region(county), Period.year_to_date(year, today)).value
        if value is not None:
            cells[year] = Cell(value, declared.unit, False, None)
    if not cells:
        result.own_note = f"{county.name}在这些年度没有可计算“{declared.name}”的记录"
        return result
    label = f"{county.name}（本平台计算）"
    result.rows.insert(0, Row(label, label, cells, own=True))
    result.years = sorted(set(result.years) | set(cells))
    result.unit = result.unit or declared.unit
    result.own_note = f"本县数值由指标“{declared.name}”按默认统计口径计算（{declared.definition}）"
    return result
