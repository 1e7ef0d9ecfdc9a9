"""Reads of 争议化解: the high-risk cases, the deadlines ahead, the year's running figures, and
what the weekly 研商通报 (周研商周通报) is made of.

The risk board and the 通报 show the same high-risk cases: the board as of today, the 通报 as of
the end of its week (a past week shows the cases then open and marked; a mark removed since is
not remembered). Every read starts from `visible_to(user)`; the figures come from the indicator
engine for the user's own region (or unit), never counted here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from fazhi.core.deadlines import DueItem, due_date_or_none, due_item
from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import engine, output, registry
from fazhi.indicators.engine import IndicatorResult
from fazhi.indicators.output import format_change, format_value
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Indicator
from fazhi.indicators.scopes import Scope
from fazhi.org.scoping import sees_region

from . import case_display
from .enums import LawsuitStatus, ReconStatus
from .models import Lawsuit, ProgressEntry, Reconsideration
from .selectors import KINDS, LAWSUIT, RECON, CaseKind, case_kind
from .services import RECON_RUNNING, appeal_rule, reply_due

HORIZON_DAYS = 14  # 通报: deadlines within the next two weeks
PROGRESS_DAYS = 7  # 通报: progress since last week
# Generous bounds so the per-case reply and appeal due dates are computed for few rows only.
REPLY_LOOKBACK_DAYS = 60
APPEAL_LOOKBACK_DAYS = 40

# What the 通报 calls the stage of a 复议 case whose period runs (services.RECON_RUNNING).
RECON_STAGE_LABELS: dict[str, str] = {
    ReconStatus.RECEIVED: "受理审查",
    ReconStatus.CORRECTING: "申请人补正材料",
    ReconStatus.ACCEPTED: "作出复议决定",
}
ANSWER_LABEL = "提交答辩状及证据"
APPEAL_LABEL = "上诉期届满"
REPLY_LABEL = "被申请人书面答复"

# The running figures of the 通报, in the order the county reports them.
BRIEFING_CODES = (
    "disputes.reconsideration_received",
    "disputes.reconsideration_concluded",
    "disputes.reconsideration_correction_rate",
    "disputes.reconsideration_mediation_rate",
    "disputes.litigation_received",
    "disputes.litigation_loss_rate",
    "disputes.litigation_mediation_rate",
    "disputes.head_appearance_rate",
    "disputes.reconsideration_litigation_ratio",
)


# ---------------------------------------------------------------------------------------------
# Cases, whichever their type


def answering_unit(case: Any) -> Any:
    """The 被申请人 of a 复议 case, the 被告 of a lawsuit (`case.answering_unit`)."""
    return case.answering_unit


def _stage_label(case: Any) -> str | None:
    if isinstance(case, Reconsideration):
        return RECON_STAGE_LABELS.get(case.status)
    if case.status == LawsuitStatus.ANSWERING:
        return ANSWER_LABEL
    if case.status == LawsuitStatus.DECIDED:
        return APPEAL_LABEL
    return None


def case_due(case: Any, today: dt.date) -> DueItem | None:
    """The due date of the case's current stage as a badge-ready item (None: nothing due), as
    the case page shows it, titled with the stage."""
    stage = _stage_label(case)
    if stage is None:
        return None
    return case_display.case_due(
        case,
        today,
        module=case_kind(case).type_label,
        title=stage,
        unit_name=case.answering_unit.name,
        url=case.get_absolute_url(),
    )


def user_scope(user: Any) -> Scope | None:
    """Where the user's figures are counted: their unit's region subtree for a region-wide
    user (a county's staff: the county), their own unit otherwise (None without a unit)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    return Scope.of_region(unit.region) if sees_region(user) else Scope.of_unit(unit)


# ---------------------------------------------------------------------------------------------
# High-risk cases


@dataclass(frozen=True)
class RiskFilters:
    """The risk board's filters, parsed from a query string; unknown values are ignored."""

    kind: str = ""  # a CaseKind's key: "recon" or "lawsuit"
    unit: str = ""  # Unit.code: 被申请人 / 被告 / 共同被告 / 化解责任单位
    leader: int | None = None  # User.pk of the 包案领导

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> RiskFilters:
        kind = str(params.get("kind") or "")
        leader = str(params.get("leader") or "")
        return cls(
            kind=kind if kind in KINDS else "",
            unit=str(params.get("unit") or "").strip()[:32],
            leader=int(leader) if leader.isdigit() else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.unit or self.leader)


@dataclass(frozen=True)
class RiskRow:
    """One open high-risk case with what the board and the 通报 show of it."""

    kind: str  # the CaseKind's key
    case: Any
    due: DueItem | None
    age_days: int | None  # days since it was marked
    last_on: dt.date | None  # the latest progress entry
    last_kind: str
    last_content: str
    week_entries: list[ProgressEntry] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].type_label

    @property
    def url(self) -> str:
        return str(self.case.get_absolute_url())

    @property
    def unit(self) -> Any:
        return self.case.answering_unit

    @property
    def last_kind_label(self) -> str:
        return dict(ProgressEntry._meta.get_field("kind").choices or []).get(self.last_kind, "")


def _risk_queryset(kind: CaseKind, user: Any, as_of: dt.date, f: RiskFilters) -> QuerySet[Any]:
    link = "reconsideration" if kind is RECON else "lawsuit"
    qs = (
        kind.model.objects.visible_to(user)
        .filter(high_risk=True)
        .filter(Q(risk_marked_on__isnull=True) | Q(risk_marked_on__lte=as_of))
        .filter(~Q(status=kind.statuses.CLOSED) | Q(closed_on__gt=as_of))
    )
    units = (*kind.answer_fields, "risk_unit")
    if f.unit:
        qs = qs.filter(_any(**{f"{name}__code": f.unit for name in units}))
    if f.leader:
        qs = qs.filter(lead_leader_id=f.leader)
    latest = ProgressEntry.objects.filter(**{link: OuterRef("pk")}).order_by("-happened_on", "-pk")
    return qs.select_related(*units, "lead_leader__unit").annotate(
        last_on=Subquery(latest.values("happened_on")[:1]),
        last_kind=Subquery(latest.values("kind")[:1]),
        last_content=Subquery(latest.values("content")[:1]),
    )


def _any(**lookups: Any) -> Q:
    q = Q()
    for key, value in lookups.items():
        q |= Q(**{key: value})
    return q


def high_risk_cases(
    user: Any, *, as_of: dt.date, filters: RiskFilters | None = None, with_week: bool = False
) -> list[RiskRow]:
    """The 高败诉风险 cases `user` sees that were marked and open on `as_of`, 复议 first, each
    with its due badge (as of that day), its latest progress entry and, `with_week`, the
    entries of the 7 days up to `as_of`."""
    f = filters or RiskFilters()
    rows: list[RiskRow] = []
    for kind in (RECON, LAWSUIT):
        if f.kind and f.kind != kind.key:
            continue
        qs = _risk_queryset(kind, user, as_of, f)
        if with_week:
            since = as_of - dt.timedelta(days=PROGRESS_DAYS - 1)
            entries = ProgressEntry.objects.filter(happened_on__range=(since, as_of))
            qs = qs.prefetch_related(
                Prefetch(
                    "progress",
                    queryset=entries.select_related("author").order_by("happened_on", "pk"),
                    to_attr="week_entries",
                )
            )
        rows += [_risk_row(kind.key, case, as_of) for case in qs.order_by("risk_marked_on", "pk")]
    return rows


def _risk_row(kind: str, case: Any, as_of: dt.date) -> RiskRow:
    return RiskRow(
        kind=kind,
        case=case,
        due=case_due(case, as_of),
        age_days=(as_of - case.risk_marked_on).days if case.risk_marked_on else None,
        last_on=case.last_on,
        last_kind=case.last_kind or "",
        last_content=case.last_content or "",
        week_entries=list(getattr(case, "week_entries", [])),
    )


def risk_filter_options(user: Any, as_of: dt.date) -> tuple[list[Any], list[Any]]:
    """The units and 包案领导 the board's filters offer: those of the open high-risk cases."""
    from fazhi.org.models import Unit, User

    unit_ids: set[int] = set()
    leader_ids: set[int] = set()
    for kind in (RECON, LAWSUIT):
        names = [f"{name}_id" for name in (*kind.answer_fields, "risk_unit")]
        qs = _risk_queryset(kind, user, as_of, RiskFilters())
        for values in qs.values_list(*names, "lead_leader_id"):
            unit_ids.update(v for v in values[:-1] if v)
            if values[-1]:
                leader_ids.add(values[-1])
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("region__path", "sort_order"))
    leaders = list(User.objects.filter(pk__in=leader_ids).order_by("full_name", "username"))
    return units, leaders


# ---------------------------------------------------------------------------------------------
# Deadlines ahead


@dataclass(frozen=True)
class DeadlineRow:
    kind: str  # the CaseKind's key
    case: Any
    what: str
    item: DueItem

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].type_label

    @property
    def url(self) -> str:
        return str(self.case.get_absolute_url())


def deadlines_ahead(user: Any, *, as_of: dt.date, days: int = HORIZON_DAYS) -> list[DeadlineRow]:
    """The open cases' due dates up to `days` after `as_of` (overdue ones included): the
    复议 stage and the respondent's reply, the 应诉答辩 and the appeal period, by date."""
    horizon = as_of + dt.timedelta(days=days)
    rows = _recon_deadlines(user, as_of, horizon) + _lawsuit_deadlines(user, as_of, horizon)
    return sorted(rows, key=lambda row: (row.item.due or as_of, row.case.case_number))


def _row(kind: CaseKind, case: Any, what: str, due: dt.date | None, as_of: dt.date) -> DeadlineRow:
    item = due_item(
        module=kind.type_label,
        title=what,
        unit_name=case.answering_unit.name,
        today=as_of,
        due=due,
        url=case.get_absolute_url(),
    )
    return DeadlineRow(kind.key, case, what, item)


def _recon_deadlines(user: Any, as_of: dt.date, horizon: dt.date) -> list[DeadlineRow]:
    cases = Reconsideration.objects.visible_to(user).select_related("respondent")
    rows = [
        _row(RECON, case, RECON_STAGE_LABELS[case.status], case.due_on, as_of)
        for case in cases.filter(status__in=RECON_RUNNING, due_on__lte=horizon)
    ]
    awaiting = cases.filter(
        status=ReconStatus.ACCEPTED,
        reply_received_on__isnull=True,
        copy_sent_on__gte=as_of - dt.timedelta(days=REPLY_LOOKBACK_DAYS),
    )
    for case in awaiting:
        due = reply_due(case)
        if due is not None and due <= horizon:
            rows.append(_row(RECON, case, REPLY_LABEL, due, as_of))
    return rows


def _lawsuit_deadlines(user: Any, as_of: dt.date, horizon: dt.date) -> list[DeadlineRow]:
    cases = Lawsuit.objects.visible_to(user).select_related("defendant")
    answering = cases.filter(
        status=LawsuitStatus.ANSWERING, answered_on__isnull=True, answer_due_on__lte=horizon
    )
    rows = [_row(LAWSUIT, c, ANSWER_LABEL, c.answer_due_on, as_of) for c in answering]
    decided = cases.filter(
        status=LawsuitStatus.DECIDED,
        appealed=False,
        served_on__gte=as_of - dt.timedelta(days=APPEAL_LOOKBACK_DAYS),
    )
    for case in decided:
        due = due_date_or_none(appeal_rule(case), case.served_on)
        if due is not None and as_of <= due <= horizon:
            rows.append(_row(LAWSUIT, case, APPEAL_LABEL, due, as_of))
    return rows


# ---------------------------------------------------------------------------------------------
# Running figures and the weekly 通报


@dataclass(frozen=True)
class Figure:
    """One indicator's result with what the page shows and links to."""

    result: IndicatorResult
    numerator_url: str
    denominator_url: str

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator

    @property
    def value(self) -> str:
        return format_value(self.result.value, self.indicator)

    @property
    def previous(self) -> str:
        return format_value(self.result.previous_value, self.indicator)

    @property
    def change(self) -> str:
        return format_change(self.result.change, self.indicator)

    @property
    def target(self) -> str:
        return output.target_text(self.indicator)

    @property
    def numerator(self) -> str:
        return _plain(self.result.numerator)

    @property
    def denominator(self) -> str:
        return "—" if self.result.denominator is None else _plain(self.result.denominator)

    @property
    def meets_target(self) -> bool | None:
        return output.meets_target(self.indicator, self.result.value)

    @property
    def change_tone(self) -> str:
        """ "better"/"worse" than last year, "" when neutral or unknown."""
        return output.change_tone(self.indicator, self.result.change)


def _plain(number: Any) -> str:
    return f"{number}"


def figures_url(code: str, part: str, year: int) -> str:
    """The cases behind a figure of the user's own scope for `year` (to date in the current
    year), on the figures page's records view."""
    query = urlencode({"code": code, "part": part, "year": str(year)})
    return f"{reverse('disputes:figure-records')}?{query}"


def running_figures(scope: Scope, as_of: dt.date) -> list[IndicatorResult]:
    """The 通报's figures for 1 January to `as_of`, each with the same span a year earlier."""
    period = Period(dt.date(as_of.year, 1, 1), as_of)
    return engine.evaluate_all([registry.get(code) for code in BRIEFING_CODES], scope, period)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Briefing:
    """The weekly 研商通报 of one week for one user's part of the county."""

    monday: dt.date
    as_of: dt.date  # the week's Sunday, or today in the current week
    scope_label: str
    risks: list[RiskRow]
    deadlines: list[DeadlineRow]
    figures: list[IndicatorResult]
    period: Period | None
    current: bool  # the week holding today: its figures are the year to date, linked

    @property
    def figure_rows(self) -> list[Figure]:
        rows = []
        for result in self.figures:
            code, year = result.indicator.code, self.as_of.year
            num = figures_url(code, "numerator", year) if self.current else ""
            den = figures_url(code, "denominator", year) if self.current else ""
            rows.append(Figure(result, num, den if result.indicator.is_ratio else ""))
        return rows

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def week_number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def title(self) -> str:
        return "行政争议化解研商通报"

    @property
    def subtitle(self) -> str:
        return (
            f"{self.monday.isocalendar()[0]}年第{self.week_number}周"
            f"（{self.monday.month}月{self.monday.day}日—{self.sunday.month}月{self.sunday.day}日）"
        )

    @property
    def progress_since(self) -> dt.date:
        return self.as_of - dt.timedelta(days=PROGRESS_DAYS - 1)

    @property
    def horizon(self) -> dt.date:
        return self.as_of + dt.timedelta(days=HORIZON_DAYS)


def weekly_briefing(user: Any, *, day: dt.date, today: dt.date) -> Briefing:
    """The 通报 of the week holding `day`: the high-risk cases open at its end with the week's
    progress, the deadlines of the two weeks after, and the year's figures to that day."""
    monday = monday_of(day)
    if monday > today:
        raise ApplicationError(f"所选的周（{monday:%Y-%m-%d} 起）尚未开始")
    as_of = min(monday + dt.timedelta(days=6), today)
    scope = user_scope(user)
    return Briefing(
        monday=monday,
        as_of=as_of,
        scope_label=scope.label if scope else "",
        risks=high_risk_cases(user, as_of=as_of, with_week=True),
        deadlines=deadlines_ahead(user, as_of=as_of),
        figures=running_figures(scope, as_of) if scope else [],
        period=Period(dt.date(as_of.year, 1, 1), as_of) if scope else None,
        current=as_of == today,
    )
