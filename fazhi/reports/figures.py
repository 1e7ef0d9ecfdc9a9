"""Figures in the report's text: live references to registered indicators, rendered as prose.

A reference is written in a section's text as

    {{disputes.litigation_loss_rate}}                 prose: 行政诉讼败诉率降至2.54%，同比下降1.2个百分点
    {{disputes.litigation_loss_rate|value}}           2.54%
    {{disputes.litigation_loss_rate@judgments_only|value}}   under the 统计口径 judgments_only
    {{disputes.litigation_loss_rate|target}}          ≤5.00% (the region's own target)
    {{disputes.litigation_loss_rate|judged}}          the prose, then ，未达到目标值≤5.00%
    {{disputes.litigation_loss_rate|rank}}            在示例市5个县（市、区）中排名第2位
    {{manual.public_lawyer_rate}}                     a manual indicator (手工填报)
    {{assessment.score}}                              the reporter's overall result (below)

`code[@variant][|field]`: a registered or manual indicator's code, an optional 统计口径 key and
a field of `FIELDS` or `RANK_FIELDS` (prose by default):

    prose     文字表述: 行政诉讼败诉率降至2.54%，同比下降1.2个百分点
    value     数值: 2.54%            previous  上年数值          change  同比变化
    target    目标值: ≤5.00%         colour    三色: 绿/黄/红/未设目标   name  指标名称
    judged    文字表述（含目标）: the prose, then "，达到目标值≤5.00%" when the figure is green,
              "，未达到目标值≤5.00%" when yellow or red, nothing without a target or a value
    rank      考核排名: 在示例市5个县（市、区）中排名第2位

The figure is `fazhi.indicators.figures`' for the report's scope (a government's whole region, a
department's own unit) and year, with the year before for 同比, the target the nearest region set
for the year and the scope's level, and its colour. `rank` is the reporter's place in the year's
latest frozen assessment run (`fazhi.reports.ranks`); without one the reference is a problem,
shown and flagged by the checks, never a made-up number.

`assessment.score` is a reserved code, not an indicator: the reporter's overall result in the
year's latest frozen run, with the fields of `ASSESSMENT_FIELDS`: prose ("在示例市2025年度县(市、
区)考核中得分92.50分，在示例市5个县（市、区）中排名第2位"), value ("92.50分"), rank and colour
(the colour the run gave the reporter). Without a frozen run with the reporter as a subject, or a
score in it, the reference is a problem as for a missing rank.

A signed-off report renders its pinned figures, placings and overall result (`PinnedFigure`), not
fresh ones: a later change in the records is reported by `FigureBook.drift`, a newer frozen run
that places the reporter differently by `FigureBook.placing_drift`; neither is copied silently
into the signed text.
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
from fazhi.indicators.registry import Direction
from fazhi.indicators.scopes import Scope
from fazhi.indicators.targets import TargetBook, colour_of
from fazhi.org.models import UnitKind
from fazhi.reports.ranks import Placing, Ranks, Standing

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


def judged(f: Figure) -> str:
    """The prose and whether the figure meets the target in force: "…，达到目标值≤5.00%" when
    green, "…，未达到目标值≤5.00%" when yellow or red; the prose alone without a target or a
    value."""
    text = prose(f)
    if f.target is None or f.value is None or f.colour not in JUDGED:
        return text
    return f"{text}，{JUDGED[f.colour]}目标值{target_of(f)}"


JUDGED: dict[str, str] = {Colour.GREEN: "达到", Colour.YELLOW: "未达到", Colour.RED: "未达到"}

FIELDS: dict[str, Callable[[Figure], str]] = {
    "prose": prose,
    "judged": judged,
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
    "judged": "文字表述（含目标）",
    "value": "数值",
    "previous": "上年数值",
    "change": "同比变化",
    "target": "目标值",
    "colour": "三色",
    "name": "指标名称",
    "rank": "考核排名",
}

# The reporter's overall result in the year's latest frozen run (`Standing`): a reserved code.
ASSESSMENT_CODE = "assessment.score"
ASSESSMENT_NAME = "考核总分与排名"
ASSESSMENT_FIELDS: dict[str, Callable[[Standing], str]] = {
    "prose": lambda s: s.text,
    "value": lambda s: s.score_text,
    "rank": lambda s: s.placing.text if s.placing else "",
    "colour": lambda s: s.colour_label,
}
ASSESSMENT_META = IndicatorMeta(
    code=ASSESSMENT_CODE,
    name="考核总分",
    unit="分",
    direction=Direction.HIGHER_IS_BETTER,
    definition="本单位在年度最新已冻结考核测评中的总得分、排名和三色",
    is_manual=False,
    is_ratio=False,
)


def assessment_figure(standing: Standing | None) -> Figure:
    """The overall result in the shape of a figure (what a rendered piece and the picker show)."""
    return Figure(
        indicator=ASSESSMENT_META,
        value=standing.score if standing else None,
        previous_value=None,
        change=None,
        numerator=None,
        denominator=None,
        colour=standing.colour if standing else Colour.GREY,
    )


# --- a report's figures -------------------------------------------------------------------------


def report_scope(reporter: Any) -> Scope:
    """A government's figures cover its whole region; a department's its own unit."""
    if reporter.kind in (UnitKind.GOVERNMENT, UnitKind.TOWNSHIP_GOV):
        return Scope.of_region(reporter.region)
    return Scope.of_unit(reporter)


def report_period(year: int) -> Period:
    return Period.year_to_date(year)


def book_of(
    reporter: Any,
    year: int,
    *,
    pinned: Mapping[str, Figure] | None = None,
    places: Mapping[str, Placing] | None = None,
    standing: Standing | None = None,
) -> FigureBook:
    """The figures of `reporter`'s report on `year`: its scope, the year, its places in the
    year's frozen assessment (the pinned ones of a signed report given)."""
    scope = report_scope(reporter)
    return FigureBook(
        scope=scope,
        period=report_period(year),
        pinned=pinned,
        ranks=Ranks(scope, year),
        places=places,
        standing=standing,
    )


@dataclass(frozen=True)
class PlacingDrift:
    """A pinned placing (or overall result) that the latest frozen run no longer gives."""

    label: str
    pinned: str
    current: str


class FigureBook:
    """The figures one rendering needs: each computed once, in as few queries as
    `fazhi.indicators.figures` can; or, for a signed report, the pinned ones (with the target in
    force). `ranks` answers `|rank` and `assessment.score` (without it every rank is a problem);
    `places` (by code) and `standing` are a signed report's pinned placings and overall result."""

    def __init__(
        self,
        *,
        scope: Scope,
        period: Period,
        pinned: Mapping[str, Figure] | None = None,
        ranks: Ranks | None = None,
        places: Mapping[str, Placing] | None = None,
        standing: Standing | None = None,
    ) -> None:
        self.scope = scope
        self.period = period
        self.ranks = ranks
        self.pinned_places = dict(places or {})
        self.pinned_standing = standing
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
        if ref.code == ASSESSMENT_CODE:
            return self._assessment_problem(ref)
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
        if ref.code in self.pinned_places:
            return ""
        if self.ranks is None:
            return "无考核排名"
        return self.ranks.problem(ref.code, meta.name)

    def _assessment_problem(self, ref: Ref) -> str:
        if ref.variant:
            return f"考核总分没有统计口径：{ref.variant}"
        if ref.field not in ASSESSMENT_FIELDS:
            return f"未知字段：{ref.field}（考核总分可用：{'、'.join(ASSESSMENT_FIELDS)}）"
        standing = self.standing()
        if standing is None:
            return self.ranks.standing_problem() if self.ranks else "无考核总分"
        if ref.field == "rank" and standing.placing is None:
            return f"无考核排名：本单位在{standing.run}中没有总分排名"
        return ""

    def placing(self, code: str) -> Placing | None:
        """The pinned placing for indicator `code`, else the latest frozen run's."""
        if code in self.pinned_places:
            return self.pinned_places[code]
        return self.current_placing(code)

    def current_placing(self, code: str) -> Placing | None:
        return self.ranks.of(code) if self.ranks else None

    def rank_text(self, code: str) -> str:
        placing = self.placing(code)
        return placing.text if placing else ""

    def standing(self) -> Standing | None:
        """The pinned overall result, else the latest frozen run's."""
        if self.pinned_standing is not None:
            return self.pinned_standing
        return self.current_standing()

    def current_standing(self) -> Standing | None:
        return self.ranks.standing() if self.ranks else None

    def load(self, refs: Iterable[Ref]) -> None:
        """Compute every valid reference not pinned or computed yet (one batch per 统计口径)."""
        wanted: dict[str | None, list[str]] = defaultdict(list)
        for ref in refs:
            if ref.code == ASSESSMENT_CODE or ref.key in self.pinned or ref.key in self._computed:
                continue
            if self.problem(ref):
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

    def placing_drift(self) -> list[PlacingDrift]:
        """Pinned placings and the pinned overall result that the latest frozen run now gives
        differently (or not at all), with both texts."""
        changed = []
        for code, pinned in self.pinned_places.items():
            current = self.current_placing(code)
            if current is None or current.text != pinned.text:
                meta = self.meta(code)
                now = current.described if current else "无考核排名"
                label = f"{meta.name if meta else code}排名"
                changed.append(PlacingDrift(label, pinned.described, now))
        standing = self.pinned_standing
        if standing is not None:
            current_standing = self.current_standing()
            if current_standing is None or current_standing.text != standing.text:
                now = current_standing.text if current_standing else "无考核总分"
                changed.append(PlacingDrift(ASSESSMENT_NAME, standing.text, now))
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
    if ref.code == ASSESSMENT_CODE:
        standing = cast(Standing, book.standing())
        text = ASSESSMENT_FIELDS[ref.field](standing)
        pinned = book.pinned_standing is not None
        return Piece(text, ref=ref, figure=assessment_figure(standing), pinned=pinned)
    figure = book.figure(ref.code, ref.variant)
    if ref.field in RANK_FIELDS:
        pinned = ref.code in book.pinned_places
        return Piece(book.rank_text(ref.code), ref=ref, figure=figure, pinned=pinned)
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
    """A paragraph that states every figure of the app `label` that has data, as `|judged`
    references (whether the target is met stays live with the records):
    "2025年，全县{{disputes.reconsideration_received|judged}}；
    {{disputes.litigation_loss_rate|judged}}。" ("" when none has data)."""
    indicators = module_indicators(label)
    book.ensure(i.code for i in indicators)
    stated = [
        token(i.code, field="judged") for i in indicators if book.figure(i.code).value is not None
    ]
    if not stated:
        return ""
    return f"{year}年，{subject}" + "；".join(stated) + "。"


def choices(book: FigureBook) -> list[dict[str, Any]]:
    """Every registered indicator, then every active manual one (marked 手工填报), with its
    reference and this report's figure, then the overall result (考核总分与排名), for the
    editor's figure picker."""
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
    rows.append(assessment_choice(book))
    return rows


def assessment_choice(book: FigureBook) -> dict[str, Any]:
    """The picker's row for `{{assessment.score}}`: the overall result, or why there is none."""
    standing = book.standing()
    return {
        "code": ASSESSMENT_CODE,
        "name": ASSESSMENT_NAME,
        "is_manual": False,
        "unit": ASSESSMENT_META.unit,
        "token": token(ASSESSMENT_CODE),
        "figure": assessment_figure(standing),
        "is_assessment": True,
        "standing": standing,
        "problem": ""
        if standing
        else book.problem(Ref(0, 0, token(ASSESSMENT_CODE), ASSESSMENT_CODE)),
    }
