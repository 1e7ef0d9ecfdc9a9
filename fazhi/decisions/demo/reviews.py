"""The demo decisions' 合法性审查 matters, written in bulk in the review module's tables as its
own services would leave them: submitted, accepted, a 法律顾问 heard, the opinion signed with
its letter number, and (once the decision is made) closed with its 台账 line."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from fazhi.core.calendar import add_working_days
from fazhi.decisions.demo.plans import Plan
from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import Stage
from fazhi.review.models import (
    Adoption,
    Conclusion,
    Consultation,
    ConsultKind,
    DocKind,
    LedgerEntry,
    MatterDocument,
    MatterType,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.workflow import Status as ReviewStatus

Pair = tuple[Plan, Decision]


@dataclass(frozen=True)
class Reviewing:
    centre: Any  # the county's 合法性审查中心 (the 司法局)
    reviewer: Any
    entries: dict[str, Any]  # review catalog entry of 重大行政决策 by level
    files: dict[str, Any]  # review.demo.writing.demo_files()


def write_reviews(pairs: list[Pair], how: Reviewing, today: dt.date) -> list[ReviewMatter]:
    """One matter per decision sent for review (two when the first found the draft unlawful);
    returns them, each decision pointing at its last."""
    letters = _letter_counters(how.centre)
    matters: list[tuple[Decision, ReviewMatter, bool]] = []
    for plan, decision in pairs:
        for matter, last in _matters(plan, decision, how, today, letters):
            matters.append((decision, matter, last))
    ReviewMatter.objects.bulk_create([m for _d, m, _l in matters], batch_size=500)
    for decision, matter, last in matters:
        if last:
            decision.review_matter_id = matter.pk
    Decision.objects.bulk_update([d for d, _m, last in matters if last], ["review_matter"])
    _write_children([m for _d, m, _l in matters], how)
    return [m for _d, m, _l in matters]


def _letter_counters(centre: Any) -> dict[int, int]:
    rows = ReviewMatter.objects.filter(review_unit=centre).values("letter_year")
    counters: dict[int, int] = defaultdict(int)
    for row in rows.annotate(top=Max("letter_seq")):
        if row["letter_year"]:
            counters[row["letter_year"]] = row["top"] or 0
    return counters


def _matters(
    plan: Plan, decision: Decision, how: Reviewing, today: dt.date, letters: dict[int, int]
) -> Iterable[tuple[ReviewMatter, bool]]:
    submitted = plan.details.get("submitted")
    if plan.exploratory or Stage.LAUNCH not in plan.done or submitted is None or submitted > today:
        return
    if plan.problem == "illegal":
        first = submitted - dt.timedelta(days=30) if not plan.stuck else submitted
        yield _matter(plan, decision, how, first, Conclusion.ILLEGAL, today, letters), plan.stuck
        if plan.stuck:
            return
    conclusion = Conclusion.LEGAL_IF_AMENDED if plan.seq % 3 == 0 else Conclusion.LEGAL
    yield _matter(plan, decision, how, submitted, conclusion, today, letters), True


def _matter(
    plan: Plan,
    decision: Decision,
    how: Reviewing,
    submitted: dt.date,
    conclusion: str,
    today: dt.date,
    letters: dict[int, int],
) -> ReviewMatter:
    level = "township" if plan.host.kind == "township_gov" else "county"
    return ReviewMatter(
        unit=plan.host,
        review_unit=how.centre,
        catalog_entry=how.entries[level],
        level=level,
        matter_type=MatterType.DECISION,
        title=decision.title,
        legal_basis=decision.legal_basis,
        procedure_note="已履行公众参与、专家论证、风险评估等程序",
        time_limit=7,
        submitted_on=submitted,
        due_on=add_working_days(submitted, 7),
        accepted_on=submitted + dt.timedelta(days=1),
        reviewer=how.reviewer,
        **_outcome(plan, submitted, conclusion, today, letters, how.reviewer),
    )


def _outcome(
    plan: Plan,
    submitted: dt.date,
    conclusion: str,
    today: dt.date,
    letters: dict[int, int],
    reviewer: Any,
) -> dict[str, Any]:
    """Signed (with its letter number) once the review's day has come; closed once decided."""
    illegal = conclusion == Conclusion.ILLEGAL
    signed = add_working_days(submitted, 6) if illegal else plan.done.get(Stage.LEGALITY)
    decided = None if illegal else plan.done.get(Stage.MEETING)
    if signed is None or signed > today:
        return {"status": ReviewStatus.IN_REVIEW}
    letters[signed.year] += 1
    return {
        "status": ReviewStatus.CLOSED if decided else ReviewStatus.SIGNED,
        "conclusion": conclusion,
        "opinion": _opinion(conclusion),
        "opinion_on": signed,
        "signed_on": signed,
        "signed_by": reviewer,
        "letter_year": signed.year,
        "letter_seq": letters[signed.year],
        "decided_on": decided,
        "closed_on": decided,
    }


def _opinion(conclusion: str) -> str:
    texts: dict[str, str] = {
        Conclusion.LEGAL: "经审查，该决策草案主体适格、程序完备、内容合法，同意提交集体讨论。",
        Conclusion.LEGAL_IF_AMENDED: "经审查，该决策草案按本意见修改后合法，可提交集体讨论。",
        Conclusion.ILLEGAL: "经审查，该决策草案部分内容缺乏上位法依据，不得提交集体讨论。",
    }
    return texts[conclusion]


def _write_children(matters: list[ReviewMatter], how: Reviewing) -> None:
    file = how.files["docx"]
    MatterDocument.objects.bulk_create(
        [
            MatterDocument(
                matter=m,
                kind=DocKind.DRAFT,
                file=file.name,
                original_name="决策草案.docx",
                content_type=file.content_type,
                size=file.size,
                sha256=file.sha256,
            )
            for m in matters
        ],
        batch_size=500,
    )
    _opinions(matters)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                unit=m.unit,
                level=m.level,
                matter_type=m.matter_type,
                title=m.title,
                decided_on=m.decided_on,
                matter=m,
            )
            for m in matters
            if m.decided_on
        ],
        batch_size=500,
    )


def _opinions(matters: list[ReviewMatter]) -> None:
    """The 法律顾问 heard (条例 第28条) and, for a draft not passed as it was, its issue."""
    heard = [(m, m.signed_on) for m in matters if m.signed_on is not None]
    Consultation.objects.bulk_create(
        [
            Consultation(
                matter=m,
                kind=ConsultKind.COUNSEL,
                name="县政府法律顾问",
                opinion="无不同意见。",
                given_on=day,
            )
            for m, day in heard
        ],
        batch_size=500,
    )
    ReviewIssue.objects.bulk_create(
        [
            ReviewIssue(
                matter=m,
                seq=1,
                category="content",
                description="个别条款缺乏上位法依据",
                suggestion="删除或修改相关条款",
                adoption=Adoption.ADOPTED,
                answered_on=day,
            )
            for m, day in heard
            if m.conclusion != Conclusion.LEGAL
        ],
        batch_size=500,
    )
