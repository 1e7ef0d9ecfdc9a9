"""A decision's page (its stages, their records, materials and forms, the meeting's pre-check
and the timeline), and the POST endpoints that call one service each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import audit
from fazhi.core.pages import run
from fazhi.core.permissions import Perm, require_perm
from fazhi.decisions import guards, policies, progress, selectors
from fazhi.decisions.models import (
    ChangeKind,
    Channel,
    ConsultMethod,
    Decision,
    DecisionMaterial,
    EvaluationTrigger,
    ExpertForm,
    ProposalSource,
    RiskLevel,
)
from fazhi.decisions.services import legality, materials
from fazhi.decisions.services.materials import KEEPS_OPEN
from fazhi.decisions.views.steps import STEPS
from fazhi.decisions.workflow import MATERIALS, Action, MaterialSpec, Record, Stage, Status
from fazhi.rectify import uploads
from fazhi.review.models import Expert


@dataclass
class Card:
    """One stage on the decision's page."""

    step: progress.Step
    files: list[tuple[MaterialSpec, list[DecisionMaterial]]]
    can_file: bool
    can_act: bool
    records: list[Any] = field(default_factory=list)

    @property
    def stage(self) -> Stage:
        return self.step.stage

    @property
    def template(self) -> str:
        return f"decisions/stages/{self.stage.value}.html"

    @property
    def missing(self) -> list[str]:
        return [spec.name for spec, given in self.files if spec.required and not given]


RECORDS: dict[Stage, Callable[[Decision], list[Any]]] = {
    Stage.PARTICIPATION: lambda d: list(d.consultations.all()),
    Stage.HEARING: lambda d: list(d.hearings.all()),
    Stage.EXPERT: lambda d: list(d.expert_opinions.select_related("expert")),
    Stage.RISK: lambda d: list(d.risk_assessments.all()),
    Stage.EXECUTION: lambda d: list(d.progress_reports.select_related("recorded_by")),
    Stage.ADJUSTMENT: lambda d: list(d.changes.all()),
}
# Which permission shows a stage's form to the user.
CAN_ACT: dict[Stage, Callable[[Any, Decision], bool]] = {
    Stage.LAUNCH: lambda u, d: policies.can(u, d, Action.LAUNCH),
    Stage.PARTICIPATION: lambda u, d: policies.can_record(u, d, Record.CONSULTATION),
    Stage.HEARING: lambda u, d: policies.can_record(u, d, Record.HEARING),
    Stage.EXPERT: lambda u, d: policies.can_record(u, d, Record.EXPERT),
    Stage.RISK: lambda u, d: policies.can_record(u, d, Record.RISK),
    Stage.LEGALITY: lambda u, d: policies.can_record(u, d, Record.LEGALITY),
    Stage.MEETING: lambda u, d: policies.can(u, d, Action.DECIDE),
    Stage.PARTY: lambda u, d: policies.can(u, d, Action.REPORT),
    Stage.PUBLICATION: lambda u, d: policies.can(u, d, Action.PUBLISH),
    Stage.EXECUTION: lambda u, d: (
        policies.can(u, d, Action.EXECUTE) or policies.can_record(u, d, Record.PROGRESS)
    ),
    Stage.EVALUATION: lambda u, d: policies.can_record(u, d, Record.EVALUATE),
    Stage.ADJUSTMENT: lambda u, d: policies.can(u, d, Action.STOP),
}


def _cards(user: Any, decision: Decision, files: list[DecisionMaterial]) -> list[Card]:
    cards = []
    for step in progress.steps(decision, timezone.localdate()):
        stage = step.stage
        still_open = step.done is None or stage in KEEPS_OPEN
        can_act = still_open and CAN_ACT[stage](user, decision)
        if not step.applies and not can_act:
            continue
        given = [(spec, [m for m in files if m.kind == spec.key]) for spec in MATERIALS[stage]]
        can_file = still_open and policies.can_file(user, decision, stage)
        records = RECORDS[stage](decision) if stage in RECORDS else []
        cards.append(Card(step, given, can_file, can_act, records))
    return cards


@require_perm(Perm.VIEW_BUSINESS)
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    files = list(decision.materials.select_related("uploaded_by"))
    kinds = {m.kind for m in files}
    user = request.user
    context = {
        "decision": decision,
        "cards": _cards(user, decision, files),
        "steps": progress.steps(decision, timezone.localdate()),
        "problems": guards.meeting_problems(decision, kinds)
        if decision.status == Status.DRAFTING
        else [],
        "events": list(decision.events.select_related("actor")),
        "manager": selectors.manages(user, decision.catalog),
        "max_mb": uploads.max_bytes() // 1024 // 1024,
        "choices": _choices(decision),
        "review_passed": progress.review_passed_on(decision),
    }
    return render(request, "decisions/decision_detail.html", context)


def _choices(decision: Decision) -> dict[str, Any]:
    county, matter = decision.catalog.region, decision.review_matter
    return {
        "sources": ProposalSource.choices,
        "methods": ConsultMethod.choices,
        "forms": ExpertForm.choices,
        "levels": RiskLevel.choices,
        "channels": Channel.choices,
        "triggers": EvaluationTrigger.choices,
        "change_kinds": ChangeKind.choices,
        "experts": Expert.objects.available().for_region(county),
        "units": selectors.county_units(county),
        "completable": {Stage.PARTICIPATION, Stage.HEARING, Stage.EXPERT, Stage.RISK},
        "may_send": matter is None or legality.ended_unpassed(matter),
    }


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def decision_act(request: HttpRequest, decision_id: int, step: str) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    if step not in STEPS:
        raise Http404("未知操作")
    runner, done, anchor = STEPS[step]
    back = f"{decision.get_absolute_url()}#{anchor}"
    return run(request, lambda: runner(request, decision), done, back)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def material_upload(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    kind = request.POST.get("kind", "")

    def call() -> Any:
        return materials.add_material(
            decision=decision, actor=request.user, kind=kind, upload=request.FILES.get("file")
        )

    anchor = f"stage-{MATERIAL_STAGE.get(kind, '')}"
    return run(request, call, "已上传。", f"{decision.get_absolute_url()}#{anchor}")


MATERIAL_STAGE = {spec.key: stage.value for stage, specs in MATERIALS.items() for spec in specs}


@require_perm(Perm.VIEW_BUSINESS)
def material_download(request: HttpRequest, material_id: int) -> Any:  # a FileResponse
    material = selectors.material_for(request.user, material_id)
    audit.record_security(
        event=audit.Event.EXPORT,
        user=request.user,
        obj=material,
        message=f"下载决策材料：{material.original_name}",
    )
    return uploads.file_response(
        name=material.file.name,
        original_name=material.original_name,
        content_type=material.content_type,
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def material_delete(request: HttpRequest, material_id: int) -> HttpResponse:
    material = selectors.material_for(request.user, material_id)
    back = f"{material.decision.get_absolute_url()}#stage-{material.stage}"
    return run(
        request,
        lambda: materials.delete_material(material=material, actor=request.user),
        f"已删除{material.original_name}。",
        back,
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def record_delete(request: HttpRequest, record_kind: str, record_id: int) -> HttpResponse:
    from fazhi.decisions.services.stages import delete_record

    record: Any = selectors.record_for(request.user, record_kind, record_id)
    decision = record.decision
    return run(
        request,
        lambda: delete_record(record=record, actor=request.user),
        "已删除该记录。",
        decision.get_absolute_url(),
    )
