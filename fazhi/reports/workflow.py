"""The annual report's workflow as data: statuses, actions and the one transition table.

    起草中 ──征集材料──► 征集材料 ──提交审核──► 审核中 ──签发──► 已签发 ──报送──► 已报送 ──公开──► 已公开
       └──────────────提交审核──────────────────┘   │           │
       ▲                                            │           │
       └──────────────退回修改──────────────────────┘           │
                                          审核中 ◄──撤销签发─────┘

The editor (the county's 依法治县办 staff at the 司法局, or a department's own staff) drafts,
collects the units' contributions, submits the text for review, then reports and publishes it;
the 主要负责人 signs it off (《法治政府建设与责任落实督察工作规定》 第四章: the report is the
主要负责人's duty). Text can be edited until sign-off; signing pins every figure.

A contribution (a unit's 工作亮点 for one section) has its own small workflow:
待提交 ──提交──► 已提交 ──合并──► 已合并, and 已提交 ──退回──► 已退回 ──提交──► 已提交.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "起草中"
    COLLECTING = "collecting", "征集材料"
    REVIEW = "review", "审核中"
    SIGNED = "signed", "已签发"
    SUBMITTED = "submitted", "已报送"
    PUBLISHED = "published", "已公开"


# The text (sections, title, recipients) can change only before sign-off.
EDITABLE = frozenset({Status.DRAFT, Status.COLLECTING, Status.REVIEW})
SIGNED_STATES = frozenset({Status.SIGNED, Status.SUBMITTED, Status.PUBLISHED})


class Action(models.TextChoices):
    COLLECT = "collect", "征集材料"
    REVIEW = "review", "提交审核"
    RETURN = "return", "退回修改"
    SIGN_OFF = "sign_off", "签发"
    REVOKE = "revoke", "撤销签发"
    SUBMIT = "submit", "报送"
    PUBLISH = "publish", "公开"


class Side(models.TextChoices):
    EDITOR = "editor", "编辑"
    SIGNER = "signer", "主要负责人"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status
    sides: frozenset[Side]


def _t(sources: set[Status], target: Status, *sides: Side) -> Transition:
    return Transition(frozenset(sources), target, frozenset(sides))


TRANSITIONS: dict[Action, Transition] = {
    Action.COLLECT: _t({Status.DRAFT}, Status.COLLECTING, Side.EDITOR),
    Action.REVIEW: _t({Status.DRAFT, Status.COLLECTING}, Status.REVIEW, Side.EDITOR),
    Action.RETURN: _t({Status.REVIEW}, Status.DRAFT, Side.EDITOR, Side.SIGNER),
    Action.SIGN_OFF: _t({Status.REVIEW}, Status.SIGNED, Side.SIGNER),
    Action.REVOKE: _t({Status.SIGNED}, Status.REVIEW, Side.SIGNER),
    Action.SUBMIT: _t({Status.SIGNED}, Status.SUBMITTED, Side.EDITOR),
    Action.PUBLISH: _t({Status.SUBMITTED}, Status.PUBLISHED, Side.EDITOR),
}


def allowed_actions(status: str) -> list[Action]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]


class ContributionStatus(models.TextChoices):
    ASSIGNED = "assigned", "待提交"
    SUBMITTED = "submitted", "已提交"
    MERGED = "merged", "已合并"
    RETURNED = "returned", "已退回"


# A unit writes while its contribution is with it.
CONTRIBUTION_OPEN = frozenset({ContributionStatus.ASSIGNED, ContributionStatus.RETURNED})


class ContributionAction(models.TextChoices):
    ASSIGN = "assign", "分配"
    SUBMIT = "submit", "提交材料"
    MERGE = "merge", "合并"
    RETURN = "return", "退回"
