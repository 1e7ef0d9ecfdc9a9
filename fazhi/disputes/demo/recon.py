"""The 复议 cases of the demo: a plan per case, put on the calendar, seen as of today."""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from random import Random
from typing import Any

from fazhi.core.deadlines import DueStatus, due_date, due_status

from .. import checks, rules
from ..enums import (
    RECON_DECISIONS,
    RECON_MEDIATED_OR_WITHDRAWN,
    HeadAttendance,
    Procedure,
    ReconOutcome,
    ReconStatus,
    SimpleGround,
    SuspensionReason,
)
from ..ledger_plan import recon_status
from ..models import Reconsideration, Suspension
from ..services import PartyData, reconsideration_due
from .cast import Cast, add_wd, after_days, amount_at_stake, draw_until, quota, subject, workday
from .data import PRE_FILING, RESPONDENT_WEIGHTS, A, Matter

RO = ReconOutcome


@dataclass
class ReconPlan:
    """How one 复议 case will go; `_recon_case` turns it into dates on the calendar."""

    received: dt.date
    outcome: str
    respondent: Any
    matter: Matter
    amount: Decimal | None = None
    pre_filing: bool = False
    correction: tuple[int, int | None] | None = None  # WD to the request, WD to the supply
    accept_wd: int = 3  # 0: 视为受理 when the review period ends
    simple_ground: str = ""
    quick_fine: bool = False
    close_days: int = 45  # from 受理; WD from the review's start when it ends before 受理
    suspension: tuple[int, int | None, int] | None = None  # days after 受理, length, reason
    extension: tuple[int, int] | None = None  # days after 受理 approved, days granted
    hearing: str = ""  # HeadAttendance, when a hearing is held
    committee: bool = False


@dataclass
class ReconDraft:
    case: Reconsideration
    matter: Matter
    applicants: list[PartyData]
    suspensions: list[Suspension]


def _recon_plan(rng: Random, received: dt.date, outcome: str, cast: Cast) -> ReconPlan:
    respondent, matter = subject(cast, RESPONDENT_WEIGHTS, rng)
    plan = ReconPlan(received, outcome, respondent, matter, amount=amount_at_stake(matter, rng))
    if outcome == PRE_FILING:
        plan.outcome = rng.choice((RO.WITHDRAWN, RO.WITHDRAWN, RO.SETTLED))
        plan.pre_filing, plan.close_days = True, rng.randint(1, 5)
        return plan
    if outcome == RO.ABANDONED:
        plan.correction, plan.close_days = (rng.randint(1, 4), None), rng.randint(11, 14)
        return plan
    if rng.random() < 0.07:
        plan.correction = (rng.randint(1, 4), rng.randint(2, 9))
    if outcome == RO.NOT_ACCEPTED:
        plan.close_days = rng.randint(2, 5)
        return plan
    plan.accept_wd = 0 if rng.random() < 0.02 else rng.randint(1, 5)
    _procedure(plan, rng)
    return plan


def _procedure(plan: ReconPlan, rng: Random) -> None:
    """简易 or 普通, how long it takes, and the 中止, 延期 and hearing a case may have."""
    matter, outcome, small = plan.matter, plan.outcome, (plan.amount or 0) <= 3000
    if rng.random() < 0.2 and outcome != RO.TERMINATED:
        plan.simple_ground = _simple_ground(matter, small)
        plan.quick_fine = matter.act == A.PENALTY and plan.amount is not None and small
        plan.close_days = rng.randint(10, 29)
        return
    quick = outcome in RECON_MEDIATED_OR_WITHDRAWN
    plan.close_days = rng.randint(8, 55) if quick else rng.randint(30, 59)
    decision = outcome in RECON_DECISIONS
    if outcome == RO.TERMINATED:
        reason = rng.choice((SuspensionReason.OTHER_CASE, SuspensionReason.FORCE_MAJEURE))
        plan.suspension = (rng.randint(10, 30), None, reason)
        plan.close_days = plan.suspension[0] + rng.randint(20, 50)
    elif rng.random() < 0.03:
        reason = rng.choice((SuspensionReason.MEDIATION, SuspensionReason.OTHER_CASE))
        plan.suspension = (rng.randint(10, 25), rng.randint(10, 40), reason)
    elif decision and rng.random() < 0.07:
        days = rng.choice((20, 30, 30))
        plan.extension = (rng.randint(45, 56), days)
        plan.close_days = rng.randint(61, 58 + days)
    if (decision or outcome == RO.MEDIATED) and rng.random() < 0.1:
        plan.hearing = HeadAttendance.ATTENDED if rng.random() < 0.85 else HeadAttendance.EXCUSED
    plan.committee = decision and rng.random() < 0.03


def _simple_ground(matter: Matter, small: bool) -> str:
    """第53条: 当场作出, 警告, 三千元以下, 政府信息公开; otherwise the parties agree."""
    if matter.act == A.INFO_DISCLOSURE:
        return SimpleGround.INFO_DISCLOSURE
    if matter.act == A.PENALTY and matter.amount is not None and small:
        return SimpleGround.SMALL_AMOUNT
    if "道路交通" in matter.what:
        return SimpleGround.ON_THE_SPOT
    return SimpleGround.PARTIES_AGREE


def _recon_case(plan: ReconPlan, cast: Cast, number: str, rng: Random) -> ReconDraft:
    m = plan.matter
    case = Reconsideration(
        case_number=number,
        organ=cast.government,
        handling_unit=cast.justice,
        respondent=plan.respondent,
        act_type=m.act,
        field=cast.fields[m.field],
        act_description=f"{plan.respondent.name}作出的{m.what}",
        claim=_claim(m),
        amount=plan.amount,
        applied_on=plan.received - dt.timedelta(days=rng.randint(0, 4)),
        received_on=plan.received,
        quick_fine=plan.quick_fine,
    )
    draft = ReconDraft(case, m, cast.people.group(m), [])
    start = _admission_review(case, plan)
    if plan.pre_filing or plan.outcome in (RO.NOT_ACCEPTED, RO.ABANDONED):
        case.closed_on = add_wd(start, plan.close_days)
        case.outcome, case.pre_filing_resolved = plan.outcome, plan.pre_filing
        return draft
    accepted = add_wd(start, plan.accept_wd) if plan.accept_wd else _admission_due(start)
    case.accepted_on, case.deemed_accepted = accepted, not plan.accept_wd
    if plan.simple_ground:
        case.procedure, case.simple_ground = Procedure.SIMPLE, plan.simple_ground
    draft.suspensions = _suspensions(case, plan, accepted)
    closed = _decide(case, plan, accepted)
    if case.outcome == RO.TERMINATED and draft.suspensions:
        draft.suspensions[0].resumed_on = closed  # 终止 ends the 中止 (第41条)
    _exchange(case, plan, accepted, closed, rng)
    return draft


def _claim(matter: Matter) -> str:
    if matter.act == A.NONPERFORMANCE:
        return f"请求责令被申请人履行法定职责（{matter.what}）"
    if matter.act == A.INFO_DISCLOSURE:
        return "请求撤销被申请人作出的政府信息公开答复，责令重新答复"
    return f"请求撤销被申请人作出的{matter.what}"


def _admission_due(start: dt.date) -> dt.date:
    return due_date(rules.ADMISSION, start)


def _admission_review(case: Reconsideration, plan: ReconPlan) -> dt.date:
    """补正 dates (第31条), and the day the admission review runs from (or, when the case is
    abandoned, the day the correction was requested)."""
    if plan.correction is None:
        return case.received_on
    request_wd, supply_wd = plan.correction
    case.correction_requested_on = add_wd(case.received_on, request_wd)
    if supply_wd is None:
        return case.correction_requested_on
    case.correction_supplied_on = add_wd(case.correction_requested_on, supply_wd)
    return case.correction_supplied_on


def _suspensions(case: Reconsideration, plan: ReconPlan, accepted: dt.date) -> list[Suspension]:
    if plan.suspension is None:
        return []
    after, length, reason = plan.suspension
    on = after_days(accepted, after)
    resumed = after_days(on, length) if length else None
    if resumed:
        case.suspended_days = (resumed - on).days
    return [Suspension(case=case, reason=reason, suspended_on=on, resumed_on=resumed)]


def _decide(case: Reconsideration, plan: ReconPlan, accepted: dt.date) -> dt.date:
    """The decision (or 终止) and its date: within 60 days of 受理 plus the days suspended,
    or the extended period; a quick-lane fine within 5 working days (第62条)."""
    if plan.quick_fine:
        closed = add_wd(accepted, 3 + plan.close_days % 3)
    elif plan.outcome == RO.TERMINATED:
        closed = after_days(accepted, plan.close_days)
    else:
        closed = after_days(accepted, plan.close_days + case.suspended_days)
    if plan.extension:
        after, days = plan.extension
        case.extended_on, case.extension_days = after_days(accepted, after), days
    case.outcome, case.closed_on = plan.outcome, closed
    case.committee_consulted = plan.committee
    return closed


def _exchange(
    case: Reconsideration, plan: ReconPlan, accepted: dt.date, closed: dt.date, rng: Random
) -> None:
    """申请书副本 to the 被申请人, its reply (第48、54条) and a hearing (第50–51条), each only
    if it came before the case closed."""
    simple = case.procedure == Procedure.SIMPLE
    if plan.quick_fine:
        sent_wd, reply_wd = 1, 1
    else:
        sent_wd = rng.randint(1, 3 if simple else 7)
        reply_wd = rng.randint(3, 5) if simple else rng.randint(5, 10)
    sent, reply = add_wd(accepted, sent_wd), add_wd(add_wd(accepted, sent_wd), reply_wd)
    case.copy_sent_on = sent if sent <= closed else None
    case.reply_received_on = reply if case.copy_sent_on and reply <= closed else None
    if plan.hearing and case.reply_received_on:
        on = after_days(case.reply_received_on, rng.randint(3, 12))
        if on < closed:
            case.hearing_held, case.hearing_on, case.head_attendance = True, on, plan.hearing


def _recon_as_of(draft: ReconDraft, today: dt.date) -> None:
    """What had happened by `today`: later dates are cut away and the status follows."""
    case = draft.case
    for name in checks.RECON_DATES:
        if getattr(case, name) and getattr(case, name) > today:
            setattr(case, name, None)
    draft.suspensions = [s for s in draft.suspensions if s.suspended_on <= today]
    for s in draft.suspensions:
        if s.resumed_on and s.resumed_on > today:
            s.resumed_on = None
    if not case.closed_on:
        case.outcome, case.pre_filing_resolved, case.committee_consulted = "", False, False
        case.suspended_days = sum(
            (s.resumed_on - s.suspended_on).days for s in draft.suspensions if s.resumed_on
        )
    if not case.accepted_on:
        case.deemed_accepted, case.procedure, case.simple_ground = False, Procedure.NORMAL, ""
    if not case.extended_on:
        case.extension_days = 0
    if not case.hearing_on:
        case.hearing_held, case.head_attendance = False, HeadAttendance.NOT_APPLICABLE
    # A case here has an outcome exactly when it is closed (cleared above otherwise).
    suspended = any(s.resumed_on is None for s in draft.suspensions)
    case.status = recon_status(case, suspended=suspended)
    case.due_on = _recon_due(case)
    case.derive()


def _recon_due(case: Reconsideration) -> dt.date | None:
    """The due date the services would have stored: a closed case keeps the one of the stage
    it was closed from (none after a 中止, 第39条), worked out on a copy at that stage."""
    if case.status != ReconStatus.CLOSED:
        return reconsideration_due(case)
    stage = copy.copy(case)
    stage.outcome = ""
    stage.status = recon_status(stage, suspended=case.outcome == RO.TERMINATED)
    return reconsideration_due(stage)


# The open cases the current year must show, each drawn until the calendar gives its status:
# (kind, how many, plan overrides from today).
def _forced_recon_plans(today: dt.date, rng: Random) -> dict[str, Callable[[], dict[str, Any]]]:
    def back(low: int, high: int) -> dt.date:
        day = today - dt.timedelta(days=rng.randint(low, high))
        return min(workday(day), today)

    plain = {"simple_ground": "", "quick_fine": False, "extension": None, "hearing": ""}
    return {
        "received": lambda: {**plain, "received": back(0, 4), "accept_wd": 5, "correction": None},
        "correcting": lambda: {**plain, "received": back(4, 10), "correction": (1, 9)},
        "suspended": lambda: {
            **plain,
            "received": back(25, 50),
            "correction": None,
            "suspension": (rng.randint(8, 18), 120, SuspensionReason.MEDIATION),
        },
        "soon": lambda: {**plain, "received": back(50, 72), "correction": None, "close_days": 59},
        "overdue": lambda: {
            **plain,
            "received": back(66, 85),
            "correction": None,
            "suspension": None,
            "close_days": 110,
        },
    }


FORCED_RECON = (("received", 3), ("correcting", 2), ("suspended", 2), ("soon", 3), ("overdue", 2))


def _forced_recon_ok(kind: str, case: Reconsideration, today: dt.date) -> bool:
    wanted = {
        "received": ReconStatus.RECEIVED,
        "correcting": ReconStatus.CORRECTING,
        "suspended": ReconStatus.SUSPENDED,
    }.get(kind, ReconStatus.ACCEPTED)
    if case.status != wanted:
        return False
    if kind == "soon":
        return case.due_on is not None and due_status(case.due_on, today) == DueStatus.SOON
    if kind == "overdue":
        return case.due_on is not None and case.due_on < today
    return True


def recon_drafts(cast: Cast, years: Sequence[int], rng: Callable[..., Random]) -> list[ReconDraft]:
    """Every year's 复议 cases as of today, numbered per year in the order received
    (示政复〔2025〕12号). `rng(*labels)` gives the step's seeded streams."""
    plans = [plan for year in years for plan in _year_plans(cast, year, rng("复议", year))]
    plans.sort(key=lambda p: p.received)
    building = rng("复议办理")
    counters: dict[int, int] = defaultdict(int)
    drafts = []
    for plan in plans:
        year = plan.received.year
        counters[year] += 1
        number = f"{cast.recon_prefix}〔{year}〕{counters[year]}号"
        draft = _recon_case(plan, cast, number, building)
        _recon_as_of(draft, cast.today)
        drafts.append(draft)
    return drafts


def _year_plans(cast: Cast, year: int, rng: Random) -> list[ReconPlan]:
    """The county's yearly number (the current year in proportion), outcomes by quota; the demo
    county's current year also has its required open cases, which may reach back into the
    year before."""
    start, end = cast.ctx.period(year)
    share = ((end - start).days + 1) / ((dt.date(year, 12, 31) - start).days + 1)
    profile = cast.profile
    total = round(rng.randint(*profile.recon_per_year) * share)
    outcomes = quota(profile.recon_shares, total, RO.UPHOLD, rng)
    plans = _forced_recons(cast, rng) if profile.showcase and year == cast.today.year else []
    plans += [
        _recon_plan(rng, cast.random_day(year, rng), outcome, cast)
        for outcome in outcomes[len(plans) :]
    ]
    return plans


def _forced_recons(cast: Cast, rng: Random) -> list[ReconPlan]:
    makers = _forced_recon_plans(cast.today, rng)
    plans = []
    for kind, count in FORCED_RECON:
        for _ in range(count):

            def make(kind: str = kind) -> tuple[ReconPlan, ReconDraft]:
                plan = replace(_recon_plan(rng, cast.today, RO.UPHOLD, cast), **makers[kind]())
                draft = _recon_case(plan, cast, "", rng)
                _recon_as_of(draft, cast.today)
                return plan, draft

            def ok(pair: tuple[ReconPlan, ReconDraft], kind: str = kind) -> bool:
                return _forced_recon_ok(kind, pair[1].case, cast.today)

            found = draw_until(make, ok)
            if found is not None:
                plans.append(found[0])
    return plans
