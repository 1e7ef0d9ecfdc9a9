"""The 行政规范性文件 registry: registration, 备案 to each recipient, 备案审查 results, status.

Recipients (RULES.md §7): a government's documents are filed with the same-level 人大常委会 and
the government one level up; a department's with its own government; a township's with the
county government. The period runs from publication (deadlines.FILING, configurable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core.deadlines import due_date_or_none
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.models import Region, Unit, UnitKind
from fazhi.org.scoping import covers
from fazhi.review import deadlines, policies
from fazhi.review.models import (
    DocStatus,
    Filing,
    FilingRecipient,
    FilingResult,
    MatterType,
    NormativeDocument,
    ReviewMatter,
)
from fazhi.review.services.common import NotAllowedError, required_text
from fazhi.review.workflow import SIGNED_OR_LATER

WHERE = "登记规范性文件"


def register_document(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    doc_number: str,
    published_on: dt.date | None,
    effective_on: dt.date | None,
    expires_on: dt.date | None = None,
    matter: ReviewMatter | None = None,
) -> NormativeDocument:
    """Enter a published document and open its filings (one per recipient)."""
    if not has_perm(actor, Perm.EDIT_BUSINESS) or not covers(actor, unit):
        raise NotAllowedError(f"{WHERE}：您无权为“{unit.name}”登记规范性文件")
    number = required_text(doc_number, "文号", WHERE)
    _check_dates(published_on, effective_on, expires_on)
    _check_matter(matter, unit)
    if NormativeDocument.objects.filter(unit=unit, doc_number=number).exists():
        raise ApplicationError(f"{WHERE}：文号“{number}”已由{unit.name}登记，请勿重复登记")
    due = due_date_or_none(deadlines.FILING, published_on)
    with transaction.atomic():
        document = audited_create(
            NormativeDocument,
            actor=actor,
            unit=unit,
            title=required_text(title, "文件名称", WHERE),
            doc_number=number,
            published_on=published_on,
            effective_on=effective_on,
            expires_on=expires_on,
            matter=matter,
            filing_due_on=due,
        )
        for recipient, name in filing_recipients(unit):
            Filing.objects.create(
                document=document, recipient=recipient, recipient_name=name, due_on=due
            )
    return document


def _check_dates(
    published: dt.date | None, effective: dt.date | None, expires: dt.date | None
) -> None:
    if published is None or effective is None:
        raise ApplicationError(f"{WHERE}：请填写发布日期和实施日期")
    if published > timezone.localdate():
        raise ApplicationError(f"{WHERE}：发布日期 {published} 晚于今天，文件公布后再登记")
    if effective < published:
        raise ApplicationError(f"{WHERE}：实施日期 {effective} 早于发布日期 {published}")
    if expires is not None and expires <= effective:
        raise ApplicationError(f"{WHERE}：有效期截止日 {expires} 应晚于实施日期 {effective}")


def _check_matter(matter: ReviewMatter | None, unit: Unit) -> None:
    if matter is None:
        return
    ok = (
        matter.unit_id == unit.pk
        and matter.matter_type == MatterType.NORMATIVE
        and matter.status in SIGNED_OR_LATER
    )
    if not ok:
        raise ApplicationError(
            f"{WHERE}：关联的审查事项“{matter.title}”不是本单位已签发意见的规范性文件合法性审核"
        )


def filing_recipients(unit: Unit) -> list[tuple[str, str]]:
    """(recipient kind, recipient name) for a document of `unit`."""
    region = unit.region
    if unit.kind == UnitKind.GOVERNMENT:
        congress = _unit_name(region, UnitKind.PEOPLES_CONGRESS, f"{region.name}人大常委会")
        parent = region.parent
        upper = _unit_name(parent, UnitKind.GOVERNMENT, f"{parent.name}人民政府") if parent else ""
        rows = [(FilingRecipient.CONGRESS.value, congress)]
        return rows + ([(FilingRecipient.UPPER_GOVERNMENT.value, upper)] if upper else [])
    if unit.kind == UnitKind.TOWNSHIP_GOV and region.parent is not None:
        parent = region.parent
        name = _unit_name(parent, UnitKind.GOVERNMENT, f"{parent.name}人民政府")
        return [(FilingRecipient.UPPER_GOVERNMENT.value, name)]
    name = _unit_name(region, UnitKind.GOVERNMENT, f"{region.name}人民政府")
    return [(FilingRecipient.GOVERNMENT.value, name)]


def _unit_name(region: Region, kind: str, fallback: str) -> str:
    found = Unit.objects.filter(region=region, kind=kind).order_by("sort_order", "code").first()
    return found.name if found else fallback


# --- 备案 and 备案审查 ----------------------------------------------------------------------


def record_filing(
    *, filing: Filing, actor: Any, filed_on: dt.date | None, expected_version: int
) -> Filing:
    """The document was filed with this recipient on `filed_on` (not before publication)."""
    document = filing.document
    where = f"登记报备（{filing.recipient_name}）"
    if not policies.is_issuer(actor, document):
        raise NotAllowedError(f"{where}：只有制定机关可以登记报备")
    if filed_on is None:
        raise ApplicationError(f"{where}：请填写报备日期")
    if filed_on < document.published_on:
        raise ApplicationError(
            f"{where}：报备日期 {filed_on} 早于文件发布日期 {document.published_on}"
        )
    if filed_on > timezone.localdate():
        raise ApplicationError(f"{where}：报备日期 {filed_on} 不能晚于今天")
    timely = None if filing.due_on is None else filed_on <= filing.due_on
    with transaction.atomic():
        filing = versioned_update(
            filing,
            expected_version=expected_version,
            actor=actor,
            changes={"filed_on": filed_on, "timely": timely},
            message=where,
        )
        _refresh_document_filing(document)
    return filing


def _refresh_document_filing(document: NormativeDocument) -> None:
    filed_on, filed_timely = filing_state(list(document.filings.all()))
    NormativeDocument.objects.filter(pk=document.pk).update(
        filed_on=filed_on, filed_timely=filed_timely
    )


def filing_state(filings: Sequence[Filing]) -> tuple[dt.date | None, bool | None]:
    """A document's (filed_on, filed_timely) from its filings: filed on the last filing's date
    once every one is made, timely when every one was on time; (None, None) until then."""
    dates = [f.filed_on for f in filings if f.filed_on]
    if not filings or len(dates) < len(filings):
        return None, None
    return max(dates), all(f.timely for f in filings)


def record_filing_result(
    *,
    filing: Filing,
    actor: Any,
    result: str,
    result_on: dt.date | None,
    note: str,
    expected_version: int,
) -> Filing:
    """The recipient's 备案审查 result: 审查通过, or 纠错 with what must be corrected."""
    where = f"登记备案审查结果（{filing.recipient_name}）"
    if not has_perm(actor, Perm.REVIEW_LEGALITY):
        raise NotAllowedError(f"{where}：您无权登记备案审查结果")
    if filing.filed_on is None:
        raise ApplicationError(f"{where}：该文件尚未向{filing.recipient_name}报备")
    if result not in (FilingResult.PASSED, FilingResult.CORRECTED):
        raise ApplicationError(f"{where}：请选择审查结果（审查通过或纠错）")
    if result == FilingResult.CORRECTED and not (note or "").strip():
        raise ApplicationError(f"{where}：纠错须写明存在的问题和纠正要求")
    if result_on is None or result_on < filing.filed_on or result_on > timezone.localdate():
        raise ApplicationError(
            f"{where}：审查结果日期（{result_on or '未填写'}）应在报备日期 {filing.filed_on} 与今天之间"
        )
    changes = {"result": result, "result_on": result_on, "result_note": (note or "").strip()}
    return versioned_update(
        filing, expected_version=expected_version, changes=changes, actor=actor, message=where
    )


def change_status(
    *,
    document: NormativeDocument,
    actor: Any,
    status: str,
    changed_on: dt.date | None,
    note: str,
    expected_version: int,
) -> NormativeDocument:
    """失效, 废止 or 修订 a valid document (its 制定机关 only)."""
    where = "变更文件状态"
    if not policies.is_issuer(actor, document):
        raise NotAllowedError(f"{where}：只有制定机关可以变更文件状态")
    if document.status != DocStatus.VALID:
        raise ApplicationError(f"{where}：文件已是“{document.get_status_display()}”状态")
    if status not in (DocStatus.EXPIRED, DocStatus.REPEALED, DocStatus.AMENDED):
        raise ApplicationError(f"{where}：请选择新状态（失效、废止或修订）")
    if changed_on is None or changed_on < document.published_on:
        raise ApplicationError(
            f"{where}：变更日期（{changed_on or '未填写'}）不能早于发布日期 {document.published_on}"
        )
    changes = {"status": status, "status_on": changed_on, "status_note": (note or "").strip()[:300]}
    return versioned_update(
        document, expected_version=expected_version, changes=changes, actor=actor, message=where
    )
