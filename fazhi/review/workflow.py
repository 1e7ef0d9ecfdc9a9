"""The 合法性审查 workflow as data: statuses, actions, who takes them, and what may be edited when.

    草稿 ─提交送审─► 待受理 ─受理─► 审查中 ─出具审查意见─► 待签发 ─签发意见书─► 待反馈 ─反馈并办结─► 已办结
      ▲               │                ▲                     │
      └──退回补正◄────┘                └────退回修改意见─────┘
    (草稿、待受理、退回补正 may be 撤回 by the submitting unit)

The submitting unit (送审单位) drafts, submits, supplements (补正) and answers each opinion
(采纳反馈); the reviewing unit (审查单位: the township's 法审员 post or the county 合法性审查中心)
accepts, reviews and signs. 浙江省行政合法性审查工作规定 第4条 (三不原则): a matter is not
decided before its review is signed.
"""

from __future__ import annotations

from django.db import models

from fazhi.core.workflow import StepRule, Transition


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待受理"
    RETURNED = "returned", "退回补正"
    IN_REVIEW = "in_review", "审查中"
    OPINION = "opinion", "待签发"
    SIGNED = "signed", "待反馈"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


class Action(models.TextChoices):
    CREATE = "create", "登记送审事项"
    SUBMIT = "submit", "提交送审"
    RETURN = "return", "退回补正"
    ACCEPT = "accept", "受理"
    ASSIGN = "assign", "分办"
    OPINION = "opinion", "出具审查意见"
    REVISE = "revise", "退回修改意见"
    SIGN = "sign", "签发意见书"
    CLOSE = "close", "反馈并办结"
    WITHDRAW = "withdraw", "撤回"


class Side(models.TextChoices):
    SUBMITTER = "submitter", "送审单位"
    REVIEWER = "reviewer", "审查单位"


S = Status
TRANSITIONS: dict[Action, Transition[Status, Side]] = {
    Action.SUBMIT: Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Side.SUBMITTER),
    Action.RETURN: Transition(frozenset({S.SUBMITTED}), S.RETURNED, Side.REVIEWER),
    Action.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.IN_REVIEW, Side.REVIEWER),
    Action.ASSIGN: Transition(frozenset({S.IN_REVIEW}), S.IN_REVIEW, Side.REVIEWER),
    Action.OPINION: Transition(frozenset({S.IN_REVIEW}), S.OPINION, Side.REVIEWER),
    Action.REVISE: Transition(frozenset({S.OPINION}), S.IN_REVIEW, Side.REVIEWER),
    Action.SIGN: Transition(frozenset({S.OPINION}), S.SIGNED, Side.REVIEWER),
    Action.CLOSE: Transition(frozenset({S.SIGNED}), S.CLOSED, Side.SUBMITTER),
    Action.WITHDRAW: Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED}), S.WITHDRAWN, Side.SUBMITTER
    ),
}


class Edit(models.TextChoices):
    """Changes that are not transitions, each allowed in some statuses to one side."""

    DETAILS = "details", "修改送审信息"
    DOCUMENT = "document", "上传送审材料"
    FINAL_TEXT = "final_text", "上传正式文本"
    ISSUE = "issue", "填写审查意见"
    CONSULTATION = "consultation", "记录征求意见"
    ANSWER = "answer", "反馈采纳情况"
    RECTIFY = "rectify", "提出整改"


EDITS: dict[Edit, StepRule[Status, Side]] = {
    Edit.DETAILS: StepRule(frozenset({S.DRAFT, S.RETURNED}), Side.SUBMITTER),
    Edit.DOCUMENT: StepRule(frozenset({S.DRAFT, S.RETURNED}), Side.SUBMITTER),
    Edit.FINAL_TEXT: StepRule(frozenset({S.SIGNED, S.CLOSED}), Side.SUBMITTER),
    Edit.ISSUE: StepRule(frozenset({S.IN_REVIEW}), Side.REVIEWER),
    Edit.CONSULTATION: StepRule(frozenset({S.IN_REVIEW}), Side.REVIEWER),
    Edit.ANSWER: StepRule(frozenset({S.SIGNED}), Side.SUBMITTER),
    Edit.RECTIFY: StepRule(frozenset({S.SIGNED, S.CLOSED}), Side.REVIEWER),
}

# Where the clock runs and whose turn it is (the inbox and the queue read these).
REVIEWER_TURN = frozenset({S.SUBMITTED, S.IN_REVIEW, S.OPINION})
SUBMITTER_TURN = frozenset({S.RETURNED, S.SIGNED})
FINISHED = frozenset({S.CLOSED, S.WITHDRAWN})
SIGNED_OR_LATER = frozenset({S.SIGNED, S.CLOSED})


def actions_from(status: str) -> list[Action]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]
