"""The stages before the meeting, worked by the 承办单位: 决策启动, 公众参与 (and 听证), 专家论证,
风险评估, and the 第25条 statement of legal risk. Each record is checked against its rule when
entered; a stage is completed only when its records and materials pass `guards`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from fazhi.core.deadlines import due_date
from fazhi.core.exceptions import ApplicationError
from fazhi.core.services import (
    audited_delete,
    required_text,
)
from fazhi.decisions import deadlines, guards
from fazhi.decisions.models import (
    ConsultMethod,
    Decision,
    ExpertForm,
    ExpertOpinion,
    Hearing,
    Origin,
    ProposalSource,
    PublicConsultation,
    RiskAssessment,
    RiskLevel,
)
from fazhi.decisions.services.common import (
    add_stage_record,
    not_before,
    record_event,
    require_action,
    require_materials,
    require_record,
    required_date,
    run_transition,
    update_recorded,
)
from fazhi.decisions.workflow import COMPLETABLE, Action, CatalogStatus, Record, Stage
from fazhi.review.models import Expert


def launch(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    launched_on: dt.date | None,
    proposal_source: str,
    proposal: str,
    research_note: str,
    options_note: str = "",
    consulted_note: str = "",
) -> Decision:
    """决策启动 (条例 第10–13条): the proposal argued, the law sorted out, the options stated."""
    where = Action.LAUNCH.label
    require_action(actor, decision, Action.LAUNCH)
    if decision.origin != Origin.UNLISTED and decision.catalog.status != CatalogStatus.PUBLISHED:
        raise ApplicationError(
            f"{where}：{decision.catalog.year}年度目录尚未经党委同意并公布，目录内事项不能启动"
        )
    if proposal_source not in ProposalSource.values:
        raise ApplicationError(f"{where}：请选择决策建议来源")
    changes = {
        "launched_on": required_date(launched_on, "启动日期", where),
        "proposal_source": proposal_source,
        "proposal": required_text(proposal, "决策建议（问题、理由、依据、初步方案）", where),
        "research_note": required_text(research_note, "调研及法律政策梳理情况", where),
        "options_note": (options_note or "").strip(),
        "consulted_note": (consulted_note or "").strip(),
    }
    require_materials(decision, Stage.LAUNCH, where)
    with transaction.atomic():
        return run_transition(
            decision, Action.LAUNCH, actor, expected_version=expected_version, changes=changes
        )


def _open_stage(actor: Any, decision: Decision, record: Record, stage: Stage) -> None:
    """The stage's records may change only while it is not completed."""
    require_record(actor, decision, record)
    field = COMPLETABLE.get(stage)
    if field and getattr(decision, field) is not None:
        raise ApplicationError(
            f"{record.label}：{stage.label}已于{getattr(decision, field)}完成，不能再修改"
        )


# --- 公众参与 --------------------------------------------------------------------------------


def add_consultation(
    *,
    decision: Decision,
    actor: Any,
    method: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    channel: str = "",
    shortened_reason: str = "",
    comments: int = 0,
    adopted: int = 0,
    feedback: str = "",
) -> PublicConsultation:
    """One way the public was heard. 条例 第15条: a public call for comments runs at least 30
    days, shorter only with the reason stated when it is published."""
    where = Record.CONSULTATION.label
    _open_stage(actor, decision, Record.CONSULTATION, Stage.PARTICIPATION)
    if method not in ConsultMethod.values:
        raise ApplicationError(f"{where}：请选择公众参与方式")
    starts_on = required_date(starts_on, "开始日期", where)
    ends_on = required_date(ends_on, "截止日期", where, not_after_today=False)
    not_before(starts_on, decision.launched_on, "开始日期", "启动日期", where)
    not_before(ends_on, starts_on, "截止日期", "开始日期", where)
    reason = (shortened_reason or "").strip()
    if method == ConsultMethod.PUBLIC:
        _check_window(starts_on, ends_on, reason, where)
    if adopted > comments:
        raise ApplicationError(f"{where}：采纳意见 {adopted} 条多于收到意见 {comments} 条")
    return add_stage_record(
        PublicConsultation,
        decision=decision,
        actor=actor,
        where=where,
        stage=Stage.PARTICIPATION,
        note=f"{ConsultMethod(method).label} {starts_on}—{ends_on}",
        method=method,
        starts_on=starts_on,
        ends_on=ends_on,
        channel=(channel or "").strip(),
        shortened_reason=reason,
        comments=comments,
        adopted=adopted,
        feedback=(feedback or "").strip(),
    )


def _check_window(starts_on: dt.date, ends_on: dt.date, reason: str, where: str) -> None:
    earliest = due_date(deadlines.CONSULTATION, starts_on)
    if ends_on < earliest and not reason:
        days = (ends_on - starts_on).days
        raise ApplicationError(
            f"{where}：公开征求意见期限仅 {days} 日（{starts_on} 至 {ends_on}），"
            f"一般不少于30日，应至少截至 {earliest}；因情况紧急等原因缩短的，请填写缩短期限的理由"
            "（条例 第15条）"
        )


def add_hearing(
    *,
    decision: Decision,
    actor: Any,
    announced_on: dt.date | None,
    materials_sent_on: dt.date | None,
    held_on: dt.date | None,
    participants: str,
    record_signed: bool,
    summary: str = "",
) -> Hearing:
    """A 听证会: announced in advance, materials sent at least 7 days before (条例 第16条),
    the record confirmed and signed by the participants (第17条)."""
    where = Record.HEARING.label
    _open_stage(actor, decision, Record.HEARING, Stage.HEARING)
    announced_on = required_date(announced_on, "听证公告日期", where)
    sent_on = required_date(materials_sent_on, "材料送达日期", where)
    held_on = required_date(held_on, "听证日期", where)
    not_before(announced_on, decision.launched_on, "听证公告日期", "启动日期", where)
    not_before(held_on, announced_on, "听证日期", "听证公告日期", where)
    earliest = due_date(deadlines.HEARING_NOTICE, sent_on)
    if held_on < earliest:
        raise ApplicationError(
            f"{where}：听证材料于 {sent_on} 送达、{held_on} 举行听证，不足7日；"
            f"听证会材料应当于召开7日前送达听证参加人（条例 第16条），最早可于 {earliest} 举行"
        )
    return add_stage_record(
        Hearing,
        decision=decision,
        actor=actor,
        where=where,
        stage=Stage.HEARING,
        note=f"{held_on} 举行",
        announced_on=announced_on,
        materials_sent_on=sent_on,
        held_on=held_on,
        participants=required_text(participants, "听证参加人", where),
        record_signed=bool(record_signed),
        summary=(summary or "").strip(),
    )


# --- 专家论证、风险评估 -------------------------------------------------------------------------


def add_expert_opinion(
    *,
    decision: Decision,
    actor: Any,
    expert: Expert | None = None,
    name: str = "",
    specialty: str = "",
    employer: str = "",
    form: str,
    interest: str = "",
    opinion: str,
    signed: bool,
    given_on: dt.date | None,
) -> ExpertOpinion:
    """An expert's opinion, the expert taken from the county's 专家库 or named. A declared
    interest is kept: the expert is to be excluded (条例 第20条) and the stage is blocked."""
    where = Record.EXPERT.label
    _open_stage(actor, decision, Record.EXPERT, Stage.EXPERT)
    if form not in ExpertForm.values:
        raise ApplicationError(f"{where}：请选择论证方式")
    pool = Expert.objects.for_region(decision.catalog.region)
    if expert is not None and not pool.filter(pk=expert.pk).exists():
        raise ApplicationError(f"{where}：所选专家不在本县可用的专家库中")
    given_on = required_date(given_on, "出具日期", where)
    not_before(given_on, decision.launched_on, "出具日期", "启动日期", where)
    values = {
        "name": expert.name if expert else required_text(name, "专家姓名或机构", where),
        "specialty": expert.specialty if expert else (specialty or "").strip(),
        "employer": expert.employer if expert else (employer or "").strip(),
    }
    interest = (interest or "").strip()
    return add_stage_record(
        ExpertOpinion,
        decision=decision,
        actor=actor,
        where=where,
        stage=Stage.EXPERT,
        note=values["name"] + (f"（申报利害关系：{interest}）" if interest else ""),
        expert=expert,
        form=form,
        interest=interest,
        opinion=required_text(opinion, "论证意见", where),
        signed=bool(signed),
        given_on=given_on,
        **values,
    )


def add_risk_assessment(
    *,
    decision: Decision,
    actor: Any,
    assessed_on: dt.date | None,
    assessor: str,
    third_party: bool,
    level: str,
    controllable: bool,
    risk_points: str,
) -> RiskAssessment:
    """A 风险评估 and its conclusion (条例 第22–24条); an uncontrollable risk is recorded, and
    the stage stays open until a later assessment finds the risk controllable."""
    where = Record.RISK.label
    _open_stage(actor, decision, Record.RISK, Stage.RISK)
    if level not in RiskLevel.values:
        raise ApplicationError(f"{where}：请选择风险等级")
    assessed_on = required_date(assessed_on, "评估日期", where)
    not_before(assessed_on, decision.launched_on, "评估日期", "启动日期", where)
    return add_stage_record(
        RiskAssessment,
        decision=decision,
        actor=actor,
        where=where,
        stage=Stage.RISK,
        note=str,
        assessed_on=assessed_on,
        assessor=required_text(assessor, "评估单位", where),
        third_party=bool(third_party),
        level=level,
        controllable=bool(controllable),
        risk_points=required_text(risk_points, "风险点及防范化解措施", where),
    )


STAGE_RECORDS: dict[str, tuple[type[Model], Stage, Record]] = {
    "consultation": (PublicConsultation, Stage.PARTICIPATION, Record.CONSULTATION),
    "hearing": (Hearing, Stage.HEARING, Record.HEARING),
    "expert": (ExpertOpinion, Stage.EXPERT, Record.EXPERT),
    "risk": (RiskAssessment, Stage.RISK, Record.RISK),
}


def delete_record(*, record: Any, actor: Any) -> None:
    """Remove a stage's record (an interested expert's opinion, a mistaken entry) while the
    stage is not completed."""
    decision = record.decision
    _model, stage, kind = next(v for v in STAGE_RECORDS.values() if isinstance(record, v[0]))
    _open_stage(actor, decision, kind, stage)
    with transaction.atomic():
        label = f"删除{record._meta.verbose_name}"
        record_event(decision, label, actor, stage=stage, note=str(record))
        audited_delete(record, actor=actor, message=f"{label}：{decision.title}")


# --- completing a stage -------------------------------------------------------------------


def complete_stage(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    stage: Stage,
    done_on: dt.date | None = None,
) -> Decision:
    """Mark 公众参与, 听证, 专家论证 or 风险评估 completed once its records and materials pass
    the guards; the completion date may not precede the records it completes."""
    where = f"完成{stage.label}"
    require_record(actor, decision, Record.COMPLETE, where)
    if stage not in COMPLETABLE:
        raise ApplicationError(f"{where}：该阶段不能在此完成")
    field = COMPLETABLE[stage]
    if getattr(decision, field) is not None:
        raise ApplicationError(f"{where}：已于{getattr(decision, field)}完成")
    problems = guards.completion_problems(decision, stage, guards.kinds_present(decision))
    if problems:
        raise ApplicationError(f"{where}：" + "；".join(problems))
    done_on = required_date(done_on or timezone.localdate(), "完成日期", where)
    not_before(done_on, _last_record_day(decision, stage), "完成日期", "最后一项记录日期", where)
    return update_recorded(
        decision, expected_version=expected_version, changes={field: done_on}, actor=actor,
        where=where, stage=stage, note=str(done_on),
    )  # fmt: skip


def _last_record_day(decision: Decision, stage: Stage) -> dt.date | None:
    days: list[dt.date] = {
        Stage.PARTICIPATION: lambda: [c.ends_on for c in decision.consultations.all()],
        Stage.HEARING: lambda: [h.held_on for h in decision.hearings.all()],
        Stage.EXPERT: lambda: [o.given_on for o in decision.expert_opinions.all()],
        Stage.RISK: lambda: [r.assessed_on for r in decision.risk_assessments.all()],
    }[stage]()
    return max(days, default=None)


def state_legal_risk(
    *, decision: Decision, actor: Any, expected_version: int, statement: str
) -> Decision:
    """条例 第25条: an exploratory reform matter with no clear national rule may go to the
    meeting without a passed review only with its legal risk stated explicitly."""
    where = Record.EXPLORATORY.label
    require_record(actor, decision, Record.EXPLORATORY)
    statement = required_text(statement, "法律风险说明", where)
    changes = {"exploratory": True, "legal_risk_statement": statement}
    return update_recorded(
        decision, expected_version=expected_version, changes=changes, actor=actor,
        where=where, stage=Stage.LEGALITY, note=statement,
    )  # fmt: skip
