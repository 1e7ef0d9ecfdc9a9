"""送审: a unit registers a matter from its catalog, uploads the draft and materials, submits.

浙江省行政合法性审查工作规定 and 重大行政决策程序暂行条例 第26条: the submission carries the
draft, its legal basis and an explanation of the procedures performed; the review period runs
from the day the (complete) submission is received, and starts again after 补正.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.deadlines import due_date_or_none
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, audited_delete, versioned_update
from fazhi.org.models import Unit
from fazhi.rectify import uploads
from fazhi.review import deadlines, policies
from fazhi.review.models import CatalogEntry, CatalogMaterial, DocKind, MatterDocument, ReviewMatter
from fazhi.review.services.common import (
    NotAllowedError,
    record_event,
    require_action,
    require_edit,
    required_text,
    run_transition,
)
from fazhi.review.workflow import Action, Edit, Status

WHERE = "登记送审事项"


def create_matter(
    *,
    actor: Any,
    catalog_entry: CatalogEntry,
    review_unit: Unit,
    title: str,
    legal_basis: str = "",
    procedure_note: str = "",
    description: str = "",
) -> ReviewMatter:
    """A draft matter of the actor's unit (草稿); nothing is sent until `submit`."""
    unit = getattr(actor, "unit", None)
    if unit is None or not has_perm(actor, Perm.EDIT_BUSINESS):
        raise NotAllowedError(f"{WHERE}：您无权为本单位登记送审事项")
    _check_entry(unit, catalog_entry)
    _check_review_unit(unit, catalog_entry, review_unit)
    with transaction.atomic():
        matter = audited_create(
            ReviewMatter,
            actor=actor,
            message=f"{WHERE}：{title}",
            unit=unit,
            review_unit=review_unit,
            catalog_entry=catalog_entry,
            level=catalog_entry.level,
            matter_type=catalog_entry.matter_type,
            is_contract=catalog_entry.is_contract,
            title=required_text(title, "事项名称", WHERE),
            legal_basis=(legal_basis or "").strip(),
            procedure_note=(procedure_note or "").strip(),
            description=(description or "").strip(),
            status=Status.DRAFT,
        )
        record_event(matter, Action.CREATE, actor)
    return matter


def _check_entry(unit: Unit, entry: CatalogEntry) -> None:
    level = policies.level_of(unit)
    county = policies.county_of(unit)
    if entry.region_id != county.pk or entry.level != level or not entry.is_active:
        raise ApplicationError(
            f"{WHERE}：事项类型“{entry.name}”不在{county.name}{level.label}审查事项目录中，"
            "请从本单位适用的目录中选择"
        )


def _check_review_unit(unit: Unit, entry: CatalogEntry, review_unit: Unit | None) -> None:
    options = policies.review_unit_options(unit, entry.matter_type)
    if review_unit not in options:
        names = "、".join(option.name for option in options) or "无"
        shown = review_unit.name if review_unit else "未选择"
        raise ApplicationError(f"{WHERE}：审查单位“{shown}”不能审查本单位的事项（可选：{names}）")


def update_details(
    *, matter: ReviewMatter, actor: Any, expected_version: int, changes: dict[str, str]
) -> ReviewMatter:
    """Title, legal basis, procedures and explanation of a draft or returned matter."""
    require_edit(actor, matter, Edit.DETAILS)
    allowed = {"title", "legal_basis", "procedure_note", "description"}
    values = {k: (v or "").strip() for k, v in changes.items() if k in allowed}
    if "title" in values:
        required_text(values["title"], "事项名称", Edit.DETAILS.label)
    with transaction.atomic():
        matter = versioned_update(
            matter, expected_version=expected_version, changes=values, actor=actor
        )
        record_event(matter, Edit.DETAILS.label, actor)
    return matter


def add_document(
    *,
    matter: ReviewMatter,
    actor: Any,
    kind: str,
    upload: UploadedFile | None,
    material: CatalogMaterial | None = None,
) -> MatterDocument:
    """Attach the draft, a required material, or (after sign-off) the final signed text."""
    if kind not in DocKind.values:
        raise ApplicationError(f"上传材料：未知的材料类别“{kind}”")
    require_edit(actor, matter, Edit.FINAL_TEXT if kind == DocKind.FINAL else Edit.DOCUMENT)
    what = _document_label(matter, kind, material)
    checked = uploads.check_upload(upload, what=what, allowed=uploads.DOCUMENTS)
    with uploads.atomic_with_files():
        document = MatterDocument.objects.create(
            matter=matter,
            kind=kind,
            material=material if kind == DocKind.MATERIAL else None,
            file=uploads.store(checked, folder="review"),
            original_name=checked.name,
            content_type=checked.kind.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        record_event(matter, f"上传{what}", actor, note=checked.name)
        _audit_document(actor, document, audit.Event.CREATE, what)
    return document


def _document_label(matter: ReviewMatter, kind: str, material: CatalogMaterial | None) -> str:
    if kind != DocKind.MATERIAL:
        return DocKind(kind).label
    if material is None or material.entry_id != matter.catalog_entry_id:
        raise ApplicationError("上传材料：请选择本事项目录要求的送审材料项")
    return f"送审材料“{material.name}”"


def _audit_document(actor: Any, document: MatterDocument, event: audit.Event, what: str) -> None:
    audit.record_change(
        actor=actor,
        event=event,
        obj=document,
        changes={"matter": document.matter_id, "original_name": document.original_name},
        message=f"{'上传' if event == audit.Event.CREATE else '删除'}{what}",
    )


def delete_document(*, document: MatterDocument, actor: Any) -> None:
    matter = document.matter
    edit = Edit.FINAL_TEXT if document.kind == DocKind.FINAL else Edit.DOCUMENT
    require_edit(actor, matter, edit)
    with transaction.atomic():
        name = document.file.name
        record_event(
            matter, f"删除{document.get_kind_display()}", actor, note=document.original_name
        )
        audited_delete(document, actor=actor, message=f"删除审查材料：{document.original_name}")
        uploads.delete_later(name)


def submit(
    *, matter: ReviewMatter, actor: Any, expected_version: int, today: dt.date | None = None
) -> ReviewMatter:
    """送审 (or re-submission after 补正): the review period starts today."""
    require_action(actor, matter, Action.SUBMIT)
    where = Action.SUBMIT.label
    if not matter.documents.filter(kind=DocKind.DRAFT).exists():
        raise ApplicationError(f"{where}：请先上传送审稿（Word 或 PDF）")
    required_text(matter.legal_basis, "法律依据", where)
    required_text(matter.procedure_note, "已履行程序说明", where)
    today = today or timezone.localdate()
    limit = matter.catalog_entry.time_limit or deadlines.default_limit(matter.matter_type)
    changes = {
        "submitted_on": today,
        "time_limit": limit,
        # Unknown (None) while the calendar lacks a year: shown as "YYYY 年节假日安排未录入".
        "due_on": due_date_or_none(deadlines.limit_rule(matter.matter_type, limit), today),
        "submitted_by": actor,
    }
    with transaction.atomic():
        return run_transition(
            matter, Action.SUBMIT, actor, expected_version=expected_version, changes=changes
        )


def withdraw(
    *, matter: ReviewMatter, actor: Any, expected_version: int, note: str = ""
) -> ReviewMatter:
    require_action(actor, matter, Action.WITHDRAW)
    with transaction.atomic():
        return run_transition(
            matter, Action.WITHDRAW, actor, expected_version=expected_version, note=note.strip()
        )
