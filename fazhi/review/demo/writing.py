"""Writing the planned demo matters in bulk: matters, documents, issues, consultations, the
timeline, problem contracts' 整改 items, and the 应审事项台账 (with some unreviewed lines)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from fazhi.core.deadlines import due_date_or_none
from fazhi.core.demo import DemoContext
from fazhi.rectify.models import RectificationEvent, RectificationEvidence, RectificationItem
from fazhi.rectify.services import SourceRef
from fazhi.rectify.uploads import DOCX, PDF
from fazhi.rectify.workflow import Action as RAction
from fazhi.rectify.workflow import Status as RStatus
from fazhi.review import deadlines
from fazhi.review.demo.matters import Lookups, Plan
from fazhi.review.models import (
    Adoption,
    Consultation,
    DocKind,
    LedgerEntry,
    Level,
    MatterDocument,
    MatterEvent,
    ReviewIssue,
    ReviewMatter,
)
from fazhi.review.services.reviewing import MODULE, PROBLEM_CONTRACT
from fazhi.review.workflow import Action, Status

BATCH = 500
Pair = tuple[Plan, ReviewMatter]


@dataclass(frozen=True)
class DemoFile:
    name: str
    original: str
    content_type: str
    size: int
    sha256: str


def demo_files() -> dict[str, DemoFile]:
    """One sample draft (Word) and one sample material (PDF), shared by every demo row."""
    samples = {
        "docx": ("review/demo/送审稿示例.docx", "送审稿.docx", DOCX.content_type, _sample_docx()),
        "pdf": ("review/demo/材料示例.pdf", "材料.pdf", PDF.content_type, SAMPLE_PDF),
    }
    files = {}
    for key, (name, original, content_type, content) in samples.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        digest = hashlib.sha256(content).hexdigest()
        files[key] = DemoFile(name, original, content_type, len(content), digest)
    return files


SAMPLE_PDF = b"%PDF-1.4\n% fazhi demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sample_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("（演示数据）送审稿示例")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def write_matters(plans: list[Plan], files: dict[str, DemoFile]) -> list[Pair]:
    letters: dict[tuple[int, int], int] = defaultdict(int)
    matters = []
    for plan in sorted(plans, key=lambda p: (p.created, p.title)):
        matters.append(_matter(plan, letters))
    ReviewMatter.objects.bulk_create(matters, batch_size=BATCH)
    pairs = list(zip(sorted(plans, key=lambda p: (p.created, p.title)), matters, strict=True))
    ReviewIssue.objects.bulk_create(_issues(pairs), batch_size=BATCH)
    MatterDocument.objects.bulk_create(_documents(pairs, files), batch_size=BATCH)
    Consultation.objects.bulk_create(_consultations(pairs), batch_size=BATCH)
    MatterEvent.objects.bulk_create(_events(pairs), batch_size=BATCH)
    return pairs


def _matter(plan: Plan, letters: dict[tuple[int, int], int]) -> ReviewMatter:
    seq = year = None
    if plan.signed_on is not None:
        year = plan.signed_on.year
        letters[(plan.review_unit.pk, year)] += 1
        seq = letters[(plan.review_unit.pk, year)]
    entry = plan.entry
    problem = entry.is_contract and plan.signed_on is not None and plan.conclusion != "legal"
    return ReviewMatter(
        unit=plan.unit, review_unit=plan.review_unit, catalog_entry=entry, level=entry.level,
        matter_type=entry.matter_type, is_contract=entry.is_contract, title=plan.title,
        legal_basis="《中华人民共和国民法典》等相关法律法规", procedure_note="已经本单位集体研究",
        status=plan.status, time_limit=plan.time_limit, submitted_on=plan.submitted_on,
        due_on=plan.due_on, returned_on=plan.returned_on, return_count=1 if plan.returned_on else 0,
        missing_note=plan.missing_note if plan.waiting_supplement else "",
        accepted_on=plan.accepted_on, reviewer=plan.reviewer if plan.accepted_on else None,
        conclusion=plan.conclusion if plan.opinion_on else "",
        opinion=_opinion(plan), opinion_on=plan.opinion_on, signed_on=plan.signed_on,
        signed_by=plan.reviewer if plan.signed_on else None, letter_year=year, letter_seq=seq,
        is_problem_contract=problem, decided_on=plan.decided_on, closed_on=plan.closed_on,
        submitted_by=plan.submitter, created_at=_at(plan.created),
    )  # fmt: skip


def _opinion(plan: Plan) -> str:
    from fazhi.review.demo.texts import OPINIONS

    return OPINIONS.get(plan.conclusion, "") if plan.opinion_on else ""


def _issues(pairs: Iterable[Pair]) -> Iterable[ReviewIssue]:
    for plan, matter in pairs:
        for seq, (category, text, suggestion, adopted, reason) in enumerate(plan.issues, start=1):
            answered = plan.answered_on is not None
            adoption = Adoption.PENDING
            if answered:
                adoption = Adoption.ADOPTED if adopted else Adoption.NOT_ADOPTED
            yield ReviewIssue(
                matter=matter, seq=seq, category=category, description=text,
                suggestion=suggestion, adoption=adoption, reason=reason if answered else "",
                answered_on=plan.answered_on, answered_by=plan.submitter if answered else None,
            )  # fmt: skip


def _document(
    matter: ReviewMatter, kind: str, file: DemoFile, day: dt.date, material: Any = None
) -> MatterDocument:
    return MatterDocument(
        matter=matter, kind=kind, material=material, file=file.name, original_name=file.original,
        content_type=file.content_type, size=file.size, sha256=file.sha256, uploaded_at=_at(day),
    )  # fmt: skip


def _documents(pairs: Iterable[Pair], files: dict[str, DemoFile]) -> Iterable[MatterDocument]:
    for plan, matter in pairs:
        yield _document(matter, DocKind.DRAFT, files["docx"], plan.created)
        for material in plan.entry.materials.all():
            missing = plan.waiting_supplement and material.name in plan.missing_note
            if material.required and not missing:
                yield _document(matter, DocKind.MATERIAL, files["pdf"], plan.created, material)
        if plan.closed_on is not None and plan.entry.is_contract:
            yield _document(matter, DocKind.FINAL, files["pdf"], plan.closed_on)


def _consultations(pairs: Iterable[Pair]) -> Iterable[Consultation]:
    for plan, matter in pairs:
        if plan.opinion_on is None:
            continue
        for kind, name, opinion in plan.consultations:
            yield Consultation(
                matter=matter, kind=kind, name=name, opinion=opinion, given_on=plan.opinion_on
            )


def _events(pairs: Iterable[Pair]) -> Iterable[MatterEvent]:
    for plan, matter in pairs:
        for day, action, before, after, actor, note in _steps(plan):
            yield MatterEvent(
                matter=matter, action=action.value, action_label=action.label, from_status=before,
                to_status=after, actor=actor, note=note, created_at=_at(day, 10),
            )  # fmt: skip


def _steps(plan: Plan) -> Iterable[tuple[dt.date, Action, str, str, Any, str]]:
    s, clerk, reviewer = Status, plan.submitter, plan.reviewer
    first = plan.created
    yield first, Action.CREATE, s.DRAFT, s.DRAFT, clerk, ""
    yield first, Action.SUBMIT, s.DRAFT, s.SUBMITTED, clerk, ""
    if plan.returned_on:
        note = plan.missing_note or "补充送审材料"
        yield plan.returned_on, Action.RETURN, s.SUBMITTED, s.RETURNED, reviewer, note
        if not plan.waiting_supplement:
            yield plan.submitted_on, Action.SUBMIT, s.RETURNED, s.SUBMITTED, clerk, ""
    steps = (
        (plan.accepted_on, Action.ACCEPT, s.SUBMITTED, s.IN_REVIEW, reviewer),
        (plan.opinion_on, Action.OPINION, s.IN_REVIEW, s.OPINION, reviewer),
        (plan.signed_on, Action.SIGN, s.OPINION, s.SIGNED, reviewer),
        (plan.closed_on, Action.CLOSE, s.SIGNED, s.CLOSED, clerk),
    )
    for day, action, before, after, actor in steps:
        if day is None:
            return
        yield day, action, before, after, actor, ""


# --- 整改 and 台账 ---------------------------------------------------------------------------


def write_rectification(ctx: DemoContext, pairs: list[Pair], files: dict[str, DemoFile]) -> int:
    """Each problem contract's 整改 item; most rectified and closed within a month or two."""
    rng = ctx.rng("rectify")
    items, outcomes = [], []
    for plan, matter in pairs:
        if not matter.is_problem_contract or plan.signed_on is None:
            continue
        item, outcome = _item(rng, ctx.today, plan, matter)
        items.append(item)
        outcomes.append(outcome)
    RectificationItem.objects.bulk_create(items, batch_size=BATCH)
    evidence, events = _rectify_children(items, outcomes, files)
    RectificationEvidence.objects.bulk_create(evidence, batch_size=BATCH)
    RectificationEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(items)


def _item(
    rng: Any, today: dt.date, plan: Plan, matter: ReviewMatter
) -> tuple[RectificationItem, tuple[Any, Any]]:
    raised = plan.signed_on or plan.submitted_on
    due = due_date_or_none(deadlines.CONTRACT_RECTIFY, raised) or raised + dt.timedelta(days=30)
    planned = raised + dt.timedelta(days=rng.randint(8, 45))
    verified = planned + dt.timedelta(days=rng.randint(1, 6))
    # Older items were all rectified in the end; the recent ones are still partly open.
    settled = raised < today - dt.timedelta(days=150) or rng.random() < 0.92
    submitted = planned if planned <= today and settled else None
    closed = verified if submitted and verified <= today else None
    status = RStatus.CLOSED if closed else (RStatus.SUBMITTED if submitted else RStatus.OPEN)
    issues = "\n".join(f"{n}. {i[1]}" for n, i in enumerate(plan.issues, start=1))
    source = SourceRef.of(matter)
    item = RectificationItem(
        module=MODULE, category=PROBLEM_CONTRACT, source_type=source.type, source_id=source.id,
        source_label=source.label, source_url=source.url, unit=plan.unit, raised_by_unit=plan.review_unit, raised_by=plan.reviewer,
        title=f"问题合同整改：{plan.title}"[:200], description=issues, raised_on=raised,
        due_on=due, status=status, measures="已按审查意见修改合同条款并重新签订补充协议" if submitted else "",
        submitted_on=submitted, submitted_by=plan.submitter if submitted else None,
        closed_on=closed, closed_by=plan.reviewer if closed else None, created_at=_at(raised, 11),
    )  # fmt: skip
    return item, (submitted, closed)


def _rectify_children(
    items: list[RectificationItem], outcomes: list[tuple[Any, Any]], files: dict[str, DemoFile]
) -> tuple[list[Any], list[Any]]:
    evidence, events = [], []
    for item, (submitted, closed) in zip(items, outcomes, strict=True):
        events.append(
            _rectify_event(item, RAction.RAISE, "", RStatus.OPEN, item.raised_by, item.raised_on)
        )
        if submitted:
            evidence.append(_evidence(item, files["pdf"], submitted))
            events.append(
                _rectify_event(
                    item,
                    RAction.SUBMIT,
                    RStatus.OPEN,
                    RStatus.SUBMITTED,
                    item.submitted_by,
                    submitted,
                )
            )
        if closed:
            events.append(
                _rectify_event(
                    item, RAction.CLOSE, RStatus.SUBMITTED, RStatus.CLOSED, item.closed_by, closed
                )
            )
    return evidence, events


def _rectify_event(
    item: RectificationItem, action: RAction, before: str, after: str, actor: Any, day: dt.date
) -> RectificationEvent:
    return RectificationEvent(
        item=item, action=action.value, action_label=action.label, from_status=before,
        to_status=after, actor=actor, created_at=_at(day, 11),
    )  # fmt: skip


def _evidence(item: RectificationItem, pdf: DemoFile, day: dt.date) -> RectificationEvidence:
    return RectificationEvidence(
        item=item, file=pdf.name, original_name="整改佐证材料.pdf", content_type=pdf.content_type,
        size=pdf.size, sha256=pdf.sha256, uploaded_by=item.submitted_by, uploaded_at=_at(day),
    )  # fmt: skip


# Share of decided matters that skipped review, by level and year index: 应审尽审 improving.
UNREVIEWED = {
    Level.COUNTY: (0.03, 0.02, 0.01, 0.0),
    Level.TOWNSHIP: (0.07, 0.05, 0.03, 0.02),
    Level.VILLAGE: (0.2, 0.13, 0.08, 0.05),
}


def write_ledger(
    ctx: DemoContext, found: Lookups, pairs: list[Pair], *, unreviewed: float = 1.0
) -> int:
    """The 台账 line of every decided matter, and the unreviewed lines a 督察 found (their
    shares in `UNREVIEWED`, times `unreviewed` for a county that does worse or better)."""
    rng = ctx.rng("ledger")
    entries = [
        LedgerEntry(unit=plan.unit, level=plan.entry.level, matter_type=plan.entry.matter_type,
                    title=plan.title, decided_on=plan.decided_on, matter=matter)
        for plan, matter in pairs
        if plan.decided_on is not None
    ]  # fmt: skip
    entries += list(_unreviewed(ctx, rng, found, pairs, unreviewed))
    LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def _unreviewed(
    ctx: DemoContext, rng: Any, found: Lookups, pairs: list[Pair], scale: float
) -> Iterable[LedgerEntry]:
    from fazhi.review.demo.matters import pick_unit, title_for

    for index, year in enumerate(ctx.years):
        for level in Level:
            decided = [
                p
                for p, _m in pairs
                if p.decided_on and p.decided_on.year == year and p.entry.level == level
            ]
            share = min(UNREVIEWED[level][index] * scale, 0.5)
            for _ in range(round(len(decided) * share / (1 - share))):
                plan = rng.choice(decided)
                key = plan.entry.name if level == Level.VILLAGE else plan.entry.matter_type
                unit = pick_unit(rng, found, level, key)
                yield LedgerEntry(
                    unit=unit, level=level, matter_type=plan.entry.matter_type,
                    title=title_for(rng, key, unit, year), decided_on=ctx.random_date(year, rng),
                    note="法治督察抽查发现：未经合法性审查即作出决定（签订）",
                )  # fmt: skip
