"""Checks before sign-off: the outline, the figures, the deadlines and the secrecy scan.

An error blocks the sign-off (`Finding.blocks`); a warning and a note do not. The figures typed
by hand are read with the corpus's fact extraction (the same reading the platform gives other
governments' reports), and every figure that names a registered indicator is compared with the
computed value: a typed "调撤率达61.01%" that the data says is 58.30% is flagged with both values.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from fazhi.corpus.facts import Fact, extract_facts
from fazhi.corpus.outline import parse_outline
from fazhi.indicators import registry
from fazhi.indicators.registry import Indicator
from fazhi.reports import figures, outline, secrecy
from fazhi.reports.models import Report, Section
from fazhi.reports.services import book_for
from fazhi.reports.workflow import ContributionStatus, Status


class Severity:
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


SEVERITY_LABELS = {Severity.ERROR: "须修改", Severity.WARNING: "提醒", Severity.NOTE: "提示"}
CHECKS = {
    "outline": "提纲完整",
    "references": "指标引用",
    "typed": "文中数字核对",
    "pinned": "冻结数值与排名",
    "deadline": "报送与公开期限",
    "contributions": "单位供稿",
    "secrecy": "保密与个人信息",
}


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str
    section: Section | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def check_label(self) -> str:
        return CHECKS[self.check]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


@dataclass
class Composed:
    """The report as one text (title first, a heading or paragraph a line), where each section
    starts, and the spans that are rendered figures."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    figure_spans: list[tuple[int, int]] = field(default_factory=list)
    problems: list[tuple[Section, str]] = field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.sections[index] if index >= 0 else None

    def in_figure(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.figure_spans)


def compose(report: Report, sections: list[Section], book: figures.FigureBook) -> Composed:
    composed = Composed()
    parts = [report.title, "\n"]
    position = len(report.title) + 1
    for section in sections:
        composed.starts.append(position)
        composed.sections.append(section)
        if section.heading:
            parts.append(section.heading + "\n")
            position += len(section.heading) + 1
        for line in figures.paragraphs(section.body, book):
            for piece in line:
                if piece.problem:
                    composed.problems.append((section, piece.problem))
                elif piece.is_figure:
                    composed.figure_spans.append((position, position + len(piece.text)))
                parts.append(piece.text)
                position += len(piece.text)
            parts.append("\n")
            position += 1
    composed.text = "".join(parts)
    return composed


def run(report: Report, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding, errors first."""
    today = today or timezone.localdate()
    sections = list(report.sections.order_by("order"))
    book = book_for(report)
    composed = compose(report, sections, book)
    findings = [
        *outline_findings(sections),
        *(
            Finding("references", Severity.ERROR, f"“{s.label}”：{p}", s)
            for s, p in composed.problems
        ),
        *typed_findings(report, composed, book),
        *pinned_findings(report, book),
        *deadline_findings(report, today),
        *contribution_findings(report),
        *secrecy_findings(report, composed),
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    return sorted(findings, key=lambda f: order[f.severity])


def outline_findings(sections: list[Section]) -> Iterator[Finding]:
    """Each statutory part present and holding text; no 【请填写…】 prompt left."""
    for number, name in outline.STATUTORY_PARTS.items():
        own = [s for s in sections if s.part == number]
        if not own:
            yield Finding("outline", Severity.ERROR, f"缺少第{number}部分：{name}")
        elif not any(outline.has_text(s.body) for s in own):
            yield Finding("outline", Severity.ERROR, f"“{own[0].label}”没有内容", own[0])
    for section in sections:
        prompt = outline.PROMPT_RE.search(section.body or "")
        if prompt:
            yield Finding(
                "outline",
                Severity.ERROR,
                f"“{section.label}”仍有待填写的提示：{prompt.group(0)}",
                section,
            )


def typed_findings(
    report: Report, composed: Composed, book: figures.FigureBook
) -> Iterator[Finding]:
    """Figures typed by hand next to a registered indicator's name, against the computed value."""
    by_name = {i.name: i for i in registry.all()}
    headings = parse_outline(composed.text, report.year)
    for fact in extract_facts(composed.text, year=report.year, headings=headings):
        if fact.target or fact.approx or fact.year not in (None, report.year):
            continue
        if composed.in_figure(fact.value_start):
            continue
        name, change = _indicator_name(fact.indicator)
        indicator = by_name.get(name)
        if indicator is None:
            continue
        message = _mismatch(fact, indicator, book.figure(indicator.code), change)
        if message:
            severity = Severity.WARNING if message.startswith("无法核对") else Severity.ERROR
            yield Finding("typed", severity, message, composed.section_at(fact.start))


def _indicator_name(name: str) -> tuple[str, str]:
    for suffix in ("同比增幅", "同比降幅"):
        if name.endswith(suffix):
            return name.removesuffix(suffix), suffix
    return name, ""


def _mismatch(fact: Fact, indicator: Indicator, figure: figures.Figure, change: str) -> str:
    typed = f"“{fact.text}”"
    if change:
        expected, unit = _expected_change(figure, fact, change)
    else:
        expected, unit = figure.value, indicator.unit
    if fact.normalized_unit != unit and not (change and fact.unit == unit):
        return ""
    if expected is None:
        return f"无法核对{typed}：{indicator.name}在系统中没有{change}数据"
    if _equal(fact.value, expected):
        return ""
    shown = f"{figures.trimmed(expected)}{unit}" if change else figures.plain(expected, indicator)
    return f"{indicator.name}：文中写{typed}（{fact.value}{fact.unit}），计算值为{change}{shown}"


def _expected_change(figure: figures.Figure, fact: Fact, change: str) -> tuple[Decimal | None, str]:
    """The 同比 change in the unit the text wrote it: 个百分点 for a rate, % growth for a count."""
    if figure.change is None:
        return None, fact.unit
    signed = figure.change if change == "同比增幅" else -figure.change
    if figure.indicator.is_percentage:
        return signed, "个百分点"
    if not figure.indicator.is_ratio and figure.previous_value:
        return (signed * 100 / figure.previous_value).quantize(Decimal("0.01"), ROUND_HALF_UP), "%"
    return signed, figure.indicator.unit


def _equal(typed: Decimal, expected: Decimal) -> bool:
    """Equal at the precision the text wrote (58.3% matches 58.30%; 2.3% matches 2.33%)."""
    exponent = min(0, int(typed.as_tuple().exponent))
    return expected.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP) == typed


def pinned_findings(report: Report, book: figures.FigureBook) -> Iterator[Finding]:
    if not report.is_signed:
        return
    for _key, pinned, current in book.drift():
        name = pinned.indicator.name
        yield Finding(
            "pinned",
            Severity.WARNING,
            f"{name}签发时冻结为{figures.plain(pinned.value, pinned.indicator)}，按当前数据为"
            f"{figures.plain(current.value, current.indicator)}：业务数据在签发后有变动，"
            "正文保持签发时的数值",
        )
    for drift in book.placing_drift():
        yield Finding(
            "pinned",
            Severity.WARNING,
            f"{drift.label}：签发时{drift.pinned}，现为{drift.current}："
            "考核测评在签发后有变动，正文保持签发时的排名",
        )


def deadline_findings(report: Report, today: dt.date) -> Iterator[Finding]:
    """3月1日前报送, 4月1日前公开 (reporters.py)."""
    steps = (
        ("报送", report.submission_due, report.submitted_on),
        ("公开", report.publication_due, report.published_on),
    )
    for what, due, done in steps:
        if done is not None:
            late = (done - due).days
            if late > 0:
                yield Finding("deadline", Severity.WARNING, f"已于{done}{what}，逾期 {late} 天")
            continue
        days = (due - today).days
        if days < 0:
            yield Finding("deadline", Severity.WARNING, f"已超过{what}期限（{due}）{-days} 天")
        else:
            yield Finding("deadline", Severity.NOTE, f"{what}期限 {due}，还有 {days} 天")


def contribution_findings(report: Report) -> Iterator[Finding]:
    waiting = report.contributions.exclude(status=ContributionStatus.MERGED).select_related("unit")
    for contribution in waiting:
        state = ContributionStatus(contribution.status).label
        yield Finding(
            "contributions",
            Severity.WARNING,
            f"{contribution.unit.name}对“{contribution.section.label}”的供稿{state}，尚未合并",
            contribution.section,
        )


def secrecy_findings(report: Report, composed: Composed) -> Iterator[Finding]:
    scope = figures.report_scope(report.reporter)
    for hit in secrecy.scan(composed.text, scope):
        yield Finding("secrecy", Severity.ERROR, hit.message, composed.section_at(hit.start))
    if report.status not in (Status.SUBMITTED, Status.PUBLISHED):
        yield Finding(
            "secrecy",
            Severity.NOTE,
            "公开前须确认文本不含国家秘密、工作秘密和个人信息（签发时须勾选确认）",
        )
