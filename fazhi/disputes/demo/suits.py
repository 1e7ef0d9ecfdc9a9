"""The 诉讼 cases of the demo: 一审 (direct, or after a 复议 the county upheld) and 二审."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from random import Random
from typing import Any

from fazhi.core.exceptions import CalendarMissingError

from .. import checks
from ..enums import (
    LAWSUIT_LOSSES,
    LAWSUIT_MEDIATED_OR_WITHDRAWN,
    HeadRank,
    Instance,
    LawsuitOutcome,
    LawsuitStatus,
    ReconOutcome,
)
from ..models import Hearing, Lawsuit, Reconsideration
from ..services import PartyData, appeal_due, lawsuit_due, summarise_hearings
from .cast import (
    Cast,
    Roster,
    after_days,
    amount_at_stake,
    draw_until,
    quota,
    subject,
    workday,
)
from .data import APPEAL_SHARE, DEFENDANT_WEIGHTS, SUITS_AFTER_RECON, A, Matter
from .recon import ReconDraft

RO, LO = ReconOutcome, LawsuitOutcome


@dataclass
class SuitPlan:
    """How one instance of a 诉讼 case will go; `_suit_case` puts it on the calendar."""

    filed: dt.date
    outcome: str
    defendant: Any
    matter: Matter
    plaintiffs: list[PartyData]
    amount: Decimal | None = None
    instance: str = Instance.FIRST
    recon: Reconsideration | None = None
    previous: Lawsuit | None = None
    co_defendant: Any = None
    hearings: tuple[int, ...] = ()  # days after filing
    close_days: int = 90
    appeal_days: int | None = None  # days after service the appeal is lodged
    changed_act: bool = False
    simple: bool = False


@dataclass
class SuitDraft:
    case: Lawsuit
    matter: Matter
    plaintiffs: list[PartyData]
    hearings: list[Hearing]
    appeal_on: dt.date | None = None


def _suit_plan(rng: Random, filed: dt.date, outcome: str, cast: Cast) -> SuitPlan:
    defendant, matter = subject(cast, DEFENDANT_WEIGHTS, rng)
    amount = amount_at_stake(matter, rng)
    plan = SuitPlan(filed, outcome, defendant, matter, cast.people.group(matter), amount)
    return _finish_plan(plan, rng)


def _after_recon_plan(
    cast: Cast, draft: ReconDraft, filed: dt.date, outcome: str, rng: Random
) -> SuitPlan:
    """A suit after a 复议 that upheld the act: the 复议机关 is a co-defendant (行政诉讼法 第26条;
    行诉解释 第133条 counts 驳回复议请求 as upholding)."""
    case = draft.case
    plan = SuitPlan(
        filed,
        outcome,
        case.respondent,
        draft.matter,
        draft.applicants,
        case.amount,
        recon=case,
        co_defendant=cast.government,
    )
    return _finish_plan(plan, rng)


def _finish_plan(plan: SuitPlan, rng: Random) -> SuitPlan:
    small = plan.amount is not None and plan.amount <= 2000
    plan.simple = (plan.matter.act == A.INFO_DISCLOSURE or small) and rng.random() < 0.5
    plan.changed_act = plan.outcome == LO.WITHDRAWN and rng.random() < 0.06
    _suit_course(plan, rng)
    if rng.random() < APPEAL_SHARE.get(plan.outcome, 0):
        plan.appeal_days = rng.randint(4, 9)  # within 10 or 15 days of service (第85条)
    return plan


def _suit_course(plan: SuitPlan, rng: Random) -> None:
    """Hearings and the day it ends: 一审 within 6 months (第81条), 简易 45 days (第83条),
    二审 3 months (第88条)."""
    outcome, roll = plan.outcome, rng.random()
    if plan.instance == Instance.SECOND or plan.simple:
        first = rng.randint(25, 50) if plan.instance == Instance.SECOND else rng.randint(22, 32)
        plan.hearings = (first,) if roll < 0.7 else ()
        plan.close_days = first + rng.randint(2, 10 if plan.simple else 35)
        return
    heard = (
        outcome in (LO.REJECT_CLAIM, LO.MEDIATED, *LAWSUIT_LOSSES)
        or (outcome == LO.WITHDRAWN and roll < 0.6)
        or (outcome == LO.DISMISS_SUIT and roll < 0.5)
    )
    if not heard:
        plan.hearings, plan.close_days = (), rng.randint(20, 90)
        return
    days = [rng.randint(35, 100)]
    if outcome not in LAWSUIT_MEDIATED_OR_WITHDRAWN and rng.random() < 0.12:
        days.append(days[0] + rng.randint(20, 45))
    plan.hearings = tuple(days)
    plan.close_days = min(days[-1] + rng.randint(7, 45), 175)


def _suit_case(plan: SuitPlan, cast: Cast, rng: Random) -> SuitDraft:
    m = plan.matter
    higher = plan.instance == Instance.SECOND or plan.defendant == cast.government
    case = Lawsuit(
        instance=plan.instance,
        court=cast.mid_court if higher else cast.court,
        defendant=plan.defendant,
        co_defendant=plan.co_defendant,
        act_type=m.act,
        field=cast.fields[m.field],
        claim=_suit_claim(plan),
        amount=plan.amount,
        reconsideration=plan.recon,
        previous_instance=plan.previous,
        simple_procedure=plan.simple,
        filed_on=plan.filed,
    )
    case.complaint_received_on = after_days(plan.filed, rng.randint(2, 7))
    answered = after_days(case.complaint_received_on, rng.randint(5, 13))
    case.closed_on = after_days(plan.filed, plan.close_days)
    case.answered_on = answered if answered <= case.closed_on else None
    case.served_on = after_days(case.closed_on, rng.randint(1, 6))
    case.outcome, case.defendant_changed_act = plan.outcome, plan.changed_act
    roster = cast.roster(plan.defendant)
    held = [after_days(plan.filed, days) for days in plan.hearings]
    appears = cast.profile.head_appears
    hearings = [_hearing(case, on, roster, appears, rng) for on in held if on <= case.closed_on]
    appeal_on = None
    if plan.appeal_days:
        appeal_on = case.served_on + dt.timedelta(days=plan.appeal_days)
    return SuitDraft(case, m, plan.plaintiffs, hearings, appeal_on)


def _suit_claim(plan: SuitPlan) -> str:
    if plan.instance == Instance.SECOND:
        return "请求撤销一审判决（裁定），依法改判"
    what = plan.matter.what
    if plan.matter.act == A.NONPERFORMANCE:
        return f"请求判令被告履行法定职责（{what}）"
    if plan.recon is not None:
        return f"请求撤销被告作出的{what}及复议决定"
    return f"请求撤销被告作出的{what}"


EXCUSE = "主要负责人、分管负责人因参加上级重要会议无法出庭，已向法院书面说明理由，委托工作人员出庭"


def _hearing(
    case: Lawsuit, held_on: dt.date, roster: Roster, appears: float, rng: Random
) -> Hearing:
    """A hearing with its 负责人出庭 record: a qualifying head in the county's share of hearings
    (最高法 2020 规定 第2条; 示例县 about 98 of 100), otherwise a documented excuse (第8–9条)."""
    requested = rng.random() < 0.9
    hearing = Hearing(case=case, held_on=held_on, head_requested=requested)
    if requested:  # served at least 3 days before the hearing (规定 第5条)
        hearing.notice_served_on = held_on - dt.timedelta(days=rng.randint(3, 10))
    if rng.random() < appears:
        weights = (30, 25, 25, 15, 5)[: len(roster.heads)]
        name, position, rank = rng.choices(roster.heads, weights=weights)[0]
        hearing.head_appeared, hearing.head_rank = True, rank
        hearing.head_name, hearing.head_position = name, position
    else:
        hearing.head_name, hearing.head_position = roster.staff
        hearing.head_rank, hearing.excuse, hearing.excuse_documented = HeadRank.STAFF, EXCUSE, True
    hearing.derive()
    return hearing


def _suit_as_of(draft: SuitDraft, today: dt.date) -> None:
    """What had happened by `today`; the status, due date and attendance fields follow."""
    case = draft.case
    for name in checks.LAWSUIT_DATES:
        if getattr(case, name) and getattr(case, name) > today:
            setattr(case, name, None)
    draft.hearings = [h for h in draft.hearings if h.held_on <= today]
    if draft.appeal_on and draft.appeal_on > today:
        draft.appeal_on = None
    if not case.closed_on:
        case.outcome, case.served_on, case.defendant_changed_act = "", None, False
    case.status = _suit_status(case, draft.appeal_on, today)
    case.appealed = draft.appeal_on is not None
    case.answer_due_on = lawsuit_due(case)
    for key, value in summarise_hearings(draft.hearings).items():
        setattr(case, key, value)
    case.derive()


def _suit_status(case: Lawsuit, appeal_on: dt.date | None, today: dt.date) -> str:
    if not case.complaint_received_on:
        return LawsuitStatus.FILED
    if not case.closed_on:
        return LawsuitStatus.TRIAL if case.answered_on else LawsuitStatus.ANSWERING
    if case.outcome in LAWSUIT_MEDIATED_OR_WITHDRAWN or appeal_on:
        return LawsuitStatus.CLOSED
    if not case.served_on:
        return LawsuitStatus.DECIDED
    try:
        due = appeal_due(case)
    except CalendarMissingError:
        return LawsuitStatus.DECIDED
    return LawsuitStatus.DECIDED if due is None or today <= due else LawsuitStatus.CLOSED


def first_instances(
    cast: Cast, years: Sequence[int], rng: Callable[..., Random], recons: list[ReconDraft]
) -> list[SuitDraft]:
    """Every year's 一审 suits as of today, numbered by court and year."""
    filings = _filings_after_recon(recons, rng("复议后起诉"))
    received: dict[int, int] = defaultdict(int)
    for draft in recons:
        received[draft.case.received_on.year] += 1
    drafts = [
        d
        for year in years
        for d in _suit_year(cast, year, rng("诉讼", year), filings, received[year])
    ]
    number_suits(drafts, cast, "行初", rng("一审案号"))
    return drafts


def _filings_after_recon(recons: list[ReconDraft], rng: Random) -> list[tuple[ReconDraft, dt.date]]:
    """When each upheld 复议 would reach court if its applicant sued: within 15 days of the
    decision (行政诉讼法 第45条), filed by the court a few days later."""
    upheld = (RO.UPHOLD, RO.REJECT_REQUEST)
    return [
        (d, after_days(d.case.closed_on, rng.randint(8, 20)))
        for d in recons
        if d.case.closed_on and d.case.outcome in upheld
    ]


def _suit_year(
    cast: Cast, year: int, rng: Random, filings: list[tuple[ReconDraft, dt.date]], received: int
) -> list[SuitDraft]:
    """The year's 一审 suits: about a third as many as 复议 applications, a share of them after
    复议; losses only among the direct suits (复议后败诉 零发生)."""
    start, end = cast.ctx.period(year)
    profile = cast.profile
    total = round(received / rng.uniform(*profile.recon_per_suit))
    candidates = [(d, on) for d, on in filings if start <= on <= end]
    wanted = round(total * rng.uniform(*SUITS_AFTER_RECON))
    after = rng.sample(candidates, min(wanted, len(candidates)))
    outcomes = quota(profile.suit_shares, total, LO.REJECT_CLAIM, rng)
    losses = [o for o in outcomes if o in LAWSUIT_LOSSES]
    others = [o for o in outcomes if o not in LAWSUIT_LOSSES]
    plans = [
        _after_recon_plan(cast, d, on, outcome, rng)
        for (d, on), outcome in zip(after, others, strict=False)
    ]
    forced = _forced_suits(cast, rng) if profile.showcase and year == cast.today.year else []
    direct = losses + others[len(after) :]
    rng.shuffle(direct)
    plans += forced
    plans += [_suit_plan(rng, cast.random_day(year, rng), o, cast) for o in direct[len(forced) :]]
    drafts = [_suit_case(plan, cast, rng) for plan in plans]
    for draft in drafts:
        _suit_as_of(draft, cast.today)
    return drafts


FORCED_SUITS = (
    ("filed", 1, LawsuitStatus.FILED),
    ("answering", 2, LawsuitStatus.ANSWERING),
    ("decided", 2, LawsuitStatus.DECIDED),
)


def _forced_suits(cast: Cast, rng: Random) -> list[SuitPlan]:
    """Open suits the current year must show: just filed, 应诉答辩中, 上诉期内."""
    today = cast.today

    def make(kind: str) -> SuitPlan:
        if kind == "decided":
            filed = today - dt.timedelta(days=rng.randint(70, 150))
            plan = _suit_plan(rng, filed, LO.REJECT_CLAIM, cast)
            end = (today - filed).days - rng.randint(2, 8)
            return replace(
                plan, simple=False, hearings=(end - 20,), close_days=end, appeal_days=None
            )
        back = rng.randint(0, 2) if kind == "filed" else rng.randint(4, 16)
        filed = min(workday(today - dt.timedelta(days=back)), today)
        return _suit_plan(rng, filed, LO.REJECT_CLAIM, cast)

    plans = []
    for kind, count, status in FORCED_SUITS:
        for _ in range(count):

            def ok(plan: SuitPlan, status: str = status) -> bool:
                draft = _suit_case(plan, cast, rng)
                _suit_as_of(draft, today)
                return draft.case.status == status

            def draw(kind: str = kind) -> SuitPlan:
                return make(kind)

            found = draw_until(draw, ok)
            if found is not None:
                plans.append(found)
    return plans


def appeals(firsts: list[SuitDraft], cast: Cast, rng: Random) -> list[SuitDraft]:
    """二审 of the appealed 一审 cases filed by today: mostly 维持原判 (the 一审 result stands),
    now and then 撤回上诉."""
    drafts = []
    for first in firsts:
        case = first.case
        if not case.appealed or first.appeal_on is None:
            continue
        filed = after_days(first.appeal_on, rng.randint(20, 40))
        if filed > cast.today:
            continue
        outcome = case.outcome if rng.random() < 0.85 else LO.WITHDRAWN
        plan = SuitPlan(
            filed,
            outcome,
            case.defendant,
            first.matter,
            first.plaintiffs,
            case.amount,
            instance=Instance.SECOND,
            recon=case.reconsideration,
            previous=case,
            co_defendant=case.co_defendant,
        )
        _suit_course(plan, rng)
        draft = _suit_case(plan, cast, rng)
        _suit_as_of(draft, cast.today)
        drafts.append(draft)
    return drafts


def number_suits(drafts: list[SuitDraft], cast: Cast, kind: str, rng: Random) -> None:
    """（2025）示0121行初12号: numbered by court and year in filing order; other cases of the
    court take the numbers between. The 中级人民法院's series runs on across the counties."""
    counters = cast.case_numbers
    for draft in sorted(drafts, key=lambda d: d.case.filed_on):
        case = draft.case
        court = cast.court_code if case.court == cast.court else "示01"
        key = (kind, case.filed_on.year, court)
        counters[key] = counters.get(key, 0) + rng.randint(1, 3)
        case.case_number = f"（{key[1]}）{court}{kind}{counters[key]}号"
