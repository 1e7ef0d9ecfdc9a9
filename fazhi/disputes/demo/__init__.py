"""The 行政复议与应诉 step of `fazhi seed_demo`: four years of dispute cases in every county of
示例市, 示例县 in full.

For each year of `ctx.years`, about 280 复议 applications against the county's departments and
township governments (handled by 示例县司法局 for 示例县人民政府) and about 95 一审 lawsuits
(复议诉讼收案比 ≈ 3), a share of them after a 复议 the county upheld (the county government then
a co-defendant), and a few 二审 appeals. Each case is simulated on the official calendar from
receipt to its end (受理 within 5 工作日, decisions within 60 日 or the extended period, answers
within 15 日) and then seen as of `ctx.today`: what lies after today has not happened yet, so the
current year holds open cases in every status. Outcomes are dealt by quota per year, so the
figures fall where county reports put them (纠错率 ≈ 10%, 复议调撤率 ≈ 55%, 败诉率 ≈ 3%,
诉讼调撤率 ≈ 55%, 负责人出庭 ≈ 98%, 复议后败诉 0). Every record passes `checks` before anything
is written. Open high-risk cases get a 包案领导, weekly 研商 entries and a few 败诉风险提示函.

Modules: `data` (quotas, what each unit's cases are about, names), `cast` (the county's units,
synthetic parties, calendar helpers), `recon` and `suits` (plans put on the calendar and seen as
of today), `risk` (争议化解); this one checks and writes. Every random choice comes from one of
the step's seeded streams (`ctx.rng(...)`), so a date always yields the same data.

The other counties of 示例市 (`data.PROFILES`) get the same kind of cases at their own volume
and with their own outcome quotas, so that the city ranks counties that differ (one does well,
one badly, one in the warning band); they have no forced open cases and no 争议化解 records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fazhi.core import calendar
from fazhi.core.demo import DemoContext, register_demo_step

from .. import checks
from ..models import (
    Applicant,
    DisputeField,
    Hearing,
    Lawsuit,
    Plaintiff,
    ProgressEntry,
    Reconsideration,
    RiskNotice,
    Suspension,
)
from ..services import PartyData, party_rows
from .cast import Cast, build_cast
from .data import PROFILES
from .recon import ReconDraft, recon_drafts
from .risk import risks
from .suits import SuitDraft, appeals, first_instances, number_suits

STEP_NAME = "行政复议与应诉"


BATCH = 500


def problems(recons: Iterable[ReconDraft], suits: Iterable[SuitDraft], today: dt.date) -> list[str]:
    """Every inconsistency `checks` finds in the drafts, as "案号 字段：问题" lines."""
    found = [
        f"{d.case.case_number} {name}：{message}"
        for d in recons
        for name, message in checks.reconsideration_problems(d.case, today)
    ]
    for draft in suits:
        case = draft.case
        found += [f"{case.case_number} {n}：{m}" for n, m in checks.lawsuit_problems(case, today)]
        for hearing in draft.hearings:
            found += [
                f"{case.case_number} {n}：{m}"
                for n, m in [
                    *checks.hearing_problems(hearing),
                    *checks.hearing_date_problems(hearing, case.filed_on, today),
                ]
            ]
    return found


def _write(
    recons: list[ReconDraft],
    firsts: list[SuitDraft],
    seconds: list[SuitDraft],
    progress: list[ProgressEntry],
    notices: list[RiskNotice],
) -> dict[str, int]:
    """Insert in bulk, parents first: a child row takes its parent's id at insert time."""
    Reconsideration.objects.bulk_create([d.case for d in recons], batch_size=BATCH)
    applicants = _parties(Applicant, [(d.case, d.applicants) for d in recons])
    suspensions = [s for d in recons for s in d.suspensions]
    Suspension.objects.bulk_create(suspensions, batch_size=BATCH)
    for group in (firsts, seconds):  # a 二审 points to its 一审
        Lawsuit.objects.bulk_create([d.case for d in group], batch_size=BATCH)
    suits = firsts + seconds
    plaintiffs = _parties(Plaintiff, [(d.case, d.plaintiffs) for d in suits])
    hearings = [h for d in suits for h in d.hearings]
    Hearing.objects.bulk_create(hearings, batch_size=BATCH)
    ProgressEntry.objects.bulk_create(progress, batch_size=BATCH)
    RiskNotice.objects.bulk_create(notices, batch_size=BATCH)
    return {
        "行政复议案件": len(recons),
        "行政诉讼案件": len(suits),
        "复议申请人": applicants,
        "原告": plaintiffs,
        "开庭记录": len(hearings),
        "中止记录": len(suspensions),
        "高败诉风险案件": sum(d.case.high_risk for d in recons)
        + sum(d.case.high_risk for d in suits),
        "化解进展": len(progress),
        "风险提示函": len(notices),
    }


def _parties(model: Any, cases: list[tuple[Any, list[PartyData]]]) -> int:
    rows = [row for case, parties in cases for row in party_rows(model, case, parties)]
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


@dataclass
class CountyCases:
    recons: list[ReconDraft]
    firsts: list[SuitDraft]
    seconds: list[SuitDraft]
    progress: list[ProgressEntry]
    notices: list[RiskNotice]


def county_cases(cast: Cast) -> CountyCases:
    """One county's cases as of today, with 争议化解 records for the demo county."""
    years, rng = cast.ctx.years, cast.rng
    recons = recon_drafts(cast, years, rng)
    firsts = first_instances(cast, years, rng, recons)
    seconds = appeals(firsts, cast, rng("二审"))
    number_suits(seconds, cast, "行终", rng("二审案号"))
    progress: list[ProgressEntry] = []
    notices: list[RiskNotice] = []
    if cast.profile.showcase:
        progress, notices = risks(cast, recons, firsts + seconds, rng("争议化解"))
    return CountyCases(recons, firsts, seconds, progress, notices)


def seed_disputes(ctx: DemoContext) -> dict[str, int]:
    """Four years of 复议 and 诉讼 cases of every county of 示例市 (示例县 first, with its
    争议化解 records), checked, then written in bulk."""
    fields = DisputeField.objects.in_bulk(field_name="code")
    case_numbers: dict[tuple[str, int, str], int] = {}
    with calendar.batch():
        parts = [county_cases(build_cast(ctx, p, fields, case_numbers)) for p in PROFILES]
        recons = [d for part in parts for d in part.recons]
        firsts = [d for part in parts for d in part.firsts]
        seconds = [d for part in parts for d in part.seconds]
        found = problems(recons, firsts + seconds, ctx.today)
    if found:
        raise RuntimeError(f"演示数据有 {len(found)} 处不一致：{'；'.join(found[:5])}")
    progress = [e for part in parts for e in part.progress]
    notices = [n for part in parts for n in part.notices]
    return _write(recons, firsts, seconds, progress, notices)


register_demo_step(STEP_NAME, 30, seed_disputes)
