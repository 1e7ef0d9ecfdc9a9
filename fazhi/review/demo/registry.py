"""Demo 行政规范性文件: the reviewed normative matters, once decided, are published and filed;
older documents (before the demo years) are still in force, some close to their 有效期."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.deadlines import due_date_or_none
from fazhi.core.demo import DemoContext
from fazhi.review import deadlines
from fazhi.review.demo.matters import Lookups, Plan
from fazhi.review.models import DocStatus, Filing, FilingResult, NormativeDocument, ReviewMatter
from fazhi.review.services.normative import filing_recipients, filing_state

OLDER = (
    ("{u}农村集体资产管理办法", 2021, 3, 5),
    ("{u}城市绿化管理办法", 2021, 11, 5),
    ("{u}矿产资源开发利用管理办法", 2022, 5, 5),
    ("{u}殡葬管理实施办法（试行）", 2024, 12, 2),
    ("{u}河道采砂管理办法", 2022, 1, 5),
)


def seed_documents(
    ctx: DemoContext, found: Lookups, pairs: list[tuple[Plan, ReviewMatter]]
) -> tuple[int, int]:
    rng = ctx.rng("documents")
    documents: list[NormativeDocument] = []
    specs: list[Filing] = []
    for plan, matter in pairs:
        if matter.matter_type == "normative" and plan.decided_on and matter.conclusion != "illegal":
            documents.append(
                _document(rng, plan.unit, plan.title, plan.decided_on, matter, len(documents))
            )
    for index, (title, year, months, valid) in enumerate(OLDER):
        unit = found.government if index % 2 == 0 else rng.choice(found.departments)
        published = dt.date(year, months, 10)
        document = _document(
            rng,
            unit,
            title.format(u=unit.short_name or unit.name),
            published,
            None,
            len(documents),
            years=valid,
        )
        documents.append(document)
    _statuses(rng, ctx.today, documents)
    NormativeDocument.objects.bulk_create(documents, batch_size=500)
    for document in documents:
        specs.extend(_filings(rng, ctx.today, document))
    Filing.objects.bulk_create(specs, batch_size=500)
    _mark_filed(documents, specs)
    return len(documents), len(specs)


def _document(
    rng: Any, unit: Any, title: str, published: dt.date, matter: Any, index: int, years: int = 5
) -> NormativeDocument:
    effective = published + dt.timedelta(days=rng.choice([0, 10, 15, 30]))
    trial = "试行" in title or "暂行" in title
    span = 2 if trial else years
    prefix = (unit.short_name or unit.name)[:2]
    return NormativeDocument(
        unit=unit, title=title, doc_number=f"{prefix}规〔{published.year}〕{index + 1}号",
        matter=matter, published_on=published, effective_on=effective,
        expires_on=effective.replace(year=effective.year + span) - dt.timedelta(days=1),
        filing_due_on=due_date_or_none(deadlines.FILING, published),
    )  # fmt: skip


def _statuses(rng: Any, today: dt.date, documents: list[NormativeDocument]) -> None:
    for document in documents:
        if document.expires_on and document.expires_on < today:
            document.status, document.status_on = DocStatus.EXPIRED, document.expires_on
        elif document.published_on.year < today.year - 1 and rng.random() < 0.08:
            document.status = rng.choice([DocStatus.REPEALED, DocStatus.AMENDED])
            document.status_on = document.published_on + dt.timedelta(days=rng.randint(200, 500))
            document.status_note = "根据上位法修改情况清理"
            if document.status_on > today:
                document.status, document.status_on, document.status_note = (
                    DocStatus.VALID,
                    None,
                    "",
                )


def _filings(rng: Any, today: dt.date, document: NormativeDocument) -> list[Filing]:
    filings = []
    for recipient, name in filing_recipients(document.unit):
        planned = document.published_on + dt.timedelta(
            days=rng.choice([5, 8, 10, 12, 15, 18, 20, 22, 25, 28, 29, 35])
        )
        filed = planned if planned <= today else None
        timely = (
            None
            if filed is None or document.filing_due_on is None
            else filed <= document.filing_due_on
        )
        filing = Filing(
            document=document,
            recipient=recipient,
            recipient_name=name,
            due_on=document.filing_due_on,
            filed_on=filed,
            timely=timely,
        )
        result_on = filed + dt.timedelta(days=rng.randint(10, 50)) if filed else None
        if result_on and result_on <= today:
            corrected = rng.random() < 0.05
            filing.result = FilingResult.CORRECTED if corrected else FilingResult.PASSED
            filing.result_on = result_on
            filing.result_note = "第六条设定的审批条件缺乏上位法依据，建议修改" if corrected else ""
        filings.append(filing)
    return filings


def _mark_filed(documents: list[NormativeDocument], filings: list[Filing]) -> None:
    by_document: dict[int, list[Filing]] = {}
    for filing in filings:
        by_document.setdefault(filing.document_id, []).append(filing)
    changed = []
    for document in documents:
        filed_on, filed_timely = filing_state(by_document.get(document.pk, []))
        if filed_on is not None:
            document.filed_on, document.filed_timely = filed_on, filed_timely
            changed.append(document)
    NormativeDocument.objects.bulk_update(changed, ["filed_on", "filed_timely"], batch_size=500)
