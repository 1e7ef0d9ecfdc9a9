"""Figures in the report's text: live references to registered indicators, rendered as prose.

A reference is written in a section's text as

    {{disputes.litigation_loss_rate}}                 prose: 行政诉讼败诉率降至2.54%，同比下降1.2个百分点
    {{disputes.litigation_loss_rate|value}}           2.54%
    {{disputes.litigation_loss_rate@judgments_only|value}}   under the 统计口径 judgments_only
    {{disputes.litigation_loss_rate|target}}          ≤5.00% (the region's own target)
    {{disputes.litigation_loss_rate|rank}}            在示例市5个县（市、区）中排名第2位
    {{manual.public_lawyer_rate}}                     a manual indicator (手工填报)

`code[@variant][|field]`: a registered or manual indicator's code, an optional 统计口径 key and
a field of `FIELDS` or `RANK_FIELDS` (prose by default). The figure is
`fazhi.indicators.figures`' for the report's scope (a government's whole region, a department's
own unit) and year, with the year before for 同比, the target the nearest region set for the
year and the scope's level, and its colour. `rank` is the reporter's place in the year's latest
frozen assessment run (`fazhi.reports.ranks`); without one the reference is a problem, shown and
flagged by the checks, never a made-up number.

A signed-off report renders its pinned figures (`PinnedFigure`), not fresh ones: a later change in
the records is reported by `FigureBook.drift`, not copied silently into the signed text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from fazhi.indicators import figures as live
from fazhi.indicators import registry
from fazhi.indicators.engine import Number
from fazhi.indicators.meta import IndicatorMeta, display_name
from fazhi.indicators.models import Colour, ManualIndicator, Target
from fazhi.indicators.output import DASH, Shown, change_tone, format_value
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.indicators.targets import TargetBook, colour_of
from fazhi.org.models import UnitKind
from fazhi.reports.ranks import Ranks

TOKEN_RE = re.compile(r"\{\{(?P<inner>[^{}]*)\}\}")
INNER_RE = re.compile(
    r"^\s*(?P<code>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)"
    r"(?:@(?P<variant>[a-z][a-z0-9_]*))?"
    r"(?:\|(?P<field>[a-z_]+))?\s*$"
)
DEFAULT_FIELD = "prose"


@dataclass(frozen=True)
class Ref:
    """One reference in a text: where it is, what it names, and what is wrong with its syntax."""

    start: int
    end: int
    raw: str
    code: str = ""
    variant: str | None = None
    field: str = DEFAULT_FIELD
    problem: str = ""

    @property
    def key(self) -> str:
        return figure_key(self.code, self.variant)


def figure_key(code: str, variant: str | None = None) -> str:
    return f"{code}@{variant}" if variant else code


def token(code: str, variant: str | None = None, field: str = DEFAULT_FIELD) -> str:
    """The reference as written in a text."""
    tail = "" if field == DEFAULT_FIELD else f"|{field}"
    return "{{" + figure_key(code, variant) + tail + "}}"


def parse_refs(text: str) -> list[Ref]:
    """Every `{{…}}` in `text`, in order; a malformed one carries its `problem`."""
    refs = []
    for match in TOKEN_RE.finditer(text or ""):
        inner = INNER_RE.match(match.group("inner"))
        if inner is None:
            refs.append(
                Ref(match.start(), match.end(), match.group(0), problem="指标引用格式不正确")
            )
            continue
        refs.append(
            Ref(
                match.start(),
                match.end(),
                match.group(0),
                code=inner.group("code"),
                variant=inner.group("variant"),
                field=inner.group("field") or DEFAULT_FIELD,
            )
        )
    return refs


# --- the numbers of one figure ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """An indicator's figures for the report's scope and year (computed, or pinned), with the
    target in force for the reporter and the colour the value earns against it."""

    indicator: IndicatorMeta
    value: Decimal | None
    previous_value: Decimal | None
    change: Decimal | None
    numerator: Number | None
    denominator: Number | None
    variant_name: str = ""
    target: Target | None = None
    colour: str = Colour.GREY
    status: str = live.OK

    @classmethod
    def of(cls, shown: live.Figure, meta: IndicatorMeta) -> Figure:
        return cls(
            indicator=meta,
            value=shown.value,
            previous_value=shown.previous_value,
            change=shown.change,
            numerator=shown.numerator,
            denominator=shown.denominator,
            variant_name=shown.variant_name,
            target=shown.target,
            colour=shown.colour,
            status=shown.status,
        )

    def same_as(self, other: Figure) -> bool:
        return (self.value, self.previous_value) == (other.value, other.previous_value)

    def targeted(self, target: Target | None) -> Figure:
        """This figure against `target` (a pinned figure gets the target in force)."""
        green, yellow = (target.green_at, target.yellow_at) if target else (None, None)
        colour = colour_of(self.indicator.direction, self.value, green, yellow)
        return replace(self, target=target, colour=colour)

    @property
    def tone(self) -> str:
        return change_tone(self.indicator, self.change)

    @property
    def is_manual(self) -> bool:
        return getattr(self.indicator, "is_manual", False)

    @property
    def display_name(self) -> str:
        """The name with its 统计口径, marked 手工填报 for a manual indicator."""
        return display_name(self.indicator.name, self.is_manual, self.variant_name)

    @property
    def misses_target(self) -> bool:
        return self.target is not None and self.colour in (Colour.RED, Colour.YELLOW)

    @property
    def target_text(self) -> str:
        return target_of(self)

    @property
    def colour_label(self) -> str:
        return Colour(self.colour).label if self.target is not None else "未设目标"


def plain(number: Number | None, indicator: Shown) -> str:
    """A value as prose writes it: 2.54%, 273件, 3.14 (no space before the unit)."""
    return format_value(number, indicator).replace(" ", "")


def trimmed(number: Decimal) -> str:
    """1.20 → 1.2, 3.00 → 3, 100 → 100 (a change reads without trailing zeros)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def prose(f: Figure) -> str:
    """行政诉讼败诉率降至2.54%，同比下降1.2个百分点 / 行政复议收案数为273件，同比下降1.44%."""
    name = f.indicator.name
    if f.status == live.DIV_ZERO:
        return f"{name}无法计算（分母为0）"
    if f.value is None:
        return f"{name}暂无数据"
    value = plain(f.value, f.indicator)
    if f.indicator.is_percentage:
        verb = "为" if not f.change else ("降至" if f.change < 0 else "升至")
        return f"{name}{verb}{value}{change_clause(f)}"
    return f"{name}为{value}{change_clause(f)}"


def change_clause(f: Figure) -> str:
    """，同比下降1.2个百分点 / ，同比增长4.39% / ，同比增加2天 / ，与上年持平 / "" (no 同比)."""
    change, indicator = f.change, f.indicator
    if change is None:
        return ""
    if change == 0:
        return "，与上年持平"
    down = change < 0
    size = abs(change)
    if indicator.is_percentage:
        return f"，同比{'下降' if down else '上升'}{trimmed(size)}个百分点"
    if not indicator.is_ratio and f.previous_value:
        growth = (size * 100 / f.previous_value).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"，同比{'下降' if down else '增长'}{growth}%"
    if indicator.unit in ("", "比值"):
        return f"，同比{'下降' if down else '上升'}{trimmed(size)}"
    return f"，同比{'减少' if down else '增加'}{trimmed(size)}{indicator.unit}"


def _change_text(f: Figure) -> str:
    return change_clause(f).removeprefix("，") or "—"


def target_of(f: Figure) -> str:
    """ "≥45.00%" / "≤5.00%": the target in force for the reporter; "—" without one."""
    if f.target is None:
        return DASH
    return live.threshold_text(f.indicator, f.target.green_at).replace(" ", "")


FIELDS: dict[str, Callable[[Figure], str]] = {
    "prose": prose,
    "value": lambda f: plain(f.value, f.indicator),
    "previous": lambda f: plain(f.previous_value, f.indicator),
    "change": _change_text,
    "target": target_of,
    "colour": lambda f: f.colour_label,
    "name": lambda f: f.indicator.name,
}
# Fields read from the assessment, not from the figure (`fazhi.reports.ranks`).
RANK_FIELDS = ("rank",)
FIELD_LABELS = {
    "prose": "文字表述",
    "value": "数值",
    "previous": "上年数值",
    "change": "同比变化",
    "target": "目标值",
    "colour": "三色",
    "name": "指标名称",
    "rank": "考核排名",
}


# --- a report's figures -------------------------------------------------------------------------


def report_scope(reporter: Any) -> Scope:
    """A government's figures cover its whole region; a department's its own unit."""
    if reporter.kind in (UnitKind.GOVERNMENT, UnitKind.TOWNSHIP_GOV):
        return Scope.of_region(reporter.region)
    return Scope.of_unit(reporter)


def report_period(year: int) -> Period:
    return Period.year_to_date(year)


def book_of(reporter: Any, year: int, *, pinned: Mapping[str, Figure] | None = None) -> FigureBook:
    """The figures of `reporter`'s report on `year`: its scope, the year, its places in the
    year's frozen assessment."""
    scope = report_scope(reporter)
    return FigureBook(
        scope=scope, period=report_period(year), pinned=pinned, ranks=Ranks(scope, year)
    )


class FigureBook:
    """The figures one rendering needs: each computed once, in as few queries as
    `fazhi.indicators.figures` can; or, for a signed report, the pinned ones (with the target in
    force). `ranks` answers `|rank` (without it every rank is a problem)."""

    def __init__(
        self,
        *,
        scope: Scope,
        period: Period,
        pinned: Mapping[str, Figure] | None = None,
        ranks: Ranks | None = None,
    ) -> None:
        self.scope = scope
        self.period = period
        self.ranks = ranks
        self.targets = TargetBook(period.end.year, live.level_of(scope))
        self._metas: dict[str, IndicatorMeta] | None = None
        region = live.region_of(scope)
        self.pinned = {
            key: f.targeted(self.targets.find(key.split("@")[0], region))
            for key, f in (pinned or {}).items()
        }
        self._computed: dict[str, Figure] = {}

    def meta(self, code: str) -> IndicatorMeta | None:
        """A registered or manual indicator's description; None when `code` names neither."""
        if code in registry.registry:
            return IndicatorMeta.of_declared(registry.get(code))
        if self._metas is None:
            self._metas = {
                m.code: IndicatorMeta.of_manual(m) for m in ManualIndicator.objects.all()
            }
        return self._metas.get(code)

    def problem(self, ref: Ref) -> str:
        """What is wrong with `ref` (an empty string when it can be rendered)."""
        if ref.problem:
            return ref.problem
        meta = self.meta(ref.code)
        if meta is None:
            return f"未登记的指标：{ref.code}"
        variants = registry.get(ref.code).variants if not meta.is_manual else ()
        if ref.variant and not any(v.key == ref.variant for v in variants):
            return f"指标“{meta.name}”没有统计口径：{ref.variant}"
        if ref.field in RANK_FIELDS:
            return self._rank_problem(ref, meta)
        if ref.field not in FIELDS:
            return f"未知字段：{ref.field}（可用：{'、'.join([*FIELDS, *RANK_FIELDS])}）"
        return ""

    def _rank_problem(self, ref: Ref, meta: IndicatorMeta) -> str:
        if ref.variant:
            return f"无考核排名：考核按默认口径计算，“{meta.name}”的统计口径{ref.variant}没有排名"
        if self.ranks is None:
            return "无考核排名"
        return self.ranks.problem(ref.code, meta.name)

    def rank_text(self, code: str) -> str:
        placing = self.ranks.of(code) if self.ranks else None
        return placing.text if placing else ""

    def load(self, refs: Iterable[Ref]) -> None:
        """Compute every valid reference not pinned or computed yet (one batch per 统计口径)."""
        wanted: dict[str | None, list[str]] = defaultdict(list)
        for ref in refs:
            if self.problem(ref) or ref.key in self.pinned or ref.key in self._computed:
                continue
            if ref.code not in wanted[ref.variant]:
                wanted[ref.variant].append(ref.code)
        for variant, codes in wanted.items():
            self.compute(codes, variant)

    def ensure(self, codes: Iterable[str]) -> None:
        """Compute those of `codes` (default 统计口径) not computed or pinned yet."""
        missing = [c for c in codes if c not in self._computed and c not in self.pinned]
        if missing:
            self.compute(missing)

    def compute(self, codes: Iterable[str], variant: str | None = None) -> None:
        codes = list(codes)
        metas = {code: self.meta(code) for code in codes}
        found = live.figures(codes, self.scope, self.period, variant=variant)
        for shown in found:
            figure = Figure.of(shown, cast(IndicatorMeta, metas[shown.code]))
            self._computed[figure_key(shown.code, variant)] = figure

    def figure(self, code: str, variant: str | None = None) -> Figure:
        """The pinned figure, else the computed one (computed now when not loaded)."""
        key = figure_key(code, variant)
        if key in self.pinned:
            return self.pinned[key]
        if key not in self._computed:
            self.compute([code], variant)
        return self._computed[key]

    def current(self, key: str) -> Figure:
        """The freshly computed figure for `key`, whatever is pinned."""
        code, _, variant = key.partition("@")
        if key not in self._computed:
            self.compute([code], variant or None)
        return self._computed[key]

    def drift(self) -> list[tuple[str, Figure, Figure]]:
        """Pinned figures whose records have changed since: (key, pinned, current)."""
        changed = []
        for key, pinned in self.pinned.items():
            if self.meta(key.split("@")[0]) is None:
                continue
            current = self.current(key)
            if not pinned.same_as(current):
                changed.append((key, pinned, current))
        return changed


@dataclass(frozen=True)
class Piece:
    """A run of rendered text: plain text, or a figure (with its reference), or a broken one."""

    text: str
    ref: Ref | None = None
    figure: Figure | None = None
    problem: str = ""
    pinned: bool = False

    @property
    def is_figure(self) -> bool:
        return self.ref is not None


def render(text: str, book: FigureBook) -> list[Piece]:
    """`text` with every reference replaced by its field's words."""
    refs = parse_refs(text)
    book.load(refs)
    pieces: list[Piece] = []
    position = 0
    for ref in refs:
        if ref.start > position:
            pieces.append(Piece(text[position : ref.start]))
        pieces.append(_piece(ref, book))
        position = ref.end
    if position < len(text or ""):
        pieces.append(Piece(text[position:]))
    return pieces


def _piece(ref: Ref, book: FigureBook) -> Piece:
    problem = book.problem(ref)
    if problem:
        return Piece(f"〔{problem}〕", ref=ref, problem=problem)
    figure = book.figure(ref.code, ref.variant)
    if ref.field in RANK_FIELDS:
        return Piece(book.rank_text(ref.code), ref=ref, figure=figure)
    return Piece(FIELDS[ref.field](figure), ref=ref, figure=figure, pinned=ref.key in book.pinned)


def render_text(text: str, book: FigureBook) -> str:
    return "".join(piece.text for piece in render(text, book))


def paragraphs(text: str, book: FigureBook) -> list[list[Piece]]:
    """The rendered pieces of each non-blank line of `text` (a paragraph)."""
    return [render(line.strip(), book) for line in (text or "").splitlines() if line.strip()]


# --- drafted paragraphs ------------------------------------------------------------------------


def module_indicators(label: str) -> list[registry.Indicator]:
    """The registered indicators of the app `label`, in registration order."""
    return [i for i in registry.all() if i.code.split(".")[0] == label]


def module_paragraph(label: str, book: FigureBook, *, year: int, subject: str) -> str:
    """A paragraph that states every figure of the app `label` that has data, as references,
    with the target where the figure misses it: "2025年，全县{{disputes.reconsideration_received}}；
    {{disputes.litigation_loss_rate}}，未达到目标值{{disputes.litigation_loss_rate|target}}。"
    ("" when none has data)."""
    indicators = module_indicators(label)
    book.ensure(i.code for i in indicators)
    stated = []
    for indicator in indicators:
        figure = book.figure(indicator.code)
        if figure.value is None:
            continue
        clause = token(indicator.code)
        if figure.misses_target:
            clause += "，未达到目标值" + token(indicator.code, field="target")
        stated.append(clause)
    if not stated:
        return ""
    return f"{year}年，{subject}" + "；".join(stated) + "。"


def choices(book: FigureBook) -> list[dict[str, Any]]:
    """Every registered indicator, then every active manual one (marked 手工填报), with its
    reference and this report's figure, for the editor's figure picker."""
    codes = live.all_codes()
    book.ensure(codes)
    rows = []
    for code in codes:
        figure = book.figure(code)
        rows.append(
            {
                "code": code,
                "name": figure.display_name,
                "is_manual": figure.is_manual,
                "unit": figure.indicator.unit,
                "token": token(code),
                "figure": figure,
            }
        )
    return rows
