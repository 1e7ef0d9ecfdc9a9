"""Each stage's materials: checked uploads (fazhi/rectify/uploads.py), kept for 立卷归档
(条例 第33条); a material may be removed only while its stage is still being worked."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import audited_delete
from fazhi.decisions import policies, progress
from fazhi.decisions.models import Decision, DecisionMaterial
from fazhi.decisions.services.common import record_event
from fazhi.decisions.workflow import MATERIAL_SPECS, STAGE_SIDE, STAGE_WINDOWS, Stage, Status
from fazhi.rectify import uploads

FOLDER = "decisions"
# Stages that go on after their first date: execution reports, further adjustments.
KEEPS_OPEN = frozenset({Stage.EXECUTION, Stage.ADJUSTMENT})


def _require_filing(actor: Any, decision: Decision, stage: Stage, what: str) -> None:
    if decision.status not in STAGE_WINDOWS[stage]:
        raise ApplicationError(
            f"{what}：决策事项当前为“{Status(decision.status).label}”，不能再变更{stage.label}的材料"
        )
    if progress.done_on(decision, stage) is not None and stage not in KEEPS_OPEN:
        raise ApplicationError(f"{what}：{stage.label}已完成，材料不能再变更")
    if not policies.can_file(actor, decision, stage):
        raise NotAllowedError(f"{what}：{stage.label}的材料由{STAGE_SIDE[stage].label}提供")


def add_material(
    *, decision: Decision, actor: Any, kind: str, upload: UploadedFile | None
) -> DecisionMaterial:
    """Attach a file as one of a stage's materials (Word or PDF, checked by content)."""
    if kind not in MATERIAL_SPECS:
        raise ApplicationError(f"上传材料：未知的材料“{kind}”")
    stage, spec = MATERIAL_SPECS[kind]
    what = f"上传{spec.name}"
    _require_filing(actor, decision, stage, what)
    checked = uploads.check_upload(upload, what=spec.name, allowed=uploads.DOCUMENTS)
    with uploads.atomic_with_files():
        material = DecisionMaterial.objects.create(
            decision=decision,
            stage=stage,
            kind=kind,
            file=uploads.store(checked, folder=FOLDER),
            original_name=checked.name,
            content_type=checked.kind.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        record_event(decision, what, actor, stage=stage, note=checked.name)
        audit.record_change(
            actor=actor,
            event=audit.Event.CREATE,
            obj=material,
            changes={"decision": decision.pk, "kind": kind, "original_name": checked.name},
            message=f"{what}：{decision.title}",
        )
    return material


def delete_material(*, material: DecisionMaterial, actor: Any) -> None:
    decision = material.decision
    stage = Stage(material.stage)
    what = f"删除{material.kind_label}"
    _require_filing(actor, decision, stage, what)
    with transaction.atomic():
        name = material.file.name
        record_event(decision, what, actor, stage=stage, note=material.original_name)
        audited_delete(material, actor=actor, message=f"{what}：{decision.title}")
        uploads.delete_later(name)
