"""Writes of a county's report templates: the outline and title (data), the Word template (.docx).

Each is one transaction with its audit line; a refused template changes nothing stored.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, uploads
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.models import Region
from fazhi.reports import outline, policies, wordtemplate
from fazhi.reports.models import ReportTemplate


def template_row(region: Region) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(region=region).first()


def save_outline(
    *, region: Region, text: str, title_pattern: str, actor: Any, expected_version: int
) -> ReportTemplate:
    """Store the county's outline (from its text form) and title pattern; used by new drafts."""
    _require(actor)
    parts = outline.parse_text(text)
    pattern = (title_pattern or "").strip()
    if "{单位}" not in pattern or "{年度}" not in pattern:
        raise ApplicationError(
            "标题格式须包含 {单位} 和 {年度}，如：{单位}{年度}年法治政府建设年度报告"
        )
    row = template_row(region)
    if row is None:
        return audited_create(
            ReportTemplate,
            actor=actor,
            message="设置年度报告提纲",
            region=region,
            title_pattern=pattern[:100],
            outline=parts,
        )
    return versioned_update(
        row,
        expected_version=expected_version,
        changes={"outline": parts, "title_pattern": pattern[:100]},
        actor=actor,
        message="修改年度报告提纲",
    )


def upload_word_template(
    *, region: Region, upload: UploadedFile | None, actor: Any
) -> ReportTemplate:
    """Replace the county's Word template with `upload` once it passes `wordtemplate.validate`."""
    _require(actor)
    checked = uploads.check_upload(upload, what="Word 模板", allowed=(uploads.DOCX,))
    wordtemplate.validate(checked.content, name=checked.name)
    with uploads.atomic_with_files():
        row = template_row(region) or _default_row(region, actor)
        old = row.docx
        row.docx = uploads.store(checked, folder="reports/templates")
        row.docx_name, row.docx_sha256 = checked.name, checked.sha256
        row.docx_uploaded_at, row.docx_uploaded_by = timezone.now(), actor
        row.save()
        audit.record_change(
            actor=actor,
            event=audit.Event.UPDATE,
            obj=row,
            changes={"docx_name": [None, checked.name], "docx_sha256": [None, checked.sha256]},
            message=f"上传年度报告 Word 模板：{checked.name}",
        )
        uploads.delete_later(old)
    return row


def reset_word_template(*, region: Region, actor: Any) -> None:
    """Go back to the built-in Word template."""
    _require(actor)
    row = template_row(region)
    if row is None or not row.docx:
        return
    old = row.docx
    with transaction.atomic():
        row.docx, row.docx_name, row.docx_sha256 = "", "", ""
        row.save()
        audit.record_change(
            actor=actor,
            event=audit.Event.UPDATE,
            obj=row,
            changes={"docx_name": [old, None]},
            message="恢复默认 Word 模板",
        )
        uploads.delete_later(old)


def _default_row(region: Region, actor: Any) -> ReportTemplate:
    return audited_create(
        ReportTemplate,
        actor=actor,
        message="设置年度报告模板",
        region=region,
        title_pattern=outline.DEFAULT_TITLE,
        outline=outline.DEFAULT_OUTLINE,
    )


def _require(actor: Any) -> None:
    if not policies.can_edit_templates(actor):
        raise NotAllowedError("只有县级管理员可以维护本县的年度报告模板")
