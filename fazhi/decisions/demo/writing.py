"""Writing the planned demo decisions in bulk: the decisions, their stage records, materials
and timelines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from random import Random
from typing import Any

from django.db.models import Model
from django.utils import timezone

from fazhi.core.demo import step_random
from fazhi.decisions.demo.plans import Plan
from fazhi.decisions.demo.texts import ASSESSORS, EVALUATORS
from fazhi.decisions.models import (
    Decision,
    DecisionCatalog,
    DecisionEvent,
    DecisionMaterial,
    ExpertOpinion,
    Hearing,
    ProgressReport,
    PublicConsultation,
    RiskAssessment,
)
from fazhi.decisions.workflow import COMPLETABLE, MATERIALS, PLANNED_STAGES, Stage

Pair = tuple[Plan, Decision]
BATCH = 500


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def decision_of(plan: Plan, catalog: DecisionCatalog, government: Any, rng: Random) -> Decision:
    done = plan.done
    values: dict[str, Any] = {
        "catalog": catalog,
        "seq": plan.seq,
        "title": plan.title,
        "category": plan.kind.category,
        "decision_unit": government,
        "host_unit": plan.host,
        "legal_basis": plan.kind.basis,
        "origin": plan.origin,
        "listed_on": plan.listed_on,
        "status": plan.status,
        "needs_participation": True,
        "needs_hearing": plan.kind.hearing,
        "needs_expert": plan.kind.expert,
        "needs_risk": plan.kind.risk,
        "exploratory": plan.exploratory and Stage.MEETING in done,
    }
    values.update({name: plan.plans.get(stage) for stage, name in PLANNED_STAGES.items()})
    values.update({name: done.get(stage) for stage, name in COMPLETABLE.items()})
    if values["exploratory"]:
        values["legal_risk_statement"] = (
            "国家尚无明确规定，属探索性改革事项，存在上位法调整的法律风险。"
        )
    if Stage.LAUNCH in done:
        values.update(
            launched_on=done[Stage.LAUNCH],
            proposal_source=rng.choice(["department", "leader"]),
            proposal=f"{plan.host.name}提出：{plan.title}，以解决现行做法不适应发展需要的问题。",
            research_note=f"已梳理{plan.kind.basis}等法律政策依据，开展实地调研。",
        )
    _after_meeting(values, plan, rng)
    return Decision(**values)


def _after_meeting(values: dict[str, Any], plan: Plan, rng: Random) -> None:
    done = plan.done
    if Stage.MEETING in done:
        values.update(
            decided_on=done[Stage.MEETING],
            decided_on_plan=done[Stage.MEETING] <= plan.plans[Stage.MEETING],
            meeting_name=f"县政府第{rng.randint(20, 60)}次常务会议",
            attendance="县长、副县长、县政府党组成员等",
            head_decision="原则同意，按会议意见修改完善后按程序印发",
            dissent="无",
        )
    if Stage.PARTY in done:
        values.update(
            reported_on=done[Stage.PARTY], party_body="中共示例县委常委会", party_opinion="同意"
        )
    if Stage.PUBLICATION in done:
        values.update(
            published_on=done[Stage.PUBLICATION],
            publication_channels=["website", "gazette"],
            publication_ref=f"示政发〔{done[Stage.PUBLICATION].year}〕{plan.seq}号",
        )
    if Stage.EXECUTION in done:
        values.update(executing_unit=plan.host, execution_on=done[Stage.EXECUTION])
    if plan.evaluated:
        values.update(
            evaluated_on=plan.evaluated,
            evaluation_trigger="necessary",
            evaluator=rng.choice(EVALUATORS),
            evaluation_note="决策目标基本实现，建议继续实施并完善配套措施。",
        )


# --- stage records -------------------------------------------------------------------------


def records(
    pairs: Iterable[Pair], experts: list[tuple[str, str, str, Any]], today: dt.date
) -> dict[str, int]:
    rows: dict[type[Model], list[Any]] = {
        m: [] for m in (PublicConsultation, Hearing, ExpertOpinion, RiskAssessment, ProgressReport)
    }
    for plan, decision in pairs:
        rng = step_random("重大行政决策", "records", plan.year, plan.seq)
        for row in _records_of(plan, decision, experts, today, rng):
            rows[type(row)].append(row)
    for model, objs in rows.items():
        model._default_manager.bulk_create(objs, batch_size=BATCH)
    return {str(model._meta.verbose_name): len(objs) for model, objs in rows.items()}


def _records_of(
    plan: Plan, decision: Decision, experts: list[Any], today: dt.date, rng: Random
) -> Iterator[Any]:
    d = plan.details
    if Stage.LAUNCH in plan.done and d["consult_start"] <= today:
        comments = rng.randint(3, 60)
        yield PublicConsultation(
            decision=decision,
            method="public",
            starts_on=d["consult_start"],
            ends_on=d["consult_end"],
            channel="示例县人民政府门户网站",
            comments=comments,
            adopted=rng.randint(0, comments // 2),
            shortened_reason="上级部署时限紧迫，经县政府同意缩短征求意见期限"
            if plan.shortened
            else "",
            feedback="对合理意见予以采纳，未采纳的已说明理由。",
        )
    if plan.needs(Stage.HEARING) and d.get("held", dt.date.max) <= today:
        yield Hearing(
            decision=decision,
            announced_on=d["announced"],
            materials_sent_on=d["sent"],
            held_on=d["held"],
            participants="利害关系人代表、人大代表、政协委员、专家等15人",
            record_signed=True,
            summary="听证参加人的意见已归纳，合理意见已吸收。",
        )
    yield from _experts(plan, decision, experts, today, rng)
    yield from _risks(plan, decision, today, rng)
    yield from _progress(plan, decision, today)


def _experts(
    plan: Plan, decision: Decision, experts: list[Any], today: dt.date, rng: Random
) -> Iterator[Any]:
    day = plan.done.get(Stage.EXPERT) or (plan.details.get("expert_due") if plan.stuck else None)
    if not plan.needs(Stage.EXPERT) or day is None:
        return
    given = day - dt.timedelta(days=3)
    for name, specialty, employer, expert in rng.sample(experts, 3):
        yield ExpertOpinion(
            decision=decision,
            expert=expert,
            name=name,
            specialty=specialty,
            employer=employer,
            form="meeting",
            opinion="方案总体可行，建议完善配套措施。",
            signed=True,
            given_on=given,
        )
    if plan.problem == "interest" and plan.stuck:
        yield ExpertOpinion(
            decision=decision,
            name="冯建伟",
            specialty="工程造价",
            employer="示例建设咨询公司",
            form="meeting",
            interest="其所在公司参与本项目前期咨询",
            opinion="同意",
            signed=True,
            given_on=given,
        )


def _risks(plan: Plan, decision: Decision, today: dt.date, rng: Random) -> Iterator[Any]:
    day = plan.done.get(Stage.RISK) or (plan.details.get("risk_due") if plan.stuck else None)
    if not plan.needs(Stage.RISK) or day is None:
        return
    assessor = rng.choice(ASSESSORS)
    if plan.problem == "risk":
        yield RiskAssessment(
            decision=decision,
            assessed_on=day - dt.timedelta(days=20),
            assessor=assessor,
            third_party=True,
            level="high",
            controllable=False,
            risk_points="群众对补偿标准意见较大，可能引发群体性事件。",
        )
        if plan.stuck:
            return
    yield RiskAssessment(
        decision=decision,
        assessed_on=day - dt.timedelta(days=2),
        assessor=assessor,
        third_party=True,
        level=rng.choice(["low", "low", "medium"]),
        controllable=True,
        risk_points="主要风险点已识别，制定了防范化解措施和应急处置预案。",
    )


def _progress(plan: Plan, decision: Decision, today: dt.date) -> Iterator[Any]:
    start = plan.done.get(Stage.EXECUTION)
    if start is None:
        return
    day = start + dt.timedelta(days=120)
    while day <= today and day <= start + dt.timedelta(days=600):
        yield ProgressReport(decision=decision, reported_on=day, progress="各项任务按计划推进。")
        day += dt.timedelta(days=180)


# --- materials and timelines ---------------------------------------------------------------


def materials(pairs: Iterable[Pair], files: dict[str, Any], today: dt.date) -> int:
    rows = []
    for plan, decision in pairs:
        for stage, day in _filed_stages(plan, today):
            for spec in MATERIALS[stage]:
                if spec.required:
                    file = files["docx" if spec.key == "draft" else "pdf"]
                    ext = ".docx" if spec.key == "draft" else ".pdf"
                    rows.append(
                        DecisionMaterial(
                            decision=decision,
                            stage=stage,
                            kind=spec.key,
                            file=file.name,
                            original_name=f"{spec.name}{ext}",
                            content_type=file.content_type,
                            size=file.size,
                            sha256=file.sha256,
                            uploaded_at=at(day, 9),
                        )
                    )
    DecisionMaterial.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _filed_stages(plan: Plan, today: dt.date) -> Iterator[tuple[Stage, dt.date]]:
    """The stages whose materials were filed: every stage done, the draft once submitted."""
    for stage, day in plan.done.items():
        if stage not in (Stage.LEGALITY, Stage.EXECUTION):
            yield stage, day
    submitted = plan.details.get("submitted")
    if Stage.LAUNCH in plan.done and submitted is not None and submitted <= today:
        yield Stage.LEGALITY, submitted
    if plan.evaluated:
        yield Stage.EVALUATION, plan.evaluated


LABELS = {
    Stage.LAUNCH: "决策启动",
    Stage.MEETING: "集体讨论决定",
    Stage.PARTY: "党委请示报告",
    Stage.PUBLICATION: "决策公布",
    Stage.EXECUTION: "部署执行",
}


def events(pairs: Iterable[Pair]) -> int:
    rows = []
    for plan, decision in pairs:
        for day, label, stage, note in _story(plan):
            rows.append(
                DecisionEvent(
                    decision=decision,
                    action="record",
                    action_label=label,
                    from_status=decision.status,
                    to_status=decision.status,
                    note=note,
                    stage=stage or "",
                    created_at=at(day),
                )
            )
    DecisionEvent.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _story(plan: Plan) -> Iterator[tuple[dt.date, str, Stage | None, str]]:
    if plan.listed_on:
        yield plan.listed_on, "列入决策事项目录", None, f"{plan.year}年度目录第{plan.seq}项"
    for stage, day in sorted(plan.done.items(), key=lambda item: item[1]):
        if stage in COMPLETABLE:
            yield day, f"完成{stage.label}", stage, str(day)
        elif stage == Stage.LEGALITY:
            yield plan.details["submitted"], "送合法性审查", stage, ""
        else:
            yield day, LABELS.get(stage, stage.label), stage, ""
    yield from _problem_story(plan)
    if plan.withdrawn_on:
        yield plan.withdrawn_on, "调出目录", None, "经批准的目录调整"


def _problem_story(plan: Plan) -> Iterator[tuple[dt.date, str, Stage | None, str]]:
    day = plan.done.get(Stage.EXPERT) or plan.done.get(Stage.RISK) or plan.done.get(Stage.LAUNCH)
    if day is None or not plan.problem:
        return
    if plan.problem == "interest" and not plan.stuck:
        yield (
            day,
            "删除专家论证意见",
            Stage.EXPERT,
            "该专家申报与决策事项有直接利害关系，依条例第20条回避",
        )
    if plan.problem == "risk":
        yield day, "记录风险评估", Stage.RISK, "风险不可控：调整决策草案后重新评估（条例第24条）"
    submitted = plan.details.get("submitted")
    if plan.problem == "illegal" and submitted is not None:
        first = submitted if plan.stuck else submitted - dt.timedelta(days=30)
        yield (
            first,
            "送合法性审查",
            Stage.LEGALITY,
            "审查结论：不合法，不得提交集体讨论（条例第25条）",
        )
