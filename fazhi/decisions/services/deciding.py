"""From the meeting on: 集体讨论决定 (behind its guard), 党委请示报告, 决策公布, 执行 with its
progress reports, 决策后评估, and 调整 or 停止执行 (条例 第29–37条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fazhi.core.exceptions import ApplicationError
from fazhi.core.services import audited_create, required_text
from fazhi.decisions import guards
from fazhi.decisions.models import (
    ChangeKind,
    Channel,
    Decision,
    DecisionChange,
    EvaluationTrigger,
    ProgressReport,
)
from fazhi.decisions.services.common import (
    add_stage_record,
    not_before,
    require_action,
    require_materials,
    require_record,
    required_date,
    run_transition,
    update_recorded,
)
from fazhi.decisions.workflow import Action, Record, Stage
from fazhi.org.models import Unit


def decide(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    decided_on: dt.date | None,
    meeting_name: str,
    attendance: str,
    head_decision: str,
    dissent: str,
    head_differs: bool = False,
    head_differs_reason: str = "",
    today: dt.date | None = None,
) -> Decision:
    """集体讨论决定 at a 常务会议 or 全体会议 (条例 第30条), only past the meeting's guard: every
    stage the catalog requires completed with its materials, a passed 合法性审查 (or the 第25条
    statement), at least 7 工作日 for the review, and dates in order."""
    where = Action.DECIDE.label
    require_action(actor, decision, Action.DECIDE)
    meeting_on = required_date(decided_on, "集体讨论决定日期", where)
    present = guards.kinds_present(decision)
    problems = guards.meeting_problems(decision, present, meeting_on=meeting_on, today=today)
    if problems:
        numbered = "；".join(f"{n}. {p}" for n, p in enumerate(problems, start=1))
        raise ApplicationError(f"{where}：不能提交集体讨论决定——{numbered}")
    reason = (head_differs_reason or "").strip()
    if head_differs and not reason:
        raise ApplicationError(
            f"{where}：行政首长的决定与会议组成人员多数人的意见不一致的，应当说明理由（条例 第30条）"
        )
    changes = {
        "decided_on": meeting_on,
        "decided_on_plan": decision.plan_meeting is None or meeting_on <= decision.plan_meeting,
        "meeting_name": required_text(meeting_name, "会议名称（常务会议或全体会议）", where),
        "attendance": required_text(attendance, "出席人员", where),
        "head_decision": required_text(head_decision, "行政首长的决定", where),
        "head_differs_reason": reason,
        "dissent": required_text(dissent, "不同意见（没有的填“无”）", where),
    }
    with transaction.atomic():
        return run_transition(
            decision,
            Action.DECIDE,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=f"{changes['meeting_name']}，{meeting_on}",
            stage=Stage.MEETING,
        )


def report_to_party(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    reported_on: dt.date | None,
    party_body: str,
    party_opinion: str = "",
) -> Decision:
    """请示报告 the same-level Party committee before the decision is issued (条例 第31条)."""
    where = Action.REPORT.label
    require_action(actor, decision, Action.REPORT)
    reported_on = required_date(reported_on, "请示报告日期", where)
    not_before(reported_on, decision.decided_on, "请示报告日期", "集体讨论决定日期", where)
    require_materials(decision, Stage.PARTY, where)
    changes = {
        "reported_on": reported_on,
        "party_body": required_text(party_body, "党委审议机关", where),
        "party_opinion": (party_opinion or "").strip(),
    }
    with transaction.atomic():
        return run_transition(
            decision,
            Action.REPORT,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=f"{changes['party_body']}，{reported_on}",
            stage=Stage.PARTY,
        )


def publish(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    published_on: dt.date | None,
    channels: Sequence[str],
    publication_ref: str = "",
) -> Decision:
    """决策公布 through the gazette, the government website or the local press (条例 第32条)."""
    where = Action.PUBLISH.label
    require_action(actor, decision, Action.PUBLISH)
    published_on = required_date(published_on, "公布日期", where)
    not_before(published_on, decision.reported_on, "公布日期", "请示报告日期", where)
    chosen = [c for c in Channel.values if c in set(channels)]
    if not chosen:
        raise ApplicationError(f"{where}：请选择公布渠道（政府公报、政府网站、本地报刊等）")
    require_materials(decision, Stage.PUBLICATION, where)
    changes = {
        "published_on": published_on,
        "publication_channels": chosen,
        "publication_ref": (publication_ref or "").strip(),
    }
    labels = "、".join(Channel(c).label for c in chosen)
    with transaction.atomic():
        return run_transition(
            decision,
            Action.PUBLISH,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=f"{labels}，{published_on}",
            stage=Stage.PUBLICATION,
        )


def start_execution(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    executing_unit: Unit | None,
    execution_on: dt.date | None,
) -> Decision:
    """Name the executing unit (条例 第34条)."""
    where = Action.EXECUTE.label
    require_action(actor, decision, Action.EXECUTE)
    if executing_unit is None or not executing_unit.region.path.startswith(
        decision.catalog.region.path
    ):
        raise ApplicationError(f"{where}：请选择{decision.catalog.region.name}的执行单位")
    execution_on = required_date(execution_on, "部署执行日期", where)
    not_before(execution_on, decision.published_on, "部署执行日期", "公布日期", where)
    changes = {"executing_unit": executing_unit, "execution_on": execution_on}
    with transaction.atomic():
        return run_transition(
            decision,
            Action.EXECUTE,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=executing_unit.name,
            stage=Stage.EXECUTION,
        )


def add_progress_report(
    *,
    decision: Decision,
    actor: Any,
    reported_on: dt.date | None,
    progress_text: str,
    problems: str = "",
) -> ProgressReport:
    """The executing unit reports how the decision is carried out (条例 第35条)."""
    where = Record.PROGRESS.label
    require_record(actor, decision, Record.PROGRESS)
    reported_on = required_date(reported_on, "报告日期", where)
    not_before(reported_on, decision.execution_on, "报告日期", "部署执行日期", where)
    return add_stage_record(
        ProgressReport,
        decision=decision,
        actor=actor,
        where=where,
        stage=Stage.EXECUTION,
        note=str(reported_on),
        reported_on=reported_on,
        progress=required_text(progress_text, "执行情况", where),
        problems=(problems or "").strip(),
    )


def record_evaluation(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    evaluated_on: dt.date | None,
    trigger: str,
    evaluator: str,
    conclusion: str,
) -> Decision:
    """决策后评估 (条例 第36条), not by whoever did the main assessment before the decision."""
    where = Record.EVALUATE.label
    require_record(actor, decision, Record.EVALUATE)
    if trigger not in EvaluationTrigger.values:
        raise ApplicationError(f"{where}：请选择开展后评估的情形")
    evaluated_on = required_date(evaluated_on, "后评估日期", where)
    not_before(evaluated_on, decision.execution_on, "后评估日期", "部署执行日期", where)
    evaluator = required_text(evaluator, "后评估单位", where)
    assessors = set(decision.risk_assessments.values_list("assessor", flat=True))
    if evaluator in assessors:
        raise ApplicationError(
            f"{where}：“{evaluator}”承担了决策前的风险评估，不得承担后评估（条例 第36条）"
        )
    require_materials(decision, Stage.EVALUATION, where)
    changes = {
        "evaluated_on": evaluated_on,
        "evaluation_trigger": trigger,
        "evaluator": evaluator,
        "evaluation_note": required_text(conclusion, "后评估结论", where),
    }
    return update_recorded(
        decision, expected_version=expected_version, changes=changes, actor=actor,
        where=where, stage=Stage.EVALUATION, note=evaluator,
    )  # fmt: skip


def change(
    *,
    decision: Decision,
    actor: Any,
    expected_version: int,
    kind: str,
    changed_on: dt.date | None,
    reason: str,
    procedure: str,
    emergency: bool = False,
) -> DecisionChange:
    """调整 or 停止执行 a decision in force, through due procedure; in an emergency the head of
    government may decide first (条例 第37条). A stop ends the procedure."""
    if kind not in ChangeKind.values:
        raise ApplicationError("决策调整：请选择调整决策或停止执行")
    where = ChangeKind(kind).label
    if kind == ChangeKind.STOP:
        require_action(actor, decision, Action.STOP)
    else:
        require_record(actor, decision, Record.ADJUST, where)
    changed_on = required_date(changed_on, "决定日期", where)
    not_before(changed_on, decision.published_on, "决定日期", "公布日期", where)
    require_materials(decision, Stage.ADJUSTMENT, where)
    with transaction.atomic():
        record = audited_create(
            DecisionChange,
            actor=actor,
            message=f"{where}：{decision.title}",
            decision=decision,
            kind=kind,
            changed_on=changed_on,
            reason=required_text(reason, "理由", where),
            procedure=required_text(procedure, "履行的程序", where),
            emergency=bool(emergency),
            recorded_by=actor,
        )
        _apply_change(decision, actor, expected_version, record)
    return record


def _apply_change(
    decision: Decision, actor: Any, expected_version: int, record: DecisionChange
) -> None:
    changes = {"changed_on": record.changed_on}
    label = record.get_kind_display()
    if record.kind == ChangeKind.STOP:
        run_transition(
            decision,
            Action.STOP,
            actor,
            expected_version=expected_version,
            changes=changes,
            note=record.reason,
            stage=Stage.ADJUSTMENT,
        )
        return
    update_recorded(
        decision, expected_version=expected_version, changes=changes, actor=actor,
        where=label, stage=Stage.ADJUSTMENT, note=record.reason,
    )  # fmt: skip
