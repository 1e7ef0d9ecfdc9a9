"""The 重大行政决策 procedure as data: stages, statuses, who acts, and each stage's materials.

《重大行政决策程序暂行条例》 (国务院令第713号; RULES.md §3, §11.C), stages in order:

    决策启动 → 公众参与 (听证) → 专家论证 → 风险评估 → 合法性审查 → 集体讨论决定 → 党委请示报告
    → 决策公布 → 决策执行 → 决策后评估 → 决策调整

Statuses: 待启动 ─启动─► 拟订中 ─集体讨论决定─► 已决定 ─党委请示报告─► 已报党委 ─公布─► 已公布
─部署执行─► 执行中 ─停止执行─► 已停止执行; a 待启动 or 拟订中 item leaves through an approved catalog
adjustment (已调出目录).

While 拟订中, the stages before the meeting (公众参与, 听证, 专家论证, 风险评估, 合法性审查) are
recorded and completed in the order practice needs; the meeting's guard (`guards.py`) then
refuses a decision that skipped a stage its catalog item requires. The 承办单位 (host) works the
stages before the meeting; the 决策机关 (organ: the government's staff, or the county's catalog
managers) records the meeting, the 党委请示报告, the publication, and what follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from fazhi.core.workflow import StepRule, Transition


class Status(models.TextChoices):
    PLANNED = "planned", "待启动"
    DRAFTING = "drafting", "拟订中"
    DECIDED = "decided", "已决定"
    REPORTED = "reported", "已报党委"
    PUBLISHED = "published", "已公布"
    EXECUTING = "executing", "执行中"
    STOPPED = "stopped", "已停止执行"
    WITHDRAWN = "withdrawn", "已调出目录"


class Stage(models.TextChoices):
    """The 条例's stages, in their order (RULES.md §11.C)."""

    LAUNCH = "launch", "决策启动"
    PARTICIPATION = "participation", "公众参与"
    HEARING = "hearing", "听证"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    LEGALITY = "legality", "合法性审查"
    MEETING = "meeting", "集体讨论决定"
    PARTY = "party", "党委请示报告"
    PUBLICATION = "publication", "决策公布"
    EXECUTION = "execution", "决策执行"
    EVALUATION = "evaluation", "决策后评估"
    ADJUSTMENT = "adjustment", "决策调整"


class Side(models.TextChoices):
    HOST = "host", "决策承办单位"
    ORGAN = "organ", "决策机关"


class Action(models.TextChoices):
    """Steps that change the status (one transition service runs them)."""

    LAUNCH = "launch", "决策启动"
    DECIDE = "decide", "集体讨论决定"
    REPORT = "report", "党委请示报告"
    PUBLISH = "publish", "决策公布"
    EXECUTE = "execute", "部署执行"
    STOP = "stop", "停止执行"
    WITHDRAW = "withdraw", "调出目录"


class Record(models.TextChoices):
    """Steps that keep the status: a stage's records, its completion, its materials."""

    CONSULTATION = "consultation", "记录公众参与"
    HEARING = "hearing", "记录听证会"
    EXPERT = "expert", "记录专家论证意见"
    RISK = "risk", "记录风险评估"
    COMPLETE = "complete", "完成阶段"
    LEGALITY = "legality", "送合法性审查"
    EXPLORATORY = "exploratory", "明示法律风险（探索性改革事项）"
    MATERIAL = "material", "上传材料"
    PROGRESS = "progress", "报告执行情况"
    EVALUATE = "evaluate", "记录决策后评估"
    ADJUST = "adjust", "决策调整"


S = Status
TRANSITIONS: dict[Action, Transition[Status, Side]] = {
    Action.LAUNCH: Transition(frozenset({S.PLANNED}), S.DRAFTING, Side.HOST),
    Action.DECIDE: Transition(frozenset({S.DRAFTING}), S.DECIDED, Side.ORGAN),
    Action.REPORT: Transition(frozenset({S.DECIDED}), S.REPORTED, Side.ORGAN),
    Action.PUBLISH: Transition(frozenset({S.REPORTED}), S.PUBLISHED, Side.ORGAN),
    Action.EXECUTE: Transition(frozenset({S.PUBLISHED}), S.EXECUTING, Side.ORGAN),
    Action.STOP: Transition(frozenset({S.PUBLISHED, S.EXECUTING}), S.STOPPED, Side.ORGAN),
    # Only through an approved catalog adjustment (services.catalog.approve_adjustment).
    Action.WITHDRAW: Transition(frozenset({S.PLANNED, S.DRAFTING}), S.WITHDRAWN, Side.ORGAN),
}


RECORDS: dict[Record, StepRule[Status, Side]] = {
    Record.CONSULTATION: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.HEARING: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.EXPERT: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.RISK: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.COMPLETE: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.LEGALITY: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.EXPLORATORY: StepRule(frozenset({S.DRAFTING}), Side.HOST),
    Record.PROGRESS: StepRule(frozenset({S.EXECUTING}), Side.HOST),
    Record.EVALUATE: StepRule(frozenset({S.EXECUTING}), Side.ORGAN),
    Record.ADJUST: StepRule(frozenset({S.EXECUTING}), Side.ORGAN),
}

# The stages a catalog item may require (履行程序要求), each with its flag on the item.
OPTIONAL_STAGES: dict[Stage, str] = {
    Stage.PARTICIPATION: "needs_participation",
    Stage.HEARING: "needs_hearing",
    Stage.EXPERT: "needs_expert",
    Stage.RISK: "needs_risk",
}
# Stages completed while 拟订中 by `services.stages.complete_stage`, with their date field.
COMPLETABLE: dict[Stage, str] = {
    Stage.PARTICIPATION: "participation_on",
    Stage.HEARING: "hearing_on",
    Stage.EXPERT: "expert_on",
    Stage.RISK: "risk_on",
}
# The stages the catalog gives a planned month (细化完成时间), with the item's field.
PLANNED_STAGES: dict[Stage, str] = {
    Stage.LAUNCH: "plan_launch",
    Stage.PARTICIPATION: "plan_participation",
    Stage.EXPERT: "plan_expert",
    Stage.RISK: "plan_risk",
    Stage.LEGALITY: "plan_legality",
    Stage.MEETING: "plan_meeting",
    Stage.PUBLICATION: "plan_publication",
}

# Who records each stage, and in which statuses its materials may be added or removed.
STAGE_SIDE: dict[Stage, Side] = {
    **dict.fromkeys(list(Stage)[:6], Side.HOST),
    Stage.MEETING: Side.ORGAN,
    Stage.PARTY: Side.ORGAN,
    Stage.PUBLICATION: Side.ORGAN,
    Stage.EXECUTION: Side.HOST,
    Stage.EVALUATION: Side.ORGAN,
    Stage.ADJUSTMENT: Side.ORGAN,
}
STAGE_WINDOWS: dict[Stage, frozenset[Status]] = {
    Stage.LAUNCH: frozenset({S.PLANNED}),
    **{stage: frozenset({S.DRAFTING}) for stage in list(Stage)[1:7]},
    Stage.PARTY: frozenset({S.DECIDED}),
    Stage.PUBLICATION: frozenset({S.REPORTED}),
    Stage.EXECUTION: frozenset({S.PUBLISHED, S.EXECUTING}),
    Stage.EVALUATION: frozenset({S.EXECUTING}),
    Stage.ADJUSTMENT: frozenset({S.PUBLISHED, S.EXECUTING}),
}


@dataclass(frozen=True)
class MaterialSpec:
    key: str
    name: str
    required: bool = True


M = MaterialSpec
# Each stage's materials (条例 第33条: the whole process is recorded and archived).
MATERIALS: dict[Stage, tuple[MaterialSpec, ...]] = {
    # 第10–13条: the proposal argues problem, reasons, basis, draft solution and feasibility.
    Stage.LAUNCH: (
        M("proposal", "决策建议（立项）材料"),
        M("research", "调研及法律政策梳理材料", False),
    ),
    # 第15条: the draft and its explanation are published with how and by when to comment.
    Stage.PARTICIPATION: (
        M("notice", "征求意见公告及草案说明"),
        M("feedback", "意见收集及采纳情况说明"),
    ),
    # 第16–17条: participants confirm and sign the record.
    Stage.HEARING: (
        M("hearing_notice", "听证公告及参加人名单"),
        M("hearing_record", "听证笔录（参加人签字确认）"),
    ),
    # 第19条: written opinions are signed or sealed.
    Stage.EXPERT: (M("expert_opinions", "专家论证意见（签名或盖章）"),),
    # 第22–23条: risk points, prevention measures and a contingency plan.
    Stage.RISK: (M("risk_report", "风险评估报告"),),
    # 第26条: the draft, its legal basis and how the procedures were performed.
    Stage.LEGALITY: (M("draft", "决策草案"), M("draft_note", "决策草案起草说明")),
    # 第29–30条: materials for the meeting; its minutes record the decision and dissent.
    Stage.MEETING: (
        M("minutes", "会议纪要"),
        M("fair_competition", "公平竞争审查意见", False),
    ),
    Stage.PARTY: (M("party_report", "请示报告及党委意见"),),
    Stage.PUBLICATION: (M("published_text", "决策公布文本"),),
    Stage.EXECUTION: (M("execution_plan", "执行方案", False),),
    Stage.EVALUATION: (M("evaluation_report", "后评估报告"),),
    Stage.ADJUSTMENT: (M("change_basis", "调整（停止）决定及依据"),),
}
MATERIAL_SPECS: dict[str, tuple[Stage, MaterialSpec]] = {
    spec.key: (stage, spec) for stage, specs in MATERIALS.items() for spec in specs
}

OPEN = frozenset({S.PLANNED, S.DRAFTING, S.DECIDED, S.REPORTED})
FINISHED = frozenset({S.STOPPED, S.WITHDRAWN})
DECIDED_OR_LATER = frozenset({S.DECIDED, S.REPORTED, S.PUBLISHED, S.EXECUTING, S.STOPPED})


def actions_from(status: str) -> list[Action]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]


# --- the catalog ----------------------------------------------------------------------------


class CatalogStatus(models.TextChoices):
    # 条例 第3条第3款: the catalog is published after the same-level Party committee agrees.
    DRAFT = "draft", "编制中"
    APPROVED = "approved", "党委已同意"
    PUBLISHED = "published", "已公布"


class AdjustmentKind(models.TextChoices):
    ADD = "add", "增补事项"
    CHANGE = "change", "调整事项"
    REMOVE = "remove", "调出事项"


class AdjustmentStatus(models.TextChoices):
    PROPOSED = "proposed", "待批准"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
