"""争议化解 in the demo: high-risk cases with a 包案领导, weekly 研商 and 风险提示函."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from random import Random
from typing import Any

from ..enums import RECON_MEDIATED_OR_WITHDRAWN, LawsuitStatus, ProgressKind, ReconStatus
from ..models import Lawsuit, ProgressEntry, Reconsideration, RiskNotice
from ..services import case_link, notice_number
from .cast import Cast, after_days, workday
from .data import MEASURES, RISK_REASONS, RISKY_FIELDS
from .recon import ReconDraft
from .suits import SuitDraft

SUGGESTIONS = (
    "请贵单位高度重视，由主要负责人牵头研究，全面梳理案件事实、证据和程序，"
    "积极与当事人沟通协调，力争实质性化解争议，并于反馈期限前书面报告化解进展。"
)


def risks(
    cast: Cast, recons: list[ReconDraft], suits: list[SuitDraft], rng: Random
) -> tuple[list[ProgressEntry], list[RiskNotice]]:
    """About 15 open high-risk cases with a 包案领导, weekly 研商 and a few 风险提示函, and three
    recently resolved ones."""
    open_recons, open_suits, resolved = _candidates(recons, suits, cast.today)
    recon_risks = rng.sample(open_recons, min(8, len(open_recons)))
    suit_risks = rng.sample(open_suits, min(7, len(open_suits)))
    done = rng.sample(resolved, min(3, len(resolved)))
    progress: list[ProgressEntry] = []
    marked: list[Reconsideration | Lawsuit] = [*recon_risks, *suit_risks, *done]
    for case in marked:
        _mark(case, cast, rng)
        progress += _meetings(case, case.risk_marked_on or cast.today, cast, rng)
    notices, notice_lines = _notices([*recon_risks[:2], *suit_risks[:2]], cast, rng)
    return progress + notice_lines, notices


def _candidates(
    recons: list[ReconDraft], suits: list[SuitDraft], today: dt.date
) -> tuple[list[Reconsideration], list[Lawsuit], list[Reconsideration]]:
    """Open cases in the contested fields running for two weeks or more (long enough for a
    研商 meeting since they were marked); 复议 cases resolved by 调撤 in the last two months."""
    since = today - dt.timedelta(days=14)
    open_statuses = (ReconStatus.ACCEPTED, ReconStatus.SUSPENDED)
    open_recons = [
        d.case
        for d in recons
        if d.case.status in open_statuses
        and d.matter.field in RISKY_FIELDS
        and (d.case.accepted_on or today) <= since
    ]
    open_suits = [
        d.case
        for d in suits
        if d.case.status in (LawsuitStatus.ANSWERING, LawsuitStatus.TRIAL)
        and d.matter.field in RISKY_FIELDS
        and d.case.filed_on <= since
    ]
    resolved = [
        d.case
        for d in recons
        if d.case.outcome in RECON_MEDIATED_OR_WITHDRAWN
        and d.case.accepted_on
        and d.case.closed_on
        and (today - d.case.closed_on).days <= 60
        and (d.case.closed_on - d.case.accepted_on).days >= 28
    ]
    return open_recons, open_suits, resolved


def _mark(case: Reconsideration | Lawsuit, cast: Cast, rng: Random) -> None:
    if isinstance(case, Reconsideration):
        start, unit = case.accepted_on or case.received_on, case.respondent
    else:
        start, unit = case.filed_on, case.defendant
    end = case.closed_on - dt.timedelta(days=14) if case.closed_on else cast.today
    latest = end - dt.timedelta(days=8)  # a weekly meeting has been held since
    case.high_risk = True
    case.risk_reason = RISK_REASONS.get(case.field.code, "事实认定和法律适用存在争议，存在败诉风险")
    case.risk_marked_on = min(start + dt.timedelta(days=rng.randint(2, 10)), latest)
    case.lead_leader = cast.users["leader"]
    case.risk_unit = unit


def _meetings(
    case: Reconsideration | Lawsuit, marked: dt.date, cast: Cast, rng: Random
) -> list[ProgressEntry]:
    """周研商: a meeting each Thursday since the case was marked (the last eight kept), a
    measure now and then, and the result when it was resolved."""
    end = case.closed_on or cast.today
    leader, author = cast.users["leader"], cast.users["clerk_sfj"]
    unit: Any = case.risk_unit
    thursday = marked + dt.timedelta(days=(3 - marked.weekday()) % 7 or 7)
    days = []
    while workday(thursday) <= end:
        days.append(workday(thursday))
        thursday += dt.timedelta(days=7)
    entries = []
    for number, day in list(enumerate(days, start=1))[-8:]:
        measure = rng.choice(MEASURES)
        content = f"第{number}次周研商：{leader.full_name}主持，{unit.name}汇报案件进展；会议要求{measure}。"
        entries.append(
            ProgressEntry(
                kind=ProgressKind.MEETING,
                happened_on=day,
                content=content,
                author=author,
                **case_link(case),
            )
        )
        later = after_days(day, rng.randint(1, 3))
        if rng.random() < 0.4 and later <= end:
            entries.append(
                ProgressEntry(
                    kind=ProgressKind.MEASURE,
                    happened_on=later,
                    content=f"{unit.name}：{measure}",
                    author=author,
                    **case_link(case),
                )
            )
    if case.closed_on:
        result = "申请人撤回复议申请" if isinstance(case, Reconsideration) else "原告撤诉"
        entries.append(
            ProgressEntry(
                kind=ProgressKind.OUTCOME,
                happened_on=case.closed_on,
                content=f"{result}，争议实质性化解。",
                author=author,
                **case_link(case),
            )
        )
    return entries


def _notices(
    cases: Iterable[Reconsideration | Lawsuit], cast: Cast, rng: Random
) -> tuple[list[RiskNotice], list[ProgressEntry]]:
    """败诉风险提示函, numbered per year as `services.next_notice_number` continues them."""
    counters: dict[int, int] = defaultdict(int)
    notices, lines = [], []
    author = cast.users["clerk_sfj"]
    for case in sorted(cases, key=lambda c: c.risk_marked_on or cast.today):
        marked = case.risk_marked_on or cast.today
        issued = min(after_days(marked, rng.randint(1, 5)), cast.today)
        counters[issued.year] += 1
        number = notice_number(issued.year, counters[issued.year])
        to_unit: Any = case.risk_unit
        notices.append(
            RiskNotice(
                number=number,
                to_unit=to_unit,
                issued_on=issued,
                risks=case.risk_reason,
                suggestions=SUGGESTIONS,
                reply_by=issued + dt.timedelta(days=10),
                author=author,
                **case_link(case),
            )
        )
        content = f"向{to_unit.name}发出{number}"
        lines.append(
            ProgressEntry(
                kind=ProgressKind.NOTICE,
                happened_on=issued,
                content=content,
                author=author,
                **case_link(case),
            )
        )
    return notices, lines
