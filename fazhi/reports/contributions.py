"""Units' contributions to a report: the editor assigns a section to a unit with a due date; the
unit writes its 工作亮点 and attaches evidence; the editor merges it into the section (a new
revision of the section) or returns it. Every save is a revision with its author and time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit, uploads
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import (
    audited_create,
    audited_transition,
    record_timeline,
    stored_actor,
    versioned_update,
)
from fazhi.org.models import Unit
from fazhi.reports import policies, selectors, services
from fazhi.reports.models import (
    Contribution,
    ContributionAttachment,
    ContributionEvent,
    Report,
    Revision,
    Section,
)
from fazhi.reports.workflow import CONTRIBUTION_OPEN, ContributionAction, ContributionStatus

S = ContributionStatus


def assign(
    *,
    report: Report,
    section: Section,
    unit: Unit,
    due_on: dt.date | None,
    actor: Any,
    request: str = "",
    today: dt.date | None = None,
) -> Contribution:
    """Ask `unit` for its highlights on `section`, due `due_on`."""
    today = today or timezone.localdate()
    _require_editor(actor, report)
    if section.report_id != report.pk or section.level == 0:
        raise ApplicationError("请选择报告中的一个标题来分配供稿")
    if not selectors.contributor_units(report).filter(pk=unit.pk).exists():
        raise ApplicationError(f"“{unit.name}”不在“{report.reporter.name}”的范围内，不能分配供稿")
    if due_on is None or due_on < today:
        raise ApplicationError(f"提交期限（{due_on or '未填写'}）不能早于今天（{today}）")
    if Contribution.objects.filter(section=section, unit=unit).exists():
        raise ApplicationError(f"已向“{unit.name}”分配过“{section.label}”的供稿")
    try:
        with transaction.atomic():
            contribution = audited_create(
                Contribution,
                actor=actor,
                message=f"分配年度报告供稿：{unit.name} · {section.label}",
                report=report,
                section=section,
                unit=unit,
                due_on=due_on,
                request=(request or "").strip(),
            )
            assigned = ContributionAction.ASSIGN
            timeline = ContributionEvent(
                contribution=contribution,
                action=assigned.value,
                action_label=assigned.label,
                note=request,
            )
            record_timeline(timeline, actor=actor, from_status="", to_status=S.ASSIGNED)
    except IntegrityError:
        raise ApplicationError(f"已向“{unit.name}”分配过“{section.label}”的供稿") from None
    return contribution


def save(
    *, contribution: Contribution, body: str, actor: Any, expected_version: int
) -> Contribution:
    """The unit saves its text (versioned; each save a revision)."""
    _require_writer(actor, contribution)
    body = services.clean_body(body)
    with transaction.atomic():
        contribution = versioned_update(
            contribution,
            expected_version=expected_version,
            changes={"body": body},
            actor=actor,
            message=f"修改年度报告供稿：{contribution}",
        )
        _revision(contribution, actor, "修改")
    return contribution


def add_attachment(
    *, contribution: Contribution, upload: UploadedFile | None, actor: Any, note: str = ""
) -> ContributionAttachment:
    """Attach evidence (PDF, Word, JPEG, PNG; checked by content) to an open contribution."""
    _require_writer(actor, contribution)
    checked = uploads.check_upload(upload, what="佐证材料", allowed=uploads.EVIDENCE)
    with uploads.atomic_with_files():
        attachment = ContributionAttachment.objects.create(
            contribution=contribution,
            file=uploads.store(checked, folder="reports"),
            original_name=checked.name,
            content_type=checked.kind.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
            note=(note or "").strip()[:200],
        )
        audit.record_change(
            actor=actor,
            event=audit.Event.CREATE,
            obj=attachment,
            changes={
                "contribution": [None, contribution.pk],
                "original_name": [None, checked.name],
            },
            message=f"上传年度报告供稿佐证材料：{contribution}",
        )
    return attachment


def submit(*, contribution: Contribution, actor: Any, expected_version: int) -> Contribution:
    _require_writer(actor, contribution)
    if not (contribution.body or "").strip():
        raise ApplicationError("提交材料：请先填写工作亮点")
    changes = {"submitted_at": timezone.now(), "submitted_by": actor}
    return _transition(
        contribution, ContributionAction.SUBMIT, CONTRIBUTION_OPEN, S.SUBMITTED,
        actor, expected_version, changes,
    )  # fmt: skip


def merge(*, contribution: Contribution, actor: Any, expected_version: int) -> Contribution:
    """Append the contribution's text to its section (a new section revision) and close it."""
    _require_editor(actor, contribution.report)
    _require_status(contribution, {S.SUBMITTED}, "合并")
    section = contribution.section
    body = "\n".join(part for part in (section.body, contribution.body) if part.strip())
    with transaction.atomic():
        services.save_section(
            section=section,
            body=body,
            actor=actor,
            expected_version=section.version,
            note=f"合并{contribution.unit.name}的供稿",
        )
        changes = {"merged_at": timezone.now(), "merged_by": actor}
        return _transition(
            contribution, ContributionAction.MERGE, {S.SUBMITTED}, S.MERGED,
            actor, expected_version, changes,
        )  # fmt: skip


def send_back(
    *, contribution: Contribution, actor: Any, expected_version: int, note: str
) -> Contribution:
    _require_editor(actor, contribution.report)
    if not (note or "").strip():
        raise ApplicationError("退回：请填写退回理由")
    return _transition(
        contribution, ContributionAction.RETURN, {S.SUBMITTED}, S.RETURNED,
        actor, expected_version, {}, note.strip(),
    )  # fmt: skip


def _transition(
    contribution: Contribution,
    action: ContributionAction,
    sources: set[str] | frozenset[str],
    target: str,
    actor: Any,
    expected_version: int,
    changes: dict[str, Any],
    note: str = "",
) -> Contribution:
    _require_status(contribution, sources, action.label)
    return audited_transition(
        contribution,
        sources=sources,
        target=target,
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        message=f"年度报告供稿{action.label}{('：' + note) if note else ''}",
        timeline=ContributionEvent(
            contribution=contribution, action=action.value, action_label=action.label, note=note
        ),
    )


def _require_status(contribution: Contribution, sources: Any, what: str) -> None:
    if contribution.status not in sources:
        label = ContributionStatus(contribution.status).label
        raise ApplicationError(f"{what}：供稿当前为“{label}”，不能{what}")


def _require_editor(actor: Any, report: Report) -> None:
    if not report.is_editable:
        raise ApplicationError("报告已签发，不能再分配或合并供稿")
    if not policies.is_editor(actor, report):
        raise NotAllowedError("只有报告编辑可以分配、合并或退回供稿")


def _require_writer(actor: Any, contribution: Contribution) -> None:
    if not policies.is_contributor(actor, contribution):
        raise NotAllowedError("只有被分配的单位可以填写该供稿")
    if contribution.status not in CONTRIBUTION_OPEN:
        label = ContributionStatus(contribution.status).label
        raise ApplicationError(f"供稿当前为“{label}”，不能修改")
    if not contribution.report.is_editable:
        raise ApplicationError("报告已签发，不能再修改供稿")


def _revision(contribution: Contribution, actor: Any, note: str) -> Revision:
    number = (contribution.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        contribution=contribution,
        number=number,
        body=contribution.body,
        author=stored_actor(actor),
        note=note,
    )
