"""What each POST on a decision's page runs: the form's fields parsed, one service called.

`STEPS[step] = (runner, done message, anchor)`; `views.decisions.decision_act` runs it through
`fazhi.core.pages.run`, which reports the service's Chinese error and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from fazhi.core.exceptions import ApplicationError
from fazhi.core.pages import posted_date, posted_version
from fazhi.decisions.models import Decision
from fazhi.decisions.services import deciding, legality, stages
from fazhi.decisions.workflow import COMPLETABLE, Stage
from fazhi.org.models import Unit
from fazhi.review.models import Expert

Runner = Callable[[HttpRequest, Decision], Any]


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("1", "on", "yes")


def _count(request: HttpRequest, name: str, label: str) -> int:
    value = request.POST.get(name, "").strip() or "0"
    if not value.isdigit():
        raise ApplicationError(f"{label}应为不小于 0 的整数：{value[:20]}")
    return int(value)


def _base(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    return {"decision": decision, "actor": request.user}


def _versioned(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    return {**_base(request, decision), "expected_version": posted_version(request)}


def _launch(r: HttpRequest, d: Decision) -> Any:
    return stages.launch(
        **_versioned(r, d),
        launched_on=posted_date(r, "launched_on", "启动日期"),
        proposal_source=_text(r, "proposal_source"),
        proposal=_text(r, "proposal"),
        research_note=_text(r, "research_note"),
        options_note=_text(r, "options_note"),
        consulted_note=_text(r, "consulted_note"),
    )


def _consultation(r: HttpRequest, d: Decision) -> Any:
    return stages.add_consultation(
        **_base(r, d),
        method=_text(r, "method"),
        starts_on=posted_date(r, "starts_on", "开始日期"),
        ends_on=posted_date(r, "ends_on", "截止日期"),
        channel=_text(r, "channel"),
        shortened_reason=_text(r, "shortened_reason"),
        comments=_count(r, "comments", "收到意见"),
        adopted=_count(r, "adopted", "采纳意见"),
        feedback=_text(r, "feedback"),
    )


def _hearing(r: HttpRequest, d: Decision) -> Any:
    return stages.add_hearing(
        **_base(r, d),
        announced_on=posted_date(r, "announced_on", "听证公告日期"),
        materials_sent_on=posted_date(r, "materials_sent_on", "材料送达日期"),
        held_on=posted_date(r, "held_on", "听证日期"),
        participants=_text(r, "participants"),
        record_signed=_flag(r, "record_signed"),
        summary=_text(r, "summary"),
    )


def _expert(r: HttpRequest, d: Decision) -> Any:
    chosen = _text(r, "expert")
    expert = Expert.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    return stages.add_expert_opinion(
        **_base(r, d),
        expert=expert,
        name=_text(r, "name"),
        specialty=_text(r, "specialty"),
        employer=_text(r, "employer"),
        form=_text(r, "form"),
        interest=_text(r, "interest"),
        opinion=_text(r, "opinion"),
        signed=_flag(r, "signed"),
        given_on=posted_date(r, "given_on", "出具日期"),
    )


def _risk(r: HttpRequest, d: Decision) -> Any:
    return stages.add_risk_assessment(
        **_base(r, d),
        assessed_on=posted_date(r, "assessed_on", "评估日期"),
        assessor=_text(r, "assessor"),
        third_party=_flag(r, "third_party"),
        level=_text(r, "level"),
        controllable=_text(r, "controllable") == "yes",
        risk_points=_text(r, "risk_points"),
    )


def _complete(r: HttpRequest, d: Decision) -> Any:
    value = _text(r, "stage")
    if value not in {s.value for s in COMPLETABLE}:
        raise ApplicationError("完成阶段：未知的阶段")
    return stages.complete_stage(
        **_versioned(r, d), stage=Stage(value), done_on=posted_date(r, "done_on", "完成日期")
    )


def _legality(r: HttpRequest, d: Decision) -> Any:
    return legality.send_to_review(**_versioned(r, d))


def _exploratory(r: HttpRequest, d: Decision) -> Any:
    return stages.state_legal_risk(**_versioned(r, d), statement=_text(r, "statement"))


def _decide(r: HttpRequest, d: Decision) -> Any:
    return deciding.decide(
        **_versioned(r, d),
        decided_on=posted_date(r, "decided_on", "集体讨论决定日期"),
        meeting_name=_text(r, "meeting_name"),
        attendance=_text(r, "attendance"),
        head_decision=_text(r, "head_decision"),
        dissent=_text(r, "dissent"),
        head_differs=_flag(r, "head_differs"),
        head_differs_reason=_text(r, "head_differs_reason"),
    )


def _report(r: HttpRequest, d: Decision) -> Any:
    return deciding.report_to_party(
        **_versioned(r, d),
        reported_on=posted_date(r, "reported_on", "请示报告日期"),
        party_body=_text(r, "party_body"),
        party_opinion=_text(r, "party_opinion"),
    )


def _publish(r: HttpRequest, d: Decision) -> Any:
    return deciding.publish(
        **_versioned(r, d),
        published_on=posted_date(r, "published_on", "公布日期"),
        channels=r.POST.getlist("channels"),
        publication_ref=_text(r, "publication_ref"),
    )


def _execute(r: HttpRequest, d: Decision) -> Any:
    chosen = _text(r, "executing_unit")
    unit = Unit.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    return deciding.start_execution(
        **_versioned(r, d),
        executing_unit=unit,
        execution_on=posted_date(r, "execution_on", "部署执行日期"),
    )


def _progress(r: HttpRequest, d: Decision) -> Any:
    return deciding.add_progress_report(
        **_base(r, d),
        reported_on=posted_date(r, "reported_on", "报告日期"),
        progress_text=_text(r, "progress"),
        problems=_text(r, "problems"),
    )


def _evaluate(r: HttpRequest, d: Decision) -> Any:
    return deciding.record_evaluation(
        **_versioned(r, d),
        evaluated_on=posted_date(r, "evaluated_on", "后评估日期"),
        trigger=_text(r, "trigger"),
        evaluator=_text(r, "evaluator"),
        conclusion=_text(r, "conclusion"),
    )


def _change(r: HttpRequest, d: Decision) -> Any:
    return deciding.change(
        **_versioned(r, d),
        kind=_text(r, "kind"),
        changed_on=posted_date(r, "changed_on", "决定日期"),
        reason=_text(r, "reason"),
        procedure=_text(r, "procedure"),
        emergency=_flag(r, "emergency"),
    )


STEPS: dict[str, tuple[Runner, str, str]] = {
    "launch": (_launch, "决策已启动。", "stage-launch"),
    "consultation": (_consultation, "已记录公众参与情况。", "stage-participation"),
    "hearing": (_hearing, "已记录听证会。", "stage-hearing"),
    "expert": (_expert, "已记录专家论证意见。", "stage-expert"),
    "risk": (_risk, "已记录风险评估。", "stage-risk"),
    "complete": (_complete, "该阶段已完成。", "stages"),
    "legality": (_legality, "已送合法性审查。", "stage-legality"),
    "exploratory": (_exploratory, "已记录法律风险说明。", "stage-legality"),
    "decide": (_decide, "已记录集体讨论决定。", "stage-meeting"),
    "report": (_report, "已记录党委请示报告。", "stage-party"),
    "publish": (_publish, "已记录决策公布。", "stage-publication"),
    "execute": (_execute, "已部署执行。", "stage-execution"),
    "progress": (_progress, "已报告执行情况。", "stage-execution"),
    "evaluate": (_evaluate, "已记录决策后评估。", "stage-evaluation"),
    "change": (_change, "已记录决策调整。", "stage-adjustment"),
}
