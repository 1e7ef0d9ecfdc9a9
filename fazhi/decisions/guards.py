"""The guards of the procedure: what must be done, with its materials, before a stage counts as
completed and before the draft may go to the 集体讨论决定 meeting.

The software makes a skipped step impossible (issue 5): `meeting_problems` lists every reason
the meeting may not be recorded yet, and the decide service refuses with all of them; the
decision's page shows the same list before anyone tries. Each reason names its rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from fazhi.core.deadlines import due_date
from fazhi.core.exceptions import CalendarMissingError
from fazhi.decisions import progress
from fazhi.decisions.deadlines import LEGALITY_RESERVE
from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import MATERIALS, OPTIONAL_STAGES, MaterialSpec, Stage
from fazhi.review.workflow import SIGNED_OR_LATER
from fazhi.review.workflow import Status as ReviewStatus


def kinds_present(decision: Decision) -> set[str]:
    """The material kinds uploaded for the decision (one query)."""
    return set(decision.materials.values_list("kind", flat=True))


def missing_materials(stage: Stage, present: Iterable[str]) -> list[MaterialSpec]:
    have = set(present)
    return [spec for spec in MATERIALS[stage] if spec.required and spec.key not in have]


def _materials_problem(stage: Stage, present: set[str]) -> list[str]:
    missing = missing_materials(stage, present)
    if not missing:
        return []
    return [f"{stage.label}缺少材料：{'、'.join(spec.name for spec in missing)}"]


def completion_problems(decision: Decision, stage: Stage, present: set[str]) -> list[str]:
    """Why `stage` (公众参与, 听证, 专家论证 or 风险评估) cannot be marked completed yet."""
    check = {
        Stage.PARTICIPATION: _participation,
        Stage.HEARING: _hearing,
        Stage.EXPERT: _experts,
        Stage.RISK: _risk,
    }[stage]
    return check(decision) + _materials_problem(stage, present)


def _participation(decision: Decision) -> list[str]:
    if not decision.consultations.exists():
        return ["公众参与：尚未记录听取公众意见的情况（条例 第14条）"]
    return []


def _hearing(decision: Decision) -> list[str]:
    hearings = list(decision.hearings.all())
    if not hearings:
        return ["听证：尚未记录听证会"]
    if not any(h.record_signed for h in hearings):
        return ["听证：听证笔录须经听证参加人确认并签字（条例 第17条）"]
    return []


def _experts(decision: Decision) -> list[str]:
    opinions = list(decision.expert_opinions.all())
    if not opinions:
        return ["专家论证：尚未记录专家论证意见"]
    problems = []
    interested = [o for o in opinions if o.interest]
    if interested:
        names = "、".join(f"{o.name}（{o.interest}）" for o in interested)
        problems.append(
            f"专家论证：{names}申报与决策事项有直接利害关系，应当回避（条例 第20条）；"
            "请删除其论证意见，另选无利害关系的专家"
        )
    unsigned = [o.name for o in opinions if not o.signed]
    if unsigned:
        problems.append(f"专家论证：{'、'.join(unsigned)}的书面论证意见未署名或盖章（条例 第19条）")
    return problems


def _risk(decision: Decision) -> list[str]:
    latest = decision.risk_assessments.order_by("-assessed_on", "-pk").first()
    if latest is None:
        return ["风险评估：尚未记录风险评估结论"]
    if not latest.controllable:
        return [
            f"风险评估：{latest.assessed_on} 的评估结论为风险不可控（{latest.get_level_display()}），"
            "须调整决策草案、采取措施确保风险可控并重新评估后，方可作出决策（条例 第24条）"
        ]
    return []


# --- before the meeting -------------------------------------------------------------------


def meeting_problems(
    decision: Decision,
    present: set[str],
    *,
    meeting_on: dt.date | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Every reason the 集体讨论决定 cannot be recorded (on `meeting_on`, when given)."""
    if decision.launched_on is None:
        return ["决策尚未启动"]
    problems = []
    for stage in OPTIONAL_STAGES:
        if decision.requires(stage) and progress.done_on(decision, stage) is None:
            problems.append(f"{stage.label}：决策事项目录要求履行，尚未完成")
    problems += _legality_problems(decision)
    problems += _materials_problem(Stage.LEGALITY, present)
    problems += _materials_problem(Stage.MEETING, present)
    if meeting_on is not None:
        problems += _date_problems(decision, meeting_on, today or dt.date.max)
    return problems


def _legality_problems(decision: Decision) -> list[str]:
    # 条例 第25条: a draft not reviewed, or found unlawful, is not discussed, except an
    # exploratory reform matter with no clear national rule, its legal risk stated explicitly.
    if progress.review_passed_on(decision) is not None:
        return []
    if decision.exploratory and decision.legal_risk_statement.strip():
        return []
    rule = "未经合法性审查或经审查不合法的，不得提交集体讨论（条例 第25条）"
    matter = decision.review_matter if decision.review_matter_id else None
    if matter is None or matter.status == ReviewStatus.WITHDRAWN:
        return [f"合法性审查：尚未送审，{rule}"]
    if matter.status not in SIGNED_OR_LATER:
        return [f"合法性审查：审查尚未完成（{matter.get_status_display()}），{rule}"]
    return [f"合法性审查：审查结论为“{matter.get_conclusion_display()}”，{rule}"]


def _date_problems(decision: Decision, meeting_on: dt.date, today: dt.date) -> list[str]:
    problems = []
    if meeting_on > today:
        problems.append(f"集体讨论决定日期 {meeting_on} 不能晚于今天")
    for stage in list(Stage)[: list(Stage).index(Stage.MEETING)]:
        done = progress.done_on(decision, stage)
        if done is not None and meeting_on < done:
            problems.append(f"集体讨论决定日期 {meeting_on} 早于{stage.label}完成日期 {done}")
    reserve = _reserve_end(decision)
    if isinstance(reserve, str):
        problems.append(reserve)
    elif reserve is not None and meeting_on < reserve:
        submitted = decision.review_matter.submitted_on  # type: ignore[union-attr]
        problems.append(
            f"合法性审查时间不足7个工作日：{submitted} 送审，最早可于 {reserve} 提交集体讨论"
            "（条例 第26条）"
        )
    return problems


def _reserve_end(decision: Decision) -> dt.date | str | None:
    """The first day the meeting may be held after the review's 7 工作日; a message when the
    calendar lacks the year; None when there was no review (the 第25条 path)."""
    matter = decision.review_matter if decision.review_matter_id else None
    if matter is None or matter.submitted_on is None:
        return None
    try:
        return due_date(LEGALITY_RESERVE, matter.submitted_on)
    except CalendarMissingError as exc:
        return f"合法性审查时间无法计算：{exc.message}"
