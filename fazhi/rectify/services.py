"""Every write of the 整改 app. Other modules raise their findings through `raise_item`:

    from fazhi.rectify import services as rectify
    rectify.raise_item(source=matter, unit=matter.unit, title="合同违约条款显失公平",
                       due_on=due, actor=request.user, module="合法性审查", category="问题合同")

and read them back with `fazhi.rectify.selectors.items_for_source(matter)`. Each service is one
transaction with its audit line; a refused request raises ApplicationError (a Chinese message
naming what is wrong) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import (
    audited_create,
    record_timeline,
    stored_actor,
    table_transition,
)
from fazhi.org.models import Unit
from fazhi.rectify import policies, uploads
from fazhi.rectify.models import RectificationEvent, RectificationEvidence, RectificationItem
from fazhi.rectify.workflow import TRANSITIONS, Action, Status

# NotAllowedError (core's) stays importable from here as `services.NotAllowedError`.


@dataclass(frozen=True)
class SourceRef:
    """Where a finding came from: a record of any module, by type and id, with its text and link."""

    type: str
    id: int
    label: str
    url: str = ""

    @classmethod
    def of(cls, obj: models.Model) -> SourceRef:
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        return cls(type=obj._meta.label_lower, id=int(obj.pk), label=str(obj)[:200], url=url)


def raise_item(
    *,
    source: models.Model | SourceRef,
    unit: Unit,
    title: str,
    due_on: dt.date | None,
    actor: Any,
    module: str,
    description: str = "",
    category: str = "",
    raised_by_unit: Unit | None = None,
    raised_on: dt.date | None = None,
) -> RectificationItem:
    """Open a 整改事项 for `unit` to fix by `due_on`, raised from `source` by `actor`'s unit."""
    ref = source if isinstance(source, SourceRef) else SourceRef.of(source)
    raiser = raised_by_unit or getattr(actor, "unit", None)
    raised_on = raised_on or timezone.localdate()
    _check_new_item(unit=unit, raiser=raiser, title=title, due_on=due_on, raised_on=raised_on)
    with transaction.atomic():
        item = audited_create(
            RectificationItem,
            actor=actor,
            message=f"{module}提出整改：{title}",
            module=module,
            category=category,
            source_type=ref.type,
            source_id=ref.id,
            source_label=ref.label,
            source_url=ref.url,
            unit=unit,
            raised_by_unit=raiser,
            raised_by=stored_actor(actor),
            title=title.strip(),
            description=description.strip(),
            raised_on=raised_on,
            due_on=due_on,
        )
        timeline = RectificationEvent(
            item=item, action=Action.RAISE.value, action_label=Action.RAISE.label, note=description
        )
        record_timeline(timeline, actor=actor, from_status="", to_status=Status.OPEN)
    return item


def _check_new_item(
    *, unit: Unit, raiser: Unit | None, title: str, due_on: dt.date | None, raised_on: dt.date
) -> None:
    if not (title or "").strip():
        raise ApplicationError("整改事项：请填写整改事项名称")
    if raiser is None:
        raise ApplicationError("整改事项：未指定提出单位")
    if unit.is_external:
        raise ApplicationError(f"整改事项：责任单位“{unit.name}”是外部机关，不能承担整改")
    if due_on is None or due_on < raised_on:
        raise ApplicationError(
            f"整改事项：整改期限（{due_on or '未填写'}）不能早于提出日期（{raised_on}）"
        )


def add_evidence(
    *, item: RectificationItem, actor: Any, upload: UploadedFile | None, note: str = ""
) -> RectificationEvidence:
    """Attach a file to an item still being rectified (责任单位 only)."""
    if item.status != Status.OPEN or not policies.is_owner(actor, item):
        raise NotAllowedError("只有责任单位可在“待整改”状态上传整改佐证材料")
    checked = uploads.check_upload(upload, what="整改佐证材料", allowed=uploads.EVIDENCE)
    with uploads.atomic_with_files():
        return _store_evidence(item, checked, actor, note)


def _store_evidence(
    item: RectificationItem, checked: uploads.CheckedFile, actor: Any, note: str
) -> RectificationEvidence:
    evidence = RectificationEvidence.objects.create(
        item=item,
        file=uploads.store(checked, folder="rectify"),
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        note=note.strip()[:200],
    )
    audit.record_change(
        actor=actor,
        event=audit.Event.CREATE,
        obj=evidence,
        changes={"item": [None, item.pk], "original_name": [None, checked.name]},
        message=f"上传整改佐证材料：{item.number}",
    )
    return evidence


def submit(
    *,
    item: RectificationItem,
    actor: Any,
    measures: str,
    expected_version: int,
    upload: UploadedFile | None = None,
) -> RectificationItem:
    """The owner unit reports what it did, with at least one piece of evidence."""
    _require(actor, item, Action.SUBMIT)
    if not (measures or "").strip():
        raise ApplicationError("提交整改材料：请填写整改措施")
    checked = None
    if upload is not None:
        checked = uploads.check_upload(upload, what="整改佐证材料", allowed=uploads.EVIDENCE)
    elif not item.evidence.exists():
        raise ApplicationError("提交整改材料：请上传至少一份整改佐证材料")
    with uploads.atomic_with_files():
        if checked is not None:
            _store_evidence(item, checked, actor, "")
        changes = {
            "measures": measures.strip(),
            "submitted_on": timezone.localdate(),
            "submitted_by": actor,
        }
        return _transition(item, Action.SUBMIT, actor, expected_version, changes, "")


def send_back(
    *, item: RectificationItem, actor: Any, note: str, expected_version: int
) -> RectificationItem:
    """The verifier finds the rectification insufficient: back to the owner, with the reason."""
    _require(actor, item, Action.SEND_BACK)
    if not (note or "").strip():
        raise ApplicationError("退回重改：请填写退回理由")
    with transaction.atomic():
        return _transition(item, Action.SEND_BACK, actor, expected_version, {}, note.strip())


def close(
    *, item: RectificationItem, actor: Any, expected_version: int, note: str = ""
) -> RectificationItem:
    """The verifier accepts the evidence: the item is closed (销号) today."""
    _require(actor, item, Action.CLOSE)
    if item.submitted_by_id and item.submitted_by_id == getattr(actor, "pk", None):
        raise NotAllowedError("核验销号：提交整改材料的人员不能核验自己的整改")
    changes = {"closed_on": timezone.localdate(), "closed_by": actor}
    with transaction.atomic():
        return _transition(item, Action.CLOSE, actor, expected_version, changes, note.strip())


def _require(actor: Any, item: RectificationItem, action: Action) -> None:
    transition = TRANSITIONS[action]
    if item.status not in transition.sources:
        raise ApplicationError(
            f"{action.label}：整改事项当前为“{Status(item.status).label}”，不能{action.label}"
        )
    if not policies.can(actor, item, action):
        raise NotAllowedError(f"{action.label}：您无权对该整改事项{action.label}")


def _transition(
    item: RectificationItem,
    action: Action,
    actor: Any,
    expected_version: int,
    changes: dict[str, Any],
    note: str,
) -> RectificationItem:
    """The conditional UPDATE (status and version still as loaded), the event, the audit line."""
    return table_transition(
        item,
        action,
        TRANSITIONS[action],
        timeline=RectificationEvent(item=item),
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        note=note,
    )
