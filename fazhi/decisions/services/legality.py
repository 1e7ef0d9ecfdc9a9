"""合法性审查 of a decision draft: a `review` matter of the type 重大行政决策, registered and
submitted through the review module's own services, so that the review runs (and is counted)
exactly like any other.

条例 第26条: the submission carries the draft, its legal basis and an account of the procedures
performed; so it is sent once the stages the catalog requires are completed, with their
materials copied into the matter, and the review period (at least 7 工作日) starts that day.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from fazhi.core.exceptions import ApplicationError
from fazhi.core.services import versioned_update
from fazhi.decisions import progress
from fazhi.decisions.models import Decision, DecisionMaterial
from fazhi.decisions.services.common import record_event, require_materials, require_record
from fazhi.decisions.workflow import OPTIONAL_STAGES, Record, Stage
from fazhi.review import policies as review_policies
from fazhi.review.models import CatalogEntry, CatalogMaterial, DocKind, MatterType, ReviewMatter
from fazhi.review.services import submission
from fazhi.review.workflow import SIGNED_OR_LATER
from fazhi.review.workflow import Status as ReviewStatus

WHERE = Record.LEGALITY.label
# The review catalog's materials (fazhi/review/catalog_defaults.py) and the decision's materials
# that answer them.
ANSWERS: dict[str, tuple[str, ...]] = {
    "决策草案说明": ("draft_note",),
    "公众参与材料": ("feedback", "notice"),
    "风险评估报告": ("risk_report",),
    "专家论证意见": ("expert_opinions",),
}


def send_to_review(*, decision: Decision, actor: Any, expected_version: int) -> ReviewMatter:
    """Register and submit the draft for 合法性审查; the decision keeps the matter."""
    require_record(actor, decision, Record.LEGALITY)
    _check_ready(decision)
    entry = _review_entry(decision)
    with transaction.atomic():
        matter = submission.create_matter(
            actor=actor,
            catalog_entry=entry,
            review_unit=review_policies.review_unit_options(
                decision.host_unit, MatterType.DECISION
            )[0],
            title=decision.title,
            legal_basis=decision.legal_basis,
            procedure_note=procedure_account(decision),
            description=f"重大行政决策事项目录 {decision.number}：{decision.title}",
        )
        _copy_materials(decision, matter, entry, actor)
        matter.refresh_from_db()
        matter = submission.submit(matter=matter, actor=actor, expected_version=matter.version)
        versioned_update(
            decision,
            expected_version=expected_version,
            changes={"review_matter": matter},
            actor=actor,
            message=f"{WHERE}：{decision.title}（{matter.number}）",
        )
        record_event(decision, WHERE, actor, stage=Stage.LEGALITY, note=matter.number)
    return matter


def _check_ready(decision: Decision) -> None:
    current = decision.review_matter if decision.review_matter_id else None
    if current is not None and not ended_unpassed(current):
        raise ApplicationError(
            f"{WHERE}：已送审（{current.number}，{current.get_status_display()}）"
        )
    if not decision.legal_basis.strip():
        raise ApplicationError(f"{WHERE}：请先在目录事项中填写法律政策依据")
    pending = [
        stage.label
        for stage in OPTIONAL_STAGES
        if decision.requires(stage) and progress.done_on(decision, stage) is None
    ]
    if pending:
        raise ApplicationError(
            f"{WHERE}：决策事项目录要求的{'、'.join(pending)}尚未完成；送审材料应当说明履行决策程序的情况"
            "（条例 第26条）"
        )
    require_materials(decision, Stage.LEGALITY, WHERE)


def ended_unpassed(matter: ReviewMatter) -> bool:
    """A withdrawn matter, or one whose signed opinion did not pass the draft: send again."""
    if matter.status == ReviewStatus.WITHDRAWN:
        return True
    return matter.status in SIGNED_OR_LATER and matter.conclusion not in progress.PASSING


def _review_entry(decision: Decision) -> CatalogEntry:
    unit = decision.host_unit
    county, level = review_policies.county_of(unit), review_policies.level_of(unit)
    entry = (
        CatalogEntry.objects.filter(
            region=county, level=level, matter_type=MatterType.DECISION, is_active=True
        )
        .order_by("sort_order", "pk")
        .first()
    )
    if entry is None:
        raise ApplicationError(
            f"{WHERE}：{county.name}审查事项目录中没有{level.label}“重大行政决策”事项，"
            "请县级管理员先在审查事项目录中建立"
        )
    return entry


def procedure_account(decision: Decision) -> str:
    """已履行程序说明: each stage done, with its date."""
    parts = [f"{Stage.LAUNCH.label}（{decision.launched_on}）"]
    for stage in OPTIONAL_STAGES:
        done = progress.done_on(decision, stage)
        if done is not None:
            parts.append(f"{stage.label}（{done} 完成）")
        elif not decision.requires(stage):
            parts.append(f"{stage.label}（目录未要求）")
    return "已履行：" + "；".join(parts)


def _copy_materials(
    decision: Decision, matter: ReviewMatter, entry: CatalogEntry, actor: Any
) -> None:
    files = {m.kind: m for m in decision.materials.order_by("-uploaded_at", "-pk")}
    submission.add_document(
        matter=matter, actor=actor, kind=DocKind.DRAFT, upload=_upload(files["draft"])
    )
    for material in CatalogMaterial.objects.filter(entry=entry).order_by("sort_order", "pk"):
        found = next((files[k] for k in ANSWERS.get(material.name, ()) if k in files), None)
        if found is not None:
            submission.add_document(
                matter=matter,
                actor=actor,
                kind=DocKind.MATERIAL,
                upload=_upload(found),
                material=material,
            )


def _upload(material: DecisionMaterial) -> SimpleUploadedFile:
    with material.file.open("rb") as handle:
        content = handle.read()
    return SimpleUploadedFile(material.original_name, content, material.content_type)
